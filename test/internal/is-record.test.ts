import { describe, expect, it } from 'vitest';
import { isRecord } from '../../src/internal/is-record.js';

describe('isRecord', () => {
  it('accepts objects that are not arrays', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord(JSON.parse('{"a":1}'))).toBe(true);
    expect(isRecord(new Map())).toBe(true);
  });

  it('rejects null, arrays and primitives', () => {
    for (const value of [null, undefined, [], [1], 'x', 1, true, () => {}])
      expect(isRecord(value)).toBe(false);
  });
});
