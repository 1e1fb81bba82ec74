import { describe, expect, it } from 'vitest';
import {
  checkJsonSchema,
  MAX_SCHEMA_DEPTH,
  resolveReference,
  validateJsonSchema,
} from '../../../src/dataset/checks/json-schema.js';

const paths = (problems: readonly { path: string }[]) => problems.map((problem) => problem.path);

describe('checkJsonSchema', () => {
  it('accepts a typical tool schema', () => {
    expect(
      checkJsonSchema({
        type: 'object',
        description: 'Search flights',
        properties: {
          from: { type: 'string', pattern: '^[A-Z]{3}$' },
          to: { type: 'string', minLength: 3, maxLength: 3 },
          passengers: { type: 'integer', minimum: 1, maximum: 9 },
          cabin: { type: 'string', enum: ['economy', 'business'] },
          dates: {
            type: 'array',
            items: { type: 'string', format: 'date' },
            minItems: 1,
            maxItems: 2,
            uniqueItems: true,
          },
          flexible: { type: ['boolean', 'null'] },
          filters: { $ref: '#/$defs/filters' },
          legacy: { $ref: '#/definitions/legacy' },
        },
        required: ['from', 'to'],
        additionalProperties: false,
        $defs: {
          filters: { type: 'object', properties: { maxStops: { type: 'integer', exclusiveMaximum: 3 } } },
        },
        definitions: { legacy: { anyOf: [{ type: 'string' }, { type: 'number', multipleOf: 0.5 }] } },
      }),
    ).toEqual([]);
  });

  it.each([
    [{ type: 'int' }, 'type', /unknown type "int" \(use 'integer'\)/],
    [{ type: 'String' }, 'type', /use 'string'/],
    [{ type: [] }, 'type', /empty array/],
    [{ type: ['string', 'string'] }, 'type[1]', /twice/],
    [{ type: 5 }, 'type', /type name/],
    [{ properties: [] }, 'properties', /object of schemas/],
    [{ properties: { a: 'string' } }, 'properties.a', /must be a schema/],
    [{ required: true }, 'required', /Draft 3/],
    [{ required: 'a' }, 'required', /array of property names/],
    [{ properties: { a: {} }, required: ['b'] }, 'required[0]', /not defined in properties/],
    [{ required: ['a', 'a'] }, 'required[1]', /twice/],
    [{ enum: 'a' }, 'enum', /array of allowed values/],
    [{ enum: [] }, 'enum', /empty/],
    [{ anyOf: [] }, 'anyOf', /must not be empty/],
    [{ oneOf: {} }, 'oneOf', /array of schemas/],
    [{ minimum: '1' }, 'minimum', /must be a number/],
    [{ minLength: -1 }, 'minLength', /non-negative integer/],
    [{ maxItems: 1.5 }, 'maxItems', /non-negative integer/],
    [{ multipleOf: 0 }, 'multipleOf', /greater than 0/],
    [{ pattern: '(' }, 'pattern', /invalid regular expression/],
    [{ description: 5 }, 'description', /must be a string/],
    [{ $ref: '#/$defs/missing' }, '$ref', /points to nothing/],
    [{ $ref: 'https://example.com/schema.json' }, '$ref', /not a local reference/],
    [{ items: 5 }, 'items', /must be a schema/],
    [{ additionalProperties: 'no' }, 'additionalProperties', /must be a schema/],
    [{ uniqueItems: 'yes' }, 'uniqueItems', /boolean/],
    [{ patternProperties: { '(': {} } }, 'patternProperties["("]', /invalid regular expression/],
  ])('reports %j at %s', (schema, path, message) => {
    const problems = checkJsonSchema(schema);
    expect(paths(problems)).toContain(path);
    expect(problems.map((problem) => problem.message).join('\n')).toMatch(message);
  });

  it('walks nested schemas and reports full paths', () => {
    const problems = checkJsonSchema({
      type: 'object',
      properties: {
        trip: { type: 'object', properties: { legs: { type: 'array', items: { type: 'float' } } } },
      },
    });
    expect(paths(problems)).toEqual(['properties.trip.properties.legs.items.type']);
  });

  it('accepts ECMA-262 patterns that the u flag rejects', () => {
    expect(checkJsonSchema({ type: 'string', pattern: '^[\\w-]+$' })).toEqual([]);
  });

  it('applies strict-mode rules only when asked', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'object', properties: { c: {} } } },
      required: ['a'],
    };
    expect(checkJsonSchema(schema)).toEqual([]);
    expect(checkJsonSchema(schema, { strict: true })).toEqual([
      { path: 'additionalProperties', message: 'must be false for every object in strict mode' },
      { path: 'required', message: "must list every property in strict mode; missing 'b'" },
      { path: 'properties.b.additionalProperties', message: 'must be false for every object in strict mode' },
      { path: 'properties.b.required', message: "must list every property in strict mode; missing 'c'" },
    ]);
  });

  it('stops at the depth limit instead of overflowing the stack', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 5_000; level++) schema = { type: 'object', properties: { x: schema } };
    const problems = checkJsonSchema(schema);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(`nested deeper than ${MAX_SCHEMA_DEPTH} levels`);
  });

  it('accepts boolean schemas', () => {
    expect(checkJsonSchema(true)).toEqual([]);
    expect(checkJsonSchema({ properties: { a: false }, additionalProperties: true })).toEqual([]);
  });
});

