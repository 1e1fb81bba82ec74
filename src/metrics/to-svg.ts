/**
 * A standalone SVG chart of the metrics, rendered without a browser: one panel per metric kind,
 * axes with nice ticks, a legend, dashed epoch rules, checkpoint markers (with the model id as a
 * tooltip), faint raw lines under smoothed ones, and full-validation points.
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
import { outlierRange } from './smooth.js';

/** Options of `metrics.toSVG()`. */
export interface SvgOptions extends ChartOptions {
  /** Total width in pixels. @default 760 */
  readonly width?: number;
  /** Height of each panel's plot area in pixels. @default 200 */
  readonly panelHeight?: number;
  /**
   * Fit the y axis to the 5th–95th percentile (TensorBoard's "ignore outliers"), so one spike does
   * not flatten the curve; points outside are clipped.
   * @default true
   */
  readonly ignoreOutliers?: boolean;
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

function yExtent(panel: ChartPanel, ignoreOutliers: boolean): [number, number] {
  const values: number[] = [];
  for (const series of panel.series) {
    for (const point of series.raw) values.push(point.value);
    for (const point of series.smoothed ?? []) values.push(point.value);
  }
  if (values.length === 0) return [0, 1];
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (ignoreOutliers && values.length >= 20) {
    const range = outlierRange(values);
    // Keep the smoothed lines and epoch-end points fully visible; clip only raw spikes.
    const kept: number[] = panel.series.flatMap((series) => [
      ...(series.smoothed ?? []).map((point) => point.value),
      ...(series.role === 'full_valid' ? series.raw.map((point) => point.value) : []),
    ]);
    if (range) {
      low = Math.min(range[0], ...kept);
      high = Math.max(range[1], ...kept);
    }
  }
  return [low, high];
}

function svgFromModel(model: ChartModel, options: SvgOptions): string {
  const width = options.width ?? 760;
  const plotHeight = options.panelHeight ?? 200;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const legendHeight = 22;
  const titleHeight = 28;
  const panelHeight = MARGIN.top + plotHeight + MARGIN.bottom;
  const panels =
    model.panels.length > 0
      ? model.panels
      : [{ id: 'loss', title: 'No metrics yet', yLabel: '', series: [] } as ChartPanel];
  const height = titleHeight + legendHeight + panels.length * panelHeight;
  const [x0, x1] = model.xDomain;
  const xTicks = niceTicks(x0, x1, 8);
  const xScale = (step: number): number => MARGIN.left + ((step - x0) / (x1 - x0 || 1)) * plotWidth;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="11" role="img" aria-label="${escapeXml(model.title)}">`,
  );
  out.push(`<title>${escapeXml(model.title)}</title>`);
  if (options.background !== null)
    out.push(`<rect width="100%" height="100%" fill="${escapeXml(options.background ?? '#ffffff')}"/>`);
  out.push(
    `<text x="${MARGIN.left}" y="18" font-size="14" font-weight="600" fill="#222">${escapeXml(model.title)}</text>`,
  );

  // Legend: one entry per label, in first-seen order.
  const legend = new Map<string, { color: string; role: string }>();
  for (const panel of panels)
    for (const series of panel.series)
      if (!legend.has(series.label)) legend.set(series.label, { color: series.color, role: series.role });
  let legendX = MARGIN.left;
  const legendY = titleHeight + 8;
  for (const [label, entry] of legend) {
    out.push(`<g transform="translate(${legendX},${legendY})">`);
    out.push(`<line x1="0" y1="0" x2="18" y2="0" stroke="${entry.color}" stroke-width="2"/>`);
    if (entry.role === 'full_valid') out.push(`<circle cx="9" cy="0" r="3" fill="${entry.color}"/>`);
    out.push(`<text x="23" y="4" fill="#333">${escapeXml(label)}</text></g>`);
    legendX += 32 + label.length * 6.2;
  }
  if (model.epochEnds.length > 0) {
    out.push(
      `<g transform="translate(${legendX},${legendY})"><line x1="0" y1="0" x2="18" y2="0" stroke="#888" stroke-dasharray="4 3"/><text x="23" y="4" fill="#333">epoch end</text></g>`,
    );
    legendX += 90;
  }
  if (model.checkpoints.length > 0) {
    out.push(
      `<g transform="translate(${legendX},${legendY})"><path d="M4,-4 L14,-4 L9,4 Z" fill="#444"/><text x="23" y="4" fill="#333">checkpoint</text></g>`,
    );
  }

  panels.forEach((panel, index) => {
    const top = titleHeight + legendHeight + index * panelHeight + MARGIN.top;
    const [low, high] = yExtent(panel, options.ignoreOutliers ?? true);
    const yTicks = niceTicks(low, high, 5);
    const [y0, y1] = yTicks.domain;
    const yScale = (value: number): number => top + plotHeight - ((value - y0) / (y1 - y0 || 1)) * plotHeight;
    const clipId = `clip-${index}`;
    out.push(`<g class="panel" data-panel="${panel.id}">`);
    out.push(
      `<text x="${MARGIN.left}" y="${top - 8}" font-size="12" font-weight="600" fill="#222">${escapeXml(panel.title)}</text>`,
    );
    out.push(
      `<clipPath id="${clipId}"><rect x="${MARGIN.left}" y="${top}" width="${plotWidth}" height="${plotHeight}"/></clipPath>`,
    );
    // Grid and y axis.
    for (const tick of yTicks.ticks) {
      const y = fixed(yScale(tick));
      out.push(
        `<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotWidth}" y2="${y}" stroke="#e6e6e6"/>`,
      );
      out.push(
        `<text x="${MARGIN.left - 6}" y="${y}" dy="3.5" text-anchor="end" fill="#555">${escapeXml(formatTick(tick, yTicks.step))}</text>`,
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
    // Epoch rules.
    for (const end of model.epochEnds) {
      const x = fixed(xScale(end.step));
      out.push(
        `<line x1="${x}" y1="${top}" x2="${x}" y2="${top + plotHeight}" stroke="#888" stroke-dasharray="4 3"><title>end of epoch ${end.epoch} (step ${end.step})</title></line>`,
      );
      out.push(
        `<text x="${x}" y="${top + 11}" dx="3" font-size="10" fill="#777">epoch ${end.epoch + 1}</text>`,
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
    // Checkpoint markers along the top edge.
    for (const checkpoint of model.checkpoints) {
      const x = xScale(checkpoint.step);
      out.push(
        `<path d="M${fixed(x - 5)},${fixed(top - 1)} L${fixed(x + 5)},${fixed(top - 1)} L${fixed(x)},${fixed(top + 7)} Z" fill="#444"><title>${escapeXml(`${checkpoint.label} (step ${checkpoint.step})`)}</title></path>`,
      );
    }
    out.push('</g>');
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
