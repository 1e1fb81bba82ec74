/**
 * Hashes of JSON values that do not depend on key order, for the answer cache's keys: the same
 * example or request written with its keys in another order is the same cache entry.
 *
 * @module
 */
import { md5Hex } from '../internal/md5.js';

/** JSON text of `value` with object keys sorted at every level (`undefined` members dropped). */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
}

/** MD5 (hex) of {@link stableStringify}; a cache key, not a security measure. */
export function stableHash(value: unknown): string {
  return md5Hex([new TextEncoder().encode(stableStringify(value))]);
}
