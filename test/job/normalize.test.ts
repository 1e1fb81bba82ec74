import { describe, expect, it } from 'vitest';
import { JobFailedError } from '../../src/errors.js';
import {
  normalizeCheckpoint,
  normalizeEvent,
  normalizeJob,
  normalizeJobError,
} from '../../src/job/normalize.js';
import { fixtureJson } from './helpers/fixtures.js';

const succeeded = fixtureJson('job-succeeded.json');
const azureQuirks = fixtureJson('job-azure-quirks.json');
const failed = fixtureJson('job-failed-n-examples.json');

describe('normalizeJob', () => {
  it('keeps a well-formed job as it is, frozen', () => {
    const job = normalizeJob(succeeded);
    expect(job.id).toBe('ftjob-abc123');
    expect(job.status).toBe('succeeded');
    expect(job.error).toBeNull();
    expect(job.result_files).toEqual(['file-abc123']);
    expect(job.hyperparameters).toEqual({ n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1.8 });
    expect(job.user_provided_suffix).toBe('custom-suffix'); // unknown fields are kept
    expect(Object.isFrozen(job)).toBe(true);
  });

  it('removes the wire quirks: error {}, hyperparameters null, result_files null, unknown status', () => {
    const job = normalizeJob(azureQuirks);
    expect(job.status).toBe('pausing');
    expect(job.error).toBeNull();
    expect(job.hyperparameters).toBeNull();
    expect(job.result_files).toEqual([]);
    expect(job.metadata).toBeNull();
    expect(job.fine_tuned_model).toBeNull();
    expect(job.estimated_finish).toBe(0);
  });

  it('keeps a failed job’s error with every field, usable by JobFailedError', () => {
    const job = normalizeJob(failed);
    expect(job.error).toEqual({
      code: 'invalid_n_examples',
      message: 'Training file has 7 example(s), but must have at least 10 examples',
      param: 'training_file',
    });
    const error = new JobFailedError(job);
    expect(error.message).toBe(
      'Fine-tuning job ftjob-9dQe2 failed: invalid_n_examples: Training file has 7 example(s), but must have at least 10 examples',
    );
  });

  it('never crashes on an unknown or missing status', () => {
    expect(normalizeJob({ id: 'ftjob-x', status: 'warming_up' }).status).toBe('warming_up');
    expect(normalizeJob({ id: 'ftjob-x' }).status).toBe('unknown');
  });

  it('refuses something that is not a job, naming what it got', () => {
    expect(() => normalizeJob({ object: 'list', data: [] })).toThrow(
      /fine_tuning\.job.*keys \[object, data\]/,
    );
    expect(() => normalizeJob(null)).toThrow(TypeError);
  });
});

describe('normalizeJobError', () => {
  it.each([
    [{}, null],
    [null, null],
    [undefined, null],
    [{ code: '', message: '', param: null }, null],
    [
      { code: 'server_error', message: 'The job failed due to an internal error' },
      { code: 'server_error', message: 'The job failed due to an internal error', param: null },
    ],
    [{ message: 'only a message' }, { code: null, message: 'only a message', param: null }],
  ])('%j → %j', (input, expected) => {
    expect(normalizeJobError(input)).toEqual(expected);
  });
});

describe('normalizeEvent', () => {
  it('defaults type to message and turns empty data into null', () => {
    const event = normalizeEvent({
      id: 'ftevent-1',
      created_at: 1,
      level: 'info',
      message: 'Created',
      data: {},
    });
    expect(event.type).toBe('message');
    expect(event.data).toBeNull();
    expect(event.object).toBe('fine_tuning.job.event');
  });

  it('keeps metrics data and other types (moderation_checks) as they are', () => {
    const event = normalizeEvent({
      id: 'e',
      created_at: 2,
      level: 'info',
      message: 'm',
      type: 'moderation_checks',
      data: { ok: true },
    });
    expect(event.type).toBe('moderation_checks');
    expect(event.data).toEqual({ ok: true });
  });

  it('refuses an event without an id (it could not be de-duplicated)', () => {
    expect(() => normalizeEvent({ message: 'no id' })).toThrow(/fine_tuning\.job\.event/);
  });
});

describe('normalizeCheckpoint', () => {
  it('keeps numeric metrics only and fills step_number from metrics.step', () => {
    const checkpoint = normalizeCheckpoint({
      id: 'ftckpt_1',
      created_at: 5,
      fine_tuned_model_checkpoint: 'ft:gpt-4o-mini-2024-07-18:org::abc:ckpt-step-88',
      fine_tuning_job_id: 'ftjob-1',
      metrics: { step: 88, train_loss: 0.478, full_valid_loss: 0.567, note: 'x' },
    });
    expect(checkpoint.step_number).toBe(88);
    expect(checkpoint.metrics).toEqual({ step: 88, train_loss: 0.478, full_valid_loss: 0.567 });
  });
});
