/**
 * How "expected X, got Y" messages name a wrong value's type, the same in every layer.
 *
 * @module
 */

/**
 * Names the type of a value: its class for objects (`Map`, `ReadableStream`, `Object`), `null`, or
 * its `typeof` (`number`, `function`, …). An object without a named constructor is `object`.
 *
 * @param value - Any value.
 * @returns A short type name.
 * @example
 * ```ts
 * describeType(new Map()) // 'Map'
 * describeType(42) // 'number'
 * ```
 */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'object';
}
