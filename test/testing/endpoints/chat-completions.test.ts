import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { countExampleTokens, countTokens } from '../../../src/dataset/index.js';
import { SUPPORT_PAIRS, trainedModel } from '../helpers/data.js';

describe('POST /chat/completions with a simulated fine-tuned model (the final model)', () => {
  it('answers with the assistant reply of the closest training example, in a chat.completion object', async () => {
    const { client, model } = await trainedModel();
    const completion = await client.chat.completions.create({
      model,
      messages: [
        { role: 'system', content: 'You are Pip.' },
        { role: 'user', content: 'hi! how long will the battery of my e-bike last?' },
      ],
    });
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model,
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          logprobs: null,
          message: { role: 'assistant', content: SUPPORT_PAIRS[9]![1], refusal: null },
        },
      ],
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
    const usage = completion.usage!;
    // Exact counts with the dataset module's counter and the cookbook framing (3 per message, 3 priming).
    const messages = [
      { role: 'system', content: 'You are Pip.' },
      { role: 'user', content: 'hi! how long will the battery of my e-bike last?' },
    ];
    expect(usage.prompt_tokens).toBe(countExampleTokens({ messages }, { model: 'gpt-4o-mini' }));
    expect(usage.completion_tokens).toBe(countTokens(SUPPORT_PAIRS[9]![1], { model: 'gpt-4o-mini' }));
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
  });

  // ckpt-step-84 of 96 answers from its data 0.2 + 0.8 × (84/96)² ≈ 81 % of the time; this question is
  // one it gets right (deterministic for the default seed).
  it('answers with a checkpoint model too, and picks different examples for different questions', async () => {
    const { client, model } = await trainedModel();
    const ask = async (content: string, name = model) =>
      (await client.chat.completions.create({ model: name, messages: [{ role: 'user', content }] }))
        .choices[0]?.message.content;
    expect(await ask('Do you ship to canada', `${model}:ckpt-step-84`)).toBe(SUPPORT_PAIRS[2]![1]);
    expect(await ask('what is the return policy')).toBe(SUPPORT_PAIRS[1]![1]);
    expect(await ask('is there a discount for students?')).toBe(SUPPORT_PAIRS[8]![1]);
  });

  it('404s unknown and deleted models, and refuses empty messages', async () => {
    const { client, model } = await trainedModel();
    const unknown = await client.chat.completions
      .create({ model: 'ft:gpt-4o-mini-2024-07-18:x::y', messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    const empty = await client.chat.completions
      .create({ model, messages: [] })
      .catch((error: unknown) => error);
    expect((empty as InstanceType<typeof OpenAI.APIError>).code).toBe('empty_array');
    await client.models.delete(model);
    const deleted = await client.chat.completions
      .create({ model, messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect((deleted as InstanceType<typeof OpenAI.APIError>).code).toBe('model_not_found');
  });
});