describe('validateJsonSchema', () => {
  const schema = {
    type: 'object',
    properties: {
      city: { type: 'string', minLength: 2 },
      days: { type: 'integer', minimum: 1, maximum: 14 },
      unit: { enum: ['celsius', 'fahrenheit'] },
      tags: { type: 'array', items: { type: 'string' }, maxItems: 2, uniqueItems: true },
      point: { type: 'object', properties: { lat: { type: 'number' } }, required: ['lat'] },
      kind: { const: 'forecast' },
    },
    required: ['city'],
    additionalProperties: false,
  };

  it('accepts a conforming value', () => {
    expect(
      validateJsonSchema(schema, {
        city: 'Paris',
        days: 3,
        unit: 'celsius',
        tags: ['a', 'b'],
        point: { lat: 48.8 },
        kind: 'forecast',
      }),
    ).toEqual([]);
  });

  it.each([
    [{}, '', "is missing the required property 'city'"],
    [{ city: 7 }, 'city', 'expected string, got a number (7)'],
    [{ city: 'P' }, 'city', 'must have at least 2 characters (got 1)'],
    [{ city: 'Paris', days: 2.5 }, 'days', 'expected integer, got a number (2.5)'],
    [{ city: 'Paris', days: 0 }, 'days', 'must be ≥ 1 (got 0)'],
    [{ city: 'Paris', days: 15 }, 'days', 'must be ≤ 14 (got 15)'],
    [{ city: 'Paris', unit: 'kelvin' }, 'unit', 'must be one of "celsius", "fahrenheit" (got "kelvin")'],
    [{ city: 'Paris', tags: ['a', 'b', 'c'] }, 'tags', 'must have at most 2 items (got 3)'],
    [{ city: 'Paris', tags: ['a', 'a'] }, 'tags', 'items must be unique; item 1 repeats item 0'],
    [{ city: 'Paris', tags: ['a', 1] }, 'tags[1]', 'expected string, got a number (1)'],
    [{ city: 'Paris', point: {} }, 'point', "is missing the required property 'lat'"],
    [{ city: 'Paris', kind: 'history' }, 'kind', 'must be "forecast" (got "history")'],
    [
      { city: 'Paris', country: 'FR' },
      'country',
      "unexpected property 'country'; allowed: city, days, unit, tags, point, kind",
    ],
  ])('reports %j at %j', (value, path, message) => {
    expect(validateJsonSchema(schema, value)).toContainEqual({ path, message });
  });

  it('counts string length in code points', () => {
    expect(validateJsonSchema({ type: 'string', maxLength: 2 }, '😀😀')).toEqual([]);
    expect(validateJsonSchema({ type: 'string', maxLength: 1 }, '😀😀')).toHaveLength(1);
  });

  it('treats 1.0 as an integer and rejects non-finite numbers', () => {
    expect(validateJsonSchema({ type: 'integer' }, JSON.parse('1.0'))).toEqual([]);
    expect(validateJsonSchema({ type: 'number' }, Number.NaN)).toHaveLength(1);
  });

  it('supports type arrays, anyOf, oneOf, allOf, not and if/then/else', () => {
    expect(validateJsonSchema({ type: ['string', 'null'] }, null)).toEqual([]);
    expect(validateJsonSchema({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, 1.5)[0]?.message).toMatch(
      /matches none of the 2 anyOf alternatives \(closest: expected string/,
    );
    expect(validateJsonSchema({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 2)[0]?.message).toBe(
      'matches 2 oneOf alternatives; exactly one must match',
    );
    expect(validateJsonSchema({ allOf: [{ minimum: 1 }, { maximum: 3 }] }, 4)).toEqual([
      { path: '', message: 'must be ≤ 3 (got 4)' },
    ]);
    expect(validateJsonSchema({ not: { type: 'string' } }, 'x')[0]?.message).toMatch(/must not match/);
    // Built from JSON text: a literal object with a `then` key reads as a thenable to linters.
    const conditional = JSON.parse(
      '{"if":{"properties":{"kind":{"const":"a"}}},"then":{"required":["a"]},"else":{"required":["b"]}}',
    );
    expect(validateJsonSchema(conditional, { kind: 'a', a: 1 })).toEqual([]);
    expect(validateJsonSchema(conditional, { kind: 'z' })).toEqual([
      { path: '', message: "is missing the required property 'b'" },
    ]);
  });

  it('supports exclusive bounds in both Draft 4 and Draft 6+ forms, and multipleOf with decimals', () => {
    expect(validateJsonSchema({ exclusiveMinimum: 0 }, 0)).toHaveLength(1);
    expect(validateJsonSchema({ minimum: 0, exclusiveMinimum: true }, 0)).toHaveLength(1);
    expect(validateJsonSchema({ multipleOf: 0.1 }, 0.3)).toEqual([]);
    expect(validateJsonSchema({ multipleOf: 0.5 }, 0.3)).toHaveLength(1);
  });

  it('resolves $ref to $defs, definitions and recursive schemas', () => {
    const tree = {
      $defs: {
        node: {
          type: 'object',
          properties: {
            value: { type: 'integer' },
            children: { type: 'array', items: { $ref: '#/$defs/node' } },
          },
        },
      },
      $ref: '#/$defs/node',
    };
    expect(validateJsonSchema(tree, { value: 1, children: [{ value: 2, children: [] }] })).toEqual([]);
    expect(validateJsonSchema(tree, { value: 1, children: [{ value: 'two' }] })).toEqual([
      { path: 'children[0].value', message: 'expected integer, got a string ("two")' },
    ]);
    expect(
      validateJsonSchema(
        { definitions: { id: { type: 'string' } }, properties: { id: { $ref: '#/definitions/id' } } },
        { id: 1 },
      ),
    ).toHaveLength(1);
  });

  it('resolves JSON pointers with escapes', () => {
    const root = { $defs: { 'a/b': { x: 1 }, 'c~d': { y: 2 } }, list: [{ z: 3 }] };
    expect(resolveReference(root, '#/$defs/a~1b')).toEqual({ x: 1 });
    expect(resolveReference(root, '#/$defs/c~0d')).toEqual({ y: 2 });
    expect(resolveReference(root, '#/list/0')).toEqual({ z: 3 });
    expect(resolveReference(root, '#')).toBe(root);
    expect(resolveReference(root, '#/nothing')).toBeUndefined();
    expect(resolveReference(root, 'other.json#/x')).toBeUndefined();
  });

  it('handles patternProperties, additionalProperties schemas, propertyNames and tuples', () => {
    const schema = {
      patternProperties: { '^x-': { type: 'string' } },
      additionalProperties: { type: 'number' },
      propertyNames: { maxLength: 5 },
    };
    expect(validateJsonSchema(schema, { 'x-a': 'ok', b: 1 })).toEqual([]);
    expect(paths(validateJsonSchema(schema, { 'x-a': 1, b: 'no', toolong: 1 }))).toEqual([
      '["x-a"]',
      'b',
      'toolong',
    ]);
    expect(
      validateJsonSchema({ items: [{ type: 'string' }], additionalItems: false }, ['a', 'b'])[0]?.message,
    ).toBe('has 2 items; only 1 are allowed');
    expect(
      validateJsonSchema({ prefixItems: [{ type: 'string' }], items: { type: 'number' } }, ['a', 1]),
    ).toEqual([]);
    expect(validateJsonSchema({ contains: { const: 3 } }, [1, 2])[0]?.message).toMatch(
      /contain at least one/,
    );
  });

  it('caps the number of errors', () => {
    const errors = validateJsonSchema(
      { type: 'array', items: { type: 'string' } },
      Array.from({ length: 50 }, (_, index) => index),
      { maxErrors: 3 },
    );
    expect(errors).toHaveLength(3);
  });

  it('does not loop on self-referencing schemas', () => {
    expect(validateJsonSchema({ $ref: '#' }, 1)[0]?.message).toMatch(/\$ref chain longer than/);
    const explosive = { anyOf: [{ $ref: '#' }, { $ref: '#' }] };
    expect(validateJsonSchema(explosive, 1)).toContainEqual({
      path: '',
      message: 'schema too complex: stopped after 100000 steps',
    });
  });

  it('ignores invalid schema keywords instead of throwing', () => {
    expect(validateJsonSchema({ type: 'float', minimum: 'x', pattern: '(' }, 'abc')).toEqual([]);
    expect(validateJsonSchema('not a schema', 5)).toEqual([]);
    expect(validateJsonSchema(false, 5)).toEqual([
      { path: '', message: 'no value is allowed here (schema is false)' },
    ]);
  });
});
