import fc from 'fast-check';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpeTokenCounter } from '../../../src/dataset/tokens/bpe-token-counter.js';
import { loadTokenCounter } from '../../../src/dataset/tokens/load-token-counter.js';
import { importRankData } from '../../../src/dataset/tokens/rank-data-loader.js';
import type { TokenCounter } from '../../../src/dataset/types.js';
import type { EncodingName } from '../../../src/models/index.js';
import { parityCorpus } from './parity-corpus.js';

const ENCODINGS: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];
const reference = new Map<EncodingName, Tiktoken>();
const ours = new Map<EncodingName, TokenCounter>();

beforeAll(async () => {
  for (const encoding of ENCODINGS) {
    reference.set(encoding, get_encoding(encoding));
    ours.set(encoding, await loadTokenCounter(encoding));
  }
});
afterAll(() => {
  for (const encoder of reference.values()) encoder.free();
});

/** tiktoken's count with special tokens treated as plain text. */
function tiktokenCount(encoding: EncodingName, text: string): number {
  return (reference.get(encoding) as Tiktoken).encode(text, [], []).length;
}
function ourCount(encoding: EncodingName, text: string): number {
  return (ours.get(encoding) as TokenCounter).count(text);
}

describe('BpeTokenCounter parity with tiktoken', () => {
  const corpus = parityCorpus(7);

  for (const encoding of ENCODINGS) {
    it(`equals tiktoken on every string of the multilingual corpus (${encoding})`, () => {
      const mismatches: { category: string; text: string; ours: number; tiktoken: number }[] = [];
      let strings = 0;
      let tokens = 0;
      for (const [category, texts] of Object.entries(corpus)) {
        for (const text of texts) {
          strings++;
          const expected = tiktokenCount(encoding, text);
          tokens += expected;
          const actual = ourCount(encoding, text);
          if (actual !== expected)
            mismatches.push({ category, text: text.slice(0, 60), ours: actual, tiktoken: expected });
        }
      }
      expect(strings).toBeGreaterThan(1000);
      expect(tokens).toBeGreaterThan(40_000);
      expect(mismatches).toEqual([]);
    });

    it(`equals tiktoken on random strings (${encoding}, property)`, () => {
      const tricky = fc.constantFrom(
        ' ',
        '\n',
        '\r\n',
        '\t',
        '\u0085',
        '\u00a0',
        '\ufeff',
        '\u2003',
        '\u200b',
        '\u3000',
        "'s",
        "'LL",
        "'ſ",
        'a',
        'A',
        'é',
        '1',
        '12345',
        '.',
        '/',
        '字',
        '한',
        'カ',
        '👍',
        '\u{3298E}',
        '<|endoftext|>',
        '\ud800',
        '\udc00',
      );
      const piece = fc.oneof(
        tricky,
        fc.string({ unit: 'binary', maxLength: 6 }),
        fc.string({ maxLength: 8 }),
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 24 }), (parts) => {
          const text = parts.join('');
          expect(ourCount(encoding, text)).toBe(tiktokenCount(encoding, text));
        }),
        { numRuns: 1500, seed: 42 },
      );
    });
  }

  it('equals tiktoken around the word fast path (case shapes, 12-character boundary, what follows a word)', () => {
    const letters = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
    const word = fc
      .array(letters, { minLength: 1, maxLength: 15 })
      .chain((chars) =>
        fc.constantFrom(
          chars.join(''),
          chars.join('').toLowerCase(),
          chars.join('').toUpperCase(),
          `${(chars[0] as string).toUpperCase()}${chars.slice(1).join('').toLowerCase()}`,
        ),
      );
    const after = fc.constantFrom(
      ' ',
      '  ',
      '\n',
      "'s",
      "'",
      "'LL",
      "'ſ",
      'é',
      '\u0301',
      'ǅ',
      '1',
      '.',
      ',',
      '-',
      '',
      '\t',
      '字',
    );
    const part = fc.tuple(fc.constantFrom('', ' ', '(', '"'), word, after).map((items) => items.join(''));
    for (const encoding of ENCODINGS) {
      fc.assert(
        fc.property(fc.array(part, { minLength: 1, maxLength: 12 }), (parts) => {
          const text = parts.join('');
          const expected = tiktokenCount(encoding, text);
          expect(ourCount(encoding, text)).toBe(expected);
          expect(ourCount(encoding, text)).toBe(expected); // now from the caches
        }),
        { numRuns: 1500, seed: 7 },
      );
    }
  });

  it('reproduces the known divergences of stock JS tokenizers the way tiktoken does', () => {
    // Rust's \s contains U+0085 and not U+FEFF; "\ufeff" is rank 5574 in o200k_base.
    const cases: [string, number][] = [
      ['\t\t\u0085', 3],
      ['\ufeff', 1],
      ["\u{3298E}'T", 6],
      ['hello world', 2],
    ];
    for (const [text, expected] of cases) {
      expect(ourCount('o200k_base', text)).toBe(expected);
      expect(tiktokenCount('o200k_base', text)).toBe(expected);
    }
    expect(ourCount('o200k_base', '  \ufeff')).toBe(tiktokenCount('o200k_base', '  \ufeff'));
    expect(ourCount('o200k_base', '<|endoftext|>')).toBe(7);
    expect(ourCount('cl100k_base', '')).toBe(0);
  });

  it('equals tiktoken on long single-class runs (heap merge path)', () => {
    for (const text of [
      '字'.repeat(3000),
      ' '.repeat(5000),
      'ab'.repeat(4000),
      '한국어'.repeat(700),
      '\u0085'.repeat(999),
    ]) {
      for (const encoding of ENCODINGS) expect(ourCount(encoding, text)).toBe(tiktokenCount(encoding, text));
    }
  });
});

