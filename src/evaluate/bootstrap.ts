/**
 * Confidence intervals by the percentile bootstrap (Efron & Tibshirani, "An Introduction to the
 * Bootstrap", ch. 13): resample the scores with replacement, take each resample's mean, and read
 * the interval off the quantiles of those means. Paired differences resample examples, not the two
 * models separately, so what both models find hard cancels out. Seeded, so a report is
 * reproducible.
 *
 * @module
 */
import type { SeededRandom } from '../internal/seeded-random.js';
import type { Estimate, PairedComparison } from './types.js';

/**
 * The `q` quantile of sorted values with linear interpolation between order statistics (the
 * "type 7" definition of R and NumPy's default).
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length === 0 ? Number.NaN : sum / values.length;
}

/** Settings of a bootstrap. */
export interface BootstrapSettings {
  /** Number of resamples. */
  readonly resamples: number;
  /** Confidence level, e.g. 0.95. */
  readonly confidence: number;
  readonly random: SeededRandom;
}

/**
 * The mean of `values` with its percentile-bootstrap interval. No values gives NaNs; one value, or
 * values all equal, a zero-width interval.
 */
export function bootstrapMean(values: readonly number[], settings: BootstrapSettings): Estimate {
  const center = mean(values);
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN };
  // Equal scores have no spread; the sum's rounding (0.7 × 3 / 3) must not invent one.
  if (values.every((value) => value === values[0])) {
    const only = values[0] as number;
    return { mean: only, low: only, high: only };
  }
  const means = new Float64Array(settings.resamples);
  for (let resample = 0; resample < settings.resamples; resample++) {
    let sum = 0;
    for (let draw = 0; draw < n; draw++) sum += values[Math.floor(settings.random.next() * n)] as number;
    means[resample] = sum / n;
  }
  means.sort();
  const tail = (1 - settings.confidence) / 2;
  const sorted = Array.from(means);
  return {
    mean: center,
    // Rounding noise of the sums must not put the interval outside the mean when all values agree.
    low: Math.min(center, quantileSorted(sorted, tail)),
    high: Math.max(center, quantileSorted(sorted, 1 - tail)),
  };
}

/**
 * The paired difference `model − baseline` over the same examples, with its bootstrap interval and
 * the win/tie/loss counts.
 *
 * @param model - The model's scores, one per example.
 * @param baseline - The baseline's scores, in the same example order.
 */
export function pairedDifference(
  model: readonly number[],
  baseline: readonly number[],
  settings: BootstrapSettings,
): PairedComparison {
  const differences = model.map((score, index) => score - (baseline[index] ?? 0));
  let wins = 0;
  let ties = 0;
  let losses = 0;
  for (const difference of differences) {
    if (difference > 0) wins++;
    else if (difference < 0) losses++;
    else ties++;
  }
  return { ...bootstrapMean(differences, settings), wins, ties, losses };
}
