import { describe, expect, it } from 'vitest';
import { extractPromptAnswerPairs, NearestExampleIndex } from '../../src/testing/nearest-example.js';
import { preferenceJsonl, supportJsonl } from './support-data.js';

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

  it('returns the first example with score 0 when nothing matches, and null without examples', () => {
    expect(index.nearest('zzz qqq')).toMatchObject({ score: 0 });
    expect(new NearestExampleIndex([]).nearest('hi')).toBeNull();
  });
});
