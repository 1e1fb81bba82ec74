import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BytePairCounter, HEAP_MERGE_THRESHOLD } from '../../../src/dataset/tokens/byte-pair-count.js';
import { importRankData } from '../../../src/dataset/tokens/rank-data-loader.js';
import { RankTable } from '../../../src/dataset/tokens/rank-table.js';
import { utf8Binary, utf8Into } from '../../../src/dataset/tokens/utf8-binary.js';

let merger: BytePairCounter;
let ranks: Awaited<ReturnType<typeof importRankData>>;
beforeAll(async () => {
  ranks = await importRankData('o200k_base');
  merger = new BytePairCounter(RankTable.fromRankData(ranks));
});

describe('byte-pair counting', () => {
  it('heap merge and tiktoken’s rescan loop agree on random pieces (property)', () => {
    const unit = fc.constantFrom('a', 'b', 'e', 'r', ' ', '字', '한', 'é', '\u0085', '👍', '\ufeff', '0');
    fc.assert(
      fc.property(fc.array(unit, { minLength: 1, maxLength: 120 }), (units) => {
        const piece = utf8Binary(units.join(''));
        expect(merger.countByHeap(piece)).toBe(merger.countByRescan(piece));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('agrees on random byte strings, including invalid UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const piece = String.fromCharCode(...bytes);
        expect(merger.countByHeap(piece)).toBe(merger.countByRescan(piece));
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('counts bytes written by utf8Into as it counts the binary string (and finds the same rank)', () => {
    const table = RankTable.fromRankData(ranks);
    const unit = fc.constantFrom(
      'a',
      ' ',
      '字',
      '한',
      '국',
      'é',
      'ж',
      '\u0085',
      '👍',
      '\ud800',
      '\udc00',
      '\ufeff',
      '0',
    );
    const out = new Uint8Array(3 * 400);
    fc.assert(
      fc.property(fc.array(unit, { minLength: 1, maxLength: 300 }), (units) => {
        const text = units.join('');
        const binary = utf8Binary(text);
        const length = utf8Into(text, 0, text.length, out);
        expect(String.fromCharCode(...out.subarray(0, length))).toBe(binary);
        expect(merger.countBytes(out, length)).toBe(merger.count(binary));
        expect(table.findBytes(out, length)).toBe(table.find(binary));
      }),
      { numRuns: 1000, seed: 13 },
    );
    const word = utf8Binary('국');
    const wordLength = utf8Into('x국x', 1, 2, out);
    expect(table.findBytes(out, wordLength)).toBe(table.find(word));
  });

  it('routes long pieces to the heap and short ones to the rescan', () => {
    const long = utf8Binary('字'.repeat(HEAP_MERGE_THRESHOLD));
    expect(merger.count(long)).toBe(merger.countByRescan(long));
    expect(merger.count('')).toBe(0);
    expect(merger.count('\u00ff')).toBe(1);
  });

  it('handles a 1 MB single-class run (heap path stays near-linear)', () => {
    const piece = utf8Binary('的'.repeat(350_000));
    expect(piece.length).toBeGreaterThan(1_000_000);
    // 的 is one token in o200k_base and has no longer merges with itself beyond pairs counted here.
    const count = merger.count(piece);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(350_000);
    expect(merger.countByHeap(utf8Binary('的'.repeat(2000)))).toBe(
      merger.countByRescan(utf8Binary('的'.repeat(2000))),
    );
  });
});
