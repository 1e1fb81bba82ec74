/**
 * The options of `metrics.diagnose()` and the context the individual diagnostics read. Internal
 * apart from the options types.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { type EpochAggregate, epochAggregates, seriesPoints } from './epoch-aggregates.js';
import type { FindingCode } from './finding-codes.js';
import type { MetricsData } from './metrics-data.js';
import type { SeriesPoint } from './series.js';
import { smoothEma } from './smooth.js';

/** Thresholds of the diagnostics. Every field is optional; defaults are listed in docs/metrics.md ("Diagnostics"). */
export interface DiagnoseOptions {
  /**
   * Overfit ratio bands (full-validation loss / epoch-mean train loss).
   * @default { mild: 1.2, moderate: 1.5, severe: 2.0 }
   */
  readonly overfitBands?: { readonly mild: number; readonly moderate: number; readonly severe: number };
  /** Relative worsening of the final validation value over the best that warns. @default 0.2 */
  readonly finalVsBest?: number;
  /** Train loss at or below which the last epoch counts as memorised. @default 0.02 */
  readonly memorizationLoss?: number;
  /** Token accuracy at or above which the last epoch counts as memorised. @default 0.995 */
  readonly memorizationAccuracy?: number;
  /** Relative drop of train loss (first vs last 10% of points) below which the learning rate looks too low. @default 0.05 */
  readonly minRelativeDrop?: number;
  /** Share of training within which a crash to ~0 looks like a too-high learning rate. @default 0.1 */
  readonly fastDropFraction?: number;
  /** A loss at or below this counts as ~0. @default 0.05 */
  readonly nearZeroLoss?: number;
  /** A spike lies more than this many scaled MADs above the rolling median. @default 6 */
  readonly spikeThreshold?: number;
  /** Points on each side of the rolling median window for spikes. @default 10 */
  readonly spikeWindow?: number;
  /** Evaluations without improvement that make a plateau. @default 3 */
  readonly patience?: number;
  /** Improvement smaller than this does not count (absolute, in metric units). @default 0 */
  readonly minDelta?: number;
  /**
   * Absolute train-loss level above which the run counts as diverged. `null`: the smoothed loss
   * ends above max(2 × best, best + 5% of the start).
   * @default null
   */
  readonly divergenceThreshold?: number | null;
  /** Relative dispersion of mini-batch valid_loss around its trend that counts as oscillating. @default 0.3 */
  readonly oscillation?: number;
  /** valid / train ratio at the first evaluation that hints at a distribution mismatch. @default 1.5 */
  readonly gapFromStartRatio?: number;
  /** Train − valid reward gap that, with rising train and flat valid reward, suggests reward hacking. @default 0.1 */
  readonly rewardHackingGap?: number;
  /** Growth of reasoning/completion tokens over their first value that warns. @default 3 */
  readonly tokenDriftRatio?: number;
  /** Mean rate of other/server/runtime grader errors that warns. @default 0.01 */
  readonly graderErrorRate?: number;
  /** Mean rate of sample parse errors that warns (info if the reward still climbs). @default 0.1 */
  readonly parseErrorRate?: number;
  /** EMA weight used to denoise train curves inside the diagnostics. @default 0.6 */
  readonly smoothingWeight?: number;
  /** Report only these codes. */
  readonly include?: readonly FindingCode[];
  /** Never report these codes. */
  readonly exclude?: readonly FindingCode[];
}

/** The options with defaults filled in. */
export type ResolvedDiagnoseOptions = Required<
  Omit<DiagnoseOptions, 'include' | 'exclude' | 'divergenceThreshold'>
> & {
  readonly divergenceThreshold: number | null;
  readonly include: readonly FindingCode[] | null;
  readonly exclude: readonly FindingCode[];
};

