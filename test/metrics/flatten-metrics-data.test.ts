import { describe, expect, it } from 'vitest';
import { encodeKeySegment, flattenMetricsData, numericLeaf } from '../../src/metrics/flatten-metrics-data.js';

describe('flattenMetricsData', () => {
  it('joins nested objects with / and leaves out step and total_steps', () => {
    expect(
      flattenMetricsData({ step: 2, total_steps: 9, timing: { step: { eval: 1.5 } }, train_loss: 0.3 }),
    ).toEqual([
      ['timing/step/eval', 1.5],
      ['train_loss', 0.3],
    ]);
  });

  it('keys grader arrays by <type>/<name> and percent-encodes / and % in names', () => {
    const flat = flattenMetricsData({
      scores: {
        graders: [
          { name: 'a/b 100%', type: 'python', train_reward_mean: 1 },
          { name: 'plain', train_reward_mean: 0.5 },
        ],
      },
    });
    expect(flat).toEqual([
      ['scores/graders/python/a%2Fb 100%25/train_reward_mean', 1],
      ['scores/graders/plain/train_reward_mean', 0.5],
    ]);
  });

  it('numbers duplicate grader names instead of overwriting, and uses indexes for unnamed items', () => {
    const flat = flattenMetricsData({
      graders: [
        { name: 'g', type: 't', v: 1 },
        { name: 'g', type: 't', v: 2 },
      ],
      list: [3, { x: 4 }],
    });
    expect(flat).toEqual([
      ['graders/t/g/v', 1],
      ['graders/t/g[2]/v', 2],
      ['list/0', 3],
      ['list/1/x', 4],
    ]);
  });

  it('ignores strings, booleans and null', () => {
    expect(flattenMetricsData({ a: 'text', b: true, c: null, d: { e: 'x' } })).toEqual([]);
  });
});

describe('numericLeaf and encodeKeySegment', () => {
  it('reads numbers and NaN/Infinity strings only', () => {
    expect(numericLeaf(1.5)).toBe(1.5);
    expect(numericLeaf('nan')).toBeNaN();
    expect(numericLeaf('Infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(numericLeaf('-inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(numericLeaf('1.5')).toBeUndefined();
    expect(numericLeaf(null)).toBeUndefined();
  });

  it('keeps spaces and commas verbatim', () => {
    expect(encodeKeySegment('Clinical Accuracy, strict')).toBe('Clinical Accuracy, strict');
  });
});
