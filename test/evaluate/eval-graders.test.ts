import { describe, expect, it } from 'vitest';
import { FinetuneKitUsageError } from '../../src/errors.js';
import { toEvalExample } from '../../src/evaluate/eval-example.js';
import {
  jsonEqual,
  jsonEqualScore,
  resolveGraders,
  sampleOf,
  scoreAnswer,
  toolCallsScore,
} from '../../src/evaluate/eval-graders.js';
import type { EvalAnswer, EvalExample } from '../../src/evaluate/types.js';

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } },
  },
};

function example(value: unknown): EvalExample {
  const result = toEvalExample(value, 0, 1);
  if ('skipped' in result) throw new Error(result.skipped);
  return result;
}

const toolExample = example({
  messages: [
    { role: 'system', content: 'You call tools for weather questions.' },
    { role: 'user', content: 'Weather in Paris in celsius?' },
    {
      role: 'assistant',
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
        },
      ],
    },
  ],
  tools: [WEATHER_TOOL],
});

const jsonExample = example({
  messages: [
    { role: 'user', content: 'Extract: order 1182, 2 routers' },
    { role: 'assistant', content: '{"order": 1182, "items": [{"sku": "router", "qty": 2}]}' },
  ],
});

const textExample = example({
  messages: [
    { role: 'user', content: 'How do I reset my router?' },
    { role: 'assistant', content: 'Hold the reset button for 10 seconds.' },
  ],
  ticket: 'T-42',
});

const answer = (content: string | null, toolCalls: EvalAnswer['toolCalls'] = null): EvalAnswer => ({
  content,
  toolCalls,
  refusal: null,
  finishReason: toolCalls ? 'tool_calls' : 'stop',
});

describe('toEvalExample', () => {
  it('splits the prompt from the last assistant message and keeps the other fields as the item', () => {
    expect(textExample.messages).toEqual([{ role: 'user', content: 'How do I reset my router?' }]);
    expect(textExample.referenceText).toBe('Hold the reset button for 10 seconds.');
    expect(textExample.item).toEqual({
      ticket: 'T-42',
      reference_answer: 'Hold the reset button for 10 seconds.',
    });
    expect(toolExample.referenceToolCalls).toEqual([
      { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
    ]);
    expect(toolExample.tools).toEqual([WEATHER_TOOL]);
  });

  it('drops training-only weights from the prompt and skips examples without an answer', () => {
    const weighted = example({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!', weight: 0 },
        { role: 'user', content: 'Bye' },
        { role: 'assistant', content: 'Goodbye!', weight: 1 },
      ],
    });
    expect(weighted.messages[1]).toEqual({ role: 'assistant', content: 'Hello!' });
    expect(toEvalExample({ messages: [{ role: 'assistant', content: 'Hi' }] }, 0)).toEqual({
      skipped: 'no prompt before the answer',
    });
    expect(toEvalExample({ foo: 1 }, 0)).toEqual({ skipped: 'not a chat example (no messages)' });
  });

  it('takes a reinforcement example whole as the prompt, its other fields as the item', () => {
    const rft = example({
      messages: [{ role: 'user', content: 'What is 6 × 7?' }],
      reference_answer: '42',
      unit: 'none',
    });
    expect(rft.messages).toHaveLength(1);
    expect(rft.referenceText).toBe('');
    expect(rft.item).toEqual({ reference_answer: '42', unit: 'none' });
  });

  it('hashes examples independently of key order', () => {
    const a = example({
      messages: [
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: 'A' },
      ],
    });
    const b = example({
      messages: [
        { content: 'Q', role: 'user' },
        { content: 'A', role: 'assistant' },
      ],
    });
    expect(a.hash).toBe(b.hash);
  });
});

describe('JSON equality', () => {
  it('ignores key order and whitespace, compares arrays in order and numbers by value', () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1.0 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(
      jsonEqualScore(' {"items":[{"qty":2,"sku":"router"}],"order":1182}\n', jsonExample.referenceText),
    ).toEqual({
      score: 1,
      error: null,
    });
    expect(jsonEqualScore('{"order": 1182}', jsonExample.referenceText).score).toBe(0);
    expect(jsonEqualScore('order 1182', jsonExample.referenceText).score).toBe(0);
    expect(jsonEqualScore('{}', 'not json')).toEqual({ score: 0, error: 'the reference answer is not JSON' });
  });
});

