/**
 * What a chart shows, independent of the renderer (Vega-Lite, SVG, terminal): panels of series
 * (raw and smoothed), epoch ends and checkpoints, and nice axis ticks.
 *
 * @module
 */

import { seriesPoints } from './epoch-aggregates.js';
import { type MetricName, metricDefinition } from './metric-names.js';
import { ownMetric } from './metric-record.js';
import type { MetricsData } from './metrics-data.js';
import { Series, type SeriesPoint, type SmoothingOptions } from './series.js';

/** A panel of the chart. */
export type ChartPanelId = 'loss' | 'accuracy' | 'reward' | 'tokens' | 'other';

/** How a series is drawn: per-step training curve, noisy mini-batch validation, or epoch-end points. */
export type ChartRole = 'train' | 'valid' | 'full_valid';

/** One series of a panel. */
export interface ChartSeries {
  readonly metric: string;
  /** Legend label. */
  readonly label: string;
  readonly role: ChartRole;
  /** CSS colour. */
  readonly color: string;
  /** Finite raw points (thinned to `maxPoints` for long series). */
  readonly raw: readonly SeriesPoint[];
  /** Smoothed points, or `null` when smoothing is off or the series is drawn as points. */
  readonly smoothed: readonly SeriesPoint[] | null;
}

/** One panel: a y axis with its series. */
export interface ChartPanel {
  readonly id: ChartPanelId;
  readonly title: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
}

/** A checkpoint marker. */
export interface ChartCheckpoint {
  readonly step: number;
  readonly label: string;
}

/** Everything a renderer needs. */
export interface ChartModel {
  readonly title: string;
  readonly panels: readonly ChartPanel[];
  /** Steps where epochs end (except the last epoch's end, which is the end of the run). */
  readonly epochEnds: readonly { readonly step: number; readonly epoch: number }[];
  readonly checkpoints: readonly ChartCheckpoint[];
  /** x range: step 1 (or the first step) to total steps (or the last step). */
  readonly xDomain: readonly [number, number];
}

/** Options shared by every chart export. */
export interface ChartOptions {
  /**
   * Smoothing of per-step curves: a TensorBoard EMA weight, smoothing options, or `false`.
   * Mini-batch validation points use the time-weighted EMA with the same weight, since they are sparse.
   * @default 0.6
   */
  readonly smoothing?: number | SmoothingOptions | false;
  /** Metrics to draw (grouped into panels by kind). @default the standard loss/accuracy (or reward/tokens) metrics present */
  readonly metrics?: readonly MetricName[];
  /** Chart title. @default the job id and model, when known */
  readonly title?: string;
  /**
   * Largest number of points drawn per series. Longer series are smoothed at full resolution
   * first, then thinned by keeping the lowest and highest point of each step bucket, so spikes
   * stay visible.
   * @default 2000
   */
  readonly maxPoints?: number;
}

