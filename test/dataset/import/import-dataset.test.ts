import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Dataset, type ImportFormat } from '../../../src/dataset/index.js';
import { FinetuneKitUsageError } from '../../../src/errors.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../fixtures/dataset/import/${name}`, import.meta.url));

async function imported(file: string, format: ImportFormat, options = {}) {
  const { text, result } = await Dataset.fromFile(fixture(file)).convertFrom(format, options).text();
  const examples = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { text, examples, result };
}

async function errorsOf(text: string, method?: 'dpo') {
  const report = await Dataset.fromString(text, { name: 'train.jsonl' }).validate({
    model: 'gpt-4o-mini',
    ...(method ? { method } : {}),
  });
  return report.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code);
}

describe('Dataset.convertFrom: clean sources validate clean', () => {
  it.each([
    ['sharegpt.json', 'sharegpt', 11],
    ['alpaca.json', 'alpaca', 10],
    ['trl-conversational.jsonl', 'trl', 10],
    ['mixed.json', 'json', 10],
    ['faq.csv', 'csv', 10],
    ['faq.tsv', 'tsv', 10],
  ] as const)('%s (%s)', async (file, format, count) => {
    const { text, result } = await imported(file, format);
    expect(result).toMatchObject({ format, read: count, written: count, issues: [] });
    expect(await errorsOf(text)).toEqual([]);
  });

  it('trl-preference.jsonl becomes DPO data that validates clean for method dpo', async () => {
    const { text, examples, result } = await imported('trl-preference.jsonl', 'trl');
    expect(result).toMatchObject({ read: 10, written: 10, issues: [] });
    expect(await errorsOf(text, 'dpo')).toEqual([]);
    // Explicit prompt (strings), explicit conversational, implicit conversational: the same shape.
    expect(examples[0]).toEqual({
      input: { messages: [{ role: 'user', content: 'What is the capital of France?' }] },
      preferred_output: [{ role: 'assistant', content: 'The capital of France is Paris.' }],
      non_preferred_output: [{ role: 'assistant', content: "I don't know." }],
    });
    expect(examples[2]).toEqual({
      input: { messages: [{ role: 'user', content: "Translate 'good morning' into Spanish." }] },
      preferred_output: [{ role: 'assistant', content: "'Good morning' in Spanish is 'buenos días'." }],
      non_preferred_output: [{ role: 'assistant', content: "I don't know." }],
    });
  });
});

