/**
 * A tiny, targeted reader of component schemas in the official OpenAPI spec
 * (`openai/openai-openapi` `openapi.yaml`): for one schema, its required fields and, per property,
 * the JSON types and enum values it declares. Enough to check the simulator's responses against the
 * spec without a YAML parser. It reads the spec's own layout (2-space indents, schemas at 4 spaces).
 */

/** What the spec declares about one property. */
export interface SpecProperty {
  /** JSON types (`string`, `integer`, `number`, `boolean`, `object`, `array`, `null`); empty when only a `$ref`. */
  readonly types: string[];
  /** Allowed values, when the property is an enum. */
  readonly enum?: string[];
  /** The referenced schema, when the property is a `$ref`. */
  readonly ref?: string;
}

/** What the spec declares about one schema. */
export interface SpecSchema {
  /** 1-based line of the schema in the spec, for citations. */
  readonly line: number;
  readonly required: string[];
  readonly properties: Record<string, SpecProperty>;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * Extracts one schema from `components.schemas`.
 *
 * @throws {Error} When the schema is not in the spec.
 */
export function extractSchema(yaml: string, name: string): SpecSchema {
  const lines = yaml.split('\n');
  const start = lines.indexOf(`    ${name}:`);
  if (start === -1) throw new Error(`Schema ${name} not found in the spec.`);
  let end = start + 1;
  while (end < lines.length && (lines[end]!.trim() === '' || indentOf(lines[end]!) > 4)) end++;
  const block = lines.slice(start + 1, end);
  const required: string[] = [];
  const properties: Record<string, SpecProperty> = {};
  let section: 'none' | 'properties' | 'required' = 'none';
  let current: { name: string; types: string[]; enum: string[]; ref?: string; inEnum: boolean } | null = null;
  const flush = () => {
    if (!current) return;
    properties[current.name] = {
      types: [...new Set(current.types)],
      ...(current.enum.length > 0 ? { enum: current.enum } : {}),
      ...(current.ref ? { ref: current.ref } : {}),
    };
    current = null;
  };
  for (const line of block) {
    if (line.trim() === '') continue;
    const indent = indentOf(line);
    const text = line.trim();
    if (indent === 6) {
      flush();
      section = text === 'properties:' ? 'properties' : text === 'required:' ? 'required' : 'none';
      continue;
    }
    if (section === 'required' && indent === 8 && text.startsWith('- ')) {
      required.push(text.slice(2).trim());
      continue;
    }
    if (section !== 'properties') continue;
    if (indent === 8 && text.endsWith(':')) {
      flush();
      current = { name: text.slice(0, -1), types: [], enum: [], inEnum: false };
      continue;
    }
    if (!current) continue;
    const entry = current as {
      types: string[];
      enum: string[];
      ref?: string;
      inEnum: boolean;
      branch?: boolean;
    };
    // A line at indent 12 opens an anyOf/oneOf branch when it starts with "- "; anything else at 12
    // (properties, items) belongs to a nested schema whose types are not this property's.
    if (indent === 12) entry.branch = text.startsWith('- ');
    const type = /^(?:- )?type: "?([a-z]+)"?$/.exec(text);
    const direct = indent === 10 && !text.startsWith('- ');
    const branchHead = indent === 12 && text.startsWith('- ');
    const branchBody = indent === 14 && entry.branch === true && !text.startsWith('- ');
    if (type && (direct || branchHead || branchBody)) {
      entry.types.push(type[1]!);
      continue;
    }
    const ref = /^(?:- )?\$ref: "#\/components\/schemas\/([A-Za-z0-9_]+)"$/.exec(text);
    if (ref && (direct || branchHead || branchBody) && !entry.ref) {
      entry.ref = ref[1]!;
      continue;
    }
    if (indent === 10) entry.inEnum = text === 'enum:';
    if (entry.inEnum && indent === 12 && text.startsWith('- '))
      entry.enum.push(text.slice(2).replace(/^"|"$/g, ''));
  }
  flush();
  return { line: start + 1, required, properties };
}

const matchesType = (value: unknown, type: string): boolean => {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
};

/**
 * Checks a value against a schema: required fields present, declared types and enums respected.
 *
 * @returns The problems found (empty when the value conforms).
 */
export function checkAgainstSchema(value: unknown, schema: SpecSchema, name: string): string[] {
  if (typeof value !== 'object' || value === null) return [`${name}: not an object`];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of schema.required) {
    if (!(field in record))
      problems.push(`${name}.${field}: required by the spec (line ${schema.line}) but missing`);
  }
  for (const [field, property] of Object.entries(schema.properties)) {
    if (!(field in record)) continue;
    const item = record[field];
    if (property.types.length > 0 && !property.types.some((type) => matchesType(item, type))) {
      problems.push(`${name}.${field}: ${JSON.stringify(item)} is not ${property.types.join(' | ')}`);
    }
    if (property.enum && typeof item === 'string' && !property.enum.includes(item)) {
      problems.push(`${name}.${field}: '${item}' is not one of ${property.enum.join(', ')}`);
    }
  }
  return problems;
}
