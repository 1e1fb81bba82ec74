import { describe, expect, it } from 'vitest';
import { checkHyperparameters } from '../../../src/dataset/report/check-hyperparameters.js';

const check = (
  hyperparameters: Record<string, unknown> | undefined,
  method: 'supervised' | 'dpo' | 'reinforcement' = 'supervised',
  suffix?: unknown,
  suffixMaxLength = 64,
) => checkHyperparameters({ hyperparameters, suffix, method, suffixMaxLength });

describe('checkHyperparameters', () => {
  it('accepts values in range and "auto"', () => {
    expect(check({ n_epochs: 1, batch_size: 256, learning_rate_multiplier: 0.05 })).toEqual([]);
    expect(check({ n_epochs: 50, batch_size: 'auto', learning_rate_multiplier: 'auto' })).toEqual([]);
    expect(check({ beta: 2 }, 'dpo')).toEqual([]);
    expect(check({ beta: 'auto' }, 'dpo')).toEqual([]);
    expect(
      check({ reasoning_effort: 'high', eval_interval: 5, compute_multiplier: 1.5 }, 'reinforcement'),
    ).toEqual([]);
    expect(check(undefined, 'supervised', 'my-model')).toEqual([]);
  });

  it.each([
    [{ n_epochs: 0 }, 'n_epochs must be an integer from 1 to 50 or "auto"; got 0.'],
    [{ n_epochs: 51 }, 'n_epochs must be an integer from 1 to 50 or "auto"; got 51.'],
    [{ n_epochs: 2.5 }, 'n_epochs must be an integer from 1 to 50 or "auto"; got 2.5.'],
    [{ n_epochs: '3' }, 'n_epochs must be an integer from 1 to 50 or "auto"; got "3".'],
    [{ batch_size: 257 }, 'batch_size must be an integer from 1 to 256 or "auto"; got 257.'],
    [{ learning_rate_multiplier: 0 }, 'learning_rate_multiplier must be a number above 0 or "auto"; got 0.'],
    [{ n_epoch: 3 }, expect.stringContaining('Unknown hyperparameter "n_epoch"')],
    [{ beta: 0.1 }, 'beta applies only to dpo fine-tuning, not supervised.'],
  ])('reports %j', (hyperparameters, message) => {
    expect(check(hyperparameters)).toEqual([
      { code: 'invalid_hyperparameter', message, path: `hyperparameters.${Object.keys(hyperparameters)[0]}` },
    ]);
  });

  it('checks beta in (0, 2] for DPO', () => {
    expect(check({ beta: 0 }, 'dpo')[0]?.message).toBe('beta must be a number in (0, 2] or "auto"; got 0.');
    expect(check({ beta: 2.01 }, 'dpo')).toHaveLength(1);
  });

  it('checks the suffix length (64, Azure 18)', () => {
    expect(check(undefined, 'supervised', 'x'.repeat(65))).toEqual([
      {
        code: 'invalid_hyperparameter',
        message: 'suffix must be a string of 1 to 64 characters; got 65 characters.',
        path: 'suffix',
      },
    ]);
    expect(check(undefined, 'supervised', 'x'.repeat(19), 18)).toHaveLength(1);
    expect(check(undefined, 'supervised', '')).toHaveLength(1);
    expect(check(undefined, 'supervised', 12)[0]?.message).toBe(
      'suffix must be a string of 1 to 64 characters; got 12.',
    );
  });

  it('checks reinforcement-only parameters', () => {
    expect(check({ reasoning_effort: 'max' }, 'reinforcement')[0]?.message).toContain(
      'reasoning_effort must be one of',
    );
    expect(check({ reasoning_effort: 'low' }, 'supervised')[0]?.message).toContain(
      'applies only to reinforcement',
    );
    expect(check({ eval_samples: 0 }, 'reinforcement')).toHaveLength(1);
  });
});
