import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/internal/seeded-random.js';
import { answerForSchema, schemaAsksForNumber } from '../../src/testing/json-schema-answer.js';

const hints = (score: number | null = null) => ({
  text: 'Hold MODE for 8 seconds.',
  score,
  random: createRandom(3),
});

describe('answerForSchema', () => {
  it('fills every property with a value of its type, within bounds, and follows const, allOf and nullable types', () => {
    const value = answerForSchema(
      {
        type: 'object',
        properties: {
          answer: { type: 'string', maxLength: 10 },
          kind: { const: 'support' },
          count: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 2 },
          note: { type: ['null', 'string'], minLength: 30 },
          meta: { allOf: [{ type: 'object', properties: { lang: { enum: ['en', 'de'] } } }] },
          items: { type: 'array', items: { type: 'number', minimum: 5, maximum: 6 }, minItems: 3 },
        },
      },
      hints(),
    ) as Record<string, unknown>;
    expect(value.answer).toBe('Hold MODE ');
    expect(value.kind).toBe('support');
    expect(value.count).toBe(1);
    expect(typeof value.note).toBe('string');
    expect((value.note as string).length).toBeGreaterThanOrEqual(30);
    expect(['en', 'de']).toContain((value.meta as { lang: string }).lang);
    expect(value.items).toHaveLength(3);
    for (const item of value.items as number[]) expect(item >= 5 && item <= 6).toBe(true);
  });

  it("puts a grader's verdict in score-like fields and picks a matching label", () => {
    const schema = {
      type: 'object',
      properties: {
        result: { type: 'number', minimum: 1, maximum: 7 },
        verdict: { type: 'string', enum: ['incorrect', 'correct'] },
        passed: { type: 'boolean' },
      },
    };
    expect(answerForSchema(schema, hints(1))).toEqual({ result: 7, verdict: 'correct', passed: true });
    expect(answerForSchema(schema, hints(0))).toEqual({ result: 1, verdict: 'incorrect', passed: false });
    expect(schemaAsksForNumber(schema)).toBe(true);
    expect(schemaAsksForNumber({ type: 'object', properties: { a: { type: 'string' } } })).toBe(false);
  });

  it('resolves local $refs and is deterministic by the random source', () => {
    const schema = {
      $defs: { step: { type: 'object', properties: { n: { type: 'integer', minimum: 1, maximum: 100 } } } },
      type: 'object',
      properties: { steps: { type: 'array', items: { $ref: '#/$defs/step' } } },
    };
    const first = answerForSchema(schema, hints());
    expect(first).toEqual({ steps: [{ n: expect.any(Number) }] });
    expect(answerForSchema(schema, hints())).toEqual(first);
  });
});
