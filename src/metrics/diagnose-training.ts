/**
 * Diagnostics that apply to any job: non-finite values, spikes, plateau, divergence, learning-rate
 * hints, final vs best, missing validation, partial runs and source mismatches.
 *
 * @module
 */

import type { DiagnoseContext } from './diagnose-context.js';
import { finding, type MetricsFinding } from './finding-codes.js';
import { ownMetric } from './metric-record.js';
import type { SeriesPoint } from './series.js';
import { outlierRange } from './smooth.js';
import { formatNumber, formatPercent, mean, median, scaledMad } from './stats.js';

const VALIDATION_METRICS = [
  'valid_loss',
  'valid_mean_token_accuracy',
  'full_valid_loss',
  'full_valid_mean_token_accuracy',
  'valid_reward_mean',
];

/** The main training curve: train loss, or train reward for reinforcement jobs. */
function trainMetric(context: DiagnoseContext): 'train_loss' | 'train_reward_mean' {
  return context.reinforcement ? 'train_reward_mean' : 'train_loss';
}

/** NaN or ±Infinity anywhere is an error (Lightning's check_finite). */
export function diagnoseNonFinite(context: DiagnoseContext): MetricsFinding[] {
  const steps: number[] = [];
  const metrics = new Set<string>();
  let count = 0;
  for (const point of context.data.points) {
    let bad = false;
    for (const [name, value] of Object.entries(point.values)) {
      if (Number.isFinite(value)) continue;
      bad = true;
      count += 1;
      metrics.add(name);
    }
    if (bad) steps.push(point.step);
  }
  if (steps.length === 0) return [];
  const names = [...metrics];
  return [
    finding('non_finite_values', {
      steps,
      message: `NaN or Infinity in ${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''} at ${steps.length} step${steps.length > 1 ? 's' : ''} (first at step ${steps[0]}).`,
      suggestion:
        'Training went numerically wrong: lower learning_rate_multiplier, check the examples trained around these steps, and use a checkpoint from before the first bad step.',
      evidence: { metrics: names, count },
    }),
  ];
}

/** A job that is not `succeeded`, or data that stops before total_steps, gives partial series. */
export function diagnoseIncomplete(context: DiagnoseContext): MetricsFinding[] {
  const { status } = context.data.job;
  const { lastStep } = context.data.coverage;
  const totalSteps = context.data.totalSteps;
  const short = totalSteps !== null && lastStep !== null && lastStep < totalSteps;
  if ((status === null || status === 'succeeded') && !short) return [];
  if (status === null && !short) return [];
  const progress =
    totalSteps !== null && lastStep !== null
      ? ` at step ${lastStep} of ${totalSteps} (${formatPercent(lastStep / totalSteps)})`
      : '';
  const ended = status === 'failed' || status === 'cancelled';
  const message =
    status === 'succeeded'
      ? `The job succeeded but its metrics stop${progress}.`
      : ended
        ? `The job ${status === 'failed' ? 'failed' : 'was cancelled'}${progress}: the series are partial.`
        : `The job is ${status ?? 'in an unknown state'}${progress}: the series are partial.`;
  return [
    finding('incomplete_run', {
      steps: lastStep === null ? [] : [lastStep],
      message,
      suggestion: ended
        ? 'Compare only completed epochs; the last checkpoint before the stop can still be used.'
        : 'Diagnose again when the job has finished (or archive it then).',
      evidence: { status, lastStep, totalSteps },
    }),
  ];
}

/** Event and CSV values that disagree beyond the CSV rounding. */
export function diagnoseSourceMismatch(context: DiagnoseContext): MetricsFinding[] {
  return context.data.mismatches.map((mismatch) =>
    finding('source_mismatch', {
      steps: mismatch.steps,
      message: `${mismatch.metric}: events and the result CSV differ by up to ${formatNumber(mismatch.maxDifference)} at ${mismatch.steps.length} step${mismatch.steps.length > 1 ? 's' : ''}; event values are used.`,
      suggestion:
        'Usually harmless (a resumed job or a re-run step); check that the result file belongs to this job.',
      evidence: {
        metric: mismatch.metric,
        maxDifference: mismatch.maxDifference,
        count: mismatch.steps.length,
      },
    }),
  );
}

