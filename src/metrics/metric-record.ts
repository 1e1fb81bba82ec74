/**
 * Records keyed by metric name. Metric names come from the data (CSV headers, event data keys), so
 * a name can be `constructor`, `toString` or `__proto__`: on a plain object those read inherited
 * members or hit the prototype setter. Metric records are therefore built without a prototype and
 * read through their own properties only.
 *
 * @module
 */

/**
 * A record without a prototype, so that any string (including `__proto__`) is an ordinary key.
 *
 * @param entries - Initial `[name, value]` pairs; later pairs win.
 * @returns A null-prototype object.
 */
export function metricRecord<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [name, value] of entries) record[name] = value;
  return record;
}

/**
 * Merges records into a new null-prototype record (later records win), like `{ ...a, ...b }`.
 *
 * @param records - Records to merge, in order.
 * @returns A null-prototype object.
 */
export function mergeMetricRecords<T>(...records: readonly Readonly<Record<string, T>>[]): Record<string, T> {
  const merged = metricRecord<T>();
  for (const record of records) for (const [name, value] of Object.entries(record)) merged[name] = value;
  return merged;
}

/**
 * Reads a record's own value for `name`, never an inherited member (`constructor`, `toString`, …).
 *
 * @param record - A metric record (plain or null-prototype), or `undefined`.
 * @param name - A metric name.
 * @returns The value, or `undefined` when the record has no own `name`.
 */
export function ownMetric<T>(
  record: Readonly<Record<string, T>> | null | undefined,
  name: string,
): T | undefined {
  return record != null && Object.hasOwn(record, name) ? record[name] : undefined;
}
