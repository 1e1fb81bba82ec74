/**
 * Early-stopping replay on a finished curve: when would Keras, Lightning or
 * Hugging Face have stopped this run, how much training came after that point, and how many epochs
 * should the next run use. OpenAI has no server-side early stopping, so this is the answer to
 * "could I have stopped earlier?".
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { safeResolveModel } from '../models/index.js';
import { seriesPoints } from './epoch-aggregates.js';
import { epochOfStep } from './infer-epochs.js';
import { type MetricName, metricDefinition } from './metric-names.js';
import type { MetricsData } from './metrics-data.js';
import type { SeriesPoint } from './series.js';
import { formatNumber, formatPercent } from './stats.js';

/** Whose early-stopping rules to replay. */
export type EarlyStoppingSemantics = 'keras' | 'lightning' | 'hf';

/** Options of `metrics.earlyStopping()`. */
export interface EarlyStoppingOptions {
  /** Rules to replay. @default 'keras' */
  readonly semantics?: EarlyStoppingSemantics;
  /**
   * Evaluations without improvement before stopping. Counts epochs (Keras), validation checks
   * (Lightning) or evaluation calls (HF); here every point of the monitored series is one evaluation.
   * @default 0 for keras, 3 for lightning, 1 for hf (each library's default)
   */
  readonly patience?: number;
  /** Minimum change that counts as an improvement (HF: `early_stopping_threshold`). @default 0 */
  readonly minDelta?: number;
  /**
   * The metric to monitor.
   * @default 'full_valid_loss', else 'valid_reward_mean', else 'valid_loss' (noisy), whichever has data
   */
  readonly monitor?: MetricName;
  /** `auto` takes the direction from the metric (losses: min; accuracies, rewards: max). @default 'auto' */
  readonly mode?: 'min' | 'max' | 'auto';
  /** Keras `baseline`: the wait counter only resets on values better than this. @default null */
  readonly baseline?: number | null;
  /** Keras `start_from_epoch`: evaluations to skip before monitoring. @default 0 */
  readonly startFromEpoch?: number;
  /** Lightning `stopping_threshold`: stop as soon as the value is better than this. @default null */
  readonly stoppingThreshold?: number | null;
  /** Lightning `divergence_threshold`: stop as soon as the value is worse than this. @default null */
  readonly divergenceThreshold?: number | null;
  /** Lightning `check_finite`: stop on NaN or Infinity. @default true */
  readonly checkFinite?: boolean;
  /** Trained tokens per epoch (e.g. from the dataset estimate), when the job's `trained_tokens` is unknown. */
  readonly tokensPerEpoch?: number;
  /** Training price in USD per 1M tokens. @default the model table's price for the job's model */
  readonly pricePer1MTokens?: number;
}

/** Why the replay stopped. */
export type EarlyStoppingReason = 'patience' | 'non_finite' | 'stopping_threshold' | 'divergence_threshold';

/** The result of an early-stopping replay. */
export interface EarlyStoppingResult {
  readonly semantics: EarlyStoppingSemantics;
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly patience: number;
  readonly minDelta: number;
  /** Number of evaluations (points of the monitored series). */
  readonly evaluations: number;
  /** True when the monitor is the mini-batch `valid_loss` (noisy, so the replay is rough). */
  readonly noisyMonitor: boolean;
  readonly stopped: boolean;
  readonly stopReason: EarlyStoppingReason | null;
  /** The evaluation step at which training would have stopped. */
  readonly stopStep: number | null;
  readonly stopEpoch: number | null;
  /** The best evaluation (what `restore_best_weights` / `load_best_model_at_end` would keep). */
  readonly best: { readonly step: number; readonly epoch: number | null; readonly value: number } | null;
  readonly totalSteps: number | null;
  /** Training steps after the stop point. */
  readonly stepsAfterStop: number;
  /** Share of the run's training (and so of its trained tokens) after the stop point, 0–1. */
  readonly shareAfterStop: number;
  /** Tokens trained after the stop point, when the token count is known. */
  readonly tokensAfterStop: number | null;
  /** What `tokensAfterStop` is based on. */
  readonly tokenBasis: 'trained_tokens' | 'tokens_per_epoch' | 'steps';
  /** Cost of the training after the stop point, when the price is known. */
  readonly costAfterStopUsd: number | null;
  /** `n_epochs` for the next run: the epoch of the best evaluation (or all epochs if still improving). */
  readonly recommendedEpochs: number | null;
  /** One or two sentences for people. */
  readonly message: string;
}

const DEFAULT_PATIENCE: Readonly<Record<EarlyStoppingSemantics, number>> = { keras: 0, lightning: 3, hf: 1 };
const DEFAULT_MONITORS = ['full_valid_loss', 'valid_reward_mean', 'valid_loss'] as const;