describe('tool calls compared as calls', () => {
  const paris = { name: 'get_weather', arguments: '{"unit":"celsius","city":"Paris"}' };
  const rome = { name: 'get_weather', arguments: '{"city":"Rome","unit":"celsius"}' };

  it('matches names and JSON arguments in any order', () => {
    expect(toolCallsScore([paris], toolExample.referenceToolCalls)).toBe(1);
    expect(toolCallsScore([rome, paris], [paris, rome])).toBe(1);
    expect(toolCallsScore([rome], [paris])).toBe(0);
    expect(toolCallsScore([{ name: 'get_time', arguments: paris.arguments }], [paris])).toBe(0);
    expect(toolCallsScore(null, null)).toBe(1);
    expect(toolCallsScore(null, [paris])).toBe(0);
  });

  it('gives the share of matched calls with partial', () => {
    expect(toolCallsScore([paris], [paris, rome], true)).toBe(0.5);
    expect(toolCallsScore([paris, rome, rome], [paris, rome], true)).toBeCloseTo(2 / 3, 12);
  });

  it('fills output_tools and output_json the way fine-tuning graders read them', () => {
    expect(sampleOf(answer(null, [paris]))).toMatchObject({
      output_text: '',
      output_tools: [{ type: 'function', function: paris }],
    });
    expect(sampleOf(answer('{"a":1}')).output_json).toEqual({ a: 1 });
    expect(sampleOf(answer('plain')).output_json).toBeUndefined();
  });
});

describe('scoreAnswer', () => {
  const [exact, similarity, json, tools] = resolveGraders(['exact', 'similarity', 'json', 'tool_calls']);

  it('exact: tool calls as calls, JSON as JSON, text with string_check eq', async () => {
    const paris = { name: 'get_weather', arguments: '{"city": "Paris", "unit": "celsius"}' };
    expect((await scoreAnswer(exact!, toolExample, answer(null, [paris]), {})).score).toBe(1);
    expect((await scoreAnswer(exact!, toolExample, answer('It is sunny.'), {})).score).toBe(0);
    expect(
      (
        await scoreAnswer(
          exact!,
          jsonExample,
          answer('{"items":[{"qty":2,"sku":"router"}],"order":1182}'),
          {},
        )
      ).score,
    ).toBe(1);
    expect(
      (await scoreAnswer(exact!, textExample, answer('Hold the reset button for 10 seconds.'), {})).score,
    ).toBe(1);
    expect(
      (await scoreAnswer(exact!, textExample, answer('hold the reset button for 10 seconds.'), {})).score,
    ).toBe(0);
  });

  it('similarity: fuzzy_match of text (rapidfuzz ratio), between 0 and 1', async () => {
    const close = await scoreAnswer(
      similarity!,
      textExample,
      answer('Hold the reset button for ten seconds.'),
      {},
    );
    expect(close.score).toBeGreaterThan(0.8);
    expect(close.score).toBeLessThan(1);
    expect(
      (await scoreAnswer(similarity!, textExample, answer('Hold the reset button for 10 seconds.'), {}))
        .score,
    ).toBe(1);
  });

  it('json and tool_calls graders', async () => {
    expect(
      (await scoreAnswer(json!, jsonExample, answer('{"order":1182,"items":[{"sku":"router","qty":2}]}'), {}))
        .score,
    ).toBe(1);
    expect((await scoreAnswer(tools!, textExample, answer('Hold on.'), {})).score).toBe(1);
  });

  it('runs fine-tuning API graders on the item, reference_answer included', async () => {
    const [ticket] = resolveGraders([
      {
        type: 'string_check',
        name: 'mentions_ticket',
        input: '{{sample.output_text}}',
        reference: '{{item.ticket}}',
        operation: 'like',
      },
    ]);
    expect((await scoreAnswer(ticket!, textExample, answer('See ticket T-42.'), {})).score).toBe(1);
    expect((await scoreAnswer(ticket!, textExample, answer('No ticket.'), {})).score).toBe(0);
  });
});

describe('resolveGraders', () => {
  it('rejects unknown presets, malformed graders and duplicate names with the option path', () => {
    expect(() => resolveGraders(['exactly' as never])).toThrow(FinetuneKitUsageError);
    try {
      resolveGraders([
        'exact',
        {
          type: 'string_check',
          name: 'x',
          input: '{{sample.output_text}}',
          reference: 'a',
          operation: 'equals',
        } as never,
      ]);
      expect.unreachable();
    } catch (error) {
      expect(FinetuneKitUsageError.isInstance(error) && error.option).toMatch(/^options\.graders\.1/);
    }
    expect(() => resolveGraders(['exact', 'exact'])).toThrow(/names must be unique/);
    expect(() => resolveGraders([])).toThrow(/must not be empty/);
  });
});