const COLORS: Readonly<Record<ChartRole, string>> = {
  train: '#1f77b4',
  valid: '#ff7f0e',
  full_valid: '#2ca02c',
};
const EXTRA_COLORS = ['#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];

const DEFAULT_METRICS: readonly MetricName[] = [
  'train_loss',
  'valid_loss',
  'full_valid_loss',
  'train_mean_token_accuracy',
  'valid_mean_token_accuracy',
  'full_valid_mean_token_accuracy',
  'train_reward_mean',
  'valid_reward_mean',
  'reasoning_tokens_mean',
  'completion_tokens_mean',
];

const FRIENDLY_LABELS: Readonly<Record<string, string>> = {
  reasoning_tokens_mean: 'reasoning tokens',
  completion_tokens_mean: 'completion tokens',
  valid_reasoning_tokens_mean: 'valid reasoning tokens',
};

const PANEL_TITLES: Readonly<Record<ChartPanelId, [string, string]>> = {
  loss: ['Loss', 'loss'],
  accuracy: ['Token accuracy', 'accuracy'],
  reward: ['Reward', 'reward'],
  tokens: ['Tokens per sample', 'tokens'],
  other: ['Other metrics', 'value'],
};

function panelOf(metric: string): ChartPanelId {
  const kind = metricDefinition(metric).kind;
  if (kind === 'loss') return 'loss';
  if (kind === 'accuracy') return 'accuracy';
  if (kind === 'reward') return 'reward';
  if (kind === 'tokens') return 'tokens';
  return 'other';
}

function roleOf(metric: string): ChartRole {
  const split = metricDefinition(metric).split;
  if (metric === 'valid_reward_mean') return 'full_valid';
  return split === 'full_valid' ? 'full_valid' : split === 'valid' ? 'valid' : 'train';
}

function labelOf(metric: string, role: ChartRole): string {
  if (metric.startsWith('train_') || metric.startsWith('full_valid_') || metric.startsWith('valid_')) {
    const prefix = role === 'train' ? 'train' : role === 'valid' ? 'valid (mini-batch)' : 'full valid';
    if (metric === 'valid_reward_mean') return 'valid';
    const kind = metricDefinition(metric).kind;
    return ['loss', 'accuracy', 'reward'].includes(kind) ? prefix : `${prefix} ${metric}`;
  }
  return metric;
}

function smoothWith(
  points: readonly SeriesPoint[],
  name: string,
  smoothing: ChartOptions['smoothing'],
  sparse: boolean,
): SeriesPoint[] | null {
  if (smoothing === false || points.length < 3) return null;
  const series = new Series(name, points);
  if (typeof smoothing === 'object') return [...series.smooth(smoothing)];
  const weight = smoothing ?? 0.6;
  return [...(sparse ? series.twema(weight) : series.ema(weight))];
}

/**
 * Thins a series to at most `maxPoints` by keeping, for each of `maxPoints / 2` equal step ranges,
 * its lowest and highest point (in step order). The first and last points are always kept.
 *
 * @param points - Points sorted by step.
 * @param maxPoints - Upper bound (at least 4).
 * @returns The points, or a thinned copy.
 */
export function decimateMinMax<P extends { readonly step: number; readonly value: number }>(
  points: readonly P[],
  maxPoints: number,
): P[] {
  if (points.length <= maxPoints) return [...points];
  const buckets = Math.max(2, Math.floor(maxPoints / 2) - 1);
  const first = points[0] as P;
  const last = points[points.length - 1] as P;
  const width = (last.step - first.step) / buckets || 1;
  const out: P[] = [first];
  let index = 1;
  for (let bucket = 0; bucket < buckets; bucket += 1) {
    const end = bucket === buckets - 1 ? Number.POSITIVE_INFINITY : first.step + (bucket + 1) * width;
    let low: P | null = null;
    let high: P | null = null;
    for (; index < points.length - 1 && (points[index] as P).step <= end; index += 1) {
      const point = points[index] as P;
      if (low === null || point.value < low.value) low = point;
      if (high === null || point.value > high.value) high = point;
    }
    if (low && high) {
      if (low === high) out.push(low);
      else out.push(...(low.step < high.step ? [low, high] : [high, low]));
    }
  }
  out.push(last);
  return out;
}

/**
 * Builds the chart model of merged metrics.
 *
 * @param data - Merged metrics.
 * @param options - Metrics, smoothing and title.
 * @returns Panels (only those with data), epoch ends, checkpoints and the x range.
 */
export function buildChartModel(data: MetricsData, options: ChartOptions = {}): ChartModel {
  const wanted = options.metrics ?? DEFAULT_METRICS;
  const maxPoints = Math.max(4, Math.floor(options.maxPoints ?? 2000));
  const panels = new Map<ChartPanelId, ChartSeries[]>();
  let extraColor = 0;
  for (const metric of wanted) {
    const raw = seriesPoints(data, metric).filter((point) => Number.isFinite(point.value));
    if (raw.length === 0) continue;
    const role = roleOf(metric);
    const panel = panelOf(metric);
    const list = panels.get(panel) ?? [];
    const standard = DEFAULT_METRICS.includes(metric) && panel !== 'tokens';
    const color = standard ? COLORS[role] : (EXTRA_COLORS[extraColor++ % EXTRA_COLORS.length] as string);
    const smoothed =
      role === 'full_valid' ? null : smoothWith(raw, metric, options.smoothing, role === 'valid');
    list.push({
      metric,
      label: standard ? labelOf(metric, role) : (ownMetric(FRIENDLY_LABELS, metric) ?? metric),
      role,
      color,
      raw: decimateMinMax(raw, maxPoints),
      smoothed: smoothed === null ? null : decimateMinMax(smoothed, maxPoints),
    });
    panels.set(panel, list);
  }
  const order: ChartPanelId[] = ['loss', 'accuracy', 'reward', 'tokens', 'other'];
  const chartPanels: ChartPanel[] = order
    .filter((id) => panels.has(id))
    .map((id) => ({
      id,
      title: PANEL_TITLES[id][0],
      yLabel: PANEL_TITLES[id][1],
      series: panels.get(id) ?? [],
    }));
  const firstStep = data.coverage.firstStep ?? 1;
  const lastStep = Math.max(data.totalSteps ?? 0, data.coverage.lastStep ?? 0, firstStep + 1);
  const epochEnds = data.epochs
    .filter((epoch) => epoch.endStep < lastStep)
    .map((epoch) => ({ step: epoch.endStep, epoch: epoch.epoch }));
  const checkpoints = data.checkpoints.map((checkpoint) => ({
    step: checkpoint.step,
    label: checkpoint.model ?? checkpoint.id ?? `checkpoint at step ${checkpoint.step}`,
  }));
  const title =
    options.title ??
    ([data.job.id, data.job.model].filter((part): part is string => part !== null).join(' · ') ||
      'Fine-tuning metrics');
  return { title, panels: chartPanels, epochEnds, checkpoints, xDomain: [Math.min(1, firstStep), lastStep] };
}

/**
 * "Nice" axis ticks: a step of 1, 2 or 5 × 10^k near (max − min) / (count − 1), and the ticks
 * covering `[min, max]` (Heckbert's loose labelling without the rounding of the range first).
 *
 * @param min - Lower end.
 * @param max - Upper end.
 * @param count - Approximate number of ticks. @default 5
 * @returns The nice domain and its ticks.
 */
export function niceTicks(
  min: number,
  max: number,
  count = 5,
): { domain: [number, number]; ticks: number[]; step: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max))
    return { domain: [0, 1], ticks: [0, 0.5, 1], step: 0.5 };
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, count);
  }
  const [low, high] = min < max ? [min, max] : [max, min];
  const step = niceNumber((high - low) / Math.max(1, count - 1));
  const start = Math.floor(low / step) * step;
  const end = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let value = start; value <= end + step / 2; value += step) ticks.push(Number(value.toFixed(digits)));
  return { domain: [ticks[0] as number, ticks[ticks.length - 1] as number], ticks, step };
}

/** Rounds to 1, 2 or 5 × 10^k. */
function niceNumber(value: number): number {
  const exponent = Math.floor(Math.log10(value));
  const fraction = value / 10 ** exponent;
  const nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  return nice * 10 ** exponent;
}

/** Formats a tick label compactly (`0.25`, `1.5k`, `2e-5`). */
export function formatTick(value: number, step: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 10_000)
    return `${Number((value / 1000).toFixed(Math.max(0, -Math.floor(Math.log10(step / 1000)))))}k`;
  if (magnitude < 1e-3) return value.toExponential(0);
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  return value.toFixed(Math.min(digits, 6));
}
