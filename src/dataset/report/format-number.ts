/**
 * Numbers for people in issue messages, independent of the runtime's locale (a report must read the
 * same on every machine).
 *
 * @module
 */

/** `12345` → `12,345`, independent of the runtime's locale. */
export function formatInteger(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `$0.49`, or two significant digits under a cent (`$0.0025`). */
export function formatUsd(value: number): string {
  if (value > 0 && value < 0.01) return `$${Number(value.toPrecision(2))}`;
  return `$${value.toFixed(2)}`;
}

/**
 * Bytes for people: `1.5 MB`, `612.0 MB`, `8.59 GB` (decimal units, as OpenAI writes its limits).
 *
 * @param bytes - A byte count.
 */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} bytes`;
}
