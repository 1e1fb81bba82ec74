import { describe, expect, it } from 'vitest';
import { estimateCost, estimateEpochs } from '../../../src/dataset/report/estimate-cost.js';
import { resolveModel } from '../../../src/models/index.js';

describe('estimateEpochs (DATASET_RULES §5.1)', () => {
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
    [1_000_000, 1],
  ])('%i examples → %i epochs', (examples, epochs) => {
    expect(estimateEpochs(examples)).toBe(epochs);
  });

  it('rejects 0, negatives and fractions', () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      expect(() => estimateEpochs(bad)).toThrow(
        expect.objectContaining({
          name: 'FinetuneKitUsageError',
          code: 'invalid_usage',
          option: 'examples',
          message: `estimateEpochs(examples): examples must be a positive integer, got ${bad}.`,
        }),
      );
    }
  });
});

describe('estimateCost', () => {
  // DATASET_RULES §5.3: the cookbook toy data set, 5 examples.
  const toyCounts = { cl100k: [45, 111, 26, 28, 8032], o200k: [43, 106, 26, 27, 8031] };
  const billable = (counts: number[], limit: number) =>
    counts.reduce((sum, tokens) => sum + Math.min(limit, tokens), 0);

  it('reproduces the notebook arithmetic (cl100k_base, 4,096 and 16,385 caps)', () => {
    expect(billable(toyCounts.cl100k, 4096)).toBe(4306);
    expect(billable(toyCounts.cl100k, 16_385)).toBe(8242);
    const old = estimateCost({
      examples: 5,
      billablePerEpoch: 4306,
      model: resolveModel('gpt-3.5-turbo-0613'),
      method: 'supervised',
    });
    expect(old).toMatchObject({ epochs: 20, epochsSource: 'heuristic', billedTokens: 86_120 });
    const current = estimateCost({
      examples: 5,
      billablePerEpoch: 8242,
      model: resolveModel('gpt-3.5-turbo-0125'),
      method: 'supervised',
    });
    expect(current.billedTokens).toBe(164_840);
  });

  it('prices gpt-4o-mini at $3/1M: 164,660 tokens ≈ $0.49', () => {
    expect(billable(toyCounts.o200k, 65_536)).toBe(8233);
    const estimate = estimateCost({
      examples: 5,
      billablePerEpoch: 8233,
      model: resolveModel('gpt-4o-mini'),
      method: 'supervised',
    });
    expect(estimate).toEqual({
      epochs: 20,
      epochsSource: 'heuristic',
      billablePerEpoch: 8233,
      billedTokens: 164_660,
      pricePer1M: 3,
      costUsd: 0.49398,
      costUnavailable: null,
      note: '164,660 tokens (8,233 × 20 epochs) at $3/1M on gpt-4o-mini-2024-07-18: about $0.49.',
    });
  });

  it("reproduces the guide's worked example: 100,000 tokens × 3 epochs", () => {
    const mini = estimateCost({
      examples: 100,
      billablePerEpoch: 100_000,
      model: resolveModel('gpt-4o-mini'),
      method: 'supervised',
    });
    expect(mini.costUsd).toBeCloseTo(0.9, 10);
    const turbo = estimateCost({
      examples: 100,
      billablePerEpoch: 100_000,
      model: resolveModel('gpt-3.5-turbo-0125'),
      method: 'supervised',
    });
    expect(turbo.costUsd).toBeCloseTo(2.4, 10);
  });

  it("uses the user's n_epochs", () => {
    const estimate = estimateCost({
      examples: 5,
      billablePerEpoch: 1000,
      nEpochs: 2,
      model: resolveModel('gpt-4o-mini'),
      method: 'supervised',
    });
    expect(estimate).toMatchObject({
      epochs: 2,
      epochsSource: 'hyperparameters',
      billedTokens: 2000,
      costUsd: 0.006,
    });
  });

  it('never returns a silent 0: null cost with a reason', () => {
    const base = { examples: 10, billablePerEpoch: 1000 };
    expect(estimateCost({ ...base, model: undefined, method: 'supervised' })).toMatchObject({
      costUsd: null,
      costUnavailable: 'no_model',
    });
    expect(estimateCost({ ...base, model: null, modelName: 'gpt-9', method: 'supervised' })).toMatchObject({
      costUsd: null,
      costUnavailable: 'unknown_model',
    });
    expect(estimateCost({ ...base, model: resolveModel('gpt-4-0613'), method: 'supervised' })).toMatchObject({
      costUsd: null,
      costUnavailable: 'unknown_price',
    });
    const rft = estimateCost({ ...base, model: resolveModel('o4-mini'), method: 'reinforcement' });
    expect(rft).toMatchObject({ costUsd: null, costUnavailable: 'billed_by_time', billedTokens: 10_000 });
    expect(rft.note).toContain('$100/hour');
    expect(
      estimateCost({ examples: 0, billablePerEpoch: 0, model: resolveModel('gpt-4o-mini'), method: null }),
    ).toMatchObject({
      epochs: null,
      costUsd: null,
      costUnavailable: 'no_examples',
    });
  });
});
