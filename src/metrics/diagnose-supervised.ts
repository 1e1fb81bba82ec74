/**
 * Diagnostics of supervised (and DPO) curves: overfit ratio and gap trend, memorisation, noisy or
 * oscillating validation, and a gap from the start.
 *
 * @module
 */
import type { DiagnoseContext } from './diagnose-context.js';
import { finding, type MetricsFinding } from './finding-codes.js';
import type { SeriesPoint } from './series.js';
import { smoothRunningAverage } from './smooth.js';
import { formatNumber, mean, median } from './stats.js';

/** One validation evaluation with the mean train loss of the steps it closes. */
export interface OverfitEvaluation {
  readonly step: number;
  readonly epoch: number | null;
  readonly validLoss: number;
  readonly trainLossMean: number;
  readonly ratio: number;
  readonly gap: number;
  readonly basis: 'full_valid_loss' | 'valid_loss';
}

/**
 * Evaluations for the overfit diagnostics: each `full_valid_loss` with the mean train loss of its
 * epoch (or of the steps since the previous evaluation when epochs are unknown); without full
 * validation, the epoch means of the mini-batch `valid_loss` (flagged by `basis`).
 *
 * @returns Evaluations, oldest first.
 */
function overfitEvaluations(context: DiagnoseContext): OverfitEvaluation[] {
  const train = context.series('train_loss');
  const build = (
    step: number,
    epoch: number | null,
    validLoss: number,
    from: number,
    basis: OverfitEvaluation['basis'],
  ) => {
    const trainLossMean = mean(
      train.filter((point) => point.step > from && point.step <= step).map((point) => point.value),
    );
    if (!(trainLossMean > 0)) return null;
    return {
      step,
      epoch,
      validLoss,
      trainLossMean,
      ratio: validLoss / trainLossMean,
      gap: validLoss - trainLossMean,
      basis,
    };
  };
  const fullValid = context.series('full_valid_loss');
  const out: OverfitEvaluation[] = [];
  if (fullValid.length > 0) {
    let previous = 0;
    for (const point of fullValid) {
      const range = context.data.epochs.find((epoch) => epoch.epoch === point.epoch);
      const from = range ? range.startStep - 1 : previous;
      const evaluation = build(point.step, point.epoch, point.value, from, 'full_valid_loss');
      if (evaluation) out.push(evaluation);
      previous = point.step;
    }
    return out;
  }
  for (const epoch of context.epochs) {
    if (!epoch.complete || epoch.validLoss === null) continue;
    const evaluation = build(epoch.endStep, epoch.epoch, epoch.validLoss, epoch.startStep - 1, 'valid_loss');
    if (evaluation) out.push(evaluation);
  }
  return out;
}

/** R = validation loss / mean train loss of the last evaluated epoch, in bands. */
export function diagnoseOverfitRatio(context: DiagnoseContext): MetricsFinding[] {
  if (context.reinforcement) return [];
  const evaluations = overfitEvaluations(context);
  const last = evaluations[evaluations.length - 1];
  if (!last) return [];
  const { mild, moderate, severe } = context.options.overfitBands;
  if (!(last.ratio >= mild)) return [];
  const band = last.ratio >= severe ? 'severe' : last.ratio >= moderate ? 'moderate' : 'mild';
  const where = last.epoch === null ? `step ${last.step}` : `epoch ${last.epoch}`;
  const noisy = last.basis === 'valid_loss' ? ' (mini-batch valid_loss: noisy)' : '';
  const nEpochs = context.data.job.nEpochs;
  const suggestion =
    band === 'mild'
      ? 'Mild overfitting: usually acceptable; watch the validation loss or try one epoch fewer.'
      : band === 'moderate'
        ? `Train for fewer epochs${nEpochs !== null && nEpochs > 1 ? ` (n_epochs = ${nEpochs - 1})` : ''} or lower learning_rate_multiplier.`
        : 'Severe overfitting: use an earlier checkpoint (see bestCheckpoint()), rerun with fewer epochs, and add more varied training data.';
  return [
    finding('overfit_ratio', {
      severity: band === 'mild' ? 'info' : 'warning',
      steps: evaluations.map((evaluation) => evaluation.step),
      message: `Overfit ratio ${formatNumber(last.ratio)} (${band}) at ${where}: validation loss ${formatNumber(last.validLoss)} vs mean train loss ${formatNumber(last.trainLossMean)}${noisy}.`,
      suggestion,
      evidence: {
        band,
        ratio: last.ratio,
        epoch: last.epoch,
        validLoss: last.validLoss,
        trainLossMean: last.trainLossMean,
        basis: last.basis,
        ratios: evaluations.map((evaluation) => evaluation.ratio),
      },
    }),
  ];
}

