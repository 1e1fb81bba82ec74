import { describe, expect, it } from 'vitest';
import { describeType } from '../../src/internal/describe-type.js';

describe('describeType', () => {
  it('names objects by class, and everything else by typeof', () => {
    expect(describeType(new Map())).toBe('Map');
    expect(describeType({})).toBe('Object');
    expect(describeType([1])).toBe('Array');
    expect(describeType(null)).toBe('null');
    expect(describeType(undefined)).toBe('undefined');
    expect(describeType(42)).toBe('number');
    expect(describeType('x')).toBe('string');
    expect(describeType(() => {})).toBe('function');
  });

  it('says object for objects without a named constructor', () => {
    expect(describeType(Object.create(null))).toBe('object');
    expect(describeType(new (class {})())).toBe('object');
  });
});