function checkOption(name: string, value: unknown, integer = false): void {
  if (value === undefined || value === null) return;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (integer && (!Number.isInteger(value) || value < 0))
  ) {
    throw new FinetuneKitUsageError(
      `earlyStopping: options.${name} must be a finite ${integer ? 'non-negative integer' : 'number'}, got ${JSON.stringify(value)}.`,
      `options.${name}`,
    );
  }
}

interface Replay {
  stopIndex: number | null;
  reason: EarlyStoppingReason | null;
  bestIndex: number | null;
}

function replay(
  points: readonly SeriesPoint[],
  semantics: EarlyStoppingSemantics,
  options: Required<
    Pick<EarlyStoppingOptions, 'patience' | 'minDelta' | 'startFromEpoch' | 'checkFinite'>
  > & {
    lower: boolean;
    baseline: number | null;
    stoppingThreshold: number | null;
    divergenceThreshold: number | null;
  },
): Replay {
  const { patience, minDelta, lower } = options;
  // `improves(a, b)`: a is better than b by more than minDelta. Keras and Lightning negate min_delta
  // in min mode and test monitor_op(a − min_delta, b), i.e. a < b − |min_delta|.
  const improves = (value: number, reference: number): boolean =>
    lower ? value + minDelta < reference : value - minDelta > reference;
  const strictlyBetter = (value: number, reference: number): boolean =>
    lower ? value < reference : value > reference;
  let best = lower ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let bestIndex: number | null = null;
  let wait = 0;
  for (let index = 0; index < points.length; index += 1) {
    const value = (points[index] as SeriesPoint).value;
    if (semantics === 'keras') {
      // keras.callbacks.EarlyStopping.on_epoch_end; a NaN is simply not an improvement.
      if (index < options.startFromEpoch) continue;
      wait += 1;
      if (improves(value, best)) {
        best = value;
        bestIndex = index;
        if (options.baseline === null || improves(value, options.baseline)) wait = 0;
        continue;
      }
      if (wait >= patience && index > 0) return { stopIndex: index, reason: 'patience', bestIndex };
    } else if (semantics === 'lightning') {
      // lightning.pytorch.callbacks.EarlyStopping._evaluate_stopping_criteria
      if (options.checkFinite && !Number.isFinite(value))
        return { stopIndex: index, reason: 'non_finite', bestIndex };
      if (options.stoppingThreshold !== null && strictlyBetter(value, options.stoppingThreshold)) {
        if (bestIndex === null || strictlyBetter(value, best)) bestIndex = index;
        return { stopIndex: index, reason: 'stopping_threshold', bestIndex };
      }
      if (options.divergenceThreshold !== null && strictlyBetter(options.divergenceThreshold, value)) {
        return { stopIndex: index, reason: 'divergence_threshold', bestIndex };
      }
      if (improves(value, best)) {
        best = value;
        bestIndex = index;
        wait = 0;
      } else {
        wait += 1;
        if (wait >= patience) return { stopIndex: index, reason: 'patience', bestIndex };
      }
    } else {
      // transformers.EarlyStoppingCallback.check_metric_value; the Trainer updates best_metric on
      // any strict improvement, while the counter only resets beyond the threshold.
      const firstOrBetter =
        bestIndex === null || (strictlyBetter(value, best) && Math.abs(value - best) > minDelta);
      if (firstOrBetter) wait = 0;
      else wait += 1;
      if (bestIndex === null || strictlyBetter(value, best)) {
        best = value;
        bestIndex = index;
      }
      if (wait >= patience) return { stopIndex: index, reason: 'patience', bestIndex };
    }
  }
  return { stopIndex: null, reason: null, bestIndex };
}

/**
 * Replays early stopping on the monitored series.
 *
 * @param data - Merged metrics.
 * @param options - See {@link EarlyStoppingOptions}.
 * @returns When training would have stopped, what came after, and `n_epochs` for the next run.
 * @throws {FinetuneKitUsageError} On an unknown semantics or a non-numeric option.
 */
