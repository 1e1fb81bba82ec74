import { describe, expect, it } from 'vitest';
import { type BillableJob, computeBilledCost, recordedEstimate } from '../../src/metrics/billed-cost.js';

/** A supervised gpt-4o-mini job as the API returns it once it succeeded (trimmed). */
const SUCCEEDED: BillableJob = {
  status: 'succeeded',
  model: 'gpt-4o-mini-2024-07-18',
  created_at: 1_764_979_200,
  finished_at: 1_764_981_000,
  trained_tokens: 164_660,
  method: { type: 'supervised' },
  metadata: { finetune_kit_estimate_usd: '0.49398' },
};

describe('computeBilledCost', () => {
  it('bills trained tokens at the model table price, next to the recorded estimate', () => {
    expect(computeBilledCost(SUCCEEDED)).toEqual({
      usd: 0.49398,
      unit: 'tokens',
      trainedTokens: 164_660,
      hours: null,
      pricePerUnit: 3,
      upperBound: false,
      estimateUsd: 0.49398,
      unavailable: null,
      note: '$0.494: 164,660 trained tokens × $3/1M (estimated $0.494 before it started).',
    });
  });

  it('is null while the job runs, and takes the caller’s estimate and prices over the defaults', () => {
    expect(computeBilledCost({ ...SUCCEEDED, status: 'running' })).toBeNull();
    const custom = computeBilledCost(SUCCEEDED, {
      estimateUsd: null,
      models: { 'gpt-4o-mini-2024-07-18': { trainingPricePer1M: 3.3 } },
    });
    expect(custom).toMatchObject({ usd: 0.543378, pricePerUnit: 3.3, estimateUsd: null });
    expect(custom?.note).toBe('$0.543: 164,660 trained tokens × $3.3/1M.');
  });

  it('bills DPO per token, and resolves a fine-tuned base model to its table entry', () => {
    const dpo = computeBilledCost({
      ...SUCCEEDED,
      model: 'ft:gpt-4.1-mini-2025-04-14:acme:base:B7R9VjQd',
      method: { type: 'dpo' },
      metadata: null,
    });
    expect(dpo).toMatchObject({ unit: 'tokens', unavailable: null, estimateUsd: null });
    expect(dpo?.usd).toBeCloseTo((164_660 * (dpo?.pricePerUnit ?? Number.NaN)) / 1e6, 6);
  });

  it('says why the cost is unknown instead of guessing', () => {
    expect(computeBilledCost({ ...SUCCEEDED, status: 'failed', trained_tokens: null })).toMatchObject({
      usd: null,
      unavailable: 'no_trained_tokens',
      pricePerUnit: 3,
      note: 'Cost unknown: the job reports no trained tokens (status: failed) (estimated $0.494 before it started).',
    });
    expect(computeBilledCost({ ...SUCCEEDED, model: 'gpt-9-turbo' })).toMatchObject({
      usd: null,
      unavailable: 'unknown_model',
    });
    expect(computeBilledCost({ ...SUCCEEDED, model: 'gpt-4-0613' })).toMatchObject({
      usd: null,
      unavailable: 'unknown_price',
    });
  });

  it('bills reinforcement by the hour as an upper bound, or says the hourly price is unknown', () => {
    const rft = computeBilledCost({
      ...SUCCEEDED,
      model: 'o4-mini-2025-04-16',
      method: { type: 'reinforcement' },
      finished_at: SUCCEEDED.created_at + 5400,
      metadata: null,
    });
    expect(rft).toEqual({
      usd: 150,
      unit: 'hours',
      trainedTokens: 164_660,
      hours: 1.5,
      pricePerUnit: 100,
      upperBound: true,
      estimateUsd: null,
      unavailable: null,
      note: 'At most $150.00: 1.50 h from creation to finish × $100/h (OpenAI bills training time only, and grader tokens on top).',
    });
    const noHourlyPrice = computeBilledCost({
      ...SUCCEEDED,
      model: 'gpt-4.1-2025-04-14',
      method: { type: 'reinforcement' },
    });
    expect(noHourlyPrice).toMatchObject({ usd: null, unit: 'hours', unavailable: 'unknown_price' });
    expect(noHourlyPrice?.note).toContain('billed per training hour');
    const noFinish = computeBilledCost({
      ...SUCCEEDED,
      status: 'cancelled',
      model: 'o4-mini',
      method: { type: 'reinforcement' },
      finished_at: null,
    });
    expect(noFinish).toMatchObject({ usd: null, unavailable: 'no_duration', pricePerUnit: 100 });
  });

  it('reads only a number ≥ 0 as a recorded estimate', () => {
    expect(recordedEstimate({ metadata: { finetune_kit_estimate_usd: '1.5' } })).toBe(1.5);
    expect(recordedEstimate({ metadata: { finetune_kit_estimate_usd: 'cheap' } })).toBeNull();
    expect(recordedEstimate({ metadata: { finetune_kit_estimate_usd: '-1' } })).toBeNull();
    expect(recordedEstimate({ metadata: null })).toBeNull();
  });
});
