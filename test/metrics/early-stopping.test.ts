import { describe, expect, it } from 'vitest';
import { FinetuneKitUsageError } from '../../src/errors.js';
import { type BuildOptions, buildMetrics, rowsFor } from './build-metrics.js';

/** 5 epochs of 20 steps; full_valid_loss at each epoch end from `values`. */
function run(values: readonly (number | string)[], options: BuildOptions = {}) {
  return buildMetrics(
    rowsFor(values.length * 20, (step) => ({
      train_loss: 2 - step * 0.01,
      ...(step % 20 === 0 ? { full_valid_loss: values[step / 20 - 1] as number } : {}),
      ...(step % 5 === 0 ? { valid_loss: 0.5 } : {}),
    })),
    { nEpochs: values.length, ...options },
  );
}

const CURVE = [0.5, 0.4, 0.41, 0.39, 0.42];

describe('earlyStopping: Keras semantics', () => {
  it('patience 0 (Keras default) stops at the first non-improvement and recommends the best epoch', () => {
    const result = run(CURVE, { trainedTokens: 1_000_000 }).earlyStopping();
    expect(result).toMatchObject({
      semantics: 'keras',
      monitor: 'full_valid_loss',
      mode: 'min',
      patience: 0,
      evaluations: 5,
      stopped: true,
      stopReason: 'patience',
      stopStep: 60,
      stopEpoch: 3,
      best: { step: 40, epoch: 2, value: 0.4 },
      totalSteps: 100,
      stepsAfterStop: 40,
      tokensAfterStop: 400_000,
      tokenBasis: 'trained_tokens',
      recommendedEpochs: 2,
      noisyMonitor: false,
    });
    expect(result.shareAfterStop).toBeCloseTo(0.4, 12);
    // gpt-4o-mini trains at $3 per 1M tokens (model table).
    expect(result.costAfterStopUsd).toBeCloseTo(1.2, 10);
    expect(result.message).toContain('step 60 (epoch 3)');
    expect(result.message).toContain('40%');
  });

  it('patience 2 does not stop on this curve; the best is at epoch 4', () => {
    const result = run(CURVE).earlyStopping({ patience: 2 });
    expect(result).toMatchObject({
      stopped: false,
      stopStep: null,
      stepsAfterStop: 0,
      best: { step: 80 },
      recommendedEpochs: 4,
    });
  });

  it('min_delta makes small gains count as no improvement', () => {
    expect(run([0.5, 0.45, 0.44, 0.43]).earlyStopping({ patience: 1 }).stopped).toBe(false);
    expect(run([0.5, 0.45, 0.44, 0.43]).earlyStopping({ patience: 1, minDelta: 0.02 })).toMatchObject({
      stopped: true,
      stopStep: 60,
    });
  });

  it('a baseline keeps the wait counter running until it is beaten', () => {
    expect(run([0.5, 0.45, 0.46]).earlyStopping({ patience: 2 }).stopped).toBe(false);
    expect(run([0.5, 0.45, 0.46]).earlyStopping({ patience: 2, baseline: 0.3 })).toMatchObject({
      stopped: true,
      stopStep: 60,
    });
  });

  it('start_from_epoch skips the first evaluations', () => {
    expect(run([0.5, 0.6, 0.4, 0.41]).earlyStopping({ startFromEpoch: 2 })).toMatchObject({
      stopped: true,
      stopStep: 80,
      best: { step: 60 },
    });
  });

  it('says when the run was still improving at the end', () => {
    const result = run([0.5, 0.4, 0.3]).earlyStopping();
    expect(result).toMatchObject({ stopped: false, recommendedEpochs: 3 });
    expect(result.message).toContain('still improving');
  });
});

