/**
 * Checkpoint advice: rank the checkpoints the job kept, say which model id
 * to use, and say when the curve's best epoch is older than every retained checkpoint.
 *
 * @module
 */

import { epochOfStep } from './infer-epochs.js';
import { mergeMetricRecords, ownMetric } from './metric-record.js';
import type { MetricsCheckpoint, MetricsData } from './metrics-data.js';
import type { CheckpointLike } from './parse-checkpoint.js';
import { parseCheckpoints } from './parse-checkpoint.js';
import { formatNumber } from './stats.js';

/** The metric checkpoints are ranked by. */
export type CheckpointCriterion = 'full_valid_loss' | 'valid_reward_mean' | 'valid_loss' | 'train_loss';

/** One retained checkpoint with its rank. */
export interface RankedCheckpoint {
  /** 1 = best. Checkpoints without a value for the criterion rank last. */
  readonly rank: number;
  readonly id: string | null;
  /** The model id to call: `ft:…:ckpt-step-N` (or the final model for the last checkpoint). */
  readonly model: string | null;
  readonly step: number;
  readonly epoch: number | null;
  /** True for the job's final model. */
  readonly isFinal: boolean;
  /** The criterion's value, or `null` when neither the checkpoint nor an event has it. */
  readonly value: number | null;
  /** The tie-break value (`full_valid_mean_token_accuracy` for supervised jobs), or `null`. */
  readonly tieBreak: number | null;
  /** Where `value` came from: the checkpoint object, or the event at its step. */
  readonly valueSource: 'checkpoint' | 'events' | null;
}

/** The advice. */
export interface BestCheckpointResult {
  /** The best retained checkpoint, or `null` when the job kept none. */
  readonly best: RankedCheckpoint | null;
  /** Every retained checkpoint, best first. */
  readonly ranked: readonly RankedCheckpoint[];
  readonly criterion: CheckpointCriterion | null;
  /** True when ranking had to use mini-batch `valid_loss` or `train_loss`. */
  readonly noisyCriterion: boolean;
  /** The best point of the whole curve (every epoch end), retained or not. */
  readonly curveBest: { readonly step: number; readonly epoch: number | null; readonly value: number } | null;
  /** False when the curve's best step has no retained checkpoint (SFT keeps only the last 3 epochs). */
  readonly bestRetained: boolean | null;
  /** `n_epochs` for a rerun that ends at the curve's best epoch, when that is fewer than this run's. */
  readonly suggestedEpochs: number | null;
  /** Explanations and caveats, one sentence each. */
  readonly notes: readonly string[];
}

/** The checkpoint list to rank: already merged, or raw API objects to parse. */
export type CheckpointsInput = readonly MetricsCheckpoint[] | readonly CheckpointLike[];

function isMerged(input: CheckpointsInput): input is readonly MetricsCheckpoint[] {
  return input.every((item) => 'values' in item && 'step' in item);
}

/**
 * Ranks retained checkpoints. Supervised: by `full_valid_loss` (lower first), ties broken by
 * `full_valid_mean_token_accuracy`; metrics missing on a checkpoint object are taken from the event
 * at its step. Reinforcement: by `valid_reward_mean` (higher first).
 *
 * @param data - Merged metrics.
 * @param checkpoints - Checkpoints to rank. @default the checkpoints in `data`
 * @returns The ranking, the model id to use and notes.
 */
