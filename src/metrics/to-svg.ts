/**
 * A standalone SVG chart of the metrics, rendered without a browser: a title with the model and
 * hyperparameters, one panel per metric kind, axes with nice ticks, a legend (series colours, then
 * faint = raw, bold = smoothed with the smoothing used), dashed epoch rules, checkpoint markers above
 * the plot (the best one in red, also ringed on its curve with a label), arrows for raw outliers
 * left off the axis with a note saying how many, and full-validation points.
 *
 * @module
 */
import {
  buildChartModel,
  type ChartModel,
  type ChartOptions,
  type ChartPanel,
  formatTick,
  niceTicks,
} from './chart-model.js';
import type { MetricsData } from './metrics-data.js';
import type { SeriesPoint } from './series.js';

/** Options of `metrics.toSVG()`. */
export interface SvgOptions extends ChartOptions {
  /** Total width in pixels. @default 760 */
  readonly width?: number;
  /** Height of each panel's plot area in pixels. @default 200 */
  readonly panelHeight?: number;
  /** Background colour, or `null` for transparent. @default '#ffffff' */
  readonly background?: string | null;
}

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';
const MARGIN = { left: 64, right: 20, top: 26, bottom: 36 } as const;

/** Escapes text for SVG element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );
}

function fixed(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * Renders the SVG document.
 *
 * @param data - Merged metrics.
 * @param options - See {@link SvgOptions}.
 * @returns A complete `<svg>` document (UTF-8 text).
 */
export function renderSvg(data: MetricsData, options: SvgOptions = {}): string {
  // Two points per horizontal pixel are all an SVG can show.
  const plotWidth = (options.width ?? 760) - MARGIN.left - MARGIN.right;
  const model = buildChartModel(data, { maxPoints: Math.max(200, 2 * plotWidth), ...options });
  return svgFromModel(model, options);
}

const BEST_COLOR = '#d62728';

/** One legend entry: a swatch (SVG at the origin, 18 px wide) and its text. */
interface LegendEntry {
  readonly swatch: string;
  readonly text: string;
  readonly key: string;
}

/** Draws legend rows from `y0`, wrapping when an entry would pass the right margin; returns the last row's y. */
function legendRows(
  entries: readonly LegendEntry[],
  x0: number,
  y0: number,
  width: number,
): { lines: string[]; lastY: number } {
  const lines: string[] = [];
  let x = x0;
  let y = y0;
  for (const entry of entries) {
    const entryWidth = 32 + entry.text.length * 6.2;
    if (x > x0 && x + entryWidth > width - MARGIN.right) {
      x = x0;
      y += 18;
    }
    lines.push(
      `<g transform="translate(${fixed(x)},${y})" data-legend="${escapeXml(entry.key)}">${entry.swatch}<text x="23" y="4" fill="#333">${escapeXml(entry.text)}</text></g>`,
    );
    x += entryWidth;
  }
  return { lines, lastY: y };
}

function legendEntries(model: ChartModel, panels: readonly ChartPanel[]): LegendEntry[][] {
  const series = new Map<string, { color: string; role: string }>();
  for (const panel of panels)
    for (const entry of panel.series)
      if (!series.has(entry.label)) series.set(entry.label, { color: entry.color, role: entry.role });
  const colors: LegendEntry[] = [...series].map(([label, entry]) => ({
    key: `series:${label}`,
    text: label,
    swatch: `<line x1="0" y1="0" x2="18" y2="0" stroke="${entry.color}" stroke-width="2"/>${
      entry.role === 'full_valid' ? `<circle cx="9" cy="0" r="3" fill="${entry.color}"/>` : ''
    }`,
  }));
  const styles: LegendEntry[] = [];
  if (model.smoothing !== null) {
    styles.push({
      key: 'raw',
      text: 'faint = raw',
      swatch: '<line x1="0" y1="0" x2="18" y2="0" stroke="#444" stroke-width="1" stroke-opacity="0.35"/>',
    });
    styles.push({
      key: 'smoothed',
      text: `bold = smoothed (${model.smoothing})`,
      swatch: '<line x1="0" y1="0" x2="18" y2="0" stroke="#444" stroke-width="2.5"/>',
    });
  } else {
    styles.push({
      key: 'raw',
      text: 'lines = raw values (no smoothing)',
      swatch: '<line x1="0" y1="0" x2="18" y2="0" stroke="#444" stroke-width="1"/>',
    });
  }
  if (model.epochEnds.length > 0) {
    styles.push({
      key: 'epoch',
      text: 'epoch end',
      swatch: '<line x1="0" y1="0" x2="18" y2="0" stroke="#888" stroke-dasharray="4 3"/>',
    });
  }
  if (model.checkpoints.length > 0) {
    styles.push({
      key: 'checkpoint',
      text: 'checkpoint',
      swatch: '<path d="M4,-4 L14,-4 L9,4 Z" fill="#444"/>',
    });
  }
  if (model.best !== null) {
    styles.push({
      key: 'best',
      text: 'best checkpoint',
      swatch: `<circle cx="9" cy="0" r="5" fill="none" stroke="${BEST_COLOR}" stroke-width="2"/>`,
    });
  }
  if (panels.some((panel) => panel.y.clippedNote !== null)) {
    styles.push({
      key: 'clipped',
      text: 'raw point off the axis',
      swatch: '<path d="M5,3 L13,3 L9,-4 Z" fill="#444"/>',
    });
  }
  return [colors, styles];
}

