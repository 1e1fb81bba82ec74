import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../../src/testing/index.js';
import { SUPPORT_PAIRS, simClient, uploadTrainingFile } from '../helpers/data.js';

const TOOLS: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'track_order',
      description: 'Where an order is',
      parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
    },
  },
];

/** 6 examples that call `track_order` and 6 that answer in text. */
function toolJsonl(): string {
  const lines: string[] = [];
  for (let index = 0; index < 6; index++) {
    lines.push(
      JSON.stringify({
        messages: [
          { role: 'user', content: `Where is my order LB-${1000 + index}?` },
          {
            role: 'assistant',
            tool_calls: [
              {
                id: `call_${index}`,
                type: 'function',
                function: {
                  name: 'track_order',
                  arguments: JSON.stringify({ order_id: `LB-${1000 + index}` }),
                },
              },
            ],
          },
        ],
        tools: TOOLS,
      }),
    );
    const [question, answer] = SUPPORT_PAIRS[index]!;
    lines.push(
      JSON.stringify({
        messages: [
          { role: 'user', content: question },
          { role: 'assistant', content: answer },
        ],
        tools: TOOLS,
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function toolModel() {
  const sim = createSimulator({ clock: 'manual' });
  const client = simClient(sim);
  const file = await uploadTrainingFile(sim, client, toolJsonl());
  const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
  sim.runUntilIdle();
  const done = await client.fineTuning.jobs.retrieve(job.id);
  expect(done.status).toBe('succeeded');
  return { client, model: done.fine_tuned_model! };
}

describe('a model fine-tuned on function calls', () => {
  it('calls the function of the closest example when the request offers it', async () => {
    const { client, model } = await toolModel();
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Where is my order LB-1003?' }],
      tools: TOOLS,
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_\w{24}$/),
        type: 'function',
        function: { name: 'track_order', arguments: '{"order_id":"LB-1003"}' },
      },
    ]);
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('answers in text without the tools, with tool_choice none, and for text examples', async () => {
    const { client, model } = await toolModel();
    const ask = async (
      extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming>,
      content = 'Where is my order LB-1003?',
    ) =>
      (await client.chat.completions.create({ model, messages: [{ role: 'user', content }], ...extra }))
        .choices[0]!;
    for (const choice of [await ask({}), await ask({ tools: TOOLS, tool_choice: 'none' })]) {
      expect(choice.finish_reason).toBe('stop');
      expect(choice.message.tool_calls).toBeUndefined();
      expect(choice.message.content).toMatch(/\w/);
    }
    const text = await ask({ tools: TOOLS }, SUPPORT_PAIRS[1]![0]);
    expect(text.message.content).toBe(SUPPORT_PAIRS[1]![1]);
  });

  it("streams tool calls that the SDK's stream helper assembles", async () => {
    const { client, model } = await toolModel();
    const final = await client.chat.completions
      .stream({ model, messages: [{ role: 'user', content: 'Where is my order LB-1001?' }], tools: TOOLS })
      .finalChatCompletion();
    expect(final.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        tool_calls: [
          { type: 'function', function: { name: 'track_order', arguments: '{"order_id":"LB-1001"}' } },
        ],
      },
    });
  });
});