describe('ShareGPT', () => {
  it('maps roles, the system field, and function_call/observation to tool calls with stable ids', async () => {
    const { examples } = await imported('sharegpt.json', 'sharegpt');
    expect(examples[0]).toEqual({
      messages: [
        { role: 'system', content: 'You are a concise, friendly assistant.' },
        { role: 'user', content: 'What is the capital of France?' },
        { role: 'assistant', content: 'The capital of France is Paris.' },
      ],
    });
    expect(examples[10]).toEqual({
      messages: [
        { role: 'user', content: "What's the weather in Lisbon right now?" },
        {
          role: 'assistant',
          tool_calls: [
            {
              id: 'call_0',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Lisbon"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_0', content: '{"temperature_c": 21, "conditions": "sunny"}' },
        { role: 'assistant', content: 'It is sunny in Lisbon, 21 °C.' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather for a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        },
      ],
    });
  });

  it('skips records it cannot convert and says where in the source file', async () => {
    const { result } = await imported('sharegpt-problems.jsonl', 'sharegpt');
    expect(result.written).toBe(3);
    expect(result.issues).toEqual([
      {
        line: 3,
        path: 'conversations[3].from',
        message: "conversations[3].from: 'bot' is not one of human|gpt|system|function_call|observation",
        skipped: true,
      },
      {
        line: 4,
        path: 'conversations[1].value',
        message: 'conversations[1].value: must be a string, got number 42',
        skipped: true,
      },
      expect.objectContaining({ line: 6, skipped: true, message: expect.stringContaining('invalid JSON') }),
    ]);
  });

  it('accepts the messages/role/content variant and parallel calls answered by one observation', async () => {
    const record = {
      messages: [
        { role: 'user', content: 'Weather in Oslo and Rome?' },
        {
          role: 'function_call',
          content: JSON.stringify([
            { name: 'get_weather', arguments: { city: 'Oslo' } },
            { name: 'get_weather', arguments: { city: 'Rome' } },
          ]),
        },
        { role: 'observation', content: JSON.stringify([{ c: 3 }, { c: 19 }]) },
        { role: 'assistant', content: 'Oslo 3 °C, Rome 19 °C.' },
      ],
    };
    const { text } = await Dataset.fromExamples([record]).convertFrom('sharegpt').text();
    const messages = (JSON.parse(text) as { messages: Record<string, unknown>[] }).messages;
    expect(messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'tool',
      'assistant',
    ]);
    expect(messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_0', content: '{"c":3}' });
    expect(messages[3]).toEqual({ role: 'tool', tool_call_id: 'call_1', content: '{"c":19}' });
  });

  it('reports a function call without an observation', async () => {
    const record = {
      conversations: [
        { from: 'human', value: 'Weather?' },
        { from: 'function_call', value: '{"name": "get_weather", "arguments": {}}' },
        { from: 'gpt', value: 'Sunny.' },
      ],
    };
    const { result } = await Dataset.fromExamples([record]).convertFrom('sharegpt').text();
    expect(result.issues).toEqual([
      {
        line: 1,
        path: 'conversations[2]',
        message: 'conversations[2]: 1 function call before this turn has no observation',
        skipped: true,
      },
    ]);
  });
});

describe('Alpaca', () => {
  it('joins instruction and input, keeps system and history', async () => {
    const { examples } = await imported('alpaca.json', 'alpaca');
    expect(examples[2]).toEqual({
      messages: [
        { role: 'user', content: 'Translate the text into Spanish.\n\nGood morning, how are you?' },
        { role: 'assistant', content: 'Buenos días, ¿cómo estás?' },
      ],
    });
    expect((examples[5] as { messages: unknown[] }).messages[0]).toEqual({
      role: 'system',
      content: 'You write short summaries.',
    });
    expect((examples[7] as { messages: { role: string }[] }).messages.map((message) => message.role)).toEqual(
      ['user', 'assistant', 'user', 'assistant'],
    );
  });

  it('puts the system option first and reports a bad history pair', async () => {
    const { text, result } = await Dataset.fromExamples([
      { instruction: 'Say hi.', input: '', output: 'Hi!' },
      { instruction: 'Say bye.', output: 'Bye!', history: [['only the user']] },
    ])
      .convertFrom('alpaca', { system: 'Be brief.' })
      .text();
    expect(JSON.parse(text)).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hi.' },
        { role: 'assistant', content: 'Hi!' },
      ],
    });
    expect(result.issues).toEqual([
      {
        line: 2,
        path: 'history[0]',
        message: 'history[0]: must be a [user, assistant] pair, got an array',
        skipped: true,
      },
    ]);
  });
});

describe('TRL', () => {
  it('splits an implicit standard prompt as TRL does (before the trailing space)', async () => {
    const { text } = await Dataset.fromExamples([
      { chosen: 'Q: Is water wet? A: Yes, it is.', rejected: 'Q: Is water wet? A: No.' },
    ])
      .convertFrom('trl')
      .text();
    expect(JSON.parse(text)).toEqual({
      input: { messages: [{ role: 'user', content: 'Q: Is water wet? A:' }] },
      preferred_output: [{ role: 'assistant', content: ' Yes, it is.' }],
      non_preferred_output: [{ role: 'assistant', content: ' No.' }],
    });
  });

  it('refuses a multi-message chosen answer and unpaired (KTO) data, by line', async () => {
    const { result } = await Dataset.fromExamples([
      {
        prompt: 'Hi',
        chosen: [
          { role: 'assistant', content: 'Hello' },
          { role: 'user', content: 'x' },
        ],
        rejected: 'Go away',
      },
      { prompt: 'Hi', completion: 'Hello', label: true },
    ])
      .convertFrom('trl')
      .text();
    expect(result.issues.map((issue) => [issue.line, issue.path])).toEqual([
      [1, 'chosen'],
      [2, 'label'],
    ]);
    expect(result.issues[0]?.message).toBe('chosen: must be one assistant message for DPO, got 2 messages');
  });
});

