import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cl100kPieceEnd, o200kPieceEnd } from '../../../src/dataset/tokens/ascii-pretokenizer.js';
import { pretokenizePattern } from '../../../src/dataset/tokens/pretokenize-pattern.js';
import type { EncodingName } from '../../../src/models/index.js';
import { parityCorpus } from './parity-corpus.js';

/** The pieces tiktoken's pattern produces. */
function regexPieces(encoding: EncodingName, text: string): string[] {
  return Array.from(text.matchAll(pretokenizePattern(encoding)), (match) => match[0]);
}

/** The pieces of the scanner, deferring to the anchored regex where it returns -1 (as the counter does). */
function hybridPieces(encoding: EncodingName, text: string): { pieces: string[]; scanned: number } {
  const pieceEnd = encoding === 'o200k_base' ? o200kPieceEnd : cl100kPieceEnd;
  const sticky = pretokenizePattern(encoding, true);
  const pieces: string[] = [];
  let scanned = 0;
  let start = 0;
  while (start < text.length) {
    let end = pieceEnd(text, start, text.length);
    if (end >= 0) {
      scanned++;
      if (!/^[\x00-\x7f]+$/.test(text.slice(start, end))) throw new Error(`non-ASCII piece at ${start}`);
    } else {
      sticky.lastIndex = start;
      expect(sticky.test(text)).toBe(true);
      end = sticky.lastIndex;
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return { pieces, scanned };
}

const ALPHABET = [
  'a',
  'b',
  'z',
  'A',
  'Z',
  'Q',
  '0',
  '7',
  '9',
  ' ',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u000b',
  '\u000c',
  "'",
  "'s",
  "'S",
  "'t",
  "'re",
  "'RE",
  "'ve",
  "'m",
  "'ll",
  "'lL",
  "'d",
  "'ſ",
  '/',
  '.',
  ',',
  '-',
  '(',
  ')',
  '"',
  '$',
  '\u0000',
  '\u001f',
  '\u007f',
  'é',
  '\u0301',
  'ß',
  'ǅ',
  'ʰ',
  '字',
  '１',
  '²',
  '\u0085',
  '\u00a0',
  '\u3000',
  '\ufeff',
  '👍',
  '…',
];

describe('ASCII pre-tokenizer', () => {
  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    it(`splits exactly like tiktoken's pattern on random text (${encoding}, property)`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }), (parts) => {
          const text = parts.join('');
          expect(hybridPieces(encoding, text).pieces).toEqual(regexPieces(encoding, text));
        }),
        { numRuns: 2000, seed: 5 },
      );
    });

    it(`splits exactly like the pattern on the parity corpus and scans most English pieces itself (${encoding})`, () => {
      const corpus = parityCorpus(11);
      let scanned = 0;
      let total = 0;
      for (const texts of Object.values(corpus)) {
        for (const text of texts) {
          const hybrid = hybridPieces(encoding, text);
          expect(hybrid.pieces).toEqual(regexPieces(encoding, text));
          scanned += hybrid.scanned;
          total += hybrid.pieces.length;
        }
      }
      expect(scanned / total).toBeGreaterThan(0.8);
    });
  }
});
