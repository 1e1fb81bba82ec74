/**
 * Seeded, realistic training curves: loss falling roughly exponentially per epoch with
 * mini-batch noise, token accuracy rising with it, noisy mini-batch validation values on
 * validation steps and smooth full-validation values at epoch ends (docs/internals/metrics-formats.md#supervised, #cadence).
 *
 * @module
 */
import type { SeededRandom } from '../internal/seeded-random.js';
import type { SimulatedStepMetrics } from './wire-types.js';

/** What shapes a job's curves. */
export interface TrainingCurveInput {
  readonly random: SeededRandom;
  readonly totalSteps: number;
  readonly stepsPerEpoch: number;
  readonly batchSize: number;
  /** True when the job has a validation file. */
  readonly hasValidation: boolean;
  /** `valid_*` every N steps (and always on the last step). */
  readonly validationEvery: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * The metrics of every step, 1-based (`result[0]` is step 1). Each step has `train_*`;
 * `valid_*` on validation steps and `full_valid_*` at epoch ends when there is a validation file.
 *
 * @param input - Steps, batch size and the seeded generator.
 * @returns One entry per step.
 */
export function generateTrainingCurve(input: TrainingCurveInput): SimulatedStepMetrics[] {
  const { random, totalSteps, stepsPerEpoch, batchSize, hasValidation, validationEvery } = input;
  const startLoss = 1.6 + random.next() * 1.8;
  const floorLoss = 0.04 + random.next() * 0.3;
  const decay = 1.1 + random.next() * 1.2;
  // Validation loss stops improving after a while and creeps up: mild overfitting.
  const overfit = 0.02 + random.next() * 0.08;
  const validGap = 1.05 + random.next() * 0.25;
  const noise = 0.35 / Math.sqrt(batchSize);
  const clean = (epochs: number) => floorLoss + (startLoss - floorLoss) * Math.exp(-decay * epochs);
  const accuracyOf = (loss: number) => clamp(1 - 0.42 * (loss / startLoss) ** 0.65, 0, 1);
  const steps: SimulatedStepMetrics[] = [];
  for (let step = 1; step <= totalSteps; step++) {
    const epochs = step / stepsPerEpoch;
    const trainLoss = Math.max(0, clean(epochs) * Math.exp(noise * random.normal() - (noise * noise) / 2));
    const trainAccuracy = clamp(accuracyOf(trainLoss) + 0.03 * random.normal() * noise, 0, 1);
    const metrics: SimulatedStepMetrics = {
      step,
      train_loss: trainLoss,
      train_mean_token_accuracy: trainAccuracy,
    };
    if (hasValidation) {
      const validClean = clean(epochs) * validGap + overfit * Math.max(0, epochs - 1.5);
      if (step % validationEvery === 0 || step === totalSteps) {
        const validLoss = Math.max(0, validClean * Math.exp(1.5 * noise * random.normal()));
        metrics.valid_loss = validLoss;
        metrics.valid_mean_token_accuracy = clamp(
          accuracyOf(validLoss) + 0.05 * noise * random.normal(),
          0,
          1,
        );
      }
      if (step % stepsPerEpoch === 0 || step === totalSteps) {
        metrics.full_valid_loss = validClean;
        metrics.full_valid_mean_token_accuracy = accuracyOf(validClean);
      }
    }
    steps.push(metrics);
  }
  return steps;
}
