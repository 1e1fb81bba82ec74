/**
 * Builds a JSON value that conforms to a JSON Schema, for simulated chat completions with
 * `response_format: { type: 'json_schema' }` (structured outputs always conform). Covers what
 * structured outputs support: objects (every property, as strict mode requires), arrays, strings,
 * numbers and integers with bounds, booleans, null, `enum`, `const`, `anyOf`/`oneOf`/`allOf`, type
 * arrays and local `$ref`s (`#/$defs/…`, `#/definitions/…`).
 *
 * @module
 */
import { isRecord } from '../internal/is-record.js';
import type { SeededRandom } from '../internal/seeded-random.js';

/** What the simulated model "means" to say; the schema gives it a shape. */
export interface SchemaAnswerHints {
  /** The text answer (goes into answer-like strings). */
  readonly text: string;
  /** A score on 0–1 for numeric fields such as `score` or `result` (a grader's verdict), or `null`. */
  readonly score: number | null;
  readonly random: SeededRandom;
}

const SCORE_KEY = /score|result|grade|rating|reward|value|points|confidence/i;
const REASON_KEY =
  /reason|explanation|rationale|steps|thought|justification|analysis|comment|description|conclusion/i;
const POSITIVE_LABEL = /^(correct|pass|passed|yes|true|good|positive|accept|accepted|match|right|relevant)$/i;
const NEGATIVE_LABEL =
  /^(incorrect|fail|failed|no|false|bad|negative|reject|rejected|mismatch|wrong|irrelevant)$/i;

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return {};
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    node = isRecord(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return node ?? {};
}

function pickEnum(values: readonly unknown[], hints: SchemaAnswerHints): unknown {
  if (hints.score !== null) {
    const wanted = hints.score >= 0.5 ? POSITIVE_LABEL : NEGATIVE_LABEL;
    const labelled = values.find((value) => typeof value === 'string' && wanted.test(value));
    if (labelled !== undefined) return labelled;
  }
  return values[Math.floor(hints.random.next() * values.length)];
}

function numberFor(schema: Record<string, unknown>, key: string, integer: boolean, hints: SchemaAnswerHints) {
  const min =
    typeof schema.minimum === 'number'
      ? schema.minimum
      : typeof schema.exclusiveMinimum === 'number'
        ? schema.exclusiveMinimum
        : null;
  const max =
    typeof schema.maximum === 'number'
      ? schema.maximum
      : typeof schema.exclusiveMaximum === 'number'
        ? schema.exclusiveMaximum
        : null;
  const low = min ?? 0;
  const high = max ?? (integer ? Math.max(low + 10, 10) : Math.max(low + 1, 1));
  const unit = SCORE_KEY.test(key) && hints.score !== null ? hints.score : hints.random.next();
  let value = low + unit * (high - low);
  value = integer ? Math.round(value) : Math.round(value * 100) / 100;
  // Exclusive bounds: step inside.
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
    value = schema.exclusiveMinimum + (integer ? 1 : 0.01);
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
    value = schema.exclusiveMaximum - (integer ? 1 : 0.01);
  return value;
}

function stringFor(schema: Record<string, unknown>, key: string, hints: SchemaAnswerHints): string {
  let text = REASON_KEY.test(key)
    ? hints.score === null
      ? 'Based on the information given.'
      : hints.score >= 0.5
        ? 'The answer agrees with the reference.'
        : 'The answer differs from the reference.'
    : hints.text;
  if (typeof schema.maxLength === 'number') text = text.slice(0, schema.maxLength);
  if (typeof schema.minLength === 'number' && text.length < schema.minLength)
    text = text.padEnd(schema.minLength, '.');
  return text;
}

function build(
  schema: unknown,
  root: unknown,
  key: string,
  hints: SchemaAnswerHints,
  depth: number,
): unknown {
  if (!isRecord(schema) || depth > 12) return null;
  if (typeof schema.$ref === 'string')
    return build(resolveRef(root, schema.$ref), root, key, hints, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return pickEnum(schema.enum, hints);
  for (const combiner of ['anyOf', 'oneOf'] as const) {
    const options = schema[combiner];
    if (Array.isArray(options) && options.length > 0) {
      // Prefer a non-null branch: a model fills fields it can.
      const branch = options.find((option) => !(isRecord(option) && option.type === 'null')) ?? options[0];
      return build(branch, root, key, hints, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const merged = Object.assign({}, ...schema.allOf.filter(isRecord), { allOf: undefined });
    return build(merged, root, key, hints, depth + 1);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type =
    types.find((item) => item !== 'null') ?? types[0] ?? (isRecord(schema.properties) ? 'object' : 'string');
  switch (type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      const properties = isRecord(schema.properties) ? schema.properties : {};
      for (const [name, property] of Object.entries(properties))
        result[name] = build(property, root, name, hints, depth + 1);
      return result;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(min, 1);
      const count = Math.max(min, Math.min(max, 1));
      return Array.from({ length: count }, () => build(schema.items ?? {}, root, key, hints, depth + 1));
    }
    case 'integer':
      return numberFor(schema, key, true, hints);
    case 'number':
      return numberFor(schema, key, false, hints);
    case 'boolean':
      return hints.score === null ? hints.random.next() < 0.5 : hints.score >= 0.5;
    case 'null':
      return null;
    default:
      return stringFor(schema, key, hints);
  }
}

/**
 * A value conforming to `schema`.
 *
 * @param schema - The `json_schema.schema` of the request.
 * @param hints - The answer text, a score for numeric verdicts, the random source for the rest.
 */
export function answerForSchema(schema: unknown, hints: SchemaAnswerHints): unknown {
  return build(schema, schema, '', hints, 0);
}

/** True when the schema has a number or integer field anywhere (a grader's score). */
export function schemaAsksForNumber(schema: unknown, depth = 0): boolean {
  if (!isRecord(schema) || depth > 12) return false;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('number') || types.includes('integer')) return true;
  const children = [
    ...(isRecord(schema.properties) ? Object.values(schema.properties) : []),
    ...(isRecord(schema.$defs) ? Object.values(schema.$defs) : []),
    ...(Array.isArray(schema.anyOf) ? schema.anyOf : []),
    schema.items,
  ];
  return children.some((child) => schemaAsksForNumber(child, depth + 1));
}