/** G_e = valid − mean train grows while valid rises and train falls, and has not recovered. */
export function diagnoseGapWidening(context: DiagnoseContext): MetricsFinding[] {
  if (context.reinforcement) return [];
  const evaluations = overfitEvaluations(context);
  if (evaluations.length < 2) return [];
  const steps: number[] = [];
  for (let i = 1; i < evaluations.length; i += 1) {
    const before = evaluations[i - 1] as OverfitEvaluation;
    const after = evaluations[i] as OverfitEvaluation;
    if (
      after.validLoss > before.validLoss &&
      after.trainLossMean < before.trainLossMean &&
      after.gap > before.gap
    ) {
      steps.push(after.step);
    }
  }
  const last = evaluations[evaluations.length - 1] as OverfitEvaluation;
  const lowest = Math.min(...evaluations.map((evaluation) => evaluation.validLoss));
  if (steps.length === 0 || !(last.validLoss > lowest)) return [];
  return [
    finding('overfit_gap_widening', {
      steps,
      message: `Validation loss rises while train loss falls: the gap grows ${evaluations.map((evaluation) => formatNumber(evaluation.gap)).join(' → ')}.`,
      suggestion:
        'Try fewer epochs or a smaller learning_rate_multiplier; more varied training examples also help.',
      evidence: {
        gaps: evaluations.map((evaluation) => evaluation.gap),
        epochs: evaluations.map((evaluation) => evaluation.epoch ?? 0),
      },
    }),
  ];
}

/** Train loss ~0 and token accuracy ~1.0 over the last epoch (or last 10% of points). */
export function diagnoseMemorization(context: DiagnoseContext): MetricsFinding[] {
  if (context.reinforcement) return [];
  const { memorizationLoss, memorizationAccuracy } = context.options;
  const lastEpoch = [...context.epochs].reverse().find((epoch) => epoch.trainLoss !== null);
  let trainLoss: number;
  let trainAccuracy: number | null;
  let steps: number[];
  if (lastEpoch) {
    trainLoss = lastEpoch.trainLoss as number;
    trainAccuracy = lastEpoch.trainAccuracy;
    steps = [
      lastEpoch.startStep,
      Math.min(lastEpoch.endStep, context.data.coverage.lastStep ?? lastEpoch.endStep),
    ];
  } else {
    const loss = context.series('train_loss');
    if (loss.length < 10) return [];
    const tail = loss.slice(-Math.max(3, Math.round(loss.length * 0.1)));
    trainLoss = mean(tail.map((point) => point.value));
    const from = (tail[0] as SeriesPoint).step;
    const accuracy = context.series('train_mean_token_accuracy').filter((point) => point.step >= from);
    trainAccuracy = accuracy.length > 0 ? mean(accuracy.map((point) => point.value)) : null;
    steps = [from, (tail[tail.length - 1] as SeriesPoint).step];
  }
  const lossMemorized =
    trainAccuracy === null ? trainLoss <= memorizationLoss / 4 : trainLoss <= memorizationLoss;
  if (!lossMemorized || (trainAccuracy !== null && trainAccuracy < memorizationAccuracy)) return [];
  return [
    finding('memorization', {
      steps,
      message: `Train loss ${formatNumber(trainLoss)}${trainAccuracy === null ? '' : ` with token accuracy ${formatNumber(trainAccuracy)}`}${lastEpoch ? ` in epoch ${lastEpoch.epoch}` : ' at the end'}: the model reproduces the training set.`,
      suggestion:
        'Check the validation loss before trusting this model: use fewer epochs or a lower learning_rate_multiplier, and add more varied examples.',
      evidence: { trainLoss, trainAccuracy, epoch: lastEpoch?.epoch ?? null },
    }),
  ];
}