export function rankCheckpoints(data: MetricsData, checkpoints?: CheckpointsInput): BestCheckpointResult {
  const list: readonly MetricsCheckpoint[] = !checkpoints
    ? data.checkpoints
    : isMerged(checkpoints)
      ? checkpoints
      : parseCheckpoints(checkpoints as readonly CheckpointLike[]).checkpoints.map((checkpoint) => ({
          id: checkpoint.id,
          step: checkpoint.step,
          epoch: epochOfStep(checkpoint.step, data.stepsPerEpoch, data.job.nEpochs),
          model: checkpoint.model,
          createdAt: checkpoint.createdAt,
          values: mergeMetricRecords(checkpoint.values, checkpoint.extra),
        }));
  const reinforcement = data.job.method === 'reinforcement';
  const pointAt = new Map(data.points.map((point) => [point.step, point.values]));
  const metricValue = (
    checkpoint: MetricsCheckpoint,
    name: string,
  ): { value: number | null; source: 'checkpoint' | 'events' | null } => {
    const own = ownMetric(checkpoint.values, name);
    if (own !== undefined && Number.isFinite(own)) return { value: own, source: 'checkpoint' };
    const fromEvents = ownMetric(pointAt.get(checkpoint.step), name);
    if (fromEvents !== undefined && Number.isFinite(fromEvents))
      return { value: fromEvents, source: 'events' };
    return { value: null, source: null };
  };
  const candidates: CheckpointCriterion[] = reinforcement
    ? ['valid_reward_mean']
    : ['full_valid_loss', 'valid_loss', 'train_loss'];
  const criterion =
    candidates.find((name) => list.some((checkpoint) => metricValue(checkpoint, name).value !== null)) ??
    null;
  const higher = criterion === 'valid_reward_mean';
  const tieName =
    criterion === 'full_valid_loss'
      ? 'full_valid_mean_token_accuracy'
      : criterion === 'valid_loss'
        ? 'valid_mean_token_accuracy'
        : null;
  const lastStep = Math.max(0, ...list.map((checkpoint) => checkpoint.step));
  const finalModel = data.job.fineTunedModel;

  const rows = list.map((checkpoint) => {
    const main = criterion ? metricValue(checkpoint, criterion) : { value: null, source: null };
    const tie = tieName ? metricValue(checkpoint, tieName).value : null;
    return {
      id: checkpoint.id,
      model: checkpoint.model,
      step: checkpoint.step,
      epoch: checkpoint.epoch,
      isFinal: (finalModel !== null && checkpoint.model === finalModel) || checkpoint.step === lastStep,
      value: main.value,
      tieBreak: tie,
      valueSource: main.source,
    };
  });
  rows.sort((a, b) => {
    if (a.value === null || b.value === null)
      return (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || b.step - a.step;
    const primary = higher ? b.value - a.value : a.value - b.value;
    if (primary !== 0) return primary;
    if (a.tieBreak !== null && b.tieBreak !== null && a.tieBreak !== b.tieBreak)
      return b.tieBreak - a.tieBreak;
    return b.step - a.step;
  });
  const ranked: RankedCheckpoint[] = rows.map((row, index) => ({ rank: index + 1, ...row }));
  const best = ranked[0] ?? null;

  // The best point of the whole curve, from the reliable series.
  const curveMetric = reinforcement ? 'valid_reward_mean' : 'full_valid_loss';
  let curveBest: BestCheckpointResult['curveBest'] = null;
  for (const point of data.points) {
    const value = ownMetric(point.values, curveMetric);
    if (value === undefined || !Number.isFinite(value)) continue;
    if (curveBest === null || (reinforcement ? value > curveBest.value : value < curveBest.value)) {
      curveBest = { step: point.step, epoch: point.epoch, value };
    }
  }
  const retainedSteps = new Set(list.map((checkpoint) => checkpoint.step));
  const bestRetained = curveBest === null || list.length === 0 ? null : retainedSteps.has(curveBest.step);
  const oldest = list.length === 0 ? null : Math.min(...list.map((checkpoint) => checkpoint.step));
  const nEpochs = data.job.nEpochs;
  const suggestedEpochs =
    !reinforcement && curveBest?.epoch != null && nEpochs !== null && curveBest.epoch < nEpochs
      ? curveBest.epoch
      : null;

  const notes: string[] = [];
  if (list.length === 0) notes.push('The job kept no checkpoints (yet): only the final model can be used.');
  if (best && criterion) {
    notes.push(
      `Best retained checkpoint: step ${best.step}${best.epoch === null ? '' : ` (epoch ${best.epoch})`}, ${criterion} ${formatNumber(best.value ?? Number.NaN)}${best.isFinal ? ', which is the final model' : ''}.`,
    );
  }
  if (criterion === 'valid_loss') {
    notes.push(
      'Ranked by mini-batch valid_loss because no checkpoint has full_valid_loss: one batch can be off by 10×.',
    );
  } else if (criterion === 'train_loss') {
    notes.push(
      'Ranked by train_loss because there are no validation metrics: this favours overfitted checkpoints.',
    );
  }
  if (curveBest && bestRetained === false && oldest !== null && curveBest.step < oldest) {
    notes.push(
      `The curve's best ${curveMetric} (${formatNumber(curveBest.value)} at step ${curveBest.step}${curveBest.epoch === null ? '' : `, epoch ${curveBest.epoch}`}) is older than the oldest retained checkpoint (step ${oldest}): ${reinforcement ? 'only the top 3 by valid_reward_mean are kept' : 'only the last 3 epochs are kept'}.`,
    );
  }
  if (suggestedEpochs !== null)
    notes.push(`Rerun with n_epochs = ${suggestedEpochs} to end training at the best epoch.`);
  if (reinforcement) {
    notes.push(
      'Consider deploying the peak-validation, the final and one mid-training checkpoint, and compare them on your eval.',
    );
  }
  notes.push(
    'Lower validation loss does not always mean better outputs: evaluate samples (or use Evals) before switching models.',
  );

  return {
    best,
    ranked,
    criterion,
    noisyCriterion: criterion === 'valid_loss' || criterion === 'train_loss',
    curveBest,
    bestRetained,
    suggestedEpochs,
    notes,
  };
}
