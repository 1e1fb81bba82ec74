/**
 * Small statistics helpers shared by the diagnostics and charts. Internal.
 *
 * @module
 */

/** The median of finite values, or NaN when there is none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The mean of finite values, or NaN when there is none. */
export function mean(values: readonly number[]): number {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    sum += value;
    count += 1;
  }
  return count === 0 ? Number.NaN : sum / count;
}

/** Median absolute deviation scaled to a normal standard deviation (× 1.4826). */
export function scaledMad(values: readonly number[]): number {
  const center = median(values);
  return 1.4826 * median(values.map((value) => Math.abs(value - center)));
}

/** Formats a number for messages: 4 significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e6) return String(Number(value.toPrecision(4)));
  return value.toExponential(2);
}

/** Formats a share as a percentage with at most one decimal. */
export function formatPercent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}
