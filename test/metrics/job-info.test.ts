import { describe, expect, it } from 'vitest';
import { readJobInfo, UNKNOWN_JOB_INFO } from '../../src/metrics/job-info.js';

describe('readJobInfo', () => {
  it('reads the documented example job', () => {
    expect(
      readJobInfo({
        id: 'ftjob-abc123',
        model: 'gpt-4o-mini-2024-07-18',
        status: 'succeeded',
        created_at: 1721764800,
        finished_at: 1721765800,
        fine_tuned_model: 'ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:7q8mpxmy',
        validation_file: null,
        trained_tokens: 4480,
        hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1.8 },
        method: {
          type: 'supervised',
          supervised: { hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1.8 } },
        },
      }),
    ).toEqual({
      id: 'ftjob-abc123',
      model: 'gpt-4o-mini-2024-07-18',
      status: 'succeeded',
      method: 'supervised',
      nEpochs: 3,
      batchSize: 1,
      learningRateMultiplier: 1.8,
      evalInterval: null,
      beta: null,
      trainedTokens: 4480,
      fineTunedModel: 'ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:7q8mpxmy',
      hasValidationFile: false,
      createdAt: 1721764800,
      finishedAt: 1721765800,
    });
  });

  it('reads leniently: auto values, hyperparameters null (DPO, failed), empty model names, unknown statuses', () => {
    const info = readJobInfo({
      status: 'pausing',
      fine_tuned_model: '',
      hyperparameters: null,
      trained_tokens: null,
      method: {
        type: 'dpo',
        dpo: { hyperparameters: { n_epochs: 'auto', batch_size: 'auto', beta: 0.1 } as never },
      },
    });
    expect(info).toMatchObject({
      status: 'pausing',
      method: 'dpo',
      nEpochs: null,
      batchSize: null,
      fineTunedModel: null,
      trainedTokens: null,
      beta: 0.1,
    });
  });

  it('reads a DPO beta only as a positive number', () => {
    const dpo = (beta: unknown) =>
      readJobInfo({ method: { type: 'dpo', dpo: { hyperparameters: { beta } as never } } }).beta;
    expect(dpo(0.25)).toBe(0.25);
    expect(dpo('auto')).toBeNull();
    expect(dpo(0)).toBeNull();
  });

  it('prefers method hyperparameters and reads the reinforcement eval_interval', () => {
    const info = readJobInfo({
      hyperparameters: { n_epochs: 2 },
      method: {
        type: 'reinforcement',
        reinforcement: { hyperparameters: { n_epochs: 4, eval_interval: 5 } },
      },
    });
    expect(info).toMatchObject({ method: 'reinforcement', nEpochs: 4, evalInterval: 5 });
    expect(readJobInfo({ hyperparameters: { n_epochs: 2 } }).nEpochs).toBe(2);
  });

  it('gives all-null info without a job', () => {
    expect(readJobInfo(null)).toBe(UNKNOWN_JOB_INFO);
    expect(Object.isFrozen(UNKNOWN_JOB_INFO)).toBe(true);
  });
});
