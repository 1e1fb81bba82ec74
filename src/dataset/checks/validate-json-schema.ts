/**
 * `validateJsonSchema`: checks a value (a tool call's parsed `arguments`) against a schema of the
 * subset `json-schema.ts` describes, with bounded depth, `$ref` hops and steps.
 *
 * @module
 */
import { hashCanonicalJson } from './hash.js';
import { childPath, describeValue, isJsonObject, type JsonObject, preview } from './issue-draft.js';
import {
  compilePattern,
  isFiniteNumber,
  MAX_REF_HOPS,
  MAX_SCHEMA_DEPTH,
  MAX_VALIDATION_STEPS,
  resolveReference,
  type SchemaProblem,
  TYPE_NAMES,
} from './json-schema-support.js';

/** Options for {@link validateJsonSchema}. */
export interface ValidateJsonSchemaOptions {
  /** Stop after this many mismatches. @default 10 */
  readonly maxErrors?: number;
}

/**
 * Validates a value against a schema of the supported subset.
 *
 * @param schema - The schema (assumed checked with {@link checkJsonSchema}; invalid keywords are skipped, never thrown on).
 * @param value - The parsed JSON value, e.g. a tool call's parsed `arguments`.
 * @param options - Error cap.
 * @returns The mismatches, each with the path inside `value`; empty when the value conforms.
 * @example
 * ```ts
 * validateJsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, { city: 7 });
 * // [{ path: 'city', message: 'expected string, got a number (7)' }]
 * ```
 */
export function validateJsonSchema(
  schema: unknown,
  value: unknown,
  options: ValidateJsonSchemaOptions = {},
): SchemaProblem[] {
  const state: ValidationState = {
    root: schema,
    errors: [],
    maxErrors: options.maxErrors ?? 10,
    budget: { steps: MAX_VALIDATION_STEPS, exhausted: false },
  };
  validateNode(schema, value, '', 0, 0, state);
  // Once the budget runs out, branches stop reporting, so the outcome is unknown: say so at the top.
  const tooComplex = `schema too complex: stopped after ${MAX_VALIDATION_STEPS} steps`;
  if (state.budget.exhausted && !state.errors.some((error) => error.message === tooComplex)) {
    state.errors.push({ path: '', message: tooComplex });
  }
  return state.errors;
}

interface ValidationState {
  readonly root: unknown;
  errors: SchemaProblem[];
  readonly maxErrors: number;
  /** Shared by a validation and all its branch validations. */
  readonly budget: { steps: number; exhausted: boolean };
}

function validateNode(
  schema: unknown,
  value: unknown,
  path: string,
  depth: number,
  refHops: number,
  state: ValidationState,
): void {
  if (state.errors.length >= state.maxErrors) return;
  const fail = (message: string, at = path): void => {
    if (state.errors.length < state.maxErrors) state.errors.push({ path: at, message });
  };
  if (state.budget.steps <= 0) {
    if (!state.budget.exhausted) {
      state.budget.exhausted = true;
      fail(`schema too complex: stopped after ${MAX_VALIDATION_STEPS} steps`);
    }
    return;
  }
  state.budget.steps--;
  if (schema === true) return;
  if (schema === false) {
    fail('no value is allowed here (schema is false)');
    return;
  }
  if (!isJsonObject(schema)) return;
  if (depth > MAX_SCHEMA_DEPTH) {
    fail(`nested deeper than ${MAX_SCHEMA_DEPTH} levels; not checked further`);
    return;
  }

  if (typeof schema.$ref === 'string') {
    if (refHops >= MAX_REF_HOPS) {
      fail(`$ref chain longer than ${MAX_REF_HOPS} hops; not checked further`);
      return;
    }
    const target = resolveReference(state.root, schema.$ref);
    if (target !== undefined) validateNode(target, value, path, depth, refHops + 1, state);
  }

  if ('type' in schema && !matchesType(schema.type, value)) {
    fail(`expected ${describeTypes(schema.type)}, got ${describeValue(value)}`);
    return;
  }

  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const hash = hashCanonicalJson(value);
    if (!schema.enum.some((allowed) => hashCanonicalJson(allowed) === hash)) {
      const allowed = schema.enum.slice(0, 8).map((item) => preview(item, 30));
      fail(
        `must be one of ${allowed.join(', ')}${schema.enum.length > 8 ? ', …' : ''} (got ${preview(value, 30)})`,
      );
    }
  }
  if ('const' in schema && hashCanonicalJson(schema.const) !== hashCanonicalJson(value)) {
    fail(`must be ${preview(schema.const, 30)} (got ${preview(value, 30)})`);
  }

  if (typeof value === 'number') validateNumber(schema, value, fail);
  else if (typeof value === 'string') validateString(schema, value, fail);
  else if (Array.isArray(value)) validateArray(schema, value, path, depth, state, fail);
  else if (isJsonObject(value)) validateObject(schema, value, path, depth, state, fail);

  if (Array.isArray(schema.allOf)) {
    for (const branch of schema.allOf) validateNode(branch, value, path, depth + 1, refHops, state);
  }
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) {
    const outcomes = schema.anyOf.map((branch) => branchErrors(branch, value, path, depth, refHops, state));
    if (!outcomes.some((errors) => errors.length === 0)) {
      fail(`matches none of the ${outcomes.length} anyOf alternatives${closestReason(outcomes)}`);
    }
  }
  if (Array.isArray(schema.oneOf) && schema.oneOf.length > 0) {
    const outcomes = schema.oneOf.map((branch) => branchErrors(branch, value, path, depth, refHops, state));
    const passing = outcomes.filter((errors) => errors.length === 0).length;
    if (passing === 0)
      fail(`matches none of the ${outcomes.length} oneOf alternatives${closestReason(outcomes)}`);
    else if (passing > 1) fail(`matches ${passing} oneOf alternatives; exactly one must match`);
  }
  if ('not' in schema && branchErrors(schema.not, value, path, depth, refHops, state).length === 0) {
    fail('must not match the schema under `not`');
  }
  if ('if' in schema) {
    const passes = branchErrors(schema.if, value, path, depth, refHops, state).length === 0;
    const next = passes ? schema.then : schema.else;
    if (next !== undefined) validateNode(next, value, path, depth + 1, refHops, state);
  }
}

