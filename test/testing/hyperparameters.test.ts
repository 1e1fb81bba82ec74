import { describe, expect, it } from 'vitest';
import { resolveHyperparameters } from '../../src/testing/hyperparameters.js';
import { autoBatchSize, autoEpochs } from '../../src/testing/index.js';

describe('autoEpochs (cookbook heuristic, DATASET_RULES §5.1)', () => {
  it.each([
    [1, 25],
    [4, 25],
    [5, 20],
    [10, 10],
    [33, 3],
    [34, 3],
    [8333, 3],
    [8334, 2],
    [10_000, 2],
    [25_001, 1],
  ])('%i examples → %i epochs', (examples, epochs) => {
    expect(autoEpochs(examples)).toBe(epochs);
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
