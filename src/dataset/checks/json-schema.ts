/**
 * A small JSON Schema checker and validator for the subset that function-tool `parameters` use.
 *
 * Supported keywords (Draft 7, plus `$defs` and `prefixItems` from 2020-12):
 * `type` (a name or an array of names; `integer` is a whole number, `number` any finite number),
 * `enum`, `const`, `properties`, `required`, `additionalProperties` (boolean or schema),
 * `patternProperties`, `propertyNames`, `minProperties`/`maxProperties`, `items` (schema or tuple),
 * `prefixItems`, `additionalItems`, `contains`, `minItems`/`maxItems`, `uniqueItems`,
 * `minLength`/`maxLength` (in code points), `pattern`, `minimum`/`maximum`,
 * `exclusiveMinimum`/`exclusiveMaximum` (number, or Draft 4 boolean), `multipleOf`,
 * `anyOf`/`oneOf`/`allOf`/`not`, `if`/`then`/`else`, and local `$ref` (`#`, `#/$defs/…`,
 * `#/definitions/…`, any JSON pointer into the root). `format` and annotations are not asserted.
 * Unknown keywords are ignored, as the specification says.
 *
 * Both functions are bounded: nesting deeper than {@link MAX_SCHEMA_DEPTH} levels and `$ref` chains
 * longer than {@link MAX_REF_HOPS} are reported instead of followed, so a hostile schema or value
 * can neither loop nor overflow the stack.
 *
 * @module
 */
import { hashCanonicalJson } from './hash.js';
import { childPath, describeValue, isJsonObject, type JsonObject, ownEntry, preview } from './issue-draft.js';

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

const TYPE_NAMES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** Type names people write from other languages, with the JSON Schema name to use instead. */
const TYPE_HINTS: Readonly<Record<string, string>> = {
  str: 'string',
  text: 'string',
  int: 'integer',
  long: 'integer',
  float: 'number',
  double: 'number',
  decimal: 'number',
  bool: 'boolean',
  dict: 'object',
  map: 'object',
  list: 'array',
  tuple: 'array',
  none: 'null',
};

const SCHEMA_KEYWORDS = [
  'additionalProperties',
  'additionalItems',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
];
const SCHEMA_ARRAY_KEYWORDS = ['anyOf', 'oneOf', 'allOf'];
const SCHEMA_MAP_KEYWORDS = ['properties', '$defs', 'definitions'];
const NUMBER_KEYWORDS = ['minimum', 'maximum'];
const COUNT_KEYWORDS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'];
const STRING_KEYWORDS = ['description', 'title', 'format', '$comment', '$id', '$schema'];

/** Options for {@link checkJsonSchema}. */
export interface CheckJsonSchemaOptions {
  /**
   * Also apply the rules of OpenAI's strict mode (`strict: true`): every object schema needs
   * `additionalProperties: false` and must list all its properties in `required`.
   * @default false
   */
  readonly strict?: boolean;
}

/**
 * Checks that `schema` is a valid JSON Schema for the supported subset, the way Draft 7's
 * meta-schema would, plus a few checks that catch real mistakes in tool definitions (a `required`
 * name absent from `properties`, `type: "int"`).
 *
 * @param schema - The schema to check (e.g. a tool's `parameters`).
 * @param options - Strict-mode rules.
 * @returns Every problem found, with its path inside the schema; empty when the schema is fine.
 * @example
 * ```ts
 * checkJsonSchema({ type: 'object', properties: { n: { type: 'int' } } });
 * // [{ path: 'properties.n.type', message: "unknown type 'int' (use 'integer')" }]
 * ```
 */
export function checkJsonSchema(schema: unknown, options: CheckJsonSchemaOptions = {}): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  checkNode(schema, '', 0, schema, options.strict === true, problems);
  return problems;
}

function checkSubschema(
  node: unknown,
  path: string,
  depth: number,
  root: unknown,
  strict: boolean,
  problems: SchemaProblem[],
): void {
  if (typeof node !== 'boolean' && !isJsonObject(node)) {
    problems.push({ path, message: `must be a schema (an object or a boolean), got ${describeValue(node)}` });
    return;
  }
  checkNode(node, path, depth + 1, root, strict, problems);
}