/** No validation metric at all: overfitting cannot be judged. */
export function diagnoseNoValidation(context: DiagnoseContext): MetricsFinding[] {
  if (context.data.points.length === 0) return [];
  if (VALIDATION_METRICS.some((name) => ownMetric(context.data.coverage.metrics, name) !== undefined))
    return [];
  return [
    finding('no_validation_metrics', {
      steps: [],
      message: 'No validation metrics: the job had no validation file, so overfitting cannot be measured.',
      suggestion:
        'Hold out 10–20% of your examples as validation_file (OpenAI does not split your data for you) to get full_valid_loss at every epoch end.',
      evidence: { method: context.data.job.method },
    }),
  ];
}

/** Points far above a rolling median (k scaled MADs) that are also above the 95th percentile. */
export function diagnoseSpikes(context: DiagnoseContext): MetricsFinding[] {
  const metric = context.reinforcement ? null : 'train_loss';
  if (!metric) return [];
  const points = context.series(metric);
  if (points.length < 20) return [];
  const { spikeThreshold, spikeWindow } = context.options;
  const high = outlierRange(points.map((point) => point.value))?.[1] ?? Number.POSITIVE_INFINITY;
  const spikes: SeriesPoint[] = [];
  points.forEach((point, index) => {
    const window = points
      .slice(Math.max(0, index - spikeWindow), index + spikeWindow + 1)
      .map((other) => other.value);
    const center = median(window);
    const spread = Math.max(scaledMad(window), 1e-12 * Math.max(1, Math.abs(center)));
    if (point.value - center > spikeThreshold * spread && point.value > high) spikes.push(point);
  });
  if (spikes.length === 0) return [];
  return [
    finding('loss_spike', {
      steps: spikes.map((point) => point.step),
      message: `${metric} spikes at step${spikes.length > 1 ? 's' : ''} ${spikes
        .slice(0, 5)
        .map((point) => `${point.step} (${formatNumber(point.value)})`)
        .join(', ')}${spikes.length > 5 ? ', …' : ''}, far above the rolling median.`,
      suggestion:
        'Single spikes are usually one hard or broken batch: look at the examples trained at those steps. Many spikes suggest a lower learning_rate_multiplier.',
      evidence: { metric, values: spikes.map((point) => point.value) },
    }),
  ];
}

/** The smoothed main training curve. */
function trainCurve(context: DiagnoseContext): SeriesPoint[] {
  return context.smoothed(trainMetric(context));
}

/** The smoothed train loss ends far above its best (Lightning's divergence_threshold idea). */
export function diagnoseDivergence(context: DiagnoseContext): MetricsFinding[] {
  if (context.reinforcement) return [];
  const curve = trainCurve(context);
  if (curve.length < 10) return [];
  const start = (curve[0] as SeriesPoint).value;
  const last = curve[curve.length - 1] as SeriesPoint;
  const best = curve.reduce((low, point) => (point.value < low.value ? point : low));
  const threshold =
    context.options.divergenceThreshold ?? Math.max(2 * best.value, best.value + 0.05 * Math.abs(start));
  if (!(last.value > threshold)) return [];
  return [
    finding('divergence', {
      steps: curve
        .filter((point) => point.step >= best.step && point.value > threshold)
        .map((point) => point.step),
      message: `The smoothed train_loss climbed from its best ${formatNumber(best.value)} (step ${best.step}) to ${formatNumber(last.value)} at step ${last.step}, above ${formatNumber(threshold)}.`,
      suggestion: `Training diverged: lower learning_rate_multiplier, and use a checkpoint from around step ${best.step}.`,
      evidence: { metric: 'train_loss', best: best.value, final: last.value, threshold },
    }),
  ];
}

