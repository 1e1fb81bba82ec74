/**
 * Exact statistics of a stream of non-negative integers (token and message counts) in memory that
 * grows with the number of distinct values, not with the number of examples.
 *
 * @module
 */

/** Summary of a distribution. Percentiles are exact (see {@link percentile}); mean and percentiles are rounded to 6 decimals. */
export interface DistributionSummary {
  /** Number of values. */
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** The 50th percentile. */
  readonly median: number;
  /** The 5th percentile. */
  readonly p5: number;
  /** The 95th percentile. */
  readonly p95: number;
}

/**
 * Counts how often each integer occurs. A file of ten million examples whose token counts take
 * 20,000 distinct values holds 20,000 map entries, and the percentiles are still exact.
 *
 * @example
 * ```ts
 * const distribution = new IntegerDistribution();
 * for (const value of [1, 2, 3, 4]) distribution.add(value);
 * distribution.summary()?.median // 2.5
 * ```
 */
export class IntegerDistribution {
  readonly #counts = new Map<number, number>();
  #count = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;

  /** Number of values added. */
  get count(): number {
    return this.#count;
  }

  /**
   * Adds one value.
   *
   * @param value - A finite number (token counts are integers; any finite number works).
   */
  add(value: number): void {
    this.#counts.set(value, (this.#counts.get(value) ?? 0) + 1);
    this.#count++;
    this.#sum += value;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
  }

  /**
   * The summary, or `null` when no value was added.
   *
   * @returns min, max, mean, median, p5, p95, count and sum.
   */
  summary(): DistributionSummary | null {
    if (this.#count === 0) return null;
    const sorted = [...this.#counts.entries()].sort((a, b) => a[0] - b[0]);
    // Rounded to 6 decimals so that 0.30000000000000004 reads 0.3 in reports.
    const at = (p: number) => roundMicro(percentile(sorted, this.#count, p));
    return {
      count: this.#count,
      sum: this.#sum,
      min: this.#min,
      max: this.#max,
      mean: roundMicro(this.#sum / this.#count),
      median: at(0.5),
      p5: at(0.05),
      p95: at(0.95),
    };
  }
}

function roundMicro(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * The `p`-quantile of a sorted value/count list, by linear interpolation between closest ranks:
 * rank `h = (n − 1)·p` (0-based), value `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`. This is numpy's
 * default (`np.percentile`, method "linear", Hyndman–Fan type 7), so results match the cookbook
 * notebook's numpy calls, except that p5 and p95 here really are the 5th and 95th percentiles (the
 * notebook computes the 10th and 90th under those names).
 *
 * @param sorted - `[value, count]` pairs in increasing value order.
 * @param total - Σ counts.
 * @param p - Quantile in [0, 1].
 */
export function percentile(sorted: readonly (readonly [number, number])[], total: number, p: number): number {
  const rank = (total - 1) * p;
  const lower = Math.floor(rank);
  const fraction = rank - lower;
  const low = orderStatistic(sorted, lower);
  if (fraction === 0) return low;
  const high = orderStatistic(sorted, lower + 1);
  return low + fraction * (high - low);
}

/** The k-th smallest value (0-based) of a sorted value/count list. */
function orderStatistic(sorted: readonly (readonly [number, number])[], k: number): number {
  let seen = 0;
  for (const [value, count] of sorted) {
    seen += count;
    if (k < seen) return value;
  }
  return sorted.at(-1)?.[0] ?? Number.NaN;
}