/** Validates `value` against one branch in isolation, for anyOf/oneOf/not/if. */
function branchErrors(
  branch: unknown,
  value: unknown,
  path: string,
  depth: number,
  refHops: number,
  state: ValidationState,
): SchemaProblem[] {
  const inner: ValidationState = { root: state.root, errors: [], maxErrors: 3, budget: state.budget };
  validateNode(branch, value, path, depth + 1, refHops, inner);
  return inner.errors;
}

/** The first reason of the branch that came closest, to make anyOf/oneOf failures actionable. */
function closestReason(outcomes: readonly SchemaProblem[][]): string {
  let best: SchemaProblem[] | undefined;
  for (const errors of outcomes) if (best === undefined || errors.length < best.length) best = errors;
  const first = best?.[0];
  if (!first) return '';
  return ` (closest: ${first.path === '' ? '' : `${first.path}: `}${first.message})`;
}

function matchesType(type: unknown, value: unknown): boolean {
  const names = typeof type === 'string' ? [type] : Array.isArray(type) ? type : null;
  if (names === null) return true;
  const known = names.filter((name): name is string => typeof name === 'string' && TYPE_NAMES.has(name));
  if (known.length === 0) return true; // an invalid schema is reported by checkJsonSchema, not here
  return known.some((name) => matchesTypeName(name, value));
}

function matchesTypeName(name: string, value: unknown): boolean {
  switch (name) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    default:
      return false;
  }
}

function describeTypes(type: unknown): string {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.filter((name) => typeof name === 'string').join(' or ');
  return 'a valid type';
}

type Fail = (message: string, at?: string) => void;

function validateNumber(schema: JsonObject, value: number, fail: Fail): void {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
  if (isFiniteNumber(minimum)) {
    if (exclusiveMinimum === true ? value <= minimum : value < minimum) {
      fail(`must be ${exclusiveMinimum === true ? '>' : '≥'} ${minimum} (got ${value})`);
    }
  }
  if (isFiniteNumber(maximum)) {
    if (exclusiveMaximum === true ? value >= maximum : value > maximum) {
      fail(`must be ${exclusiveMaximum === true ? '<' : '≤'} ${maximum} (got ${value})`);
    }
  }
  if (isFiniteNumber(exclusiveMinimum) && value <= exclusiveMinimum)
    fail(`must be > ${exclusiveMinimum} (got ${value})`);
  if (isFiniteNumber(exclusiveMaximum) && value >= exclusiveMaximum)
    fail(`must be < ${exclusiveMaximum} (got ${value})`);
  if (isFiniteNumber(multipleOf) && multipleOf > 0) {
    const quotient = value / multipleOf;
    // Tolerate binary rounding (0.3 / 0.1 = 2.9999999999999996).
    if (Math.abs(quotient - Math.round(quotient)) > 1e-9 * Math.max(1, Math.abs(quotient))) {
      fail(`must be a multiple of ${multipleOf} (got ${value})`);
    }
  }
}

function codePointLength(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    // A high surrogate followed by a low surrogate is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    length++;
  }
  return length;
}

