import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BpeTokenCounter } from '../../../src/dataset/tokens/bpe-token-counter.js';
import { loadRankTable } from '../../../src/dataset/tokens/rank-data-loader.js';
import { ShortPieceCache } from '../../../src/dataset/tokens/short-piece-cache.js';

describe('ShortPieceCache', () => {
  it('finds exact packed keys only and clears itself when half full', () => {
    const cache = new ShortPieceCache(16);
    cache.set(1, 2, 3, 4, 5);
    expect(cache.find(1, 2, 3, 4)).toBe(5);
    expect(cache.find(1, 2, 3, 5)).toBe(-1);
    expect(cache.find(1, 2, 4, 4)).toBe(-1);
    expect(cache.find(1, 3, 3, 4)).toBe(-1);
    expect(cache.find(2, 2, 3, 4)).toBe(-1);
    for (let key = 10; key < 18; key++) cache.set(key, 0, 0, 1, key);
    // 9 entries into 16 slots: the 9th insert found the table half full and cleared it first.
    expect(cache.stats().size).toBe(1);
    expect(cache.find(1, 2, 3, 4)).toBe(-1);
    expect(cache.find(17, 0, 0, 1)).toBe(17);
    expect(cache.stats()).toMatchObject({ hits: 2 });
  });

  it('gives the same counts as no cache on random ASCII text, across many clears (property)', async () => {
    const table = await loadRankTable('cl100k_base');
    const cached = new BpeTokenCounter('cl100k_base', table, { cacheSize: 16 });
    const uncached = new BpeTokenCounter('cl100k_base', table, { cacheSize: 0 });
    const ascii = fc.string({
      unit: fc.integer({ min: 0, max: 127 }).map((code) => String.fromCharCode(code)),
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.array(ascii, { maxLength: 8 }), (texts) => {
        for (const text of texts) expect(cached.count(text)).toBe(uncached.count(text));
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
