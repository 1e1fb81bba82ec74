import { describe, expect, it } from 'vitest';
import { countTokens } from '../../../src/dataset/index.js';
import { SUPPORT_PAIRS, trainedModel } from '../helpers/data.js';

const BATTERY = SUPPORT_PAIRS[9]!;

describe('chat completion options in the simulator', () => {
  it('n gives that many choices, indexed, with completion_tokens summed over them', async () => {
    const { client, model } = await trainedModel();
    const checkpoint = `${model}:ckpt-step-72`;
    const completion = await client.chat.completions.create({
      model: checkpoint,
      messages: [{ role: 'user', content: 'What is your return policy?' }],
      n: 5,
    });
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1, 2, 3, 4]);
    const contents = completion.choices.map((choice) => choice.message.content!);
    // A checkpoint mid-training does not always give the same answer.
    expect(new Set(contents).size).toBeGreaterThan(1);
    const sum = contents.reduce(
      (total, content) => total + countTokens(content, { model: 'gpt-4o-mini' }),
      0,
    );
    expect(completion.usage?.completion_tokens).toBe(sum);
    expect(completion.usage?.total_tokens).toBe(completion.usage!.prompt_tokens + sum);
  });

  it('temperature 0 gives the same answer in every choice', async () => {
    const { client, model } = await trainedModel();
    const completion = await client.chat.completions.create({
      model: `${model}:ckpt-step-72`,
      messages: [{ role: 'user', content: 'What is your return policy?' }],
      n: 4,
      temperature: 0,
    });
    expect(new Set(completion.choices.map((choice) => choice.message.content)).size).toBe(1);
  });

  it('max_completion_tokens (and max_tokens) cut the answer at exactly that many tokens with finish_reason length', async () => {
    const { client, model } = await trainedModel();
    for (const limit of [1, 5, 12]) {
      for (const field of ['max_completion_tokens', 'max_tokens'] as const) {
        const completion = await client.chat.completions.create({
          model,
          messages: [{ role: 'user', content: BATTERY[0] }],
          [field]: limit,
        });
        const choice = completion.choices[0]!;
        expect(choice.finish_reason).toBe('length');
        expect(BATTERY[1].startsWith(choice.message.content!)).toBe(true);
        expect(countTokens(choice.message.content!, { model: 'gpt-4o-mini' })).toBe(limit);
        expect(completion.usage?.completion_tokens).toBe(limit);
      }
    }
    // A limit the answer fits in changes nothing.
    const whole = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: BATTERY[0] }],
      max_completion_tokens: 500,
    });
    expect(whole.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: BATTERY[1] } });
  });

  it('stop sequences end the answer before them', async () => {
    const { client, model } = await trainedModel();
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: BATTERY[0] }],
      stop: [' in turbo', 'km'],
    });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { content: 'The 500 Wh battery lasts about 80 ' },
    });
    expect(completion.usage?.completion_tokens).toBe(
      countTokens('The 500 Wh battery lasts about 80 ', { model: 'gpt-4o-mini' }),
    );
  });

  it('logprobs: one entry per token, logprob ≤ 0, bytes, top_logprobs sorted with the chosen token', async () => {
    const { client, model } = await trainedModel();
    const request = {
      model,
      messages: [{ role: 'user' as const, content: BATTERY[0] }],
      logprobs: true,
      top_logprobs: 3,
      seed: 42,
    };
    const completion = await client.chat.completions.create(request);
    const choice = completion.choices[0]!;
    const entries = choice.logprobs!.content!;
    expect(choice.logprobs!.refusal).toBeNull();
    expect(entries).toHaveLength(completion.usage!.completion_tokens);
    expect(entries.map((entry) => entry.token).join('')).toBe(BATTERY[1]);
    expect(entries.slice(0, 3).map((entry) => entry.token)).toEqual(['The', ' ', '500']);
    for (const entry of entries) {
      expect(entry.logprob).toBeLessThanOrEqual(0);
      expect(entry.bytes).toEqual([...new TextEncoder().encode(entry.token)]);
      expect(entry.top_logprobs).toHaveLength(3);
      expect(entry.top_logprobs[0]).toEqual({
        token: entry.token,
        logprob: entry.logprob,
        bytes: entry.bytes,
      });
      const logprobs = entry.top_logprobs.map((item) => item.logprob);
      expect([...logprobs].sort((a, b) => b - a)).toEqual(logprobs);
      expect(new Set(entry.top_logprobs.map((item) => item.token)).size).toBe(3);
      expect(logprobs.reduce((sum, logprob) => sum + Math.exp(logprob), 0)).toBeLessThanOrEqual(1 + 1e-9);
    }
    // Deterministic by seed.
    const again = await client.chat.completions.create(request);
    expect(again.choices[0]!.logprobs).toEqual(choice.logprobs);
    const otherSeed = await client.chat.completions.create({ ...request, seed: 43 });
    expect(otherSeed.choices[0]!.logprobs).not.toEqual(choice.logprobs);
    // Without top_logprobs, no alternatives.
    const { top_logprobs: _ignored, ...withoutTop } = request;
    const plain = await client.chat.completions.create(withoutTop);
    expect(plain.choices[0]!.logprobs!.content!.every((entry) => entry.top_logprobs.length === 0)).toBe(true);
  });

  it('a multi-byte character split over tokens shows its bytes as the API does', async () => {
    const { client } = await trainedModel();
    // A base model repeats the topic words of the question; "𝔘" takes more than one o200k token.
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Is 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 supported?' }],
      logprobs: true,
    });
    const content = completion.choices[0]!.message.content!;
    const entries = completion.choices[0]!.logprobs!.content!;
    expect(entries).toHaveLength(countTokens(content, { model: 'gpt-4o-mini' }));
    expect(entries.flatMap((entry) => entry.bytes)).toEqual([...new TextEncoder().encode(content)]);
    expect(entries.some((entry) => /^bytes:(\\x[0-9a-f]{2})+$/.test(entry.token))).toBe(true);
  });
});