/** The monitored metric stopped improving (Keras / Lightning patience on the evaluations). */
export function diagnosePlateau(context: DiagnoseContext, divergenceFired: boolean): MetricsFinding[] {
  const { patience, minDelta, nearZeroLoss } = context.options;
  const monitor = context.reinforcement ? 'valid_reward_mean' : 'full_valid_loss';
  const higher = context.reinforcement;
  const evaluations = context.series(monitor);
  const better = (value: number, reference: number): boolean =>
    higher ? value > reference + minDelta : value < reference - minDelta;
  if (evaluations.length >= patience + 1) {
    const head = evaluations.slice(0, evaluations.length - patience);
    const tail = evaluations.slice(evaluations.length - patience);
    const best = head.reduce((top, point) => (better(point.value, top.value) ? point : top));
    if (tail.some((point) => better(point.value, best.value))) return [];
    return [
      finding('plateau', {
        steps: tail.map((point) => point.step),
        message: `${monitor} has not improved on ${formatNumber(best.value)} (step ${best.step}) for the last ${patience} evaluations.`,
        suggestion: `Further training does not help: stop earlier (see earlyStopping()) or use the checkpoint at step ${best.step}.`,
        evidence: { metric: monitor, sinceStep: best.step, best: best.value, evaluations: patience },
      }),
    ];
  }
  if (divergenceFired) return [];
  const metric = trainMetric(context);
  const curve = trainCurve(context);
  if (curve.length < 20) return [];
  const split = Math.floor(curve.length * 0.75);
  const head = curve.slice(0, split);
  const tail = curve.slice(split);
  const pick = (points: SeriesPoint[]) =>
    points.reduce((top, point) =>
      (higher ? point.value > top.value : point.value < top.value) ? point : top,
    );
  const bestBefore = pick(head);
  const bestAfter = pick(tail);
  if (Math.abs(bestBefore.value) <= (higher ? 1e-6 : nearZeroLoss)) return [];
  const improvement = ((higher ? 1 : -1) * (bestAfter.value - bestBefore.value)) / Math.abs(bestBefore.value);
  if (improvement >= 0.01) return [];
  const since = (tail[0] as SeriesPoint).step;
  return [
    finding('plateau', {
      steps: [since, (curve[curve.length - 1] as SeriesPoint).step],
      message: `The smoothed ${metric} improved by less than 1% over the last quarter of training (from step ${since}).`,
      suggestion: 'The last epochs add little: fewer epochs would cost less for the same result.',
      evidence: { metric, sinceStep: since, best: bestBefore.value, evaluations: tail.length },
    }),
  ];
}

/** First vs last 10% of train-loss points. */
function trainLossDrop(
  context: DiagnoseContext,
): { start: number; end: number; relativeDrop: number } | null {
  const points = context.series('train_loss');
  if (points.length < 10) return null;
  const size = Math.max(3, Math.round(points.length * 0.1));
  const start = mean(points.slice(0, size).map((point) => point.value));
  const end = mean(points.slice(-size).map((point) => point.value));
  if (!(start > 0)) return null;
  return { start, end, relativeDrop: (start - end) / start };
}

/** Train loss barely falls: hint that the learning rate is too low (or the task already known). */
export function diagnoseLearningRateTooLow(
  context: DiagnoseContext,
  learnedNothing: boolean,
): MetricsFinding[] {
  if (context.reinforcement || learnedNothing) return [];
  const drop = trainLossDrop(context);
  if (!drop || drop.relativeDrop >= context.options.minRelativeDrop) return [];
  const points = context.series('train_loss');
  return [
    finding('learning_rate_too_low', {
      steps: [(points[0] as SeriesPoint).step, (points[points.length - 1] as SeriesPoint).step],
      message: `train_loss barely falls: ${formatNumber(drop.start)} at the start, ${formatNumber(drop.end)} at the end (${formatPercent(drop.relativeDrop)}).`,
      suggestion:
        'Try a larger learning_rate_multiplier or more epochs; if the base model already does the task well, fine-tuning may not be needed.',
      evidence: { metric: 'train_loss', start: drop.start, end: drop.end, relativeDrop: drop.relativeDrop },
    }),
  ];
}

