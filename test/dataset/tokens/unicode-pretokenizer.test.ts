import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pretokenizePattern } from '../../../src/dataset/tokens/pretokenize-pattern.js';
import {
  cl100kUnicodePieceEnd,
  o200kUnicodePieceEnd,
} from '../../../src/dataset/tokens/unicode-pretokenizer.js';
import { toWellFormed } from '../../../src/dataset/tokens/utf8-binary.js';
import type { EncodingName } from '../../../src/models/index.js';
import { parityCorpus } from './parity-corpus.js';

/** The pieces tiktoken's pattern produces. */
function regexPieces(encoding: EncodingName, text: string): string[] {
  return Array.from(text.matchAll(pretokenizePattern(encoding)), (match) => match[0]);
}

/** The pieces of the Unicode scanner alone (no ASCII fast path). */
function scannerPieces(encoding: EncodingName, text: string): string[] {
  const pieceEnd = encoding === 'o200k_base' ? o200kUnicodePieceEnd : cl100kUnicodePieceEnd;
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    const end = pieceEnd(text, start, text.length);
    if (end <= start) throw new Error(`no progress at ${start}`);
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

// One or two code points of every class the pattern distinguishes: upper-only, lower-only, both
// (Lo, Lm, marks), titlecase, numbers in and beyond the BMP, Unicode whitespace, punctuation, the
// contraction letters, Unicode 17 letters tiktoken does not know, emoji.
const ALPHABET = [
  'a',
  'Z',
  'ä',
  'Ä',
  'ß',
  'ǅ',
  'ʰ',
  '中',
  'ب',
  'ー',
  '\u0301',
  '\u0903',
  '1',
  '١',
  '²',
  '½',
  '𝟘',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u0085',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\u2028',
  '\ufeff',
  "'",
  "'s",
  "'S",
  "'ſ",
  "'re",
  "'LL",
  "'d",
  '/',
  '!',
  '.',
  '…',
  '😀',
  '👍🏽',
  '𝐀',
  '𐐨',
  '\u{323B0}',
  '\u{10940}',
  '\u0000',
  '\u007f',
  '\u00ad',
];

describe('Unicode pre-tokenizer', () => {
  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    it(`splits exactly like tiktoken's pattern on random Unicode text (${encoding}, property)`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }), (parts) => {
          const text = parts.join('');
          expect(scannerPieces(encoding, text)).toEqual(regexPieces(encoding, text));
        }),
        { numRuns: 3000, seed: 17 },
      );
    });

    it(`splits exactly like the pattern on arbitrary code points (${encoding}, property)`, () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 30 }), (text) => {
          expect(scannerPieces(encoding, text)).toEqual(regexPieces(encoding, text));
        }),
        { numRuns: 2000, seed: 23 },
      );
    });

    it(`splits exactly like the pattern on the parity corpus (${encoding})`, () => {
      const corpus = parityCorpus(11);
      for (const texts of Object.values(corpus)) {
        for (const text of texts) {
          const wellFormed = toWellFormed(text);
          expect(scannerPieces(encoding, wellFormed)).toEqual(regexPieces(encoding, wellFormed));
        }
      }
    });

    it(`returns a 3.4-million-letter run of 中 as one piece (${encoding})`, () => {
      const text = '中'.repeat(3_400_000);
      expect(scannerPieces(encoding, text)).toEqual([text]);
    });
  }

  it('handles the run on which the regex overflows its backtracking stack', () => {
    const text = `x ${'ب'.repeat(3_400_000)}!`;
    expect(() => regexPieces('o200k_base', text)).toThrow(/Maximum call stack size exceeded/);
    expect(scannerPieces('o200k_base', text)).toEqual(['x', ` ${'ب'.repeat(3_400_000)}`, '!']);
  });
});
