/**
 * Number, size, money and time formatting for terminal output. Locale-independent on purpose:
 * output is copied into issues and docs, and must read the same everywhere.
 *
 * @module
 */

/** `1234567` → `1,234,567`. */
export function formatInteger(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = Math.round(Math.abs(value)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A number with up to `digits` decimals and no trailing zeros: `0.5`, `1.234`. */
export function formatDecimal(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toFixed(digits)).toString();
}

/** `1536` → `1.5 KB` (powers of 1024, as the upload limits are written). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** US dollars: cents for amounts from a dollar, more precision below so small jobs don't show `$0.00`. */
export function formatUsd(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.01) return `$${value.toFixed(4)}`;
  const cents = Math.round(Math.abs(value) * 100);
  const sign = value < 0 ? '-' : '';
  return `${sign}$${formatInteger(Math.floor(cents / 100))}.${String(cents % 100).padStart(2, '0')}`;
}

/** A duration in milliseconds as `45s`, `3m 05s`, `2h 07m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** A short wait: `250 ms`, `1.5s`, `12s`, then as {@link formatDuration}. */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  return formatDuration(ms);
}

/** `0.4231` → `42.3%`. */
export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/**
 * A unix time in seconds as an ISO-like UTC timestamp without milliseconds: `2024-07-23 20:00:00Z`.
 * A value that is not a representable time (a server sending a string or `null`) shows as `?`
 * instead of throwing.
 */
export function formatTimestamp(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  if (typeof unixSeconds !== 'number' || !Number.isFinite(date.getTime())) return '?';
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** `1 example`, `2 examples`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatInteger(count)} ${count === 1 ? singular : pluralForm}`;
}
