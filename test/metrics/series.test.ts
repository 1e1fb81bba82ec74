import { describe, expect, it } from 'vitest';
import { Series } from '../../src/metrics/series.js';

const loss = new Series('train_loss', [
  { step: 1, value: 2, epoch: 1 },
  { step: 2, value: 1, epoch: 1 },
  { step: 3, value: Number.NaN, epoch: 2 },
  { step: 4, value: 0.5, epoch: 2 },
]);

describe('Series', () => {
  it('is a frozen array of { step, value, epoch } with its name', () => {
    expect(Array.isArray(loss)).toBe(true);
    expect(loss).toHaveLength(4);
    expect(loss.name).toBe('train_loss');
    expect(loss.smoothing).toBeNull();
    expect(Object.isFrozen(loss)).toBe(true);
    expect(() => (loss as unknown as { push(value: unknown): void }).push({})).toThrow(TypeError);
    expect(JSON.parse(JSON.stringify(loss))[1]).toEqual({ step: 2, value: 1, epoch: 1 });
  });

  it('returns plain arrays from array methods', () => {
    const mapped = loss.map((point) => point.step);
    expect(mapped).toEqual([1, 2, 3, 4]);
    expect(mapped).not.toBeInstanceOf(Series);
  });

  it('smooths fluently without changing the original', () => {
    const smooth = loss.smooth(0.5);
    expect(smooth).toBeInstanceOf(Series);
    expect(smooth.smoothing).toEqual({ method: 'ema', weight: 0.5 });
    expect(smooth.toValues()[1]).toBeCloseTo(4 / 3, 12);
    expect(loss.toValues()[1]).toBe(1);
    expect(loss.smooth({ method: 'gaussian', sigma: 2 }).smoothing).toEqual({ method: 'gaussian', sigma: 2 });
    expect(loss.smooth({ method: 'twema' }).smoothing).toEqual({ method: 'twema', weight: 0.6 });
    expect(loss.smooth({ method: 'running_average', window: 1 }).toValues()[0]).toBe(1.5);
    expect(() => loss.smooth({ method: 'bogus' } as never)).toThrow(
      expect.objectContaining({
        name: 'FinetuneKitUsageError',
        option: 'options.method',
        message: 'series.smooth: unknown method "bogus".',
      }),
    );
  });

  it('selects and summarises points', () => {
    expect(loss.finite().toSteps()).toEqual([1, 2, 4]);
    expect(loss.between(2, 3).toSteps()).toEqual([2, 3]);
    expect(loss.inEpoch(2).toSteps()).toEqual([3, 4]);
    expect(loss.last()?.step).toBe(4);
    expect(loss.min()).toEqual({ step: 4, value: 0.5, epoch: 2 });
    expect(loss.max()?.value).toBe(2);
    expect(loss.best()?.step).toBe(4);
    expect(loss.mean()).toBeCloseTo(3.5 / 3, 12);
    expect(
      new Series('train_mean_token_accuracy', [
        { step: 1, value: 0.9, epoch: null },
        { step: 2, value: 0.7, epoch: null },
      ]).best()?.value,
    ).toBe(0.9);
    expect(new Series('x').mean()).toBeNull();
  });
});
