import { describe, expect, it } from 'vitest';
import { concatChunks, decodeChunks, linesOfChunks } from '../../src/testing/store.js';

describe('chunk helpers', () => {
  const bytes = new TextEncoder().encode('{"q":"café"}\n{"q":"naïve"}\n{"q":"end"}');
  // Split inside the two-byte "é" and in the middle of a line.
  const chunks = [bytes.slice(0, 10), bytes.slice(10, 20), bytes.slice(20)];

  it('decodes multi-byte characters split across chunks', () => {
    expect(decodeChunks(chunks)).toBe('{"q":"café"}\n{"q":"naïve"}\n{"q":"end"}');
    expect(concatChunks(chunks)).toEqual(bytes);
  });

  it('yields lines across chunk boundaries, including a last line without a newline', () => {
    expect([...linesOfChunks(chunks)]).toEqual(['{"q":"café"}', '{"q":"naïve"}', '{"q":"end"}']);
    expect([...linesOfChunks([new TextEncoder().encode('a\n')])]).toEqual(['a']);
  });
});
