import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../src/cli/suggest.js';

describe('suggestions', () => {
  it('computes edit distances', () => {
    expect(editDistance('validate', 'valdate')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('modle', 'model')).toBe(1);
  });

  it('suggests close names and prefixes, and nothing for far-off input', () => {
    const commands = ['validate', 'estimate', 'watch', 'status', 'checkpoints'];
    expect(closestMatch('valdate', commands)).toBe('validate');
    expect(closestMatch('check', commands)).toBe('checkpoints');
    expect(closestMatch('deploy', commands)).toBeUndefined();
  });
});
