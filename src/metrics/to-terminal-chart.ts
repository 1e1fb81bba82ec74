/**
 * A compact chart for terminals: one panel (loss by default) drawn with braille dots (2×4 dots per
 * character) or plain ASCII for non-TTY output, with the model and hyperparameters, y labels, epoch
 * ticks on the x axis, checkpoint marks on their own row (the best one starred, also on its curve),
 * and a legend naming each series' mark and the smoothing. Without colour every series has its own
 * character, so the series stay apart.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import {
  buildChartModel,
  type ChartOptions,
  type ChartPanelId,
  formatTick,
  niceTicks,
} from './chart-model.js';
import type { MetricsData } from './metrics-data.js';

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
const ANSI_BEST = '\u001b[1;31m';
const ANSI_RESET = '\u001b[0m';
/** ASCII marks of the series, in panel order (train, mini-batch valid, full valid, extras). */
const ASCII_MARKS = ['*', '+', 'o', 'x', '%', '='] as const;
/**
 * Without colour, braille dots of different series look alike: only the first series is drawn in
 * braille, the others with these marks.
 */
const PLAIN_MARKS = ['⣿', '+', '●', '×', '◆', '■'] as const;
const BEST_MARK = { ascii: '@', unicode: '★' } as const;

/** Braille dot bits for (column 0–1, row 0–3) inside one character cell. */
const BRAILLE_BITS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
] as const;