function svgFromModel(model: ChartModel, options: SvgOptions): string {
  const width = options.width ?? 760;
  const plotHeight = options.panelHeight ?? 200;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const panels =
    model.panels.length > 0
      ? model.panels
      : [
          {
            id: 'loss',
            title: 'No metrics yet',
            yLabel: '',
            series: [],
            y: { ...niceTicks(0, 1), clippedAbove: [], clippedBelow: [], clippedNote: null },
          } satisfies ChartPanel,
        ];
  const titleHeight = model.subtitle === null ? 28 : 44;
  const [colorEntries = [], styleEntries = []] = legendEntries(model, panels);
  // Series colours on the first row(s), line styles and markers on the next.
  const colorRows = legendRows(colorEntries, MARGIN.left, titleHeight + 8, width);
  const styleRows = legendRows(
    styleEntries,
    MARGIN.left,
    colorEntries.length > 0 ? colorRows.lastY + 18 : colorRows.lastY,
    width,
  );
  const legend = [...colorRows.lines, ...styleRows.lines];
  const legendHeight = styleRows.lastY - titleHeight + 10;
  const panelHeight = MARGIN.top + plotHeight + MARGIN.bottom;
  const height = titleHeight + legendHeight + panels.length * panelHeight;
  const [x0, x1] = model.xDomain;
  const xTicks = niceTicks(x0, x1, 8);
  const xScale = (step: number): number => MARGIN.left + ((step - x0) / (x1 - x0 || 1)) * plotWidth;
  const out: string[] = [];
  const label = model.subtitle === null ? model.title : `${model.title} — ${model.subtitle}`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="11" role="img" aria-label="${escapeXml(label)}">`,
  );
  out.push(`<title>${escapeXml(label)}</title>`);
  if (options.background !== null)
    out.push(`<rect width="100%" height="100%" fill="${escapeXml(options.background ?? '#ffffff')}"/>`);
  out.push(
    `<text x="${MARGIN.left}" y="18" font-size="14" font-weight="600" fill="#222">${escapeXml(model.title)}</text>`,
  );
  if (model.subtitle !== null) {
    out.push(
      `<text x="${MARGIN.left}" y="35" fill="#555" data-role="subtitle">${escapeXml(model.subtitle)}</text>`,
    );
  }
  out.push(...legend);

  panels.forEach((panel, index) => {
    const top = titleHeight + legendHeight + index * panelHeight + MARGIN.top;
    const [y0, y1] = panel.y.domain;
    const yScale = (value: number): number => top + plotHeight - ((value - y0) / (y1 - y0 || 1)) * plotHeight;
    const clipId = `clip-${index}`;
    out.push(`<g class="panel" data-panel="${panel.id}">`);
    out.push(
      `<text x="${MARGIN.left}" y="${top - 13}" font-size="12" font-weight="600" fill="#222">${escapeXml(panel.title)}</text>`,
    );
    if (panel.y.clippedNote !== null) {
      out.push(
        `<text x="${MARGIN.left + plotWidth}" y="${top - 13}" text-anchor="end" fill="#a33" data-role="clipped-note">${escapeXml(`${panel.y.clippedAbove.length > 0 ? '▲' : ''}${panel.y.clippedBelow.length > 0 ? '▼' : ''} ${panel.y.clippedNote}`)}</text>`,
      );
    }
    out.push(
      `<clipPath id="${clipId}"><rect x="${MARGIN.left}" y="${top}" width="${plotWidth}" height="${plotHeight}"/></clipPath>`,
    );
    // Grid and y axis.
    for (const tick of panel.y.ticks) {
      const y = fixed(yScale(tick));
      out.push(
        `<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotWidth}" y2="${y}" stroke="#e6e6e6"/>`,
      );
      out.push(
        `<text x="${MARGIN.left - 6}" y="${y}" dy="3.5" text-anchor="end" fill="#555">${escapeXml(formatTick(tick, panel.y.step))}</text>`,
      );
    }
    for (const tick of xTicks.ticks) {
      if (tick < x0 || tick > x1) continue;
      const x = fixed(xScale(tick));
      out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + plotHeight}" stroke="#f0f0f0"/>`);
      out.push(
        `<text x="${x}" y="${top + plotHeight + 14}" text-anchor="middle" fill="#555">${escapeXml(formatTick(tick, xTicks.step))}</text>`,
      );
    }
    out.push(
      `<rect x="${MARGIN.left}" y="${top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#bbb"/>`,
    );
    out.push(
      `<text x="${MARGIN.left + plotWidth / 2}" y="${top + plotHeight + 30}" text-anchor="middle" fill="#444">step</text>`,
    );
    out.push(
      `<text transform="translate(${MARGIN.left - 48},${top + plotHeight / 2}) rotate(-90)" text-anchor="middle" fill="#444">${escapeXml(panel.yLabel)}</text>`,
    );
    // Epoch rules, labelled inside the plot below the clipped-point arrows (checkpoints sit above the plot).
    for (const end of model.epochEnds) {
      const x = fixed(xScale(end.step));
      out.push(
        `<line x1="${x}" y1="${top}" x2="${x}" y2="${top + plotHeight}" stroke="#888" stroke-dasharray="4 3"><title>end of epoch ${end.epoch} (step ${end.step})</title></line>`,
      );
      out.push(
        `<text x="${x}" y="${top + 17}" dx="3" font-size="10" fill="#777" data-role="epoch-label">epoch ${end.epoch + 1}</text>`,
      );
    }
    // Series: raw first (faint), then smoothed, then full-validation points on top.
    const path = (points: readonly SeriesPoint[]): string =>
      points
        .map((point, i) => `${i === 0 ? 'M' : 'L'}${fixed(xScale(point.step))},${fixed(yScale(point.value))}`)
        .join('');
    out.push(`<g clip-path="url(#${clipId})" fill="none" stroke-linejoin="round" stroke-linecap="round">`);
    for (const series of panel.series) {
      if (series.role === 'full_valid') continue;
      out.push(
        `<path d="${path(series.raw)}" stroke="${series.color}" stroke-width="1" stroke-opacity="${series.smoothed ? 0.28 : 0.9}" data-series="${escapeXml(series.metric)}" data-kind="raw"/>`,
      );
    }
    for (const series of panel.series) {
      if (!series.smoothed) continue;
      out.push(
        `<path d="${path(series.smoothed)}" stroke="${series.color}" stroke-width="2" data-series="${escapeXml(series.metric)}" data-kind="smoothed"/>`,
      );
    }
    for (const series of panel.series) {
      // Epoch-end series, and any series too short to show as a line, are drawn as points.
      if (series.role !== 'full_valid' && series.raw.length >= 3) continue;
      out.push(
        `<path d="${path(series.raw)}" stroke="${series.color}" stroke-width="2" data-series="${escapeXml(series.metric)}" data-kind="points"/>`,
      );
      for (const point of series.raw) {
        out.push(
          `<circle cx="${fixed(xScale(point.step))}" cy="${fixed(yScale(point.value))}" r="3.5" fill="${series.color}" stroke="#fff"><title>${escapeXml(`${series.metric} ${point.value} at step ${point.step}`)}</title></circle>`,
        );
      }
    }
    out.push('</g>');
    // Raw points off the axis: arrows on the edge they pass, one per step.
    const colorOf = new Map(panel.series.map((series) => [series.metric, series.color]));
    for (const [side, points] of [
      ['above', panel.y.clippedAbove],
      ['below', panel.y.clippedBelow],
    ] as const) {
      for (const point of points) {
        const x = xScale(point.step);
        const [tip, base] = side === 'above' ? [top, top + 5] : [top + plotHeight, top + plotHeight - 5];
        out.push(
          `<path d="M${fixed(x - 3)},${fixed(base)} L${fixed(x + 3)},${fixed(base)} L${fixed(x)},${fixed(tip)} Z" fill="${colorOf.get(point.metric) ?? '#444'}" data-role="clipped-${side}"><title>${escapeXml(`${point.metric} ${point.value} at step ${point.step} (${side} the axis)`)}</title></path>`,
        );
      }
    }
    // Checkpoint markers above the plot, pointing down at it; the best one in red.
    for (const checkpoint of model.checkpoints) {
      const x = xScale(checkpoint.step);
      out.push(
        `<path d="M${fixed(x - 5)},${fixed(top - 9)} L${fixed(x + 5)},${fixed(top - 9)} L${fixed(x)},${fixed(top - 1)} Z" fill="${checkpoint.best ? BEST_COLOR : '#444'}" data-role="checkpoint"><title>${escapeXml(`${checkpoint.best ? 'best checkpoint: ' : ''}${checkpoint.label} (step ${checkpoint.step})`)}</title></path>`,
      );
    }
    // The best checkpoint on its ranking metric's curve, with its label.
    const best = model.best;
    if (best !== null && best.panel === panel.id && best.value !== null) {
      const x = xScale(best.step);
      const y = Math.min(top + plotHeight, Math.max(top, yScale(best.value)));
      const right = x > MARGIN.left + plotWidth / 2;
      const below = y < top + plotHeight * 0.3;
      out.push(
        `<g data-role="best-checkpoint"><circle cx="${fixed(x)}" cy="${fixed(y)}" r="6" fill="none" stroke="${BEST_COLOR}" stroke-width="2"><title>${escapeXml(`${best.label}${best.model ? ` — ${best.model}` : ''}`)}</title></circle>` +
          `<text x="${fixed(right ? x - 9 : x + 9)}" y="${fixed(below ? y + 18 : y - 10)}" text-anchor="${right ? 'end' : 'start'}" font-weight="600" fill="${BEST_COLOR}" stroke="#fff" stroke-width="3" paint-order="stroke">${escapeXml(best.label)}</text></g>`,
      );
    }
    out.push('</g>');
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
