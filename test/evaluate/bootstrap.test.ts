import { describe, expect, it } from 'vitest';
import { bootstrapMean, pairedDifference, quantileSorted } from '../../src/evaluate/bootstrap.js';
import { createRandom } from '../../src/internal/seeded-random.js';

const settings = (seed = 1) => ({ resamples: 1000, confidence: 0.95, random: createRandom(seed) });

describe('quantileSorted', () => {
  it('interpolates between order statistics (type 7)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([10, 20], 0.25)).toBe(12.5);
  });
});

describe('bootstrapMean', () => {
  it('matches the hand-computed interval of one correct answer in four', () => {
    // A resample's mean is k/4 with k ~ Binomial(4, 1/4): P(k=0) = 0.316, so the 2.5 % quantile is 0;
    // P(k ≤ 2) = 0.949 and P(k ≤ 3) = 0.996, so the 97.5 % quantile is 3/4.
    const estimate = bootstrapMean([0, 0, 0, 1], settings());
    expect(estimate).toEqual({ mean: 0.25, low: 0, high: 0.75 });
  });

  it('gives [0, 1] for one right and one wrong answer (P(mean = 0) = 1/4 > 2.5 %)', () => {
    expect(bootstrapMean([1, 0], settings())).toEqual({ mean: 0.5, low: 0, high: 1 });
  });

  it('gives a zero-width interval when every score is the same, and NaN without scores', () => {
    expect(bootstrapMean([0.7, 0.7, 0.7], settings())).toEqual({ mean: 0.7, low: 0.7, high: 0.7 });
    expect(bootstrapMean([], settings())).toEqual({ mean: Number.NaN, low: Number.NaN, high: Number.NaN });
  });

  it('is reproducible by seed and narrows as examples grow', () => {
    const scores = Array.from({ length: 40 }, (_, index) => (index % 3 === 0 ? 1 : 0));
    expect(bootstrapMean(scores, settings(9))).toEqual(bootstrapMean(scores, settings(9)));
    const wide = bootstrapMean(scores.slice(0, 10), settings());
    const narrow = bootstrapMean([...scores, ...scores, ...scores], settings());
    expect(narrow.high - narrow.low).toBeLessThan(wide.high - wide.low);
  });
});

describe('pairedDifference', () => {
  it('counts wins, ties and losses per example and bootstraps the mean difference', () => {
    const model = [1, 1, 0, 1, 0.5];
    const baseline = [0, 1, 1, 0, 0.5];
    const diff = pairedDifference(model, baseline, settings());
    expect(diff).toMatchObject({ wins: 2, ties: 2, losses: 1 });
    expect(diff.mean).toBeCloseTo(0.2, 12);
    expect(diff.low).toBeLessThan(diff.mean);
    expect(diff.high).toBeGreaterThan(diff.mean);
  });

  it('is exactly the difference when it is the same on every example', () => {
    expect(pairedDifference([0.9, 0.6, 0.4], [0.4, 0.1, -0.1], settings())).toEqual({
      mean: 0.5,
      low: 0.5,
      high: 0.5,
      wins: 3,
      ties: 0,
      losses: 0,
    });
  });
});