/** Train loss crashes to ~0 within the first 10% of training: hint that the learning rate is too high. */
export function diagnoseLearningRateTooHigh(context: DiagnoseContext): MetricsFinding[] {
  if (context.reinforcement) return [];
  const curve = context.smoothed('train_loss');
  if (curve.length < 10 || context.extent === null) return [];
  const { nearZeroLoss, fastDropFraction } = context.options;
  const start = (curve[0] as SeriesPoint).value;
  if (start <= 4 * nearZeroLoss) return [];
  const crash = curve.find((point) => point.value <= nearZeroLoss);
  const firstStep = (curve[0] as SeriesPoint).step;
  if (!crash || crash.step > firstStep + fastDropFraction * context.extent) return [];
  return [
    finding('learning_rate_too_high', {
      steps: [crash.step],
      message: `train_loss fell from ${formatNumber(start)} to ${formatNumber(crash.value)} by step ${crash.step}, within the first ${formatPercent(fastDropFraction)} of training.`,
      suggestion:
        'A loss that crashes to ~0 at once often means memorising: try a smaller learning_rate_multiplier or fewer epochs, and check the validation loss.',
      evidence: { metric: 'train_loss', start, value: crash.value, step: crash.step },
    }),
  ];
}

/** The final validation value is much worse than the best one. */
export function diagnoseFinalVsBest(context: DiagnoseContext): MetricsFinding[] {
  const candidates: [string, boolean][] = context.reinforcement
    ? [['valid_reward_mean', true]]
    : [
        ['full_valid_loss', false],
        ['valid_loss', false],
      ];
  for (const [metric, higher] of candidates) {
    let points = context.series(metric);
    if (metric === 'valid_loss') {
      // Mini-batch values are too noisy point by point: compare epoch means instead.
      points = context.epochs
        .filter((epoch) => epoch.validLoss !== null)
        .map((epoch) => ({ step: epoch.endStep, value: epoch.validLoss as number, epoch: epoch.epoch }));
    }
    if (points.length < 2) continue;
    const best = points.reduce((top, point) =>
      (higher ? point.value > top.value : point.value < top.value) ? point : top,
    );
    const last = points[points.length - 1] as SeriesPoint;
    if (best.value === 0) return [];
    const relative = (higher ? best.value - last.value : last.value - best.value) / Math.abs(best.value);
    if (!(relative > context.options.finalVsBest)) return [];
    const label = metric === 'valid_loss' ? 'epoch-mean valid_loss' : metric;
    return [
      finding('final_worse_than_best', {
        steps: [best.step, last.step],
        message: `The final ${label} ${formatNumber(last.value)} (step ${last.step}) is ${formatPercent(relative)} worse than the best ${formatNumber(best.value)} (step ${best.step}).`,
        suggestion: `Prefer the checkpoint nearest step ${best.step} (see bestCheckpoint()) and rerun with ${best.epoch === null ? 'fewer epochs' : `n_epochs = ${best.epoch}`}.`,
        evidence: {
          metric,
          best: best.value,
          bestStep: best.step,
          final: last.value,
          finalStep: last.step,
          relative,
        },
      }),
    ];
  }
  return [];
}

/** Succeeded, yet the training loss never fell (supervised); the reward variants live with the reinforcement diagnostics. */
export function diagnoseLossFlat(context: DiagnoseContext): MetricsFinding[] {
  if (context.reinforcement || context.data.job.status !== 'succeeded') return [];
  const drop = trainLossDrop(context);
  if (!drop || drop.relativeDrop >= 0.01 || drop.start <= context.options.nearZeroLoss) return [];
  const points = context.series('train_loss');
  return [
    finding('learned_nothing', {
      steps: [(points[0] as SeriesPoint).step, (points[points.length - 1] as SeriesPoint).step],
      message: `The job succeeded, but train_loss did not fall (${formatNumber(drop.start)} → ${formatNumber(drop.end)}).`,
      suggestion:
        'The model learned nothing from this data: check that the assistant answers are what you want learned (weights, truncation), and raise learning_rate_multiplier.',
      evidence: { reason: 'loss_flat', metric: 'train_loss', first: drop.start, last: drop.end },
    }),
  ];
}
