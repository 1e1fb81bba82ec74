/**
 * A compact chart for terminals: one panel (loss by default) drawn with braille dots (2×4 dots per
 * character) or plain ASCII for non-TTY output, with y labels, epoch ticks on the x axis,
 * checkpoint marks and a legend.
 *
 * @module
 */
import {
  buildChartModel,
  type ChartOptions,
  type ChartPanelId,
  type ChartSeries,
  formatTick,
  niceTicks,
} from './chart-model.js';
import type { MetricsData } from './metrics-data.js';
import type { SeriesPoint } from './series.js';

/** Options of `metrics.toTerminalChart()`. */
export interface TerminalChartOptions extends ChartOptions {
  /** Width of the plot area in characters. @default 60 */
  readonly width?: number;
  /** Height of the plot area in characters. @default 12 */
  readonly height?: number;
  /** Colour with ANSI escapes. @default false */
  readonly color?: boolean;
  /** Plain ASCII (one point per character) instead of braille, for logs and non-UTF-8 terminals. @default false */
  readonly ascii?: boolean;
  /** Which panel to draw. @default the first with data ('loss', else 'reward', …) */
  readonly panel?: ChartPanelId;
}

const ANSI: Readonly<Record<string, string>> = {
  '#1f77b4': '\u001b[34m',
  '#ff7f0e': '\u001b[33m',
  '#2ca02c': '\u001b[32m',
};
const ANSI_FALLBACK = '\u001b[35m';
const ANSI_DIM = '\u001b[2m';
const ANSI_RESET = '\u001b[0m';
const ASCII_MARKS: Readonly<Record<string, string>> = { train: '*', valid: '+', full_valid: 'o' };

/** Braille dot bits for (column 0–1, row 0–3) inside one character cell. */
const BRAILLE_BITS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
] as const;

