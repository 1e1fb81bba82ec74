import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/internal/seeded-random.js';
import { graderVerdict, onScale, readGraderPrompt, wordOverlap } from '../../src/testing/grader-prompt.js';

describe('reading a grader prompt', () => {
  it('finds the labelled reference and answer, or tags, and the scale', () => {
    const prompt = readGraderPrompt(
      'Grade the response from 1 to 10.\n\nReference answer:\nSix hundred millilitres.\n\nModel output: 600 millilitres',
    );
    expect(prompt).toEqual({ agreement: expect.any(Number), scale: [1, 10] });
    expect(prompt!.agreement).toBeCloseTo(wordOverlap('Six hundred millilitres.', '600 millilitres'), 10);
    const tagged = readGraderPrompt('Score the answer.<reference>1800</reference><answer>1800</answer>');
    expect(tagged).toEqual({ agreement: 1, scale: null });
  });

  it('is not a grader prompt without grading words, or without a pair, a scale or a numeric schema', () => {
    expect(readGraderPrompt('Where is my order?')).toBeNull();
    expect(readGraderPrompt('Please rate our service.')).toBeNull();
    expect(readGraderPrompt('Please rate our service.', true)).toEqual({ agreement: null, scale: null });
  });

  it('word-overlap F1, verdicts and scales', () => {
    expect(wordOverlap('a b c d', 'a b')).toBeCloseTo(2 / 3, 10);
    expect(wordOverlap('x', 'y')).toBe(0);
    expect(graderVerdict({ agreement: 1, scale: null }, createRandom(1))).toBe(1);
    expect(graderVerdict({ agreement: 0, scale: null }, createRandom(1))).toBe(0);
    const plausible = graderVerdict({ agreement: null, scale: null }, createRandom(1));
    expect(plausible >= 0.45 && plausible <= 0.9).toBe(true);
    expect(onScale(0.5, [1, 10])).toBe(6);
    expect(onScale(0.333, [0, 1])).toBe(0.33);
  });
});
