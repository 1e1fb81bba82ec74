import { describe, expect, it } from 'vitest';
import { estimateEpochs } from '../../src/dataset/report/estimate-cost.js';
import { resolveHyperparameters } from '../../src/testing/hyperparameters.js';
import { autoBatchSize, autoEpochs } from '../../src/testing/index.js';

describe('autoEpochs (the cookbook heuristic, DATASET_RULES §5.1)', () => {
  it('is estimateEpochs for every positive count (its table is tested with the dataset report)', () => {
    for (let examples = 1; examples <= 30_000; examples++) {
      if (autoEpochs(examples) !== estimateEpochs(examples)) {
        expect.fail(
          `autoEpochs(${examples}) = ${autoEpochs(examples)}, estimateEpochs = ${estimateEpochs(examples)}`,
        );
      }
    }
    expect([autoEpochs(4), autoEpochs(10), autoEpochs(5_000), autoEpochs(10_000)]).toEqual([25, 10, 3, 2]);
  });

  it('counts fewer than 1 example as 1 and rounds fractions down', () => {
    expect(autoEpochs(0)).toBe(25);
    expect(autoEpochs(-3)).toBe(25);
    expect(autoEpochs(33.9)).toBe(3);
    expect(() => autoEpochs(Number.NaN)).toThrow(RangeError);
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
