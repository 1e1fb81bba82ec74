/**
 * Per-epoch aggregates: the epoch mean of the noisy per-batch metrics, the full-validation values
 * at epoch ends, and min/max/last of every metric.
 *
 * @module
 */
import { metricRecord, ownMetric } from './metric-record.js';
import type { MetricsData, MetricsPoint } from './metrics-data.js';
import type { SeriesPoint } from './series.js';

/** Aggregates of one metric within one epoch (finite values only). */
export interface MetricAggregate {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** The last value in the epoch (for `full_valid_*`, the value at the epoch end). */
  readonly last: number;
  readonly lastStep: number;
  readonly count: number;
}

/** One epoch with its aggregates. */
export interface EpochAggregate {
  readonly epoch: number;
  readonly startStep: number;
  readonly endStep: number;
  /** True when the data reaches the epoch's last step. */
  readonly complete: boolean;
  /** Mean of `train_loss` over the epoch (per-batch loss is noisy: compare epochs by this). */
  readonly trainLoss: number | null;
  /** Mean of `train_mean_token_accuracy` over the epoch. */
  readonly trainAccuracy: number | null;
  /** Mean of the mini-batch `valid_loss` values in the epoch. */
  readonly validLoss: number | null;
  /** `full_valid_loss` at the end of the epoch. */
  readonly fullValidLoss: number | null;
  /** `full_valid_mean_token_accuracy` at the end of the epoch. */
  readonly fullValidAccuracy: number | null;
  /** Mean of `train_reward_mean` over the epoch (reinforcement). */
  readonly trainReward: number | null;
  /** Mean of `valid_reward_mean` over the epoch (reinforcement). */
  readonly validReward: number | null;
  /** Every metric's aggregates. */
  readonly metrics: Readonly<Record<string, MetricAggregate>>;
}

/**
 * The points of one metric from merged data.
 *
 * @param data - Merged metrics data.
 * @param name - Metric name.
 * @returns `{ step, value, epoch }` for each step that has the metric.
 */
export function seriesPoints(data: Pick<MetricsData, 'points'>, name: string): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const point of data.points) {
    const value = ownMetric(point.values, name);
    if (value !== undefined) out.push({ step: point.step, value, epoch: point.epoch });
  }
  return out;
}

/**
 * Aggregates of each metric over a set of points.
 *
 * @param points - The points of one window (e.g. one epoch).
 * @returns Aggregates by metric name.
 */
function aggregatePoints(points: readonly MetricsPoint[]): Record<string, MetricAggregate> {
  const sums = new Map<
    string,
    { sum: number; min: number; max: number; last: number; lastStep: number; count: number }
  >();
  for (const point of points) {
    for (const [name, value] of Object.entries(point.values)) {
      if (!Number.isFinite(value)) continue;
      const entry = sums.get(name);
      if (!entry)
        sums.set(name, { sum: value, min: value, max: value, last: value, lastStep: point.step, count: 1 });
      else {
        entry.sum += value;
        entry.min = Math.min(entry.min, value);
        entry.max = Math.max(entry.max, value);
        entry.last = value;
        entry.lastStep = point.step;
        entry.count += 1;
      }
    }
  }
  const result = metricRecord<MetricAggregate>();
  for (const [name, entry] of sums) {
    result[name] = {
      mean: entry.sum / entry.count,
      min: entry.min,
      max: entry.max,
      last: entry.last,
      lastStep: entry.lastStep,
      count: entry.count,
    };
  }
  return result;
}

/**
 * Aggregates per epoch. Empty when the epoch boundaries are unknown.
 *
 * @param data - Merged metrics data.
 * @returns One entry per epoch, including epochs without data yet (aggregates `null`).
 */
export function epochAggregates(data: Pick<MetricsData, 'points' | 'epochs'>): EpochAggregate[] {
  return data.epochs.map((epoch) => {
    const metrics = aggregatePoints(data.points.filter((point) => point.epoch === epoch.epoch));
    const mean = (name: string): number | null => ownMetric(metrics, name)?.mean ?? null;
    const atEnd = (name: string): number | null => ownMetric(metrics, name)?.last ?? null;
    return {
      ...epoch,
      trainLoss: mean('train_loss'),
      trainAccuracy: mean('train_mean_token_accuracy'),
      validLoss: mean('valid_loss'),
      fullValidLoss: atEnd('full_valid_loss'),
      fullValidAccuracy: atEnd('full_valid_mean_token_accuracy'),
      trainReward: mean('train_reward_mean'),
      validReward: mean('valid_reward_mean'),
      metrics,
    };
  });
}
