/**
 * The "is this a JSON-style object" test that lenient readers and option checks share.
 *
 * @module
 */

/**
 * True for a non-null object that is not an array (a parsed JSON object, an options bag). Class
 * instances pass too: callers read fields structurally.
 *
 * @param value - Any value.
 * @returns Whether `value` can be read as a record of fields.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