function checkNode(
  node: unknown,
  path: string,
  depth: number,
  root: unknown,
  strict: boolean,
  problems: SchemaProblem[],
): void {
  if (typeof node === 'boolean') return;
  if (!isJsonObject(node)) {
    problems.push({ path, message: `must be a schema object, got ${describeValue(node)}` });
    return;
  }
  if (depth > MAX_SCHEMA_DEPTH) {
    problems.push({ path, message: `nested deeper than ${MAX_SCHEMA_DEPTH} levels; not checked further` });
    return;
  }
  if (strict && isObjectSchema(node)) checkStrictObject(node, path, problems);
  if ('type' in node) checkType(node.type, childPath(path, 'type'), problems);

  for (const key of SCHEMA_MAP_KEYWORDS) {
    if (!(key in node)) continue;
    const map = node[key];
    if (!isJsonObject(map)) {
      problems.push({
        path: childPath(path, key),
        message: `must be an object of schemas, got ${describeValue(map)}`,
      });
      continue;
    }
    for (const [name, child] of Object.entries(map)) {
      checkSubschema(child, childPath(childPath(path, key), name), depth, root, strict, problems);
    }
  }

  if ('patternProperties' in node) {
    const map = node.patternProperties;
    if (!isJsonObject(map)) {
      problems.push({
        path: childPath(path, 'patternProperties'),
        message: `must be an object, got ${describeValue(map)}`,
      });
    } else {
      for (const [pattern, child] of Object.entries(map)) {
        const childAt = childPath(childPath(path, 'patternProperties'), pattern);
        if (compilePattern(pattern) === null)
          problems.push({ path: childAt, message: `invalid regular expression ${preview(pattern)}` });
        checkSubschema(child, childAt, depth, root, strict, problems);
      }
    }
  }

  for (const key of SCHEMA_KEYWORDS) {
    if (key in node) checkSubschema(node[key], childPath(path, key), depth, root, strict, problems);
  }

  if ('items' in node) {
    const items = node.items;
    if (Array.isArray(items)) {
      items.forEach((child, index) => {
        checkSubschema(child, childPath(childPath(path, 'items'), index), depth, root, strict, problems);
      });
    } else {
      checkSubschema(items, childPath(path, 'items'), depth, root, strict, problems);
    }
  }
  if ('prefixItems' in node)
    checkSchemaArray(node.prefixItems, childPath(path, 'prefixItems'), depth, root, strict, problems, false);
  for (const key of SCHEMA_ARRAY_KEYWORDS) {
    if (key in node) checkSchemaArray(node[key], childPath(path, key), depth, root, strict, problems, true);
  }

  if ('required' in node) checkRequired(node, childPath(path, 'required'), problems);

  if ('enum' in node) {
    const values = node.enum;
    if (!Array.isArray(values)) {
      problems.push({
        path: childPath(path, 'enum'),
        message: `must be an array of allowed values, got ${describeValue(values)}`,
      });
    } else if (values.length === 0) {
      problems.push({ path: childPath(path, 'enum'), message: 'is empty, so no value can match' });
    }
  }

  for (const key of NUMBER_KEYWORDS) {
    if (key in node && !isFiniteNumber(node[key])) {
      problems.push({
        path: childPath(path, key),
        message: `must be a number, got ${describeValue(node[key])}`,
      });
    }
  }
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum']) {
    if (key in node && !isFiniteNumber(node[key]) && typeof node[key] !== 'boolean') {
      problems.push({
        path: childPath(path, key),
        message: `must be a number, got ${describeValue(node[key])}`,
      });
    }
  }
  if ('multipleOf' in node && !(isFiniteNumber(node.multipleOf) && node.multipleOf > 0)) {
    problems.push({
      path: childPath(path, 'multipleOf'),
      message: `must be a number greater than 0, got ${describeValue(node.multipleOf)}`,
    });
  }
  for (const key of COUNT_KEYWORDS) {
    const count = node[key];
    if (key in node && !(typeof count === 'number' && Number.isInteger(count) && count >= 0)) {
      problems.push({
        path: childPath(path, key),
        message: `must be a non-negative integer, got ${describeValue(count)}`,
      });
    }
  }
  if ('uniqueItems' in node && typeof node.uniqueItems !== 'boolean') {
    problems.push({
      path: childPath(path, 'uniqueItems'),
      message: `must be a boolean, got ${describeValue(node.uniqueItems)}`,
    });
  }
  if ('pattern' in node) {
    if (typeof node.pattern !== 'string') {
      problems.push({
        path: childPath(path, 'pattern'),
        message: `must be a string, got ${describeValue(node.pattern)}`,
      });
    } else if (compilePattern(node.pattern) === null) {
      problems.push({
        path: childPath(path, 'pattern'),
        message: `invalid regular expression ${preview(node.pattern)}`,
      });
    }
  }
  for (const key of STRING_KEYWORDS) {
    if (key in node && typeof node[key] !== 'string') {
      problems.push({
        path: childPath(path, key),
        message: `must be a string, got ${describeValue(node[key])}`,
      });
    }
  }
  if ('$ref' in node) {
    const reference = node.$ref;
    if (typeof reference !== 'string') {
      problems.push({
        path: childPath(path, '$ref'),
        message: `must be a string, got ${describeValue(reference)}`,
      });
    } else if (resolveReference(root, reference) === undefined) {
      problems.push({
        path: childPath(path, '$ref'),
        message: reference.startsWith('#')
          ? `${preview(reference)} points to nothing in this schema`
          : `${preview(reference)} is not a local reference; only '#…' references can be resolved`,
      });
    }
  }
}

