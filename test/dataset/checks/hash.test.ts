import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hash64, hashCanonicalJson, hashText } from '../../../src/dataset/checks/hash.js';

describe('hashText', () => {
  it('is stable, 16 hex digits, and sensitive to every character', () => {
    expect(hashText('hello')).toBe(hashText('hello'));
    expect(hashText('hello')).toMatch(/^[0-9a-f]{16}$/);
    expect(hashText('hello')).not.toBe(hashText('hellp'));
    expect(hashText('')).not.toBe(hashText('\u0000'));
  });

  it('has no collisions among 200,000 similar strings', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 200_000; index++) seen.add(hashText(`example ${index}`));
    expect(seen.size).toBe(200_000);
  });
});

describe('hashCanonicalJson', () => {
  it('ignores key order and number spelling', () => {
    expect(hashCanonicalJson(JSON.parse('{"a":1,"b":[1.0,{"y":2,"x":null}]}'))).toBe(
      hashCanonicalJson(JSON.parse('{"b":[1,{"x":null,"y":2}],"a":1}')),
    );
  });

  it('ignores the key order of large and nested objects, and sees only own keys', () => {
    const keys = Array.from({ length: 40 }, (_, index) => `k${(index * 7) % 40}`);
    const forward = Object.fromEntries(keys.map((key) => [key, { inner: key, list: [1, { b: 2, a: 1 }] }]));
    const backward = Object.fromEntries(
      [...keys].reverse().map((key) => [key, { list: [1, { a: 1, b: 2 }], inner: key }]),
    );
    expect(hashCanonicalJson(forward)).toBe(hashCanonicalJson(backward));
    expect(hashCanonicalJson({ ...forward, k3: null })).not.toBe(hashCanonicalJson(forward));
    const inherited = Object.assign(Object.create({ extra: 1 }) as Record<string, unknown>, { a: 1 });
    expect(hashCanonicalJson(inherited)).toBe(hashCanonicalJson({ a: 1 }));
    // A sibling after a nested object hashes its own keys, not those left by the nested one.
    expect(hashCanonicalJson([{ x: { y: 1, z: 2 }, w: 3 }, { b: 1 }])).toBe(
      hashCanonicalJson([{ w: 3, x: { z: 2, y: 1 } }, { b: 1 }]),
    );
    expect(hashCanonicalJson([{ x: { y: 1 } }, { b: 1 }])).not.toBe(
      hashCanonicalJson([{ x: { y: 1 } }, { c: 1 }]),
    );
  });

  it('distinguishes types and structure that print alike', () => {
    const values = [
      null,
      0,
      '0',
      false,
      [],
      {},
      [[]],
      [null],
      { a: null },
      { a: '' },
      '',
      ['a', 'b'],
      ['ab'],
      [{ a: 1 }, {}],
      [{}, { a: 1 }],
    ];
    const hashes = new Set(values.map((value) => hashCanonicalJson(value)));
    expect(hashes.size).toBe(values.length);
  });

  it('does not confuse a key with a string value', () => {
    expect(hashCanonicalJson({ a: 'b' })).not.toBe(hashCanonicalJson(['a', 'b']));
    expect(hashCanonicalJson({ ab: '' })).not.toBe(hashCanonicalJson({ a: 'b' }));
  });

  it('equals for equal JSON and differs for different JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const same = JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
        expect(hashCanonicalJson(a) === hashCanonicalJson(b)).toBe(same);
      }),
      { numRuns: 500 },
    );
  });

  it('hashes a value nested 200,000 levels deep without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 200_000; level++) deep = { a: deep };
    expect(hashCanonicalJson(deep)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('matches an incremental Hash64 fed the same framed text', () => {
    const hash = new Hash64();
    hash.framedText('abc');
    expect(hash.digest()).toBe(hashText('abc'));
  });
});

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return Object.is(value, -0) ? 0 : value;
}

describe('hashCanonicalJson: recursive and iterative walks agree', () => {
  it('gives the same hash to a structure whether it sits above or below the recursion limit', () => {
    const leaf = { b: [1, 'two', null, true, { z: 1, a: [] }], a: 'x' };
    let shallow: unknown = leaf;
    let deep: unknown = leaf;
    for (let level = 0; level < 300; level++) {
      shallow = { wrap: shallow };
      deep = { wrap: deep };
    }
    // Same shape, same hash, though the leaf is walked iteratively below level 256.
    expect(hashCanonicalJson(deep)).toBe(hashCanonicalJson(shallow));
    let other: unknown = { ...leaf, a: 'y' };
    for (let level = 0; level < 300; level++) other = { wrap: other };
    expect(hashCanonicalJson(other)).not.toBe(hashCanonicalJson(deep));
  });
});
