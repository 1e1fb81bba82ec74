import { describe, expect, it } from 'vitest';
import {
  countExampleTokenDetails,
  countExampleTokens,
  countTokens,
  normalizeFraming,
} from '../../../src/dataset/tokens/count-tokens.js';
import { tokenCounterSync } from '../../../src/dataset/tokens/load-token-counter.js';
import { FinetuneKitUsageError, UnknownModelError } from '../../../src/errors.js';

const SYSTEM = 'You are a happy assistant that puts a positive spin on everything.';
const message = (role: string, content: string) => ({ role, content });

/** openai-cookbook examples/data/toy_chat_fine_tuning.jsonl (DATASET_RULES §5.3). */
const TOY_EXAMPLES = [
  {
    messages: [
      message('system', SYSTEM),
      message('user', 'I fell off my bike today.'),
      message('assistant', "It's great that you're getting exercise outdoors!"),
    ],
  },
  {
    messages: [
      message('system', SYSTEM),
      message('user', 'I lost my tennis match today.'),
      message('assistant', "It's ok, it happens to everyone."),
      message('user', 'But I trained so hard!'),
      message('assistant', 'It will pay off next time.'),
      message('user', "I'm going to switch to golf."),
      message('assistant', 'Golf is fun too!'),
      message('user', "I don't even know how to play golf."),
      message('assistant', "It's easy to learn!"),
    ],
  },
  {
    messages: [
      message('user', 'I lost my book today.'),
      message('assistant', 'You can read everything on ebooks these days!'),
    ],
  },
  { messages: [message('system', SYSTEM), message('assistant', "You're great!")] },
  {
    messages: [
      message('system', SYSTEM),
      message('user', "I'm hungry."),
      message('assistant', 'Eat a banana!'.repeat(2000)),
    ],
  },
];

describe('countExampleTokens: cookbook toy data set (DATASET_RULES §5.3)', () => {
  it('gives 43, 106, 26, 27, 8031 tokens in o200k_base (gpt-4o-mini)', () => {
    const counts = TOY_EXAMPLES.map((example) => countExampleTokens(example, { model: 'gpt-4o-mini' }));
    expect(counts).toEqual([43, 106, 26, 27, 8031]);
    // Billable at the 65,536 cap, × 20 epochs (5 examples → ⌊100/5⌋): 164,660 charged tokens.
    const billable = counts.reduce((sum, count) => sum + Math.min(65_536, count), 0);
    expect(billable).toBe(8233);
    expect(billable * 20).toBe(164_660);
  });

  it('gives 45, 111, 26, 28, 8032 tokens in cl100k_base, the notebook’s printed output', () => {
    const counts = TOY_EXAMPLES.map((example) => countExampleTokens(example, { encoding: 'cl100k_base' }));
    expect(counts).toEqual([45, 111, 26, 28, 8032]);
    expect(counts.reduce((sum, count) => sum + Math.min(4096, count), 0)).toBe(4306);
    expect(counts.reduce((sum, count) => sum + count, 0) / 5).toBeCloseTo(1648.4, 5);
  });

  it('counts assistant tokens and messages', () => {
    const details = countExampleTokenDetails(TOY_EXAMPLES[0], { model: 'gpt-4o-mini' });
    const assistant = countTokens("It's great that you're getting exercise outdoors!", {
      model: 'gpt-4o-mini',
    });
    expect(details).toEqual({ total: 43, assistant, messages: 3 });
  });
});

describe('countTokens', () => {
  it('counts "hello world" as 2 tokens in o200k_base', () => {
    expect(countTokens('hello world', { model: 'gpt-4o-mini' })).toBe(2);
    expect(countTokens('hello world', { encoding: 'o200k_base' })).toBe(2);
    expect(countTokens('hello world', { counter: tokenCounterSync('cl100k_base') })).toBe(2);
  });

  it('resolves ft: names and rejects unknown models and bad options', () => {
    expect(countTokens('\ufeff', { model: 'ft:gpt-4.1-mini-2025-04-14:acme:x:abc123' })).toBe(1);
    expect(() => countTokens('x', { model: 'llama-3' })).toThrow(UnknownModelError);
    expect(() => countTokens('x', {} as never)).toThrow(FinetuneKitUsageError);
    expect(() => countTokens(42 as never, { encoding: 'o200k_base' })).toThrow(FinetuneKitUsageError);
    expect(() => countTokens('x', { encoding: 'p50k_base' as never })).toThrow(
      /Unknown encoding "p50k_base"/,
    );
  });
});

