import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntegerDistribution, percentile } from '../../../src/dataset/report/integer-distribution.js';

/** numpy.percentile(values, p * 100) with the default linear method, on a plain sorted array. */
function numpyPercentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const lower = Math.floor(rank);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (rank - lower) * (sorted[upper]! - sorted[lower]!);
}

describe('IntegerDistribution', () => {
  it('returns null when empty', () => {
    expect(new IntegerDistribution().summary()).toBeNull();
  });

  it('summarises the cookbook toy data set (o200k_base counts)', () => {
    const distribution = new IntegerDistribution();
    for (const value of [43, 106, 26, 27, 8031]) distribution.add(value);
    const summary = distribution.summary()!;
    expect(summary).toMatchObject({ count: 5, sum: 8233, min: 26, max: 8031, median: 43 });
    expect(summary.mean).toBeCloseTo(1646.6, 10);
    // numpy: np.percentile([26, 27, 43, 106, 8031], 5) = 26.2 and 95 → 6446.0
    expect(summary.p5).toBeCloseTo(26.2, 10);
    expect(summary.p95).toBeCloseTo(6446, 10);
  });

  it('computes true p5/p95, unlike the notebook (p10/p90)', () => {
    const distribution = new IntegerDistribution();
    for (let value = 1; value <= 101; value++) distribution.add(value);
    const summary = distribution.summary()!;
    expect(summary.p5).toBe(6);
    expect(summary.p95).toBe(96);
    expect(summary.median).toBe(51);
  });

  it('matches numpy percentiles on any data, with memory per distinct value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 300 }), (values) => {
        const distribution = new IntegerDistribution();
        for (const value of values) distribution.add(value);
        const summary = distribution.summary()!;
        expect(summary.median).toBeCloseTo(numpyPercentile(values, 0.5), 9);
        expect(summary.p5).toBeCloseTo(numpyPercentile(values, 0.05), 9);
        expect(summary.p95).toBeCloseTo(numpyPercentile(values, 0.95), 9);
        expect(summary.min).toBe(Math.min(...values));
        expect(summary.max).toBe(Math.max(...values));
      }),
    );
  });

  it('percentile interpolates between order statistics', () => {
    expect(
      percentile(
        [
          [10, 1],
          [20, 1],
        ],
        2,
        0.5,
      ),
    ).toBe(15);
    expect(percentile([[10, 3]], 3, 0.95)).toBe(10);
  });
});
