import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/testing/index.js';
import { INTERNAL_JOB_ERROR } from '../../src/testing/job-lifecycle.js';
import { usageError } from '../helpers/usage-error.js';
import { simClient, supportJsonl, uploadTrainingFile } from './helpers/data.js';

async function runningJob(
  options: Parameters<typeof createSimulator>[0] = {},
  metadata?: Record<string, string>,
) {
  const sim = createSimulator({ clock: 'manual', seed: 5, ...options });
  const client = simClient(sim);
  const file = await uploadTrainingFile(sim, client, supportJsonl(12));
  const job = await client.fineTuning.jobs.create({
    model: 'gpt-4o-mini',
    training_file: file.id,
    method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3 } } },
    ...(metadata ? { metadata } : {}),
  });
  return { sim, client, job };
}

describe('a job that fails during training', () => {
  it('fails right after the step: metrics so far, then the error event; no result file, no trained_tokens', async () => {
    const { sim, client, job } = await runningJob();
    expect(sim.failJob(job.id, { atStep: 20 }).status).toBe('validating_files');
    sim.runUntilIdle();
    const failed = await client.fineTuning.jobs.retrieve(job.id);
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'server_error', message: 'The job failed due to an internal error', param: null },
      fine_tuned_model: null,
      result_files: [],
      trained_tokens: null,
      estimated_finish: null,
    });
    const events = sim.getJobEvents(job.id);
    const metrics = events.filter((event) => event.type === 'metrics');
    expect(metrics.map((event) => event.data?.step)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    expect(events.at(-2)?.message).toMatch(/^Step 20\/36: training loss=/);
    expect(events.at(-1)).toMatchObject({
      level: 'error',
      type: 'message',
      message: INTERNAL_JOB_ERROR.message,
      data: { error_code: 'server_error', error_param: null },
    });
    // The job failed the moment step 20 ended.
    expect(failed.finished_at).toBe(events.at(-2)?.created_at);
    expect(sim.getJobCheckpoints(job.id)).toEqual([]);
    expect(() => sim.advanceJob(job.id, { to: 'succeeded' })).toThrow(/has ended/);
  });

  it('fails at once with a custom error, from any active status', async () => {
    const { sim, client, job } = await runningJob({ quirks: { nullFinishedAtOnFailure: true } });
    sim.advanceJob(job.id, { step: 5 });
    await client.fineTuning.jobs.pause(job.id);
    sim.failJob(job.id, {
      code: 'exceeded_quota',
      message: 'The job failed: billing quota exceeded.',
      param: 'billing',
    });
    const failed = await client.fineTuning.jobs.retrieve(job.id);
    expect(failed).toMatchObject({
      status: 'failed',
      finished_at: null,
      error: { code: 'exceeded_quota', message: 'The job failed: billing quota exceeded.', param: 'billing' },
    });
    // Nothing moves any more; the checkpoint saved by the pause stays.
    sim.runUntilIdle();
    expect(sim.getJobEvents(job.id).filter((event) => event.type === 'metrics')).toHaveLength(5);
    expect(sim.getJobCheckpoints(job.id).map((checkpoint) => checkpoint.step_number)).toEqual([5]);
    const cancel = await client.fineTuning.jobs.cancel(job.id).catch((caught: unknown) => caught);
    expect(cancel).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('fails as training starts with atStep 0, and says why it cannot fail where asked', async () => {
    const { sim, job } = await runningJob();
    sim.failJob(job.id, { atStep: 0 });
    sim.runUntilIdle();
    expect(
      sim
        .getJobEvents(job.id)
        .map((event) => event.message)
        .slice(-2),
    ).toEqual(['Fine-tuning job started', 'The job failed due to an internal error']);
    expect(() => sim.failJob(job.id)).toThrow(`failJob: job ${job.id} has already ended ('failed').`);
    const other = await runningJob();
    expect(() => other.sim.failJob(other.job.id, { atStep: 37 })).toThrow(
      'has no step 37 (it trains 36 steps)',
    );
    expect(() => other.sim.failJob(other.job.id, { atStep: 1.5 })).toThrow(
      usageError('failure.atStep', 'failJob: atStep must be an integer ≥ 0, got 1.5.'),
    );
    other.sim.advanceJob(other.job.id, { step: 10 });
    expect(() => other.sim.failJob(other.job.id, { atStep: 10 })).toThrow('is already past step 10');
    expect(() => other.sim.failJob('ftjob-nope')).toThrow('failJob: no job ftjob-nope in this simulator.');
  });

  it('plans failures for jobs a client creates, through the scenario option', async () => {
    const { sim, client, job } = await runningJob(
      { scenario: (created) => (created.metadata?.chaos === 'fail' ? { failure: { atStep: 7 } } : null) },
      { chaos: 'fail' },
    );
    const file = sim.addFile({ filename: 'train.jsonl', content: supportJsonl(12) });
    const calm = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.runUntilIdle();
    expect(sim.getJob(job.id)?.status).toBe('failed');
    expect(sim.getJobEvents(job.id).filter((event) => event.type === 'metrics')).toHaveLength(7);
    expect(sim.getJob(calm.id)?.status).toBe('succeeded');
    expect(() => createSimulator({ scenario: {} as never })).toThrow(
      usageError('options.scenario', 'options.scenario must be a function.'),
    );
  });

  it('answers 500 naming the usage error when the scenario hook returns something that is not a scenario', async () => {
    const sim = createSimulator({ clock: 'manual', scenario: () => 5 as never });
    const client = simClient(sim);
    const file = sim.addFile({ filename: 'train.jsonl', content: supportJsonl(12) });
    const error = await client.fineTuning.jobs
      .create({ model: 'gpt-4o-mini', training_file: file.id })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.InternalServerError>).message).toContain(
      'finetune-kit simulator internal error: FinetuneKitUsageError: options.scenario must return an object, null or undefined, got 5.',
    );
  });
});
