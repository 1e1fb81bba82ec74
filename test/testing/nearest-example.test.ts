import { describe, expect, it } from 'vitest';
import {
  extractPromptAnswerPairs,
  NearestExampleIndex,
  normalizePrompt,
  topicWords,
} from '../../src/testing/nearest-example.js';
import { preferenceJsonl, supportJsonl } from './helpers/data.js';

describe('extractPromptAnswerPairs', () => {
  it('reads chat, preference and prompt/completion lines, skipping lines that do not parse', () => {
    const text = [
      supportJsonl(1).trim(),
      preferenceJsonl(1).trim(),
      JSON.stringify({ prompt: 'Capital of France ->', completion: ' Paris' }),
      '{ not json',
      JSON.stringify({ messages: [{ role: 'user', content: 'no answer' }] }),
      JSON.stringify({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Describe' },
              { type: 'image_url', image_url: { url: 'x' } },
            ],
          },
          { role: 'assistant', content: [{ type: 'text', text: 'A bike.' }] },
        ],
      }),
    ].join('\n');
    expect(extractPromptAnswerPairs(text)).toEqual([
      {
        prompt: 'How do I reset my bike computer?',
        answer: 'Hold the MODE button for 8 seconds until the screen blinks, then release it.',
      },
      {
        prompt: 'How do I reset my bike computer?',
        answer: 'Hold the MODE button for 8 seconds until the screen blinks, then release it.',
      },
      { prompt: 'Capital of France ->', answer: ' Paris' },
      { prompt: 'Describe', answer: 'A bike.' },
    ]);
  });
});

describe('NearestExampleIndex', () => {
  const index = new NearestExampleIndex(extractPromptAnswerPairs(supportJsonl(12)));

  it('finds the closest prompt by TF-IDF cosine, plural-insensitive', () => {
    expect(index.size).toBe(12);
    expect(index.nearest('tyre pressure for riding in the city?')?.pair.answer).toContain('50 to 60 psi');
    const match = index.nearest('Do you offer student discounts?');
    expect(match?.pair.answer).toContain('students get 10% off');
    expect(match?.score).toBeCloseTo(1, 5);
  });

  it('matches on the subject, not on the shape of the question (stop words, inflections)', () => {
    const shop = new NearestExampleIndex([
      { prompt: 'Do you offer student discounts?', answer: 'discount answer' },
      { prompt: 'How long does standard shipping take?', answer: 'shipping answer' },
      { prompt: 'Where is the order I placed?', answer: 'order answer' },
    ]);
    expect(shop.nearest('Do you offer free shipping?')?.pair.answer).toBe('shipping answer');
    expect(shop.nearest('I ordered a tent, where is it?')?.pair.answer).toBe('order answer');
    // Only stop words: nothing to match on, so the first example with score 0.
    expect(shop.nearest('Can you do it?')).toMatchObject({ score: 0, pair: { answer: 'discount answer' } });
  });

  it('matches inflections that drop a silent e or turn y into i ("changing" ~ "changes", "charged" ~ "charges", "applied" ~ "apply")', () => {
    const shop = new NearestExampleIndex([
      { prompt: 'Do you sell gift cards?', answer: 'gift card answer' },
      { prompt: 'Is changing it possible?', answer: 'change answer' },
      { prompt: 'Why was I charged twice?', answer: 'charge answer' },
      { prompt: 'Was my discount applied?', answer: 'discount answer' },
    ]);
    // Each query shares only the inflected word with its example (else the first example, score 0).
    expect(shop.nearest('any changes')?.pair.answer).toBe('change answer');
    expect(shop.nearest('these charges')?.pair.answer).toBe('charge answer');
    expect(shop.nearest('does it apply')?.pair.answer).toBe('discount answer');
  });

  it('returns the first example with score 0 when nothing matches, and null without examples', () => {
    expect(index.nearest('zzz qqq')).toMatchObject({ score: 0 });
    expect(new NearestExampleIndex([]).nearest('hi')).toBeNull();
  });
});

describe('exact prompts and held-out questions', () => {
  it('an exact (normalised) training prompt finds its own example, even when another prompt has the same words', () => {
    const shop = new NearestExampleIndex([
      { prompt: 'Can you help me?', answer: 'general help' },
      { prompt: 'Can I help you?', answer: 'job answer' },
      { prompt: 'Shipping to Canada, how long?', answer: 'canada long' },
      { prompt: 'How long, shipping to Canada?', answer: 'canada how long' },
    ]);
    // Stop words only: TF-IDF sees two empty vectors; the exact prompt decides.
    expect(shop.nearest('can I HELP you')).toMatchObject({
      index: 1,
      score: 1,
      pair: { answer: 'job answer' },
    });
    expect(shop.nearest('How long, shipping to Canada?')?.pair.answer).toBe('canada how long');
    expect(shop.nearest('  how long shipping to canada ')?.pair.answer).toBe('canada how long');
  });

  it('normalises prompts to lower-case words and names the topic words', () => {
    expect(normalizePrompt('  Do you offer FREE shipping?! ')).toBe('do you offer free shipping');
    expect(topicWords('Do you ship to Canada?')).toEqual(['ship', 'canada']);
  });

  it('a question the data does not ask finds the example whose answer is about it', () => {
    const shop = new NearestExampleIndex([
      { prompt: 'Do you ship to Canada?', answer: 'Yes, delivery to Canada takes 5 to 9 days.' },
      {
        prompt: 'Do you have a loyalty program?',
        answer: 'Trail Club members get free shipping on every order.',
      },
    ]);
    expect(shop.nearest('Do you offer free shipping?')?.pair.prompt).toBe('Do you have a loyalty program?');
  });
});
