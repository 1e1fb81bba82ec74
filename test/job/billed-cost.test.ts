import { describe, expect, it } from 'vitest';
import { harness } from './helpers/sim.js';

describe('FineTuneJob.billedCost', () => {
  it('is null while the job runs, then trained tokens × the table price, with the estimate from metadata', async () => {
    const { sim, client, clock, addTrainingFile } = harness();
    const { FineTuneJob } = await import('../../src/job/fine-tune-job.js');
    const job = await FineTuneJob.create(
      client,
      {
        model: 'gpt-4o-mini',
        training_file: addTrainingFile(12),
        metadata: { finetune_kit_estimate_usd: '0.0123' },
      },
      { clock },
    );
    expect(job.billedCost()).toBeNull();
    const done = await job.wait();
    const tokens = sim.getJob(job.id)?.trained_tokens;
    expect(tokens).toBeGreaterThan(0);
    expect(done.trained_tokens).toBe(tokens);
    expect(job.billedCost()).toMatchObject({
      usd: Math.round((((tokens as number) * 3) / 1e6) * 1e6) / 1e6,
      unit: 'tokens',
      trainedTokens: tokens,
      pricePerUnit: 3,
      estimateUsd: 0.0123,
      unavailable: null,
    });
    expect(job.billedCost({ estimateUsd: null })?.estimateUsd).toBeNull();
  });
});
