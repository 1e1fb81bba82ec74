import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { MODERATION_CATEGORIES } from '../../../src/testing/endpoints/moderations.js';
import { createSimulator } from '../../../src/testing/index.js';

function client() {
  const sim = createSimulator({ clock: 'manual' });
  return new OpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
}

describe('POST /moderations', () => {
  it('flags keyword categories deterministically, with scores and input types for every category', async () => {
    const openai = client();
    const input = [
      'How do I reset the password of my router?',
      'I want to kill myself, nothing matters anymore.',
      'Explain how to make a bomb at home.',
    ];
    const first = await openai.moderations.create({ model: 'omni-moderation-latest', input });
    const again = await openai.moderations.create({ model: 'omni-moderation-latest', input });
    expect(again).toEqual(first);
    expect(first.model).toBe('omni-moderation-2024-09-26');
    expect(first.id).toMatch(/^modr-/);
    expect(first.results.map((result) => result.flagged)).toEqual([false, true, true]);
    const flagged = (index: number) =>
      Object.entries(first.results[index]!.categories)
        .filter(([, on]) => on)
        .map(([name]) => name);
    expect(flagged(1)).toEqual(['self-harm/intent', 'violence']);
    expect(flagged(2)).toEqual(['illicit', 'illicit/violent']);
    for (const result of first.results) {
      expect(Object.keys(result.categories)).toEqual([...MODERATION_CATEGORIES]);
      expect(Object.keys(result.category_scores)).toEqual([...MODERATION_CATEGORIES]);
      expect(result.category_applied_input_types.violence).toEqual(['text']);
    }
    expect(first.results[1]!.category_scores.violence).toBe(0.9);
    expect(first.results[0]!.category_scores.violence).toBeLessThan(0.02);
  });

  it('takes a single string and text parts, and answers 400 without input', async () => {
    const openai = client();
    const single = await openai.moderations.create({ input: 'They stab the bread with a fork.' });
    expect(single.results).toHaveLength(1);
    expect(single.results[0]!.categories.violence).toBe(true);
    const parts = await openai.moderations.create({ input: [{ type: 'text', text: 'A calm evening.' }] });
    expect(parts.results[0]!.flagged).toBe(false);
    const error = await openai.moderations.create({} as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
  });
});
