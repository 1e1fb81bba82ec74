import { describe, expect, it } from 'vitest';
import { createRandom, hashString } from '../../src/internal/seeded-random.js';

describe('hashString (FNV-1a, 32-bit)', () => {
  it('matches the published FNV-1a test vectors', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });

  it('starts from another basis when given a seed, and stays unsigned', () => {
    expect(hashString('a', 1)).not.toBe(hashString('a'));
    for (const text of ['', 'x', 'héllo ✓', 'a'.repeat(1000)]) {
      const hash = hashString(text, 0xffffffff);
      expect(Number.isInteger(hash) && hash >= 0 && hash < 2 ** 32).toBe(true);
    }
  });
});

describe('createRandom (mulberry32)', () => {
  it('gives the same sequence for the same seed on every platform', () => {
    const random = createRandom(42);
    expect([random.next(), random.next(), random.next()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099,
    ]);
    expect(createRandom(0).next()).toBe(0.26642920868471265);
    // Seeds are taken modulo 2^32.
    expect(createRandom(2 ** 32 + 42).next()).toBe(0.6011037519201636);
    expect(createRandom(43).next()).not.toBe(0.6011037519201636);
  });

  it('draws floats in [0, 1) and integers within both inclusive bounds', () => {
    const random = createRandom(7);
    const seen = new Set<number>();
    for (let draw = 0; draw < 2000; draw++) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
      const integer = random.int(3, 6);
      expect(Number.isInteger(integer) && integer >= 3 && integer <= 6).toBe(true);
      seen.add(integer);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('draws normal samples centred on 0 with deviation 1', () => {
    const random = createRandom(11);
    const samples = Array.from({ length: 20_000 }, () => random.normal());
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    const variance = samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(0.03);
    expect(samples.every(Number.isFinite)).toBe(true);
  });

  it('draws strings of the asked length from the alphabet (base62 by default)', () => {
    const random = createRandom(5);
    expect(random.string(24)).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(random.string(10, 'ab')).toMatch(/^[ab]{10}$/);
    expect(random.string(0)).toBe('');
  });

  it('forks independent, reproducible generators by label', () => {
    const first = createRandom(9);
    const second = createRandom(9);
    const forkA = first.fork('curves');
    const forkB = second.fork('curves');
    expect(forkA.next()).toBe(forkB.next());
    // A different label gives a different stream; the parent moves on by one draw either way.
    expect(createRandom(9).fork('ids').next()).not.toBe(createRandom(9).fork('curves').next());
    expect(first.next()).toBe(second.next());
  });
});