function validateString(schema: JsonObject, value: string, fail: Fail): void {
  const { minLength, maxLength, pattern } = schema;
  if (typeof minLength === 'number' || typeof maxLength === 'number') {
    const length = codePointLength(value);
    if (typeof minLength === 'number' && length < minLength)
      fail(`must have at least ${minLength} characters (got ${length})`);
    if (typeof maxLength === 'number' && length > maxLength)
      fail(`must have at most ${maxLength} characters (got ${length})`);
  }
  if (typeof pattern === 'string') {
    const regex = compilePattern(pattern);
    if (regex !== null && !regex.test(value))
      fail(`must match the pattern ${preview(pattern, 40)} (got ${preview(value, 30)})`);
  }
}

function validateArray(
  schema: JsonObject,
  value: readonly unknown[],
  path: string,
  depth: number,
  state: ValidationState,
  fail: Fail,
): void {
  const { minItems, maxItems, uniqueItems, items, prefixItems, additionalItems, contains } = schema;
  if (typeof minItems === 'number' && value.length < minItems)
    fail(`must have at least ${minItems} items (got ${value.length})`);
  if (typeof maxItems === 'number' && value.length > maxItems)
    fail(`must have at most ${maxItems} items (got ${value.length})`);
  if (uniqueItems === true) {
    const seen = new Map<string, number>();
    value.forEach((item, index) => {
      const hash = hashCanonicalJson(item);
      const first = seen.get(hash);
      if (first !== undefined) fail(`items must be unique; item ${index} repeats item ${first}`);
      else seen.set(hash, index);
    });
  }
  const tuple = Array.isArray(prefixItems) ? prefixItems : Array.isArray(items) ? items : null;
  const rest = Array.isArray(prefixItems) ? items : Array.isArray(items) ? additionalItems : items;
  value.forEach((item, index) => {
    const itemPath = childPath(path, index);
    if (tuple !== null && index < tuple.length)
      validateNode(tuple[index], item, itemPath, depth + 1, 0, state);
    else if (rest !== undefined) {
      if (rest === false) fail(`has ${value.length} items; only ${tuple?.length ?? 0} are allowed`, itemPath);
      else validateNode(rest, item, itemPath, depth + 1, 0, state);
    }
  });
  if (contains !== undefined) {
    const found = value.some(
      (item, index) => branchErrors(contains, item, childPath(path, index), depth, 0, state).length === 0,
    );
    if (!found) fail('must contain at least one item matching `contains`');
  }
}

function validateObject(
  schema: JsonObject,
  value: JsonObject,
  path: string,
  depth: number,
  state: ValidationState,
  fail: Fail,
): void {
  const {
    required,
    properties,
    patternProperties,
    additionalProperties,
    minProperties,
    maxProperties,
    propertyNames,
  } = schema;
  const keys = Object.keys(value);
  if (Array.isArray(required)) {
    for (const name of required) {
      if (typeof name === 'string' && !Object.hasOwn(value, name))
        fail(`is missing the required property '${name}'`);
    }
  }
  if (typeof minProperties === 'number' && keys.length < minProperties) {
    fail(`must have at least ${minProperties} properties (got ${keys.length})`);
  }
  if (typeof maxProperties === 'number' && keys.length > maxProperties) {
    fail(`must have at most ${maxProperties} properties (got ${keys.length})`);
  }
  const definedProperties = isJsonObject(properties) ? properties : null;
  const patterns = isJsonObject(patternProperties)
    ? Object.entries(patternProperties).flatMap(([pattern, child]) => {
        const regex = compilePattern(pattern);
        return regex === null ? [] : [[regex, child] as const];
      })
    : [];
  for (const key of keys) {
    const keyPath = childPath(path, key);
    if (
      propertyNames !== undefined &&
      branchErrors(propertyNames, key, keyPath, depth, 0, state).length > 0
    ) {
      fail(`property name '${key}' does not match propertyNames`, keyPath);
    }
    let described = false;
    if (definedProperties !== null && Object.hasOwn(definedProperties, key)) {
      described = true;
      validateNode(definedProperties[key], value[key], keyPath, depth + 1, 0, state);
    }
    for (const [regex, child] of patterns) {
      if (regex.test(key)) {
        described = true;
        validateNode(child, value[key], keyPath, depth + 1, 0, state);
      }
    }
    if (!described && additionalProperties !== undefined) {
      if (additionalProperties === false) {
        const known = definedProperties === null ? [] : Object.keys(definedProperties);
        fail(
          `unexpected property '${key}'${known.length > 0 ? `; allowed: ${known.slice(0, 10).join(', ')}` : ''}`,
          keyPath,
        );
      } else {
        validateNode(additionalProperties, value[key], keyPath, depth + 1, 0, state);
      }
    }
  }
}
