import { get_encoding } from 'tiktoken';
import { describe, expect, it } from 'vitest';
import { tokenCounterSync } from '../../../src/dataset/tokens/index.js';

// Runs of one non-ASCII character used to throw "Maximum call stack size exceeded" from the
// pre-tokenizing regex, and validate() lost the whole report to an internal_error.
describe('long runs of one non-ASCII character', () => {
  it('count exactly like tiktoken on runs long enough for the heap merge', () => {
    const reference = get_encoding('o200k_base');
    try {
      for (const text of ['中'.repeat(3000), `x ${'ب'.repeat(2500)}!`, '😀'.repeat(1500), 'Ä'.repeat(4000)]) {
        expect(tokenCounterSync('o200k_base').count(text)).toBe(reference.encode(text, [], []).length);
      }
    } finally {
      reference.free();
    }
  });
});

describe('counting in steps', () => {
  it('pauses inside one long piece and returns the same count as count()', () => {
    const counter = tokenCounterSync('o200k_base') as unknown as {
      count(text: string): number;
      countSteps(text: string): Generator<void, number, undefined>;
    };
    for (const text of [
      `${'Hello world. '.repeat(50_000)}`,
      'a'.repeat(2_200_000),
      `x ${'中'.repeat(800_000)} y`,
    ]) {
      const steps = counter.countSteps(text);
      let pauses = 0;
      let result = steps.next();
      while (!result.done) {
        pauses++;
        result = steps.next();
      }
      expect(result.value).toBe(counter.count(text));
      expect(pauses).toBeGreaterThan(1);
    }
  });
});