describe('earlyStopping: Lightning semantics', () => {
  it('defaults to patience 3 (validation checks)', () => {
    expect(run(CURVE).earlyStopping({ semantics: 'lightning' })).toMatchObject({
      patience: 3,
      stopped: false,
    });
    expect(run(CURVE).earlyStopping({ semantics: 'lightning', patience: 1 })).toMatchObject({
      stopped: true,
      stopStep: 60,
    });
  });

  it('stops at stopping_threshold, divergence_threshold and on NaN', () => {
    expect(run(CURVE).earlyStopping({ semantics: 'lightning', stoppingThreshold: 0.45 })).toMatchObject({
      stopReason: 'stopping_threshold',
      stopStep: 40,
    });
    expect(run(CURVE).earlyStopping({ semantics: 'lightning', divergenceThreshold: 0.45 })).toMatchObject({
      stopReason: 'divergence_threshold',
      stopStep: 20,
    });
    expect(run([0.5, 'NaN', 0.3]).earlyStopping({ semantics: 'lightning' })).toMatchObject({
      stopReason: 'non_finite',
      stopStep: 40,
    });
    expect(run([0.5, 'NaN', 0.3]).earlyStopping({ semantics: 'lightning', checkFinite: false }).stopped).toBe(
      false,
    );
  });
});

describe('earlyStopping: Hugging Face semantics', () => {
  it('defaults to patience 1 and threshold 0', () => {
    expect(run(CURVE).earlyStopping({ semantics: 'hf' })).toMatchObject({
      patience: 1,
      stopped: true,
      stopStep: 60,
    });
  });

  it('a threshold stops resetting the counter on small gains, while the best still moves', () => {
    const result = run(CURVE).earlyStopping({ semantics: 'hf', patience: 2, minDelta: 0.05 });
    expect(result).toMatchObject({ stopped: true, stopStep: 80, best: { step: 80, value: 0.39 } });
  });
});

describe('earlyStopping: monitors and options', () => {
  it('falls back to the noisy mini-batch valid_loss and says so', () => {
    const metrics = buildMetrics(
      rowsFor(100, (step) => ({
        train_loss: 1,
        ...(step % 10 === 0 ? { valid_loss: step <= 50 ? 1 - step / 100 : 0.6 } : {}),
      })),
    );
    const result = metrics.earlyStopping();
    expect(result).toMatchObject({ monitor: 'valid_loss', noisyMonitor: true, stopped: true, stopStep: 60 });
    expect(result.message).toContain('noisy');
  });

  it('monitors rewards in max mode', () => {
    const metrics = buildMetrics(
      rowsFor(40, (step) => ({
        train_mean_reward: 0.5,
        ...(step % 10 === 0
          ? { full_valid_mean_reward: [0.3, 0.5, 0.45, 0.4][step / 10 - 1] as number }
          : {}),
      })),
      { method: 'reinforcement', nEpochs: 1 },
    );
    expect(metrics.earlyStopping()).toMatchObject({
      monitor: 'valid_reward_mean',
      mode: 'max',
      stopStep: 30,
      best: { step: 20 },
    });
  });

  it('uses tokensPerEpoch when trained_tokens is unknown, and a given price', () => {
    const result = run(CURVE).earlyStopping({ tokensPerEpoch: 10_000, pricePer1MTokens: 25 });
    expect(result).toMatchObject({ tokenBasis: 'tokens_per_epoch', tokensAfterStop: 20_000 });
    expect(result.costAfterStopUsd).toBeCloseTo(0.5, 12);
    expect(run(CURVE).earlyStopping()).toMatchObject({
      tokenBasis: 'steps',
      tokensAfterStop: null,
      costAfterStopUsd: null,
    });
  });

  it('reports that nothing can be replayed without validation values', () => {
    const result = buildMetrics(rowsFor(30, () => ({ train_loss: 1 }))).earlyStopping();
    expect(result).toMatchObject({ evaluations: 0, stopped: false, best: null, recommendedEpochs: null });
    expect(result.message).toContain('No full_valid_loss values');
  });

  it('rejects invalid options with a usage error naming the option', () => {
    const metrics = run(CURVE);
    expect(() => metrics.earlyStopping({ semantics: 'sklearn' as never })).toThrowError(
      FinetuneKitUsageError,
    );
    expect(() => metrics.earlyStopping({ patience: -1 })).toThrowError(/options.patience/);
    expect(() => metrics.earlyStopping({ minDelta: Number.NaN })).toThrowError(/options.minDelta/);
  });
});