function checkSize(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new TypeError(
      `toTerminalChart: options.${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/**
 * Renders the terminal chart.
 *
 * @param data - Merged metrics.
 * @param options - See {@link TerminalChartOptions}.
 * @returns Lines joined with `\n` (no trailing newline).
 * @throws {TypeError} When `width` or `height` is not an integer of at least 10 and 3.
 */
export function renderTerminalChart(data: MetricsData, options: TerminalChartOptions = {}): string {
  const width = checkSize('width', options.width ?? 60, 10);
  const height = checkSize('height', options.height ?? 12, 3);
  const ascii = options.ascii ?? false;
  const useColor = options.color ?? false;
  const model = buildChartModel(data, { maxPoints: Math.max(200, (options.width ?? 60) * 8), ...options });
  const panel =
    (options.panel ? model.panels.find((entry) => entry.id === options.panel) : undefined) ?? model.panels[0];
  if (!panel) return `${model.title}\n(no metrics to chart yet)`;

  const dotsX = ascii ? width : width * 2;
  const dotsY = ascii ? height : height * 4;
  const [x0, x1] = model.xDomain;
  // Draw the smoothed line of per-step series and the raw points of epoch-end series.
  const drawn: { series: ChartSeries; points: readonly SeriesPoint[] }[] = panel.series.map((series) => ({
    series,
    points: series.role === 'full_valid' ? series.raw : (series.smoothed ?? series.raw),
  }));
  const values = drawn.flatMap((entry) => entry.points.map((point) => point.value));
  const ticks = niceTicks(Math.min(...values), Math.max(...values), 4);
  const [y0, y1] = ticks.domain;
  const cells: { mask: number; color: string | null; mark: string }[][] = Array.from({ length: height }, () =>
    Array.from({ length: width }, () => ({ mask: 0, color: null as string | null, mark: ' ' })),
  );
  const plot = (dotX: number, dotY: number, series: ChartSeries): void => {
    if (dotX < 0 || dotX >= dotsX || dotY < 0 || dotY >= dotsY) return;
    const column = ascii ? dotX : Math.floor(dotX / 2);
    const row = ascii ? dotY : Math.floor(dotY / 4);
    const cell = cells[row]?.[column];
    if (!cell) return;
    if (ascii) cell.mark = ASCII_MARKS[series.role] ?? '*';
    else cell.mask |= BRAILLE_BITS[dotY % 4]?.[dotX % 2] ?? 0;
    cell.color = series.color;
  };
  const toDot = (point: SeriesPoint): [number, number] => [
    Math.round(((point.step - x0) / (x1 - x0 || 1)) * (dotsX - 1)),
    Math.round((1 - (point.value - y0) / (y1 - y0 || 1)) * (dotsY - 1)),
  ];
  for (const { series, points } of drawn) {
    let previous: [number, number] | null = null;
    for (const point of points) {
      const dot = toDot(point);
      if (previous && !ascii) {
        // Connect consecutive dots so the line has no holes.
        const steps = Math.max(Math.abs(dot[0] - previous[0]), Math.abs(dot[1] - previous[1]));
        for (let i = 1; i < steps; i += 1) {
          plot(
            Math.round(previous[0] + ((dot[0] - previous[0]) * i) / steps),
            Math.round(previous[1] + ((dot[1] - previous[1]) * i) / steps),
            series,
          );
        }
      }
      plot(dot[0], dot[1], series);
      previous = dot;
    }
  }

  const paint = (text: string, color: string | null): string =>
    useColor && color ? `${ANSI[color] ?? ANSI_FALLBACK}${text}${ANSI_RESET}` : text;
  const labels = [
    formatTick(y1, ticks.step),
    formatTick((y0 + y1) / 2, ticks.step),
    formatTick(y0, ticks.step),
  ];
  const labelWidth = Math.max(...labels.map((label) => label.length));
  const lines: string[] = [`${model.title} — ${panel.title}`];
  cells.forEach((row, index) => {
    const label =
      index === 0
        ? labels[0]
        : index === height - 1
          ? labels[2]
          : index === Math.floor((height - 1) / 2)
            ? labels[1]
            : '';
    const body = row
      .map((cell) => {
        if (ascii) return paint(cell.mark, cell.color);
        return cell.mask === 0 ? ' ' : paint(String.fromCharCode(0x2800 + cell.mask), cell.color);
      })
      .join('');
    lines.push(`${(label ?? '').padStart(labelWidth)} ${ascii ? '|' : '┤'}${body}`);
  });
  // x axis with epoch ticks and checkpoint marks.
  const axis: string[] = Array.from({ length: width }, () => (ascii ? '-' : '─'));
  const columnOf = (step: number): number =>
    Math.min(width - 1, Math.max(0, Math.round(((step - x0) / (x1 - x0 || 1)) * (width - 1))));
  for (const end of model.epochEnds) axis[columnOf(end.step)] = ascii ? '|' : '┼';
  for (const checkpoint of model.checkpoints) axis[columnOf(checkpoint.step)] = ascii ? '^' : '▲';
  lines.push(`${' '.repeat(labelWidth)} ${ascii ? '+' : '└'}${axis.join('')}`);
  const first = String(x0);
  const last = `step ${x1}`;
  lines.push(
    `${' '.repeat(labelWidth + 2)}${first}${' '.repeat(Math.max(1, width - first.length - last.length))}${last}`,
  );
  const legend = drawn.map(
    ({ series }) =>
      `${paint(ascii ? (ASCII_MARKS[series.role] ?? '*') : '⣿', series.color)} ${series.label}${series.smoothed && series.role !== 'full_valid' ? ' (smoothed)' : ''}`,
  );
  if (model.epochEnds.length > 0) legend.push(`${ascii ? '|' : '┼'} epoch end`);
  if (model.checkpoints.length > 0) legend.push(`${ascii ? '^' : '▲'} checkpoint`);
  lines.push(`${' '.repeat(labelWidth + 2)}${legend.join('   ')}`);
  if (useColor) lines[0] = `${ANSI_DIM}${lines[0]}${ANSI_RESET}`;
  return lines.join('\n');
}