describe('BpeTokenCounter work counters', () => {
  it('reports cache hits, whole-token pieces and merged pieces', async () => {
    const counter = new BpeTokenCounter('o200k_base', await importRankData('o200k_base'), { cacheSize: 64 });
    // Short ASCII pieces (≤ 15 characters) use the packed-key cache, longer ones the range-keyed cache.
    counter.count('the cat and the dog and the bird, internationalization internationalization');
    const stats = counter.stats();
    expect(stats.pieces).toBe(11);
    expect(stats.shortCache).toMatchObject({ hits: 2, misses: 7 });
    expect(stats.cache).toMatchObject({ hits: 1, misses: 1, capacity: 64 });
    expect(stats.cacheHits).toBe(3);
    expect(stats.wholeTokenPieces + stats.mergedPieces).toBe(8);
    expect(stats.mergedPieces).toBeGreaterThanOrEqual(1);
    counter.resetStats();
    expect(counter.stats().pieces).toBe(0);
    expect(counter.stats().shortCache?.hits).toBe(0);
  });

  it('counts the same with the cache disabled', async () => {
    const data = await importRankData('cl100k_base');
    const cached = new BpeTokenCounter('cl100k_base', data, { cacheSize: 8 });
    const uncached = new BpeTokenCounter('cl100k_base', data, { cacheSize: 0 });
    const text = parityCorpus(3).mixed?.join('\n') ?? '';
    expect(cached.count(text)).toBe(uncached.count(text));
    expect(uncached.stats().cache).toBeNull();
  });

  it('stops storing non-ASCII pieces on text where they never repeat, and still counts like tiktoken', () => {
    const counter = new BpeTokenCounter('o200k_base', (ours.get('o200k_base') as BpeTokenCounter).table);
    const encoder = reference.get('o200k_base')!;
    // Deterministic random Hangul words (the worst case for a cache), then realistic Korean, which
    // repeats and must be cached again.
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const words = Array.from({ length: 60_000 }, () =>
      Array.from({ length: 1 + Math.floor(next() * 5) }, () =>
        String.fromCharCode(0xac00 + Math.floor(next() * 11_172)),
      ).join(''),
    );
    for (let start = 0; start < words.length; start += 1000) {
      const text = words.slice(start, start + 1000).join(' ');
      expect(counter.count(text)).toBe(encoder.encode(text, [], []).length);
    }
    const stored = counter.stats().cache?.size ?? 0;
    expect(stored).toBeLessThan(40_000);
    const korean = '주문하신 상품은 내일 발송될 예정입니다. 불편을 드려 죄송합니다. '.repeat(20_000);
    expect(counter.count(korean)).toBe(encoder.encode(korean, [], []).length);
    const before = counter.stats().cacheHits;
    counter.count(korean);
    expect(counter.stats().cacheHits - before).toBeGreaterThan(100_000);
  });
});
