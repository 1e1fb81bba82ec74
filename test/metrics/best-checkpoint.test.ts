import { describe, expect, it } from 'vitest';
import type { CheckpointLike } from '../../src/metrics/parse-checkpoint.js';
import { buildMetrics, rowsFor } from './build-metrics.js';
import { fixtureJson } from './fixtures.js';

const MODEL = 'ft:gpt-4o-mini-2024-07-18:acme:bot:abc123';

/** A 5-epoch job (20 steps each) with full_valid_loss per epoch and checkpoints for the last 3 epochs. */
function job(
  fullValid: readonly number[],
  options: { withMetrics?: boolean; accuracy?: readonly number[] } = {},
) {
  const checkpoints = [60, 80, 100].map((step) => ({
    id: `ftckpt_${step}`,
    step_number: step,
    fine_tuned_model_checkpoint: step === 100 ? MODEL : `${MODEL}:ckpt-step-${step}`,
    metrics:
      options.withMetrics === false
        ? { step }
        : {
            step,
            full_valid_loss: fullValid[step / 20 - 1],
            full_valid_mean_token_accuracy: options.accuracy?.[step / 20 - 1] ?? 0.8,
          },
  }));
  return buildMetrics(
    rowsFor(100, (step) => ({
      train_loss: 2 - step * 0.015,
      ...(step % 20 === 0
        ? {
            full_valid_loss: fullValid[step / 20 - 1] as number,
            full_valid_mean_token_accuracy: options.accuracy?.[step / 20 - 1] ?? 0.8,
          }
        : {}),
    })),
    { nEpochs: 5, checkpoints },
  );
}

describe('bestCheckpoint', () => {
  it('ranks retained checkpoints by full_valid_loss and returns the model id', () => {
    const result = job([0.6, 0.5, 0.45, 0.4, 0.42]).bestCheckpoint();
    expect(result.criterion).toBe('full_valid_loss');
    expect(result.ranked.map((entry) => [entry.rank, entry.step, entry.value])).toEqual([
      [1, 80, 0.4],
      [2, 100, 0.42],
      [3, 60, 0.45],
    ]);
    expect(result.best).toMatchObject({
      model: `${MODEL}:ckpt-step-80`,
      epoch: 4,
      isFinal: false,
      valueSource: 'checkpoint',
    });
    expect(result.ranked[1]?.isFinal).toBe(true);
    expect(result).toMatchObject({
      bestRetained: true,
      curveBest: { step: 80, epoch: 4, value: 0.4 },
      suggestedEpochs: 4,
      noisyCriterion: false,
    });
    expect(result.notes.at(-1)).toContain('Evals');
  });

  it('takes missing checkpoint metrics from the events at the checkpoint step', () => {
    const result = job([0.6, 0.5, 0.45, 0.4, 0.42], { withMetrics: false }).bestCheckpoint();
    expect(result.best).toMatchObject({ step: 80, value: 0.4, valueSource: 'events' });
  });

  it('says when the best epoch is older than every retained checkpoint and suggests n_epochs', () => {
    const result = job([0.6, 0.3, 0.45, 0.5, 0.55]).bestCheckpoint();
    expect(result).toMatchObject({
      bestRetained: false,
      curveBest: { step: 40, epoch: 2 },
      suggestedEpochs: 2,
    });
    expect(result.best?.step).toBe(60);
    expect(result.notes.join(' ')).toContain('older than the oldest retained checkpoint (step 60)');
    expect(result.notes.join(' ')).toContain('n_epochs = 2');
  });

  it('breaks ties by full_valid_mean_token_accuracy', () => {
    const result = job([0.6, 0.5, 0.4, 0.4, 0.4], {
      accuracy: [0.7, 0.7, 0.81, 0.85, 0.83],
    }).bestCheckpoint();
    expect(result.ranked.map((entry) => entry.step)).toEqual([80, 100, 60]);
  });

  it('ranks raw API checkpoints by the noisy valid_loss when there is no full validation, and says so', () => {
    const page = fixtureJson<{ data: CheckpointLike[] }>('checkpoints-real-no-validation.json');
    const result = buildMetrics(rowsFor(300, () => ({ train_loss: 1 }))).bestCheckpoint(page.data);
    expect(result).toMatchObject({ criterion: 'valid_loss', noisyCriterion: true });
    expect(result.best).toMatchObject({
      step: 300,
      model: 'ft:gpt-4o-mini-2024-07-18:personal:support:9uJPavMj',
      isFinal: true,
    });
    expect(result.notes.join(' ')).toContain('mini-batch valid_loss');
  });

  it('ranks reinforcement checkpoints by valid_reward_mean, highest first', () => {
    const metrics = buildMetrics(
      rowsFor(30, (step) => ({
        train_mean_reward: 0.5,
        ...(step % 10 === 0 ? { full_valid_mean_reward: [0.4, 0.7, 0.6][step / 10 - 1] as number } : {}),
      })),
      {
        method: 'reinforcement',
        nEpochs: 1,
        checkpoints: [10, 20, 30].map((step) => ({
          id: `c${step}`,
          step_number: step,
          fine_tuned_model_checkpoint: `${MODEL}:ckpt-step-${step}`,
          metrics: {},
        })),
      },
    );
    const result = metrics.bestCheckpoint();
    expect(result.criterion).toBe('valid_reward_mean');
    expect(result.ranked.map((entry) => entry.step)).toEqual([20, 30, 10]);
    expect(result.notes.join(' ')).toContain('mid-training checkpoint');
  });

  it('handles a job without checkpoints', () => {
    const result = buildMetrics(rowsFor(10, () => ({ train_loss: 1 }))).bestCheckpoint();
    expect(result).toMatchObject({ best: null, ranked: [], criterion: null, bestRetained: null });
    expect(result.notes[0]).toContain('no checkpoints');
  });
});
