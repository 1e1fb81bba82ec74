import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/internal/seeded-random.js';
import { generateTrainingCurve } from '../../src/testing/training-curves.js';

const curve = (seed: number, hasValidation = true) =>
  generateTrainingCurve({
    random: createRandom(seed),
    totalSteps: 300,
    stepsPerEpoch: 100,
    batchSize: 4,
    hasValidation,
    validationEvery: 10,
  });

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('generateTrainingCurve', () => {
  it('is the same for the same seed and different for another', () => {
    expect(curve(7)).toEqual(curve(7));
    expect(curve(7)[0]?.train_loss).not.toBe(curve(8)[0]?.train_loss);
  });

  it('falls in loss and rises in accuracy, with values in range', () => {
    const steps = curve(3);
    const early = steps.slice(0, 20);
    const late = steps.slice(-20);
    expect(mean(late.map((step) => step.train_loss))).toBeLessThan(
      mean(early.map((step) => step.train_loss)) / 2,
    );
    expect(mean(late.map((step) => step.train_mean_token_accuracy))).toBeGreaterThan(
      mean(early.map((step) => step.train_mean_token_accuracy)),
    );
    for (const step of steps) {
      expect(step.train_loss).toBeGreaterThanOrEqual(0);
      expect(step.train_mean_token_accuracy).toBeGreaterThanOrEqual(0);
      expect(step.train_mean_token_accuracy).toBeLessThanOrEqual(1);
    }
  });

  it('puts valid_* on validation steps and full_valid_* at epoch ends only', () => {
    const steps = curve(3);
    expect(steps.filter((step) => step.valid_loss !== undefined).map((step) => step.step)).toEqual(
      Array.from({ length: 30 }, (_, index) => (index + 1) * 10),
    );
    expect(steps.filter((step) => step.full_valid_loss !== undefined).map((step) => step.step)).toEqual([
      100, 200, 300,
    ]);
    expect(
      curve(3, false).some((step) => step.valid_loss !== undefined || step.full_valid_loss !== undefined),
    ).toBe(false);
  });
});
