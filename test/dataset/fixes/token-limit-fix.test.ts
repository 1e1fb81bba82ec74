import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/dataset/index.js';
import { FinetuneKitUsageError } from '../../../src/errors.js';

/** 75,000 tokens: over gpt-4o-mini's 65,536-token limit per example. */
const HUGE = 'The quarterly report lists every shipment, every invoice and every refund in full. '.repeat(
  5_000,
);

const user = (content: string) => ({ role: 'user', content });
const assistant = (content: string, weight?: 0 | 1) => ({
  role: 'assistant',
  content,
  ...(weight === undefined ? {} : { weight }),
});
const fits = (index: number) => ({
  messages: [user(`Where is order ${index}?`), assistant(`Order ${index} ships tomorrow.`)],
});

/** Ten examples that fit, then the over-long ones: a valid training file once fixed. */
function file(...long: object[]): string {
  return [...Array.from({ length: 10 }, (_, index) => fits(index + 1)), ...long]
    .map((example) => JSON.stringify(example))
    .join('\n');
}

async function tooLong(text: string) {
  const report = await Dataset.fromString(text).validate({ model: 'gpt-4o-mini' });
  return report.issues.filter((issue) => issue.code === 'example_too_long' || issue.severity === 'error');
}

describe('fix({ truncate })', () => {
  it('removes whole trailing turns until the example fits, and lists the line it changed', async () => {
    const conversation = {
      messages: [
        user('Summarise the report.'),
        assistant('It covers shipments, invoices and refunds.'),
        user(`Here is all of it: ${HUGE}`),
        assistant('Done.'),
      ],
    };
    const input = file(conversation);
    expect((await tooLong(input)).map((issue) => issue.line)).toEqual([11]);
    const { text, result } = await Dataset.fromString(input)
      .fix({ truncate: true, model: 'gpt-4o-mini' })
      .text();
    expect(result.changed).toEqual([
      {
        line: 11,
        fix: 'truncate',
        reason: expect.stringMatching(
          /^\d+ tokens, over the 65536-token limit of gpt-4o-mini-2024-07-18: cut after messages\[1\], 2 trailing messages removed \(\d+ tokens\)$/,
        ),
      },
    ]);
    expect(result.applied.truncate).toBe(1);
    expect(result.dropped).toEqual([]);
    const lines = text.trim().split('\n');
    expect(lines.slice(0, 10)).toEqual(input.split('\n').slice(0, 10));
    expect(JSON.parse(lines[10]!)).toEqual({ messages: conversation.messages.slice(0, 2) });
    // Token-exact: what truncation keeps, validation counts within the limit.
    expect(await tooLong(text)).toEqual([]);
  });

  it('never ends between tool calls and their results', async () => {
    const call = { id: 'call_1', type: 'function', function: { name: 'get_report', arguments: '{}' } };
    const conversation = {
      messages: [
        user('Hi'),
        assistant('Hello! What do you need?'),
        user('Fetch the report.'),
        { role: 'assistant', tool_calls: [call] },
        { role: 'tool', tool_call_id: 'call_1', content: HUGE },
        assistant('The report lists shipments, invoices and refunds.'),
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'get_report', parameters: { type: 'object', properties: {} } },
        },
      ],
    };
    const { text, result } = await Dataset.fromString(file(conversation))
      .fix({ truncate: true, model: 'gpt-4o-mini' })
      .text();
    const last = JSON.parse(text.trim().split('\n')[10]!) as { messages: { role: string }[]; tools: unknown };
    expect(last.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(last.tools).toEqual(conversation.tools);
    expect(result.changed[0]?.reason).toContain('cut after messages[1], 4 trailing messages removed');
    expect(await tooLong(text)).toEqual([]);
  });

  it('drops an example that cannot be cut to a trained answer, and over-long data of other formats', async () => {
    const firstAnswerTooLate = { messages: [user(HUGE), assistant('Yes.')] };
    const onlyUntrained = {
      messages: [user('Hi'), assistant('Hello.', 0), user(HUGE), assistant('Done.')],
    };
    const { result } = await Dataset.fromString(file(firstAnswerTooLate, onlyUntrained))
      .fix({ truncate: true, model: 'gpt-4o-mini' })
      .text();
    expect(result.dropped).toEqual([
      {
        line: 11,
        code: 'example_too_long',
        reason: expect.stringMatching(/no shorter conversation ending with a trained assistant answer fits$/),
      },
      { line: 12, code: 'example_too_long', reason: expect.stringContaining('over the 65536-token limit') },
    ]);
    expect(result.changed).toEqual([]);
    expect(result.written).toBe(10);
  });
});

describe('fix({ dropOverLimit })', () => {
  it('drops every over-long example, whatever its format, and keeps the others byte for byte', async () => {
    const preference = {
      input: { messages: [user(HUGE)] },
      preferred_output: [assistant('Yes.')],
      non_preferred_output: [assistant('No.')],
    };
    const longChat = { messages: [user('Hi'), assistant('Hello.'), user(HUGE), assistant('Done.')] };
    const input = file(longChat, preference);
    const { text, result } = await Dataset.fromString(input)
      .fix({ dropOverLimit: true, model: 'gpt-4o-mini' })
      .text();
    expect(result.dropped.map((line) => [line.line, line.code])).toEqual([
      [11, 'example_too_long'],
      [12, 'example_too_long'],
    ]);
    expect(result.applied.dropOverLimit).toBe(2);
    expect(text).toBe(`${input.split('\n').slice(0, 10).join('\n')}\n`);
  });

  it('needs a known model', async () => {
    expect(() => Dataset.fromString('').fix({ truncate: true })).toThrow(
      expect.objectContaining({ option: 'options.model' }),
    );
    await expect(
      Dataset.fromString(file()).fix({ dropOverLimit: true, model: 'gpt-2-small' }).text(),
    ).rejects.toThrow(FinetuneKitUsageError);
  });
});
