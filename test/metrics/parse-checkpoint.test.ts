import { describe, expect, it } from 'vitest';
import {
  type CheckpointLike,
  parseCheckpoint,
  parseCheckpoints,
} from '../../src/metrics/parse-checkpoint.js';
import { fixtureJson } from './fixtures.js';

describe('parseCheckpoints', () => {
  it('reads the API reference object with all seven metrics', () => {
    const page = fixtureJson<{ data: CheckpointLike[] }>('checkpoints-api-reference.json');
    const { checkpoints, issues } = parseCheckpoints(page.data);
    expect(issues).toEqual([]);
    expect(checkpoints).toEqual([
      {
        id: 'ftckpt_zc4Q7MP6XxulcVzj4MZdwsAB',
        createdAt: 1721764867,
        step: 88,
        model: 'ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:96olL566:ckpt-step-88',
        values: {
          train_loss: 0.478,
          train_mean_token_accuracy: 0.924,
          valid_loss: 10.112,
          valid_mean_token_accuracy: 0.145,
          full_valid_loss: 0.567,
          full_valid_mean_token_accuracy: 0.944,
        },
        extra: {},
      },
    ]);
  });

  it('sorts the newest-first list of a real job by step', () => {
    const page = fixtureJson<{ data: CheckpointLike[] }>('checkpoints-real-no-validation.json');
    const { checkpoints } = parseCheckpoints(page.data);
    expect(checkpoints.map((checkpoint) => checkpoint.step)).toEqual([100, 200, 300]);
    expect(checkpoints[2]?.model).toBe('ft:gpt-4o-mini-2024-07-18:personal:support:9uJPavMj');
  });

  it('reads the guide example that has only full_valid metrics', () => {
    const { checkpoint } = parseCheckpoint({
      id: 'ftckpt_guide',
      step_number: 2000,
      fine_tuned_model_checkpoint: 'ft:gpt-4o-mini-2024-07-18:org:x:abc:ckpt-step-2000',
      metrics: { full_valid_loss: 0.134, full_valid_mean_token_accuracy: 0.874 },
    });
    expect(checkpoint?.values).toEqual({ full_valid_loss: 0.134, full_valid_mean_token_accuracy: 0.874 });
  });

  it('reads Azure reinforcement checkpoint metrics through the alias table', () => {
    const { checkpoint } = parseCheckpoint({
      step_number: 12,
      metrics: { train_mean_reward: 0.61, full_valid_mean_reward: 0.58, completion_tokens_mean: 1802 },
    });
    expect(checkpoint?.values).toEqual({
      train_reward_mean: 0.61,
      valid_reward_mean: 0.58,
      completion_tokens_mean: 1802,
    });
  });

  it('takes the step from metrics.step or the ckpt-step-N name when step_number is missing', () => {
    expect(parseCheckpoint({ metrics: { step: 40 } }).checkpoint?.step).toBe(40);
    expect(
      parseCheckpoint({ fine_tuned_model_checkpoint: 'ft:gpt-4o-mini-2024-07-18:o:s:id:ckpt-step-77' })
        .checkpoint?.step,
    ).toBe(77);
  });

  it('reports a checkpoint without any step as checkpoint_invalid', () => {
    const { checkpoints, issues } = parseCheckpoints([{ id: 'ftckpt_x', metrics: null }]);
    expect(checkpoints).toEqual([]);
    expect(issues[0]).toMatchObject({ code: 'checkpoint_invalid', severity: 'warning', id: 'ftckpt_x' });
  });
});