/** The default thresholds. */
export const DIAGNOSE_DEFAULTS: Readonly<Omit<ResolvedDiagnoseOptions, 'include' | 'exclude'>> =
  Object.freeze({
    overfitBands: Object.freeze({ mild: 1.2, moderate: 1.5, severe: 2.0 }),
    finalVsBest: 0.2,
    memorizationLoss: 0.02,
    memorizationAccuracy: 0.995,
    minRelativeDrop: 0.05,
    fastDropFraction: 0.1,
    nearZeroLoss: 0.05,
    spikeThreshold: 6,
    spikeWindow: 10,
    patience: 3,
    minDelta: 0,
    divergenceThreshold: null,
    oscillation: 0.3,
    gapFromStartRatio: 1.5,
    rewardHackingGap: 0.1,
    tokenDriftRatio: 3,
    graderErrorRate: 0.01,
    parseErrorRate: 0.1,
    smoothingWeight: 0.6,
  });

function checkNumber(name: string, value: unknown, { min = 0, integer = false } = {}): void {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    (integer && !Number.isInteger(value))
  ) {
    throw new FinetuneKitUsageError(
      `diagnose: options.${name} must be a finite ${integer ? 'integer' : 'number'} ≥ ${min}, got ${JSON.stringify(value)}.`,
      `options.${name}`,
    );
  }
}

/**
 * Fills in defaults and validates the options.
 *
 * @throws {FinetuneKitUsageError} When an option is not a finite number in range (names the option).
 */
export function resolveDiagnoseOptions(options: DiagnoseOptions = {}): ResolvedDiagnoseOptions {
  const resolved = {
    ...DIAGNOSE_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
  } as ResolvedDiagnoseOptions & { include?: readonly FindingCode[]; exclude?: readonly FindingCode[] };
  for (const key of Object.keys(DIAGNOSE_DEFAULTS) as (keyof typeof DIAGNOSE_DEFAULTS)[]) {
    const value = resolved[key];
    if (key === 'overfitBands') {
      const bands = value as ResolvedDiagnoseOptions['overfitBands'];
      for (const band of ['mild', 'moderate', 'severe'] as const)
        checkNumber(`overfitBands.${band}`, bands?.[band]);
      if (!(bands.mild <= bands.moderate && bands.moderate <= bands.severe)) {
        throw new FinetuneKitUsageError(
          'diagnose: options.overfitBands must satisfy mild ≤ moderate ≤ severe.',
          'options.overfitBands',
        );
      }
    } else if (key === 'divergenceThreshold') {
      if (value !== null) checkNumber(key, value);
    } else
      checkNumber(key, value, {
        integer: key === 'patience' || key === 'spikeWindow',
        min: key === 'patience' ? 1 : 0,
      });
  }
  return { ...resolved, include: options.include ?? null, exclude: options.exclude ?? [] };
}

/** What every diagnostic reads. */
export interface DiagnoseContext {
  readonly data: MetricsData;
  readonly options: ResolvedDiagnoseOptions;
  readonly reinforcement: boolean;
  readonly epochs: readonly EpochAggregate[];
  /** Finite points of a metric. */
  series(name: string): SeriesPoint[];
  /** Finite points of a metric, EMA-smoothed with `options.smoothingWeight`. */
  smoothed(name: string): SeriesPoint[];
  /** Step extent of the run: total steps, else the last step. */
  readonly extent: number | null;
}

/** Builds the context (series are computed once per name). */
export function diagnoseContext(data: MetricsData, options: ResolvedDiagnoseOptions): DiagnoseContext {
  const cache = new Map<string, SeriesPoint[]>();
  const smoothCache = new Map<string, SeriesPoint[]>();
  const series = (name: string): SeriesPoint[] => {
    let points = cache.get(name);
    if (!points) {
      points = seriesPoints(data, name).filter((point) => Number.isFinite(point.value));
      cache.set(name, points);
    }
    return points;
  };
  return {
    data,
    options,
    reinforcement: data.job.method === 'reinforcement',
    epochs: epochAggregates(data),
    series,
    smoothed(name) {
      let points = smoothCache.get(name);
      if (!points) {
        points = smoothEma(series(name), options.smoothingWeight);
        smoothCache.set(name, points);
      }
      return points;
    },
    extent: data.totalSteps ?? data.coverage.lastStep,
  };
}
