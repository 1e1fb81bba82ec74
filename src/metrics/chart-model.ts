/**
 * What a chart shows, independent of the renderer (Vega-Lite, SVG, terminal): panels of series
 * (raw and smoothed), y axes (with the raw points they leave out), epoch ends, checkpoints and the
 * best one, the smoothing used, and the job's model and hyperparameters.
 *
 * @module
 */

import { rankCheckpoints } from './best-checkpoint.js';
import { seriesPoints } from './epoch-aggregates.js';
import { type MetricName, metricDefinition } from './metric-names.js';
import { ownMetric } from './metric-record.js';
import type { MetricsData } from './metrics-data.js';
import { Series, type SeriesPoint, type SmoothingOptions } from './series.js';
import { DEFAULT_SMOOTHING_WEIGHT, outlierRange } from './smooth.js';
import { formatNumber } from './stats.js';

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

/** A raw point outside its panel's y axis (an outlier left out for readability). */
export interface ClippedPoint {
  readonly metric: string;
  /** Legend label of its series. */
  readonly label: string;
  readonly step: number;
  readonly value: number;
}

/** A panel's y axis: its domain, nice ticks, and the raw points outside the domain. */
export interface ChartYAxis {
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  readonly step: number;
  /** Raw points above the domain, by step (renderers mark them at the top edge). */
  readonly clippedAbove: readonly ClippedPoint[];
  /** Raw points below the domain, by step. */
  readonly clippedBelow: readonly ClippedPoint[];
  /** One sentence saying what is not shown (`2 points above 4 not shown (max 5.2)`), or `null`. */
  readonly clippedNote: string | null;
}

/** One panel: a y axis with its series. */
export interface ChartPanel {
  readonly id: ChartPanelId;
  readonly title: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly y: ChartYAxis;
}

/** A checkpoint marker. */
export interface ChartCheckpoint {
  readonly step: number;
  readonly label: string;
  /** True for the best retained checkpoint (see {@link ChartModel.best}). */
  readonly best: boolean;
}

/** The best retained checkpoint, ranked as `metrics.bestCheckpoint()` ranks them. */
export interface ChartBestCheckpoint {
  readonly step: number;
  readonly epoch: number | null;
  /** The model id to call, when known. */
  readonly model: string | null;
  /** The ranking metric (`full_valid_loss`, `valid_reward_mean`, …), or `null` without values. */
  readonly metric: string | null;
  /** Its value at the checkpoint, or `null`. */
  readonly value: number | null;
  /** The panel the marker is drawn on (the ranking metric's panel), or `null` when not charted. */
  readonly panel: ChartPanelId | null;
  /** Short label: `best: step 120 (epoch 3), full_valid_loss 0.2451`. */
  readonly label: string;
}

