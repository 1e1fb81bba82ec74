import { describe, expect, it } from 'vitest';
import { HashIndex, hashHalves } from '../../../src/dataset/report/hash-index.js';

describe('HashIndex', () => {
  it('stores the first value per hash and reports repeats', () => {
    const index = new HashIndex(4);
    expect(index.setIfAbsent('00000000000000ff', 3)).toBeUndefined();
    expect(index.setIfAbsent('00000000000000ff', 9)).toBe(3);
    expect(index.get('00000000000000ff')).toBe(3);
    expect(index.get('0000000000000001')).toBeUndefined();
    expect(index.size).toBe(1);
  });

  it('grows past its capacity and keeps every entry', () => {
    const index = new HashIndex(16);
    for (let value = 0; value < 10_000; value++) {
      expect(index.setIfAbsent(value.toString(16).padStart(16, '0'), value)).toBeUndefined();
    }
    expect(index.size).toBe(10_000);
    for (let value = 0; value < 10_000; value += 97)
      expect(index.get(value.toString(16).padStart(16, '0'))).toBe(value);
  });

  it('counts and finds the largest count', () => {
    const index = new HashIndex();
    for (const hash of ['a', 'b', 'a', 'c', 'a', 'b']) index.add(hash);
    expect(index.get('a')).toBe(3);
    expect(index.maxValue()).toBe(3);
    expect(new HashIndex().maxValue()).toBe(0);
  });

  it('stores the all-zero hash like any other', () => {
    expect(hashHalves('0000000000000000')).toEqual([0, 0]);
    const index = new HashIndex();
    expect(index.get('0000000000000000')).toBeUndefined();
    expect(index.setIfAbsent('0000000000000000', 5)).toBeUndefined();
    expect(index.setIfAbsent('0000000000000001', 6)).toBeUndefined();
    expect(index.get('0000000000000000')).toBe(5);
  });

  it('hashes non-hex keys to 64 bits', () => {
    expect(hashHalves('hello')).not.toEqual(hashHalves('hellp'));
    expect(hashHalves('ffffffff00000001')).toEqual([0xffffffff, 1]);
  });
});
