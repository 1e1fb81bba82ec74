import { describe, expect, it } from 'vitest';
import { autoBatchSize, autoEpochs, resolveHyperparameters } from '../../src/testing/hyperparameters.js';
import { usageError } from '../helpers/usage-error.js';

// The OpenAI cookbook's default (chat fine-tuning data preparation notebook, docs/dataset.md): 3
// epochs, raised to floor(100 / n) (at most 25) when n × 3 < 100, lowered to floor(25,000 / n) (at
// least 1) when n × 3 > 25,000. The expected values are worked out by hand from that formula.
describe('autoEpochs (the cookbook heuristic)', () => {
  it.each([
    [1, 25], // floor(100 / 1) = 100, capped at 25
    [4, 25], // floor(100 / 4) = 25
    [5, 20], // floor(100 / 5)
    [6, 16], // floor(16.67)
    [10, 10],
    [20, 5],
    [33, 3], // 99 < 100, floor(100 / 33) = 3
    [34, 3], // 102: the target
    [8_333, 3], // 24,999: still the target
    [8_334, 2], // 25,002 > 25,000: floor(2.9997)
    [12_500, 2], // floor(25,000 / 12,500)
    [12_501, 1], // floor(1.9998)
    [30_000, 1], // floor(0.83) = 0, raised to 1
  ])('%i examples → %i epochs', (examples, epochs) => {
    expect(autoEpochs(examples)).toBe(epochs);
  });

  it('counts fewer than 1 example as 1 and rounds fractions down', () => {
    expect(autoEpochs(0)).toBe(25);
    expect(autoEpochs(-3)).toBe(25);
    expect(autoEpochs(33.9)).toBe(3);
    expect(() => autoEpochs(Number.NaN)).toThrow(
      usageError('examples', 'estimateEpochs(examples): examples must be a positive integer, got NaN.'),
    );
  });
});

describe('autoBatchSize', () => {
  it.each([
    [10, 1],
    [499, 1],
    [500, 2],
    [1000, 4],
    [4000, 16],
    [10_000_000, 256],
  ])('%i examples → batch %i', (examples, batch) => {
    expect(autoBatchSize(examples)).toBe(batch);
  });
});

describe('resolveHyperparameters', () => {
  it('keeps given numbers, resolves auto, and adds beta for DPO', () => {
    expect(resolveHyperparameters({ n_epochs: 2, batch_size: 'auto' }, 'supervised', 100, 1.8)).toEqual({
      n_epochs: 2,
      batch_size: 1,
      learning_rate_multiplier: 1.8,
    });
    expect(resolveHyperparameters({}, 'dpo', 20, 2)).toEqual({
      beta: 0.1,
      n_epochs: 5,
      batch_size: 1,
      learning_rate_multiplier: 2,
    });
  });
});