/** Only mini-batch validation: it can be off by 10× from the full validation loss. */
export function diagnoseNoisyValidationOnly(context: DiagnoseContext): MetricsFinding[] {
  if (context.reinforcement) return [];
  const metrics = context.data.coverage.metrics;
  if (metrics.valid_loss === undefined || metrics.full_valid_loss !== undefined) return [];
  return [
    finding('noisy_validation_only', {
      steps: [],
      message:
        'Only mini-batch valid_loss is available (no full_valid_loss): a single batch can be off by 10× (a real checkpoint showed valid_loss 10.1 vs full_valid_loss 0.57).',
      suggestion: 'Judge by epoch means of valid_loss or by the trend, never by one value.',
      evidence: { metric: 'valid_loss' },
    }),
  ];
}

/** Mini-batch validation loss jumps around its trend (batch too small or inconsistent data). */
export function diagnoseValidOscillation(context: DiagnoseContext): MetricsFinding[] {
  if (context.reinforcement) return [];
  const points = context.series('valid_loss');
  if (points.length < 8) return [];
  const trend = smoothRunningAverage(points, 2);
  const residuals = points.map((point, index) => Math.abs(point.value - (trend[index] as SeriesPoint).value));
  const level = median(trend.map((point) => Math.abs(point.value)));
  if (!(level > 0)) return [];
  const relativeDispersion = median(residuals) / level;
  if (!(relativeDispersion > context.options.oscillation)) return [];
  return [
    finding('valid_oscillation', {
      steps: points.map((point) => point.step),
      message: `valid_loss swings by ${formatNumber(relativeDispersion * 100)}% around its trend (median).`,
      suggestion:
        'Validation batches are small or the validation examples are inconsistent: a larger validation file, a larger batch_size, or more uniform examples help.',
      evidence: { metric: 'valid_loss', relativeDispersion },
    }),
  ];
}

/** A large valid/train gap already at the first evaluation suggests the files differ in distribution. */
export function diagnoseGapFromStart(context: DiagnoseContext): MetricsFinding[] {
  if (context.reinforcement) return [];
  const trainCurve = context.smoothed('train_loss');
  if (trainCurve.length === 0 || context.extent === null) return [];
  const trainAt = (step: number): number | null => {
    let value: number | null = null;
    for (const point of trainCurve) {
      if (point.step > step) break;
      value = point.value;
    }
    return value;
  };
  const valid = context.series('valid_loss');
  let step: number;
  let validValue: number;
  let trainValue: number;
  if (valid.length > 0) {
    const first = valid.slice(0, 3).filter((point) => point.step <= 0.25 * (context.extent as number));
    const pairs = first
      .map((point) => [point.value, trainAt(point.step)] as const)
      .filter((pair): pair is readonly [number, number] => pair[1] !== null);
    if (pairs.length === 0) return [];
    step = (first[0] as SeriesPoint).step;
    validValue = mean(pairs.map((pair) => pair[0]));
    trainValue = mean(pairs.map((pair) => pair[1]));
  } else {
    const first = overfitEvaluations(context)[0];
    if (!first) return [];
    step = first.step;
    validValue = first.validLoss;
    trainValue = first.trainLossMean;
  }
  if (!(trainValue > 0)) return [];
  const ratio = validValue / trainValue;
  if (!(ratio > context.options.gapFromStartRatio && validValue - trainValue > 0.1)) return [];
  return [
    finding('gap_from_start', {
      steps: [step],
      message: `At the first evaluation (step ${step}) the validation loss ${formatNumber(validValue)} is already ${formatNumber(ratio)}× the train loss ${formatNumber(trainValue)}.`,
      suggestion:
        'Training and validation examples may come from different distributions (other prompts, formats or lengths): sample the validation file from the same pool.',
      evidence: { step, train: trainValue, valid: validValue, ratio },
    }),
  ];
}
