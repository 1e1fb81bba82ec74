import { describe, expect, it } from 'vitest';
import { PieceCache } from '../../../src/dataset/tokens/piece-cache.js';

describe('PieceCache', () => {
  it('stays within its capacity and keeps frequently used entries across rotations', () => {
    const cache = new PieceCache(100);
    cache.set('hot', 1);
    for (let index = 0; index < 10_000; index++) {
      cache.set(`key-${index}`, index);
      if (index % 20 === 0) expect(cache.get('hot')).toBe(1);
      expect(cache.stats().size).toBeLessThanOrEqual(100);
    }
    expect(cache.get('key-9999')).toBe(9999);
    expect(cache.get('key-0')).toBeUndefined();
  });

  it('counts hits and misses and can reset them', () => {
    const cache = new PieceCache(10);
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 3);
    expect(cache.get('a')).toBe(3);
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, size: 1, capacity: 10 });
    cache.resetStats();
    expect(cache.stats().hits).toBe(0);
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
  });

  it('stores long keys as copies that compare equal, and skips very long ones', () => {
    const text = `prefix ${'x'.repeat(40)} suffix`;
    const piece = text.slice(7, 47);
    const cache = new PieceCache(10);
    cache.set(piece, 7);
    expect(cache.get('x'.repeat(40))).toBe(7);
    cache.set('y'.repeat(65), 1);
    expect(cache.get('y'.repeat(65))).toBeUndefined();
  });
});
