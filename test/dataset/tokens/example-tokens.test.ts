import { describe, expect, it } from 'vitest';
import { exampleTokenCounts } from '../../../src/dataset/tokens/example-tokens.js';
import { tokenCounterSync } from '../../../src/dataset/tokens/load-token-counter.js';
import type { TokenCounter } from '../../../src/dataset/types.js';

/** A real counter that records every text it is asked to count. */
function recordingCounter(): { counter: TokenCounter; counted: string[] } {
  const inner = tokenCounterSync('o200k_base');
  const counted: string[] = [];
  const counter: TokenCounter = {
    encoding: inner.encoding,
    count(text: string): number {
      counted.push(text);
      return inner.count(text);
    },
  };
  return { counter, counted };
}

const chat = (system: string, user: string, role = 'system') => ({
  messages: [
    { role, content: system },
    { role: 'user', content: user },
    { role: 'assistant', content: `Answer to ${user}` },
  ],
});

describe('exampleTokenCounts: repeated system and developer prompts', () => {
  it('counts a prompt repeated on every line once, with the same totals', () => {
    const prompt = 'You are a support assistant for ACME routers. Answer briefly and cite the manual.';
    const { counter, counted } = recordingCounter();
    const plain = tokenCounterSync('o200k_base');
    for (let line = 0; line < 5; line++) {
      const example = chat(prompt, `question ${line}`);
      expect(exampleTokenCounts(example, counter)).toEqual(exampleTokenCounts(example, plain));
    }
    expect(counted.filter((text) => text === prompt)).toHaveLength(1);
    expect(counted.filter((text) => text.startsWith('question'))).toHaveLength(5);
  });

  it('remembers developer prompts of reinforcement data, and equal strings built apart', () => {
    const { counter, counted } = recordingCounter();
    const first = exampleTokenCounts(chat(['Grade', 'the', 'answer.'].join(' '), 'a', 'developer'), counter);
    const second = exampleTokenCounts(chat(`Grade the ${'answer.'}`, 'b', 'developer'), counter);
    expect(second.total).toBe(first.total);
    expect(counted.filter((text) => text === 'Grade the answer.')).toHaveLength(1);
  });

  it('keeps the last eight distinct prompts per counter', () => {
    const { counter, counted } = recordingCounter();
    const prompts = Array.from({ length: 9 }, (_, index) => `Prompt number ${index}.`);
    for (const prompt of prompts) exampleTokenCounts(chat(prompt, 'x'), counter);
    exampleTokenCounts(chat('Prompt number 8.', 'x'), counter); // still remembered
    exampleTokenCounts(chat('Prompt number 0.', 'x'), counter); // evicted by the ninth
    expect(counted.filter((text) => text === 'Prompt number 8.')).toHaveLength(1);
    expect(counted.filter((text) => text === 'Prompt number 0.')).toHaveLength(2);

    const other = recordingCounter();
    exampleTokenCounts(chat('Prompt number 8.', 'x'), other.counter);
    expect(other.counted).toContain('Prompt number 8.');
  });

  it('does not remember user text, or prompts over a million characters', () => {
    const { counter, counted } = recordingCounter();
    const huge = 'word '.repeat(210_000);
    exampleTokenCounts(chat(huge, 'same question'), counter);
    exampleTokenCounts(chat(huge, 'same question'), counter);
    expect(counted.filter((text) => text === huge)).toHaveLength(2);
    expect(counted.filter((text) => text === 'same question')).toHaveLength(2);
  });
});
