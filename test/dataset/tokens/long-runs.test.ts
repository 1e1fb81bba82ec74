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
