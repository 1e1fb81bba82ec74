import { describe, expectTypeOf, it } from 'vitest';
import type { MetricsJson } from '../../src/metrics/index.js';

describe('MetricsJson types', () => {
  it('types stored values as a number or one of the three non-finite strings', () => {
    type Value = MetricsJson['points'][number]['values'][string];
    expectTypeOf<Value>().toEqualTypeOf<number | 'NaN' | 'Infinity' | '-Infinity'>();
    expectTypeOf<MetricsJson['checkpoints'][number]['values'][string]>().toEqualTypeOf<Value>();
  });
});
