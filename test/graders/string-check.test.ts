import { describe, expect, it } from 'vitest';
import { stringCheck } from '../../src/graders/string-check.js';

describe('stringCheck (OpenAI graders guide: eq, ne, like, ilike)', () => {
  it.each([
    ['Paris', 'Paris', 'eq', 1],
    ['Paris', 'paris', 'eq', 0],
    ['Paris ', 'Paris', 'eq', 0],
    ['Paris', 'London', 'ne', 1],
    ['Paris', 'Paris', 'ne', 0],
    ['The capital is Paris.', 'Paris', 'like', 1],
    ['The capital is PARIS.', 'Paris', 'like', 0],
    ['The capital is PARIS.', 'paris', 'ilike', 1],
    ['The capital is Lyon.', 'paris', 'ilike', 0],
    ['anything', '', 'like', 1],
  ] as const)('%j %s %j → %d', (input, reference, operation, expected) => {
    expect(stringCheck(input, reference, operation)).toBe(expected);
  });
});
