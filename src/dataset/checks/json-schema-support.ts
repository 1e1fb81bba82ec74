/**
 * What the JSON Schema checker (`json-schema.ts`) and validator (`validate-json-schema.ts`) share:
 * the problem type, the bounds, local `$ref` resolution and the bounded pattern cache.
 *
 * @module
 */
import { isJsonObject } from './issue-draft.js';

/** One problem in a schema, or one mismatch between a value and a schema. */
export interface SchemaProblem {
  /** Path relative to the schema root (for {@link checkJsonSchema}) or the value root (for {@link validateJsonSchema}); `''` is the root. */
  readonly path: string;
  /** One line: what is wrong. */
  readonly message: string;
}

/** Nesting deeper than this is reported instead of walked. */
export const MAX_SCHEMA_DEPTH = 64;
/** `$ref` hops without descending into the value before giving up (catches `{"$ref":"#"}` loops). */
export const MAX_REF_HOPS = 32;
/**
 * Schema nodes one validation may visit. `anyOf` branches that refer back to the root multiply the
 * work at every level; the budget turns that exponential case into a reported, bounded one.
 */
export const MAX_VALIDATION_STEPS = 100_000;

/** The type names JSON Schema defines. */
export const TYPE_NAMES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/**
 * Resolves a local `$ref` (`#`, `#/$defs/x`, `#/definitions/x`, or any JSON pointer into the root).
 *
 * @returns The target schema, or `undefined` when the reference is not local or points to nothing.
 */
export function resolveReference(root: unknown, reference: string): unknown {
  if (!reference.startsWith('#')) return undefined;
  let pointer = reference.slice(1);
  try {
    pointer = decodeURIComponent(pointer);
  } catch {
    return undefined;
  }
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let target: unknown = root;
  for (const rawToken of pointer.slice(1).split('/')) {
    const token = rawToken.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(target)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      target = target[Number(token)];
    } else if (isJsonObject(target) && Object.hasOwn(target, token)) {
      target = target[token];
    } else {
      return undefined;
    }
    if (target === undefined) return undefined;
  }
  return target;
}

/** Compiled patterns, bounded so a file with many distinct patterns cannot grow memory. */
const patternCache = new Map<string, RegExp | null>();
const PATTERN_CACHE_SIZE = 256;

/**
 * Compiles a JSON Schema `pattern` (ECMA-262). Tries Unicode mode first, then plain mode, because
 * patterns such as `[\w-]` are valid ECMA-262 but rejected by the stricter `u` flag.
 */
export function compilePattern(pattern: string): RegExp | null {
  const cached = patternCache.get(pattern);
  if (cached !== undefined) return cached;
  let compiled: RegExp | null = null;
  try {
    compiled = new RegExp(pattern, 'u');
  } catch {
    try {
      compiled = new RegExp(pattern);
    } catch {
      compiled = null;
    }
  }
  if (patternCache.size >= PATTERN_CACHE_SIZE) patternCache.clear();
  patternCache.set(pattern, compiled);
  return compiled;
}

/** A number that is neither NaN nor infinite. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