/** Everything a renderer needs. */
export interface ChartModel {
  readonly title: string;
  /** The model and hyperparameters, when known (`gpt-4o-mini · supervised · 3 epochs · batch size 4 · LR multiplier 1.8`). */
  readonly subtitle: string | null;
  /** The smoothing of the bold lines (`EMA 0.6`), or `null` when no line is smoothed. */
  readonly smoothing: string | null;
  readonly best: ChartBestCheckpoint | null;
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
  /**
   * Fit each y axis to the 5th–95th percentile of the raw values (TensorBoard's "ignore outliers"),
   * widened to keep every smoothed and epoch-end point, so one spike does not flatten the curve.
   * Raw points left outside are listed on the axis and marked by the renderers.
   * @default true
   */
  readonly ignoreOutliers?: boolean;
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

/** The legend text of a smoothing: `EMA 0.6`, `Gaussian σ 5`, … */
function smoothingLabel(smoothing: ChartOptions['smoothing'], sparseSmoothed: boolean): string {
  if (typeof smoothing === 'object') {
    switch (smoothing.method) {
      case 'ema':
        return `EMA ${smoothing.weight ?? DEFAULT_SMOOTHING_WEIGHT}`;
      case 'twema':
        return `time-weighted EMA ${smoothing.weight ?? DEFAULT_SMOOTHING_WEIGHT}`;
      case 'running_average':
        return `running average ±${smoothing.window ?? 5} points`;
      case 'gaussian':
        return `Gaussian σ ${smoothing.sigma ?? 5} steps`;
    }
  }
  const weight = smoothing ?? DEFAULT_SMOOTHING_WEIGHT;
  // Sparse mini-batch validation points use the time-weighted EMA of the same weight.
  return sparseSmoothed ? `EMA ${weight}; time-weighted for mini-batch valid` : `EMA ${weight}`;
}

/** The model and hyperparameters, skipping what is unknown or already in the title. */
function subtitleOf(data: MetricsData, title: string): string | null {
  const job = data.job;
  const parts: string[] = [];
  if (job.model !== null && !title.includes(job.model)) parts.push(job.model);
  if (job.method !== null) parts.push(job.method);
  if (job.nEpochs !== null) parts.push(`${job.nEpochs} epoch${job.nEpochs === 1 ? '' : 's'}`);
  if (job.batchSize !== null) parts.push(`batch size ${job.batchSize}`);
  if (job.learningRateMultiplier !== null) parts.push(`LR multiplier ${job.learningRateMultiplier}`);
  if (job.beta !== null) parts.push(`β ${job.beta}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/**
 * The y axis of a panel. With `ignoreOutliers`, the raw values' 5th–95th percentile range, widened
 * to every smoothed and epoch-end point; raw points outside the nice domain are listed as clipped.
 */
function yAxisOf(
  series: readonly ChartSeries[],
  fullRaw: ReadonlyMap<ChartSeries, readonly SeriesPoint[]>,
  ignoreOutliers: boolean,
): ChartYAxis {
  const values: number[] = [];
  const kept: number[] = [];
  for (const entry of series) {
    for (const point of fullRaw.get(entry) ?? entry.raw) values.push(point.value);
    for (const point of entry.smoothed ?? []) kept.push(point.value);
    if (entry.role === 'full_valid' || entry.raw.length < 3)
      for (const point of entry.raw) kept.push(point.value);
  }
  const all = [...values, ...kept];
  if (all.length === 0) {
    const ticks = niceTicks(0, 1, 5);
    return { ...ticks, clippedAbove: [], clippedBelow: [], clippedNote: null };
  }
  let low = all.reduce((min, value) => Math.min(min, value), Number.POSITIVE_INFINITY);
  let high = all.reduce((max, value) => Math.max(max, value), Number.NEGATIVE_INFINITY);
  const range = ignoreOutliers && values.length >= 20 ? outlierRange(values) : null;
  if (range) {
    low = kept.reduce((min, value) => Math.min(min, value), range[0]);
    high = kept.reduce((max, value) => Math.max(max, value), range[1]);
  }
  const ticks = niceTicks(low, high, 5);
  const [y0, y1] = ticks.domain;
  const clippedAbove: ClippedPoint[] = [];
  const clippedBelow: ClippedPoint[] = [];
  for (const entry of series) {
    for (const point of fullRaw.get(entry) ?? entry.raw) {
      const clipped = { metric: entry.metric, label: entry.label, step: point.step, value: point.value };
      if (point.value > y1) clippedAbove.push(clipped);
      else if (point.value < y0) clippedBelow.push(clipped);
    }
  }
  const byStep = (a: ClippedPoint, b: ClippedPoint): number => a.step - b.step;
  clippedAbove.sort(byStep);
  clippedBelow.sort(byStep);
  const note = (list: readonly ClippedPoint[], side: 'above' | 'below'): string | null => {
    if (list.length === 0) return null;
    const edge = side === 'above' ? y1 : y0;
    const extreme = list.reduce(
      (best, point) => (side === 'above' ? Math.max(best, point.value) : Math.min(best, point.value)),
      edge,
    );
    return `${list.length} raw point${list.length === 1 ? '' : 's'} ${side} ${formatNumber(edge)} not shown (${side === 'above' ? 'max' : 'min'} ${formatNumber(extreme)})`;
  };
  const notes = [note(clippedAbove, 'above'), note(clippedBelow, 'below')].filter(
    (text): text is string => text !== null,
  );
  return { ...ticks, clippedAbove, clippedBelow, clippedNote: notes.length > 0 ? notes.join('; ') : null };
}

/** The best retained checkpoint, on the panel of its ranking metric. */
function bestOf(data: MetricsData, panels: readonly ChartPanel[]): ChartBestCheckpoint | null {
  if (data.checkpoints.length === 0) return null;
  const { best, criterion } = rankCheckpoints(data);
  if (!best) return null;
  const metric = best.value === null ? null : criterion;
  const panel =
    metric === null
      ? null
      : (panels.find((entry) => entry.series.some((series) => series.metric === metric))?.id ?? null);
  const where = `step ${best.step}${best.epoch === null ? '' : ` (epoch ${best.epoch})`}`;
  return {
    step: best.step,
    epoch: best.epoch,
    model: best.model,
    metric,
    value: metric === null ? null : best.value,
    panel,
    label: `best: ${where}${metric === null ? '' : `, ${metric} ${formatNumber(best.value as number)}`}`,
  };
}

/**
 * Builds the chart model of merged metrics.
 *
 * @param data - Merged metrics.
 * @param options - Metrics, smoothing, title and outlier handling.
 * @returns Panels (only those with data) with their y axes, epoch ends, checkpoints (the best one
 *   flagged), the smoothing label, the subtitle and the x range.
 */
export function buildChartModel(data: MetricsData, options: ChartOptions = {}): ChartModel {
  const wanted = options.metrics ?? DEFAULT_METRICS;
  const maxPoints = Math.max(4, Math.floor(options.maxPoints ?? 2000));
  const panels = new Map<ChartPanelId, ChartSeries[]>();
  const fullRaw = new Map<ChartSeries, readonly SeriesPoint[]>();
  let extraColor = 0;
  let sparseSmoothed = false;
  let anySmoothed = false;
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
    if (smoothed) {
      anySmoothed = true;
      if (role === 'valid') sparseSmoothed = true;
    }
    const series: ChartSeries = {
      metric,
      label: standard ? labelOf(metric, role) : (ownMetric(FRIENDLY_LABELS, metric) ?? metric),
      role,
      color,
      raw: decimateMinMax(raw, maxPoints),
      smoothed: smoothed === null ? null : decimateMinMax(smoothed, maxPoints),
    };
    fullRaw.set(series, raw);
    list.push(series);
    panels.set(panel, list);
  }
  const order: ChartPanelId[] = ['loss', 'accuracy', 'reward', 'tokens', 'other'];
  const ignoreOutliers = options.ignoreOutliers ?? true;
  const chartPanels: ChartPanel[] = order
    .filter((id) => panels.has(id))
    .map((id) => {
      const series = panels.get(id) ?? [];
      return {
        id,
        title: PANEL_TITLES[id][0],
        yLabel: PANEL_TITLES[id][1],
        series,
        y: yAxisOf(series, fullRaw, ignoreOutliers),
      };
    });
  const firstStep = data.coverage.firstStep ?? 1;
  const lastStep = Math.max(data.totalSteps ?? 0, data.coverage.lastStep ?? 0, firstStep + 1);
  const epochEnds = data.epochs
    .filter((epoch) => epoch.endStep < lastStep)
    .map((epoch) => ({ step: epoch.endStep, epoch: epoch.epoch }));
  const best = bestOf(data, chartPanels);
  const checkpoints = data.checkpoints.map((checkpoint) => ({
    step: checkpoint.step,
    label: checkpoint.model ?? checkpoint.id ?? `checkpoint at step ${checkpoint.step}`,
    best: best !== null && checkpoint.step === best.step,
  }));
  const title =
    options.title ??
    ([data.job.id, data.job.model].filter((part): part is string => part !== null).join(' · ') ||
      'Fine-tuning metrics');
  return {
    title,
    subtitle: subtitleOf(data, title),
    smoothing: anySmoothed ? smoothingLabel(options.smoothing, sparseSmoothed) : null,
    best,
    panels: chartPanels,
    epochEnds,
    checkpoints,
    xDomain: [Math.min(1, firstStep), lastStep],
  };
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