function checkType(type: unknown, path: string, problems: SchemaProblem[]): void {
  const names = typeof type === 'string' ? [type] : Array.isArray(type) ? type : null;
  if (names === null) {
    problems.push({
      path,
      message: `must be a type name or an array of type names, got ${describeValue(type)}`,
    });
    return;
  }
  if (names.length === 0) problems.push({ path, message: 'is an empty array, so no value can match' });
  const seen = new Set<unknown>();
  names.forEach((name, index) => {
    const itemPath = Array.isArray(type) ? childPath(path, index) : path;
    if (typeof name !== 'string') {
      problems.push({ path: itemPath, message: `must be a type name, got ${describeValue(name)}` });
    } else if (!TYPE_NAMES.has(name)) {
      const hint =
        ownEntry(TYPE_HINTS, name.toLowerCase()) ??
        (TYPE_NAMES.has(name.toLowerCase()) ? name.toLowerCase() : undefined);
      problems.push({
        path: itemPath,
        message: `unknown type ${preview(name)}${hint ? ` (use '${hint}')` : ''}; valid types are ${[...TYPE_NAMES].join(', ')}`,
      });
    }
    if (seen.has(name)) problems.push({ path: itemPath, message: `lists ${preview(name)} twice` });
    seen.add(name);
  });
}

function checkSchemaArray(
  value: unknown,
  path: string,
  depth: number,
  root: unknown,
  strict: boolean,
  problems: SchemaProblem[],
  nonEmpty: boolean,
): void {
  if (!Array.isArray(value)) {
    problems.push({ path, message: `must be an array of schemas, got ${describeValue(value)}` });
    return;
  }
  if (nonEmpty && value.length === 0) problems.push({ path, message: 'must not be empty' });
  value.forEach((child, index) => {
    checkSubschema(child, childPath(path, index), depth, root, strict, problems);
  });
}

function checkRequired(node: JsonObject, path: string, problems: SchemaProblem[]): void {
  const required = node.required;
  if (typeof required === 'boolean') {
    problems.push({
      path,
      message:
        'must be an array of property names on the parent object (a boolean `required` is Draft 3 style)',
    });
    return;
  }
  if (!Array.isArray(required)) {
    problems.push({ path, message: `must be an array of property names, got ${describeValue(required)}` });
    return;
  }
  const properties = isJsonObject(node.properties) ? node.properties : null;
  const seen = new Set<string>();
  required.forEach((name, index) => {
    if (typeof name !== 'string') {
      problems.push({
        path: childPath(path, index),
        message: `must be a property name, got ${describeValue(name)}`,
      });
      return;
    }
    if (seen.has(name)) problems.push({ path: childPath(path, index), message: `lists '${name}' twice` });
    seen.add(name);
    if (properties !== null && !Object.hasOwn(properties, name)) {
      problems.push({
        path: childPath(path, index),
        message: `requires '${name}', which is not defined in properties`,
      });
    }
  });
}

function isObjectSchema(node: JsonObject): boolean {
  return (
    node.type === 'object' ||
    (Array.isArray(node.type) && node.type.includes('object')) ||
    isJsonObject(node.properties)
  );
}

function checkStrictObject(node: JsonObject, path: string, problems: SchemaProblem[]): void {
  if (node.additionalProperties !== false) {
    problems.push({
      path: childPath(path, 'additionalProperties'),
      message: 'must be false for every object in strict mode',
    });
  }
  if (!isJsonObject(node.properties)) return;
  const required = Array.isArray(node.required) ? node.required : [];
  const missing = Object.keys(node.properties).filter((name) => !required.includes(name));
  if (missing.length > 0) {
    problems.push({
      path: childPath(path, 'required'),
      message: `must list every property in strict mode; missing ${missing.map((name) => `'${name}'`).join(', ')}`,
    });
  }
}

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
function compilePattern(pattern: string): RegExp | null {
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

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

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
