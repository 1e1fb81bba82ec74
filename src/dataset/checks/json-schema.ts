import { childPath, describeValue, isJsonObject, type JsonObject, ownEntry, preview } from './issue-draft.js';
import {
  compilePattern,
  isFiniteNumber,
  MAX_SCHEMA_DEPTH,
  resolveReference,
  type SchemaProblem,
  TYPE_NAMES,
} from './json-schema-support.js';

export {
  MAX_REF_HOPS,
  MAX_SCHEMA_DEPTH,
  MAX_VALIDATION_STEPS,
  resolveReference,
  type SchemaProblem,
} from './json-schema-support.js';
export { type ValidateJsonSchemaOptions, validateJsonSchema } from './validate-json-schema.js';

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