export function replayEarlyStopping(
  data: MetricsData,
  options: EarlyStoppingOptions = {},
): EarlyStoppingResult {
  const semantics = options.semantics ?? 'keras';
  if (!['keras', 'lightning', 'hf'].includes(semantics)) {
    throw new FinetuneKitUsageError(
      `earlyStopping: options.semantics must be 'keras', 'lightning' or 'hf', got ${JSON.stringify(semantics)}.`,
      'options.semantics',
    );
  }
  checkOption('patience', options.patience, true);
  checkOption('startFromEpoch', options.startFromEpoch, true);
  for (const name of [
    'minDelta',
    'baseline',
    'stoppingThreshold',
    'divergenceThreshold',
    'tokensPerEpoch',
    'pricePer1MTokens',
  ] as const) {
    checkOption(name, options[name]);
  }
  const monitor =
    options.monitor ??
    DEFAULT_MONITORS.find((name) => seriesPoints(data, name).length >= 2) ??
    DEFAULT_MONITORS[0];
  const points = seriesPoints(data, monitor);
  const definition = metricDefinition(monitor);
  const mode =
    options.mode === 'min' || options.mode === 'max'
      ? options.mode
      : definition.better === 'higher'
        ? 'max'
        : 'min';
  const patience = options.patience ?? DEFAULT_PATIENCE[semantics];
  const minDelta = Math.abs(options.minDelta ?? 0);
  const result = replay(points, semantics, {
    patience,
    minDelta,
    lower: mode === 'min',
    startFromEpoch: options.startFromEpoch ?? 0,
    checkFinite: options.checkFinite ?? true,
    baseline: options.baseline ?? null,
    stoppingThreshold: options.stoppingThreshold ?? null,
    divergenceThreshold: options.divergenceThreshold ?? null,
  });

  const totalSteps = data.totalSteps ?? data.coverage.lastStep;
  const stopPoint = result.stopIndex === null ? null : (points[result.stopIndex] as SeriesPoint);
  const bestPoint = result.bestIndex === null ? null : (points[result.bestIndex] as SeriesPoint);
  const stepsAfterStop = stopPoint && totalSteps !== null ? Math.max(0, totalSteps - stopPoint.step) : 0;
  const shareAfterStop = totalSteps ? stepsAfterStop / totalSteps : 0;
  const { trainedTokens, nEpochs } = data.job;
  let tokenBasis: EarlyStoppingResult['tokenBasis'] = 'steps';
  let tokensAfterStop: number | null = null;
  if (trainedTokens !== null) {
    tokenBasis = 'trained_tokens';
    tokensAfterStop = Math.round(trainedTokens * shareAfterStop);
  } else if (options.tokensPerEpoch !== undefined && nEpochs !== null) {
    tokenBasis = 'tokens_per_epoch';
    tokensAfterStop = Math.round(options.tokensPerEpoch * nEpochs * shareAfterStop);
  }
  const price =
    options.pricePer1MTokens ??
    (data.job.model ? (safeResolveModel(data.job.model)?.trainingPricePer1M ?? null) : null);
  const costAfterStopUsd =
    tokensAfterStop !== null && price !== null ? (tokensAfterStop * price) / 1e6 : null;

  const epochOf = (step: number): number | null => epochOfStep(step, data.stepsPerEpoch, nEpochs);
  const stillImproving =
    bestPoint !== null && result.bestIndex === points.length - 1 && result.stopIndex === null;
  const recommendedEpochs = bestPoint === null ? null : stillImproving ? nEpochs : epochOf(bestPoint.step);
  const noisyMonitor = monitor === 'valid_loss';

  let message: string;
  if (points.length === 0) {
    message = `No ${monitor} values to monitor: early stopping cannot be replayed without validation metrics.`;
  } else if (!stopPoint) {
    message = `${semantics} early stopping (patience ${patience}) would not have stopped this run on ${monitor}${stillImproving ? '; it was still improving at the end, so more epochs might help' : ''}.`;
  } else {
    const tokens = tokensAfterStop === null ? '' : `, ${tokensAfterStop.toLocaleString('en-US')} tokens`;
    const cost = costAfterStopUsd === null ? '' : ` ≈ $${costAfterStopUsd.toFixed(2)}`;
    message =
      `${semantics} early stopping (patience ${patience}) would have stopped at step ${stopPoint.step}` +
      `${epochOf(stopPoint.step) === null ? '' : ` (epoch ${epochOf(stopPoint.step)})`}: ${stepsAfterStop} of ${totalSteps} steps ` +
      `(≈ ${formatPercent(shareAfterStop)} of trained tokens${tokens}${cost}) came after it.` +
      (bestPoint ? ` Best ${monitor} ${formatNumber(bestPoint.value)} at step ${bestPoint.step}.` : '');
  }
  if (noisyMonitor && points.length > 0)
    message += ' (Monitored the noisy mini-batch valid_loss: treat as rough.)';

  return {
    semantics,
    monitor,
    mode,
    patience,
    minDelta,
    evaluations: points.length,
    noisyMonitor,
    stopped: stopPoint !== null,
    stopReason: result.reason,
    stopStep: stopPoint?.step ?? null,
    stopEpoch: stopPoint ? epochOf(stopPoint.step) : null,
    best: bestPoint ? { step: bestPoint.step, epoch: epochOf(bestPoint.step), value: bestPoint.value } : null,
    totalSteps,
    stepsAfterStop,
    shareAfterStop,
    tokensAfterStop,
    tokenBasis,
    costAfterStopUsd,
    recommendedEpochs,
    message,
  };
}