describe('countExampleTokenDetails: framing of every format (DATASET_RULES §4.1)', () => {
  const o200k = { encoding: 'o200k_base' } as const;
  const tok = (text: string) => countTokens(text, o200k);

  it('adds 3 per message, the role string, 1 per name and 3 for the priming', () => {
    const example = { messages: [{ role: 'user', name: 'alice', content: 'Hi there' }] };
    expect(countExampleTokens(example, o200k)).toBe(3 + 3 + tok('user') + tok('alice') + 1 + tok('Hi there'));
  });

  it('uses configurable framing constants', () => {
    const example = { messages: [message('user', 'Hi'), message('assistant', 'Hello')] };
    const framing = { tokensPerMessage: 4, tokensPerName: 0, replyPriming: 0 };
    expect(countExampleTokens(example, { ...o200k, framing })).toBe(
      8 + tok('user') + tok('Hi') + tok('assistant') + tok('Hello'),
    );
    expect(() => normalizeFraming({ replyPriming: Number.NaN })).toThrow(/framing.replyPriming/);
  });

  it('counts tool calls, function calls, tool_call_id and content parts; weight counts 0', () => {
    const args = '{"city":"Paris","unit":"c"}';
    const example = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather?' },
            { type: 'text', text: ' In Paris.' },
          ],
        },
        {
          role: 'assistant',
          content: null,
          weight: 1,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: args } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18' },
        { role: 'assistant', function_call: { name: 'noop', arguments: '{}' }, content: 'Sunny, 18°C.' },
      ],
    };
    const toolCall = tok('get_weather') + tok(args);
    const functionCall = tok('noop') + tok('{}');
    const expected =
      3 +
      (3 + tok('user') + tok('Weather?') + tok(' In Paris.')) +
      (3 + tok('assistant') + toolCall) +
      (3 + tok('tool') + tok('call_1') + tok('18')) +
      (3 + tok('assistant') + functionCall + tok('Sunny, 18°C.'));
    expect(countExampleTokenDetails(example, o200k)).toEqual({
      total: expected,
      assistant: toolCall + functionCall + tok('Sunny, 18°C.'),
      messages: 4,
    });
  });

  it('counts only trainable assistant messages when asked', () => {
    const example = {
      messages: [
        message('user', 'Q'),
        { role: 'assistant', content: 'old answer', weight: 0 },
        message('assistant', 'new'),
      ],
    };
    expect(countExampleTokenDetails(example, o200k).assistant).toBe(tok('old answer') + tok('new'));
    expect(
      countExampleTokenDetails(example, { ...o200k, framing: { assistantTokensTrainableOnly: true } })
        .assistant,
    ).toBe(tok('new'));
  });

  it('adds tool definitions by the cookbook formula with the family constants (§4.2)', () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_current_weather',
          description: 'Get the current weather in a given location.',
          parameters: {
            type: 'object',
            properties: {
              location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
              unit: { type: 'string', description: 'The unit.', enum: ['celsius', 'fahrenheit'] },
            },
          },
        },
      },
    ];
    const base = { messages: [message('user', 'Hi')] };
    const without = countExampleTokens(base, o200k);
    const definitions =
      7 +
      tok('get_current_weather:Get the current weather in a given location') +
      3 +
      (3 + tok('location:string:The city and state, e.g. San Francisco, CA')) +
      (3 - 3 + (3 + tok('celsius')) + (3 + tok('fahrenheit')) + tok('unit:string:The unit')) +
      12;
    expect(countExampleTokens({ ...base, tools }, o200k)).toBe(without + definitions);
    const cl100k = { encoding: 'cl100k_base' } as const;
    const clWithout = countExampleTokens(base, cl100k);
    expect(countExampleTokens({ ...base, tools }, cl100k) - clWithout).toBeGreaterThan(
      definitions - tok('x'),
    );
    expect(
      countExampleTokens({ ...base, tools }, { ...o200k, framing: { countToolDefinitions: false } }),
    ).toBe(without);
  });

  it('counts prompt/completion, preference and reinforcement examples', () => {
    expect(countExampleTokenDetails({ prompt: 'Say hi ->', completion: ' hi\n' }, o200k)).toEqual({
      total: tok('Say hi ->') + tok(' hi\n'),
      assistant: tok(' hi\n'),
      messages: 0,
    });
    const preference = {
      input: { messages: [message('user', 'Capital of France?')] },
      preferred_output: [message('assistant', 'Paris.')],
      non_preferred_output: [message('assistant', 'Lyon, I think, or maybe Marseille.')],
    };
    expect(countExampleTokenDetails(preference, o200k)).toEqual({
      total: 3 + (3 + tok('user') + tok('Capital of France?')) + (3 + tok('assistant') + tok('Paris.')),
      assistant: tok('Paris.'),
      messages: 2,
    });
    const reinforcement = { messages: [message('user', 'Solve 2+2')], reference_answer: '4' };
    expect(countExampleTokens(reinforcement, o200k)).toBe(3 + 3 + tok('user') + tok('Solve 2+2'));
  });

  it('never throws on malformed values and counts what is countable', () => {
    const malformed: unknown[] = [
      null,
      42,
      'text',
      [],
      {},
      { messages: 'nope' },
      { messages: [null, 1, 'x', { role: 7, content: { text: 'obj' } }] },
      { messages: [{ role: 'user', content: [null, { type: 'text', text: 5 }, { type: 'image_url' }] }] },
      {
        messages: [{ role: 'assistant', tool_calls: [null, { function: null }, { function: { name: 1 } }] }],
      },
      { messages: [], tools: [null, { function: { name: 'f', parameters: { properties: { a: null } } } }] },
      { prompt: null, completion: 3 },
      { input: null, preferred_output: 'x' },
    ];
    for (const example of malformed) {
      expect(() => countExampleTokenDetails(example, o200k)).not.toThrow();
    }
    expect(countExampleTokens(null, o200k)).toBe(0);
    expect(countExampleTokens({ messages: [null, { role: 7, content: { text: 'obj' } }] }, o200k)).toBe(
      3 + 3,
    );
  });

  it('counts image parts: low detail 85, data URLs by size, remote URLs by the caller default', () => {
    const png = (width: number, height: number) => {
      const bytes = new Uint8Array(33);
      bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
      new DataView(bytes.buffer).setUint32(16, width);
      new DataView(bytes.buffer).setUint32(20, height);
      bytes.set([8, 6, 0, 0, 0], 24);
      return `data:image/png;base64,${btoa(String.fromCharCode(...bytes))}`;
    };
    const withImage = (image_url: unknown) => ({
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url }] }],
    });
    const framing = 3 + 3 + tok('user');
    expect(countExampleTokens(withImage({ url: 'https://x.test/a.png', detail: 'low' }), o200k)).toBe(
      framing + 85,
    );
    // 1024×1024 → 768×768 → 4 tiles → 85 + 680.
    expect(countExampleTokens(withImage({ url: png(1024, 1024), detail: 'high' }), o200k)).toBe(
      framing + 765,
    );
    // 4096×2048 → 2048×1024 → 1536×768 → 3×2 tiles.
    expect(countExampleTokens(withImage({ url: png(4096, 2048) }), o200k)).toBe(framing + 85 + 170 * 6);
    expect(countExampleTokens(withImage({ url: 'https://x.test/a.png' }), o200k)).toBe(framing);
    expect(
      countExampleTokens(withImage({ url: 'https://x.test/a.png' }), {
        ...o200k,
        unmeasurableImageTokens: 765,
      }),
    ).toBe(framing + 765);
    expect(countExampleTokens(withImage({ url: png(1024, 1024) }), { ...o200k, countImages: false })).toBe(
      framing,
    );
  });
});
