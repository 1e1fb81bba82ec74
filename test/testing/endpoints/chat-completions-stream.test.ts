import { setupServer } from 'msw/node';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../../../src/dataset/index.js';
import { SUPPORT_PAIRS, trainedModel } from '../helpers/data.js';

const [QUESTION, ANSWER] = SUPPORT_PAIRS[9]!;

describe('streamed chat completions in the simulator', () => {
  it('streams chunks as the API does: role first, content deltas, finish_reason, then [DONE]', async () => {
    const { client, model } = await trainedModel();
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: QUESTION }],
      stream: true,
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBe(countTokens(ANSWER, { model: 'gpt-4o-mini' }) + 2);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === model)).toBe(
      true,
    );
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    expect(chunks[0]!.choices[0]).toMatchObject({
      index: 0,
      delta: { role: 'assistant', content: '' },
      finish_reason: null,
    });
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(ANSWER);
    expect(chunks.at(-1)!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
  });

  it('include_usage adds a last chunk with empty choices and the usage; the others carry usage: null', async () => {
    const { client, model } = await trainedModel();
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: QUESTION }],
      stream: true,
      stream_options: { include_usage: true },
      n: 2,
      max_completion_tokens: 6,
      logprobs: true,
      top_logprobs: 2,
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ completion_tokens: 12, total_tokens: last.usage!.prompt_tokens + 12 });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    for (const index of [0, 1]) {
      const mine = chunks.filter((chunk) => chunk.choices[0]?.index === index);
      expect(mine.at(-1)!.choices[0]!.finish_reason).toBe('length');
      const entries = mine.flatMap((chunk) => chunk.choices[0]!.logprobs?.content ?? []);
      expect(entries).toHaveLength(6);
      expect(entries.every((entry) => entry.top_logprobs.length === 2)).toBe(true);
    }
  });

  it("works with the SDK's stream helper (events and the final completion)", async () => {
    const { client, model } = await trainedModel();
    const deltas: string[] = [];
    const runner = client.chat.completions
      .stream({
        model,
        messages: [{ role: 'user', content: QUESTION }],
        stream_options: { include_usage: true },
      })
      .on('content', (delta) => deltas.push(delta));
    const final = await runner.finalChatCompletion();
    expect(deltas.join('')).toBe(ANSWER);
    expect(final.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { role: 'assistant', content: ANSWER },
    });
    expect(final.usage?.completion_tokens).toBe(countTokens(ANSWER, { model: 'gpt-4o-mini' }));
  });

  it('streams through the loopback server and through msw handlers', async () => {
    const { sim, model } = await trainedModel();
    const collect = async (client: OpenAI) => {
      const stream = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: QUESTION }],
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    };
    const server = await sim.listen();
    try {
      const response = await fetch(`${server.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-sim', 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: QUESTION }], stream: true }),
      });
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(await response.text()).toMatch(/^data: \{"id":"chatcmpl-[\s\S]*\n\ndata: \[DONE\]\n\n$/);
      expect(await collect(new OpenAI({ apiKey: 'sk-sim', baseURL: server.baseURL, maxRetries: 0 }))).toBe(
        ANSWER,
      );
    } finally {
      await server.close();
    }
    const msw = setupServer(...(await sim.handlers()));
    msw.listen({ onUnhandledRequest: 'error' });
    try {
      expect(await collect(new OpenAI({ apiKey: 'sk-sim', baseURL: sim.baseURL, maxRetries: 0 }))).toBe(
        ANSWER,
      );
    } finally {
      msw.close();
    }
  });
});