describe('json', () => {
  it('detects each record shape and passes OpenAI examples unchanged', async () => {
    const { result } = await imported('mixed.json', 'json');
    expect(result.shapes).toEqual({ sharegpt: 3, alpaca: 4, trl: 1, openai: 2 });
  });

  it('names the keys of a record of no known shape', async () => {
    const { result } = await Dataset.fromString('[{"question": "q", "answer": "a"}]')
      .convertFrom('json')
      .text();
    expect(result.issues[0]?.message).toMatch(/^no known shape: .*found keys: "question", "answer"/);
  });
});

describe('CSV and TSV', () => {
  it('parses quoted fields with commas, newlines and doubled quotes, after a BOM and CRLF', async () => {
    const { examples } = await imported('faq.csv', 'csv', { system: 'Answer in one sentence.' });
    expect(examples[2]).toEqual({
      messages: [
        { role: 'system', content: 'Answer in one sentence.' },
        { role: 'user', content: 'Translate "good morning" into Spanish.' },
        { role: 'assistant', content: '"Good morning" in Spanish is "buenos días".' },
      ],
    });
    expect((examples[8] as { messages: { content: string }[] }).messages[2]?.content).toBe(
      'Two ways:\n1. my_list.reverse(), in place\n2. my_list[::-1], a copy',
    );
  });

  it('maps named columns and reports rows it skips with their line', async () => {
    const csv = [
      'id,q,a,persona',
      '1,"Hello, who are you?",I am a helpful assistant.,You are kind.',
      '2,,Empty prompt,',
      '3,"Multi',
      'line","Answer ""quoted""",',
      '4,Short row',
      '5,Last,"never closed',
    ].join('\n');
    const { text, result } = await Dataset.fromString(csv)
      .convertFrom('csv', { promptColumn: 'q', responseColumn: 'A', systemColumn: 'persona' })
      .text();
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    ).toEqual([
      {
        messages: [
          { role: 'system', content: 'You are kind.' },
          { role: 'user', content: 'Hello, who are you?' },
          { role: 'assistant', content: 'I am a helpful assistant.' },
        ],
      },
      {
        messages: [
          { role: 'user', content: 'Multi\nline' },
          { role: 'assistant', content: 'Answer "quoted"' },
        ],
      },
      {
        messages: [
          { role: 'user', content: 'Last' },
          { role: 'assistant', content: 'never closed' },
        ],
      },
    ]);
    expect(result.read).toBe(5);
    expect(result.issues).toEqual([
      { line: 3, message: 'empty prompt (row skipped)', skipped: true },
      { line: 6, message: '2 fields, the header has 4', skipped: true },
      { line: 7, message: '3 fields, the header has 4', skipped: false },
      { line: 7, column: 8, message: 'a quoted field is never closed (missing ")', skipped: false },
    ]);
  });

  it('stops at a header without the mapped column, naming the columns found', async () => {
    const { text, result } = await Dataset.fromFile(fixture('faq.csv'))
      .convertFrom('csv', { promptColumn: 'prompt' })
      .text();
    expect(text).toBe('');
    expect(result.issues).toEqual([
      {
        line: 1,
        message: 'the header has no column "prompt" (prompt); its columns: "question", "answer", "category"',
        skipped: true,
      },
    ]);
  });

  it('reports a quote inside an unquoted field with its column', async () => {
    const { result } = await Dataset.fromString('prompt\tresponse\nSay 5" of rain\tOK\n')
      .convertFrom('tsv')
      .text();
    expect(result.issues).toEqual([
      {
        line: 2,
        column: 6,
        message: 'a quote inside unquoted field 1 (kept as text; quote the whole field and double the quote)',
        skipped: false,
      },
    ]);
  });
});

describe('options', () => {
  it('throws a usage error naming the bad option', () => {
    const dataset = Dataset.fromString('');
    expect(() => dataset.convertFrom('yaml' as ImportFormat)).toThrow(FinetuneKitUsageError);
    expect(() => dataset.convertFrom('csv', { promptColumn: 3 as unknown as string })).toThrow(
      expect.objectContaining({ option: 'options.promptColumn' }),
    );
  });
});
