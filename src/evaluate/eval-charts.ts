/**
 * Charts of an evaluation: each model's mean score per grader with its confidence interval, as a
 * dot-and-whisker plot, in SVG, Vega-Lite and terminal text. The axis arithmetic (`niceTicks`,
 * `formatTick`), XML escaping and the Vega-Lite schema are the metrics charts'.
 *
 * @module
 */
import { formatTick, niceTicks } from '../metrics/chart-model.js';
import { escapeXml } from '../metrics/to-svg.js';
import { VEGA_LITE_SCHEMA } from '../metrics/to-vega-lite.js';
import type { ModelEvaluation } from './types.js';

/** What a chart shows. */
export interface EvalChartInput {
  readonly models: readonly ModelEvaluation[];
  readonly graders: readonly string[];
  readonly confidence: number;
  /** The model the others are compared with, marked in the chart. */
  readonly baseline: string | null;
}

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';
// The metrics charts' categorical palette (Tableau 10).
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

function fixed(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function domainOf(input: EvalChartInput): { domain: [number, number]; ticks: number[]; step: number } {
  let low = 0;
  let high = 1;
  for (const model of input.models)
    for (const grader of input.graders) {
      const estimate = model.scores[grader];
      if (!estimate || Number.isNaN(estimate.low)) continue;
      low = Math.min(low, estimate.low);
      high = Math.max(high, estimate.high);
    }
  return niceTicks(low, high, 6);
}

/** Options of the SVG chart. */
export interface EvalSvgOptions {
  /** Total width in pixels. @default 760 */
  readonly width?: number;
  /** Background colour, or `null` for transparent. @default '#ffffff' */
  readonly background?: string | null;
}

/** The SVG document. */
export function evalChartSvg(input: EvalChartInput, options: EvalSvgOptions = {}): string {
  const width = options.width ?? 760;
  const labelWidth = Math.min(
    260,
    12 + 6.6 * Math.max(8, ...input.models.map((model) => label(model, input.baseline).length)),
  );
  const margin = { left: labelWidth, right: 24, top: 40, bottom: 40 };
  const graders = input.graders;
  const rowHeight = Math.max(22, 14 * graders.length + 8);
  const plotHeight = rowHeight * input.models.length;
  const height = margin.top + plotHeight + margin.bottom;
  const plotWidth = width - margin.left - margin.right;
  const axis = domainOf(input);
  const [low, high] = axis.domain;
  const x = (value: number) => margin.left + ((value - low) / (high - low || 1)) * plotWidth;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="12">`,
  ];
  if (options.background !== null)
    parts.push(`<rect width="100%" height="100%" fill="${escapeXml(options.background ?? '#ffffff')}"/>`);
  parts.push(
    `<text x="${fixed(margin.left)}" y="18" font-size="14" font-weight="600" fill="#222">Mean score per model (${Math.round(input.confidence * 100)}% bootstrap interval)</text>`,
  );
  for (const tick of axis.ticks) {
    const tx = fixed(x(tick));
    parts.push(
      `<line x1="${tx}" y1="${margin.top}" x2="${tx}" y2="${margin.top + plotHeight}" stroke="#e5e5e5"/>`,
      `<text x="${tx}" y="${margin.top + plotHeight + 16}" text-anchor="middle" fill="#555">${escapeXml(formatTick(tick, axis.step))}</text>`,
    );
  }
  input.models.forEach((model, row) => {
    const top = margin.top + row * rowHeight;
    parts.push(
      `<text x="${fixed(margin.left - 8)}" y="${fixed(top + rowHeight / 2 + 4)}" text-anchor="end" fill="#222">${escapeXml(label(model, input.baseline))}</text>`,
    );
    graders.forEach((grader, index) => {
      const estimate = model.scores[grader];
      if (!estimate || Number.isNaN(estimate.mean)) return;
      const color = PALETTE[index % PALETTE.length] as string;
      const y = fixed(top + (rowHeight - 14 * graders.length) / 2 + 7 + index * 14);
      parts.push(
        `<g data-model="${escapeXml(model.model)}" data-grader="${escapeXml(grader)}">` +
          `<line x1="${fixed(x(estimate.low))}" y1="${y}" x2="${fixed(x(estimate.high))}" y2="${y}" stroke="${color}" stroke-width="2"/>` +
          `<circle cx="${fixed(x(estimate.mean))}" cy="${y}" r="4" fill="${color}"><title>${escapeXml(`${model.label} · ${grader}: ${estimate.mean.toFixed(3)} [${estimate.low.toFixed(3)}, ${estimate.high.toFixed(3)}]`)}</title></circle></g>`,
      );
    });
  });
  let legendX = margin.left;
  graders.forEach((grader, index) => {
    const color = PALETTE[index % PALETTE.length] as string;
    parts.push(
      `<g transform="translate(${fixed(legendX)},${height - 10})"><line x1="0" y1="-4" x2="18" y2="-4" stroke="${color}" stroke-width="2"/><circle cx="9" cy="-4" r="3.5" fill="${color}"/><text x="23" y="0" fill="#333">${escapeXml(grader)}</text></g>`,
    );
    legendX += 36 + grader.length * 6.6;
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function label(model: ModelEvaluation, baseline: string | null): string {
  return model.model === baseline ? `${model.label} (baseline)` : model.label;
}

/** Options of the Vega-Lite chart. */
export interface EvalVegaLiteOptions {
  /** @default 520 */
  readonly width?: number;
}

/** A self-contained Vega-Lite v5 spec with inline data. */
export function evalChartVegaLite(
  input: EvalChartInput,
  options: EvalVegaLiteOptions = {},
): Record<string, unknown> {
  const values = input.models.flatMap((model, order) =>
    input.graders.flatMap((grader) => {
      const estimate = model.scores[grader];
      if (!estimate || Number.isNaN(estimate.mean)) return [];
      return [
        {
          model: label(model, input.baseline),
          modelId: model.model,
          order,
          grader,
          mean: Number(estimate.mean.toPrecision(10)),
          low: Number(estimate.low.toPrecision(10)),
          high: Number(estimate.high.toPrecision(10)),
        },
      ];
    }),
  );
  const axis = domainOf(input);
  const y = { field: 'model', type: 'nominal', sort: { field: 'order' }, title: null };
  const x = { type: 'quantitative', scale: { domain: axis.domain }, title: 'mean score' };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: `Mean score per model (${Math.round(input.confidence * 100)}% bootstrap interval)`,
    width: options.width ?? 520,
    height: { step: Math.max(22, 14 * input.graders.length + 8) },
    data: { values },
    encoding: {
      y,
      yOffset: { field: 'grader', type: 'nominal' },
      color: { field: 'grader', type: 'nominal', scale: { range: PALETTE } },
    },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: { x: { ...x, field: 'low' }, x2: { field: 'high' } },
      },
      {
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x: { ...x, field: 'mean' },
          tooltip: [
            { field: 'model' },
            { field: 'grader' },
            { field: 'mean', format: '.3f' },
            { field: 'low', format: '.3f' },
            { field: 'high', format: '.3f' },
          ],
        },
      },
    ],
  };
}

/** Options of the terminal chart. */
export interface EvalTerminalChartOptions {
  /** Characters per line. @default 80 */
  readonly width?: number;
  /** Only ASCII characters (for logs and notebooks' plain text). @default false */
  readonly ascii?: boolean;
}

/** A text chart: one line per model and grader, `├──●──┤` over the score axis. */
export function evalChartText(input: EvalChartInput, options: EvalTerminalChartOptions = {}): string {
  const ascii = options.ascii ?? false;
  const [bar, dot, left, right] = ascii ? ['-', 'o', '|', '|'] : ['─', '●', '├', '┤'];
  const labels = input.models.map((model) => label(model, input.baseline));
  const graderWidth =
    input.graders.length > 1 ? Math.max(...input.graders.map((grader) => grader.length)) + 1 : 0;
  const labelWidth = Math.min(36, Math.max(...labels.map((text) => text.length)));
  const valueWidth = 22;
  const plot = Math.max(10, (options.width ?? 80) - labelWidth - graderWidth - valueWidth - 3);
  const axis = domainOf(input);
  const [low, high] = axis.domain;
  const column = (value: number) =>
    Math.max(0, Math.min(plot - 1, Math.round(((value - low) / (high - low || 1)) * (plot - 1))));
  const lines: string[] = [];
  input.models.forEach((model, index) => {
    input.graders.forEach((grader, graderIndex) => {
      const estimate = model.scores[grader];
      const name = graderIndex === 0 ? (labels[index] as string) : '';
      const cells = Array.from({ length: plot }, () => ' ');
      let value = 'n/a';
      if (estimate && !Number.isNaN(estimate.mean)) {
        const from = column(estimate.low);
        const to = column(estimate.high);
        for (let cell = from; cell <= to; cell++) cells[cell] = bar;
        cells[from] = left;
        cells[to] = right;
        cells[column(estimate.mean)] = dot;
        value = `${estimate.mean.toFixed(3)} [${estimate.low.toFixed(2)}, ${estimate.high.toFixed(2)}]`;
      }
      lines.push(
        `${truncate(name, labelWidth).padEnd(labelWidth)} ${graderWidth ? grader.padEnd(graderWidth) : ''}${cells.join('')} ${value}`,
      );
    });
  });
  const axisLine = Array.from({ length: plot }, () => ' ');
  const tickLabels = [low, (low + high) / 2, high].map((tick) => formatTick(tick, axis.step));
  const lowText = tickLabels[0] as string;
  const midText = tickLabels[1] as string;
  const highText = tickLabels[2] as string;
  const place = (text: string, at: number) => {
    for (let offset = 0; offset < text.length && at + offset < plot; offset++)
      axisLine[at + offset] = text[offset] as string;
  };
  place(lowText, 0);
  place(midText, Math.max(0, Math.round((plot - 1) / 2 - midText.length / 2)));
  place(highText, Math.max(0, plot - highText.length));
  lines.push(`${' '.repeat(labelWidth + 1 + graderWidth)}${axisLine.join('')}`);
  return lines.join('\n');
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
