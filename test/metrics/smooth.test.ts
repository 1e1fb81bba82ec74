import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  medianStepSpacing,
  outlierRange,
  smoothEma,
  smoothGaussian,
  smoothRunningAverage,
  smoothTwema,
} from '../../src/metrics/smooth.js';

const points = (values: number[], steps = values.map((_, index) => index + 1)) =>
  values.map((value, index) => ({ step: steps[index] as number, value, epoch: 1 }));
const values = (series: readonly { value: number }[]) => series.map((point) => point.value);

describe('smoothEma (TensorBoard classicSmoothing)', () => {
  it('matches hand-computed debiased values', () => {
    // acc: 0.5 → 0.25 → 0.625; debias: 1 − 0.5^k
    const result = values(smoothEma(points([1, 0, 1]), 0.5));
    expect(result[0]).toBe(1);
    expect(result[1]).toBeCloseTo(1 / 3, 15);
    expect(result[2]).toBeCloseTo(0.625 / 0.875, 15);
  });

  it('passes non-finite values through without advancing the accumulator', () => {
    const result = values(smoothEma(points([1, Number.NaN, 0, Number.POSITIVE_INFINITY]), 0.5));
    expect(result[0]).toBe(1);
    expect(result[1]).toBeNaN();
    expect(result[2]).toBeCloseTo(1 / 3, 15);
    expect(result[3]).toBe(Number.POSITIVE_INFINITY);
  });

  it('returns a constant series unchanged', () => {
    expect(values(smoothEma(points([2, 2, 2]), 0.9))).toEqual([2, 2, 2]);
  });

  it('clamps the weight to 0–0.999 and treats a non-finite weight as 0', () => {
    const capped = values(smoothEma(points([1, 0]), 1));
    expect(capped[0]).toBeCloseTo(1, 12);
    expect(capped[1]).toBeCloseTo(0.000999 / 0.001999, 12);
    expect(values(smoothEma(points([1, 0, 3]), -2))).toEqual([1, 0, 3]);
    expect(values(smoothEma(points([1, 0, 3]), Number.NaN))).toEqual([1, 0, 3]);
  });

  it('defaults to TensorBoard weight 0.6', () => {
    expect(values(smoothEma(points([1, 0])))[1]).toBeCloseTo((0.6 * 0.4) / (1 - 0.36), 15);
  });

  it('never mutates its input and keeps extra fields', () => {
    const input = Object.freeze(points([3, 1, 2]).map((point) => Object.freeze(point)));
    const output = smoothEma(input, 0.6);
    expect(output).not.toBe(input);
    expect(output[1]).toMatchObject({ step: 2, epoch: 1 });
    expect(values(input)).toEqual([3, 1, 2]);
  });

  it('stays within the range of the finite inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ys, weight) => {
          const smoothed = values(smoothEma(points(ys), weight));
          const low = Math.min(...ys);
          const high = Math.max(...ys);
          return smoothed.every(
            (value) =>
              value >= low - 1e-6 * Math.max(1, Math.abs(low)) &&
              value <= high + 1e-6 * Math.max(1, Math.abs(high)),
          );
        },
      ),
    );
  });
});

describe('smoothTwema (W&B time-weighted EMA)', () => {
  it('equals the TensorBoard EMA with w = √weight on evenly spaced steps', () => {
    const even = points([1, 0, 1, 5, 2], [10, 20, 30, 40, 50]);
    const twema = values(smoothTwema(even, 0.25));
    const ema = values(smoothEma(even, 0.5));
    for (const [index, value] of twema.entries()) expect(value).toBeCloseTo(ema[index] as number, 12);
  });

  it('decays sparse points by their distance in median step spacings', () => {
    // Steps 1, 2, 4: median spacing 1.5, so Δ = 2/3 then 4/3; w' = 0.5.
    const result = values(smoothTwema(points([1, 0, 1], [1, 2, 4]), 0.25));
    expect(result[0]).toBe(1);
    expect(result[1]).toBeCloseTo(0.38648820956430935, 12);
    expect(result[2]).toBeCloseTo(0.7590246837189437, 12);
  });

  it('passes non-finite values through and measures distance from the last finite point', () => {
    const result = values(smoothTwema(points([1, Number.NaN, 0], [1, 2, 3]), 0.25));
    expect(result[1]).toBeNaN();
    // Finite steps 1 and 3: median spacing 2, Δ = 1, so it equals EMA 0.5 over [1, 0].
    expect(result[2]).toBeCloseTo(1 / 3, 12);
  });

  it('caps w′ at 0.999 and gives the raw values at weight 0', () => {
    expect(values(smoothTwema(points([1, 0, 3]), 0))).toEqual([1, 0, 3]);
    const capped = values(smoothTwema(points([1, 0]), 1));
    expect(capped[1]).toBeCloseTo(0.999 / 1.999, 12);
  });
});

describe('smoothRunningAverage', () => {
  it('averages N finite points on each side, fewer at the ends', () => {
    expect(values(smoothRunningAverage(points([1, 2, Number.NaN, 4, 5]), 1)).map(String)).toEqual([
      '1.5',
      '1.5',
      'NaN',
      '4.5',
      '4.5',
    ]);
    expect(values(smoothRunningAverage(points([0, 3, 6, 9]), 2))).toEqual([3, 4.5, 4.5, 6]);
  });

  it('returns the values for window 0', () => {
    expect(values(smoothRunningAverage(points([1, 7, 3]), 0))).toEqual([1, 7, 3]);
  });
});

describe('smoothGaussian', () => {
  it('weights by exp(−d²/2σ²) over step distance', () => {
    const result = values(smoothGaussian(points([0, 1, 0], [0, 1, 2]), 1));
    expect(result[0]).toBeCloseTo(0.3482074278837349, 12);
    expect(result[1]).toBeCloseTo(0.45186276187760605, 12);
    expect(result[2]).toBeCloseTo(0.3482074278837349, 12);
  });

  it('handles uneven spacing by distance, not index', () => {
    // The far point (step 100) barely influences step 0 with σ = 1.
    expect(values(smoothGaussian(points([0, 10], [0, 100]), 1))).toEqual([0, 10]);
  });

  it('returns a copy for σ ≤ 0 and passes non-finite values through', () => {
    expect(values(smoothGaussian(points([1, 2]), 0))).toEqual([1, 2]);
    expect(values(smoothGaussian(points([1, Number.NaN, 3]), 1))[1]).toBeNaN();
  });
});

describe('medianStepSpacing and outlierRange', () => {
  it('computes the median gap of finite points', () => {
    expect(medianStepSpacing(points([1, 1, 1, 1], [10, 20, 30, 70]))).toBe(10);
    expect(medianStepSpacing(points([1]))).toBe(1);
  });

  it('gives TensorBoard’s 5th/95th percentile range', () => {
    expect(outlierRange(Array.from({ length: 21 }, (_, index) => index + 1))).toEqual([2, 20]);
    expect(outlierRange([Number.NaN])).toBeNull();
    expect(outlierRange([3])).toEqual([3, 3]);
  });
});
