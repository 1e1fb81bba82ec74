import { describe, expect, it } from 'vitest';
import { Metrics } from '../../src/metrics/metrics.js';
import { MetricsFormatError } from '../../src/metrics/metrics-json.js';
import { buildMetrics, healthyRows } from './build-metrics.js';

describe('the JSON form of non-finite values', () => {
  it('writes -Infinity as the string "-Infinity" and reads it back', () => {
    const rows = healthyRows().map((row) => (row.step === 3 ? { ...row, train_loss: '-Infinity' } : row));
    const json = buildMetrics(rows).toJSON();
    expect(json.points[2]?.values.train_loss).toBe('-Infinity');
    const again = Metrics.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(again.series('train_loss')[2]?.value).toBe(Number.NEGATIVE_INFINITY);
  });

  it('rejects any other string value, naming the field', () => {
    const json = buildMetrics(healthyRows()).toJSON();
    const [first, ...rest] = json.points;
    const broken = {
      ...json,
      points: [{ ...first, values: { ...first?.values, train_loss: 'inf' } }, ...rest],
    };
    expect(() => Metrics.fromJSON(broken)).toThrowError(MetricsFormatError);
    expect(() => Metrics.fromJSON(broken)).toThrowError(/points\[0\]\.values\.train_loss/);
  });
});