function checkSize(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new FinetuneKitUsageError(
      `toTerminalChart: options.${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}.`,
      `options.${name}`,
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
 * @throws {FinetuneKitUsageError} When `width` or `height` is not an integer of at least 10 and 3 (`option`: `options.width` or `options.height`).
 */
export function renderTerminalChart(data: MetricsData, options: TerminalChartOptions = {}): string {
  const width = checkSize('width', options.width ?? 60, 10);
  const height = checkSize('height', options.height ?? 12, 3);
  const ascii = options.ascii ?? false;
  const useColor = options.color ?? false;
  const model = buildChartModel(data, { maxPoints: Math.max(200, (options.width ?? 60) * 8), ...options });
  const panel =
    (options.panel ? model.panels.find((entry) => entry.id === options.panel) : undefined) ?? model.panels[0];
  const header = model.subtitle === null ? [] : [model.subtitle];
  if (!panel) return [model.title, ...header, '(no metrics to chart yet)'].join('\n');

  const dotsX = ascii ? width : width * 2;
  const dotsY = ascii ? height : height * 4;
  const [x0, x1] = model.xDomain;
  // Draw the smoothed line of per-step series and the raw points of epoch-end series. Each series
  // has its own mark: braille (colour tells them apart), or a distinct character without colour.
  const drawn = panel.series.map((series, index) => {
    const marks = ascii ? ASCII_MARKS : PLAIN_MARKS;
    const mark = marks[index % marks.length] as string;
    return {
      series,
      points: series.role === 'full_valid' ? series.raw : (series.smoothed ?? series.raw),
      mark,
      braille: !ascii && (useColor || index === 0),
    };
  });
  const values = drawn.flatMap((entry) => entry.points.map((point) => point.value));
  const ticks = niceTicks(Math.min(...values), Math.max(...values), 4);
  const [y0, y1] = ticks.domain;
  const cells: { mask: number; color: string | null; mark: string }[][] = Array.from({ length: height }, () =>
    Array.from({ length: width }, () => ({ mask: 0, color: null as string | null, mark: '' })),
  );
  const toDot = (step: number, value: number): [number, number] => [
    Math.round(((step - x0) / (x1 - x0 || 1)) * (dotsX - 1)),
    Math.round((1 - (value - y0) / (y1 - y0 || 1)) * (dotsY - 1)),
  ];
  const cellOf = (dotX: number, dotY: number) => {
    if (dotX < 0 || dotX >= dotsX || dotY < 0 || dotY >= dotsY) return undefined;
    return cells[ascii ? dotY : Math.floor(dotY / 4)]?.[ascii ? dotX : Math.floor(dotX / 2)];
  };
  for (const { series, points, mark, braille } of drawn) {
    const plot = (dotX: number, dotY: number): void => {
      const cell = cellOf(dotX, dotY);
      if (!cell) return;
      if (braille) cell.mask |= BRAILLE_BITS[dotY % 4]?.[dotX % 2] ?? 0;
      else cell.mark = mark;
      cell.color = series.color;
    };
    let previous: [number, number] | null = null;
    for (const point of points) {
      const dot = toDot(point.step, point.value);
      if (previous && braille) {
        // Connect consecutive dots so the line has no holes.
        const steps = Math.max(Math.abs(dot[0] - previous[0]), Math.abs(dot[1] - previous[1]));
        for (let i = 1; i < steps; i += 1) {
          plot(
            Math.round(previous[0] + ((dot[0] - previous[0]) * i) / steps),
            Math.round(previous[1] + ((dot[1] - previous[1]) * i) / steps),
          );
        }
      }
      plot(dot[0], dot[1]);
      previous = dot;
    }
  }
  const best = model.best;
  const bestMark = ascii ? BEST_MARK.ascii : BEST_MARK.unicode;
  if (best !== null && best.panel === panel.id && best.value !== null) {
    const cell = cellOf(...toDot(best.step, Math.min(y1, Math.max(y0, best.value))));
    if (cell) {
      cell.mark = bestMark;
      cell.color = 'best';
    }
  }

  const paint = (text: string, color: string | null): string =>
    useColor && color
      ? `${color === 'best' ? ANSI_BEST : (ANSI[color] ?? ANSI_FALLBACK)}${text}${ANSI_RESET}`
      : text;
  const labels = [
    formatTick(y1, ticks.step),
    formatTick((y0 + y1) / 2, ticks.step),
    formatTick(y0, ticks.step),
  ];
  const labelWidth = Math.max(...labels.map((label) => label.length));
  const lines: string[] = [`${model.title} — ${panel.title}`, ...header];
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
        if (cell.mark !== '') return paint(cell.mark, cell.color);
        return cell.mask === 0 ? ' ' : paint(String.fromCharCode(0x2800 + cell.mask), cell.color);
      })
      .join('');
    lines.push(`${(label ?? '').padStart(labelWidth)} ${ascii ? '|' : '┤'}${body}`);
  });
  // x axis with epoch ticks; checkpoints on their own row below it, so neither hides the other.
  const axis: string[] = Array.from({ length: width }, () => (ascii ? '-' : '─'));
  const columnOf = (step: number): number =>
    Math.min(width - 1, Math.max(0, Math.round(((step - x0) / (x1 - x0 || 1)) * (width - 1))));
  for (const end of model.epochEnds) axis[columnOf(end.step)] = ascii ? '|' : '┼';
  lines.push(`${' '.repeat(labelWidth)} ${ascii ? '+' : '└'}${axis.join('')}`);
  const checkpointMark = ascii ? '^' : '▲';
  if (model.checkpoints.length > 0) {
    const marks: string[] = Array.from({ length: width }, () => ' ');
    for (const checkpoint of model.checkpoints) {
      marks[columnOf(checkpoint.step)] = checkpoint.best ? paint(bestMark, 'best') : checkpointMark;
    }
    lines.push(`${' '.repeat(labelWidth + 2)}${marks.join('')}`);
  }
  const first = String(x0);
  const last = `step ${x1}`;
  lines.push(
    `${' '.repeat(labelWidth + 2)}${first}${' '.repeat(Math.max(1, width - first.length - last.length))}${last}`,
  );
  const legend = drawn.map(
    ({ series, mark, braille }) =>
      `${paint(braille ? '⣿' : mark, series.color)} ${series.label}${series.smoothed && series.role !== 'full_valid' ? ' (smoothed)' : ''}`,
  );
  if (model.epochEnds.length > 0) legend.push(`${ascii ? '|' : '┼'} epoch end`);
  if (model.checkpoints.length > 0) legend.push(`${checkpointMark} checkpoint`);
  lines.push(`${' '.repeat(labelWidth + 2)}${legend.join('   ')}`);
  const notes: string[] = [];
  if (model.smoothing !== null) notes.push(`lines: smoothed (${model.smoothing}); raw values not drawn`);
  if (best !== null) notes.push(`${paint(bestMark, 'best')} ${best.label}`);
  // One note per line: a live terminal region cuts long lines, and the best checkpoint must stay readable.
  for (const note of notes) lines.push(`${' '.repeat(labelWidth + 2)}${note}`);
  if (useColor) lines[0] = `${ANSI_DIM}${lines[0]}${ANSI_RESET}`;
  return lines.join('\n');
}
