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

  it('splits lines as the dataset reader does: BOM dropped, CRLF ends a line, invalid UTF-8 as U+FFFD', () => {
    const encoded = new TextEncoder().encode('\uFEFF{"q":"a"}\r\n{"q":"b"}\r\n');
    // Split inside the BOM and between \r and \n.
    const split = [encoded.slice(0, 2), encoded.slice(2, 10), encoded.slice(10, 11), encoded.slice(11)];
    expect([...linesOfChunks(split)]).toEqual(['{"q":"a"}', '{"q":"b"}']);
    expect([...linesOfChunks([new Uint8Array([0x61, 0xff, 0x0a, 0x62])])]).toEqual(['a\uFFFD', 'b']);
  });
});
