import { describe, expect, it, vi } from 'vitest';
import {
  FinetuneKitAbortError,
  FinetuneKitApiError,
  FinetuneKitTimeoutError,
  FinetuneKitUsageError,
  JobCancelledError,
  JobFailedError,
} from '../../src/errors.js';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import type { FineTuneJobUpdate, JobStatusChange } from '../../src/job/job-events.js';
import type { JobMetricsPoint } from '../../src/job/metrics-point.js';
import type { FineTuneJobCheckpoint, FineTuneJobEvent } from '../../src/job/normalize.js';
import { uploadTrainingFile } from '../../src/job/upload-training-file.js';
import { usageError } from '../helpers/usage-error.js';
import { chatJsonl, harness } from './helpers/sim.js';

/** Everything a job emits, in order. */
function record(job: FineTuneJob) {
  const log = {
    events: [] as FineTuneJobEvent[],
    metrics: [] as JobMetricsPoint[],
    statuses: [] as JobStatusChange[],
    checkpoints: [] as FineTuneJobCheckpoint[],
    order: [] as string[],
    terminal: [] as string[],
    errors: 0,
    ends: [] as string[],
  };
  job.on('event', (event) => {
    log.events.push(event);
    log.order.push('event');
  });
  job.on('metrics', (point) => log.metrics.push(point));
  job.on('status', (change) => {
    log.statuses.push(change);
    log.order.push(`status:${change.status}`);
  });
  job.on('checkpoint', (checkpoint) => {
    log.checkpoints.push(checkpoint);
    log.order.push('checkpoint');
  });
  job.on('succeeded', () => log.terminal.push('succeeded'));
  job.on('failed', () => log.terminal.push('failed'));
  job.on('cancelled', () => log.terminal.push('cancelled'));
  job.on('error', () => {
    log.errors += 1;
  });
  job.on('end', (end) => log.ends.push(end.reason));
  return log;
}

describe('FineTuneJob: a successful job', () => {
  it('delivers every event exactly once, oldest first, with exact counts', async () => {
    const { sim, createJob } = harness();
    const job = await createJob(12);
    expect(job.status).toBe('validating_files');
    const log = record(job);
    const done = await job.wait();

    expect(done.status).toBe('succeeded');
    expect(done.fine_tuned_model).toMatch(/^ft:gpt-4o-mini-2024-07-18:sim-org::/);
    expect(job.fineTunedModel).toBe(done.fine_tuned_model);
    const serverLog = sim.getJobEvents(job.id);
    expect(log.events.map((event) => event.id)).toEqual(serverLog.map((event) => event.id));
    const totalSteps = log.metrics.at(-1)?.totalSteps ?? 0;
    expect(totalSteps).toBeGreaterThan(10);
    // created, validating, validated, started, one per step, 2 checkpoint messages, model created, completed
    expect(log.events).toHaveLength(4 + totalSteps + 2 + 1 + 1);
    expect(log.metrics.map((point) => point.step)).toEqual(
      Array.from({ length: totalSteps }, (_, index) => index + 1),
    );
    expect(
      log.metrics.every((point) => point.origin === 'data' && typeof point.train_loss === 'number'),
    ).toBe(true);
    expect(log.events[0]?.message).toBe(`Created fine-tuning job: ${job.id}`);
    expect(log.events.at(-1)?.message).toBe('The job has successfully completed');
    expect(log.statuses.map(({ previous, status }) => `${previous}→${status}`)).toEqual([
      'validating_files→queued',
      'queued→running',
      'running→succeeded',
    ]);
    expect(log.checkpoints.map((checkpoint) => checkpoint.step_number)).toHaveLength(3);
    expect(log.checkpoints.at(-1)?.fine_tuned_model_checkpoint).toBe(done.fine_tuned_model);
    expect(log.terminal).toEqual(['succeeded']);
    expect(log.ends).toEqual(['finished']);
    expect(log.errors).toBe(0);
    // The last event comes before the final status, which comes last.
    expect(log.order.at(-1)).toBe('status:succeeded');
    expect(job.cursor).toEqual({ id: serverLog.at(-1)?.id, createdAt: serverLog.at(-1)?.created_at });
    expect(job.following).toBe(false);
    expect(job.finished).toBe(true);
    // A second wait() resolves at once, without another request.
    const before = sim.requests.length;
    await expect(job.wait()).resolves.toBe(done);
    expect(sim.requests.length).toBe(before);
  });

  it('honours the server’s openai-poll-after-ms between polls', async () => {
    const { clock, createJob } = harness({ pollAfterMs: 7000 });
    const job = await createJob(10, { pollIntervalMs: 1000, minPollIntervalMs: 500 });
    await job.wait();
    expect(new Set(clock.sleeps)).toEqual(new Set([7000]));
  });

  it('yields the same updates through events(), ending after the terminal one', async () => {
    const { createJob } = harness();
    const job = await createJob(10);
    const types: string[] = [];
    for await (const update of job.events()) types.push(update.type);
    expect(types.at(-1)).toBe('succeeded');
    expect(types.filter((type) => type === 'status')).toHaveLength(3);
    expect(types.filter((type) => type === 'checkpoint')).toHaveLength(3);
    expect(types.filter((type) => type === 'metrics').length).toBe(
      types.filter((type) => type === 'event').length - 8,
    );
    expect(job.following).toBe(false);
  });

  it('filters events() by type and stops following on break', async () => {
    const { createJob } = harness();
    const job = await createJob(10);
    const steps: number[] = [];
    for await (const update of job.events({ types: ['metrics'] })) {
      if (update.type !== 'metrics') throw new Error(`unexpected ${update.type}`);
      steps.push(update.point.step);
      if (steps.length === 5) break;
    }
    expect(steps).toEqual([1, 2, 3, 4, 5]);
    await vi.waitFor(() => expect(job.following).toBe(false));
    expect(job.listeners('metrics')).toHaveLength(0);
  });

  it('returns checkpoints in step order, decoded result files, and deletes the model', async () => {
    const { sim, createJob } = harness();
    const job = await createJob(10);
    await expect(job.deleteModel()).rejects.toThrow(FinetuneKitUsageError);
    const done = await job.wait();
    const checkpoints = await job.checkpoints();
    expect(checkpoints.map((checkpoint) => checkpoint.step_number)).toEqual(
      sim
        .getJobCheckpoints(job.id)
        .map((checkpoint) => checkpoint.step_number)
        .sort((a, b) => a - b),
    );
    const [result] = await job.resultFiles();
    expect(result?.encoding).toBe('base64');
    expect(
      result?.content.startsWith('step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy'),
    ).toBe(true);
    expect(result?.content.trim().split('\n')).toHaveLength(
      1 + (done.trained_tokens === null ? 0 : (checkpoints.at(-1)?.step_number ?? 0)),
    );
    await expect(job.deleteModel()).resolves.toEqual({ id: done.fine_tuned_model, deleted: true });
  });

  it('gives the same training loss through job.metrics() as the metrics events did', async () => {
    const { createJob } = harness();
    const job = await createJob(10);
    const live: [number, number | null][] = [];
    job.on('metrics', (point) => live.push([point.step, point.train_loss]));
    await job.wait();
    const metrics = await job.metrics();
    expect(metrics.totalSteps).toBe(live.length);
    const series = metrics.series('train_loss');
    expect(series.toSteps()).toEqual(live.map(([step]) => step));
    expect(series.toValues()).toEqual(live.map(([, value]) => value));
  });
});

describe('FineTuneJob: failure, cancel, pause', () => {
  it('rejects wait() with JobFailedError for a 9-example file, with the server’s reason', async () => {
    const { createJob } = harness();
    const job = await createJob(9);
    const log = record(job);
    const failedPayload: JobFailedError[] = [];
    job.on('failed', (_job, error) => failedPayload.push(error));
    const error = await job.wait().catch((caught: unknown) => caught);
    expect(JobFailedError.isInstance(error)).toBe(true);
    const failed = error as JobFailedError;
    expect(failed.jobError.code).toBe('invalid_n_examples');
    expect(failed.jobError.param).toBe('training_file');
    expect(failed.message).toMatch(
      new RegExp(
        `^Fine-tuning job ${job.id} failed: invalid_n_examples: Training file has 9 example\\(s\\), but must have at least 10 examples`,
      ),
    );
    expect(failed.job.status).toBe('failed');
    expect(log.terminal).toEqual(['failed']);
    expect(failedPayload[0]?.jobError).toEqual(failed.jobError);
    const errorEvent = log.events.find((event) => event.level === 'error');
    expect(errorEvent?.data).toEqual({ error_code: 'invalid_n_examples', error_param: 'training_file' });
    expect(log.metrics).toHaveLength(0);
    // Later calls reject the same way without polling.
    await expect(job.wait()).rejects.toThrow(JobFailedError);
    await expect(job.wait({ resolveOn: ['failed'] })).resolves.toMatchObject({ status: 'failed' });
  });

  it('cancels a running job: wait() rejects with JobCancelledError', async () => {
    const { createJob } = harness();
    const job = await createJob(20);
    const log = record(job);
    job.on('metrics', (point) => {
      if (point.step === 3) void job.cancel();
    });
    const error = await job.wait().catch((caught: unknown) => caught);
    expect(JobCancelledError.isInstance(error)).toBe(true);
    expect((error as JobCancelledError).job.status).toBe('cancelled');
    expect(log.statuses.at(-1)).toMatchObject({ previous: 'running', status: 'cancelled' });
    expect(log.terminal).toEqual(['cancelled']);
    expect(log.metrics.length).toBeLessThan(20);
  });

  it('pauses and resumes (OpenAI statuses)', async () => {
    const { sim, createJob } = harness();
    const job = await createJob(12);
    const log = record(job);
    job.on('metrics', (point) => {
      if (point.step === 4) void job.pause();
    });
    const paused = await job.wait({ resolveOn: ['paused'] });
    expect(paused.status).toBe('paused');
    expect(job.following).toBe(false);
    expect(log.checkpoints.length).toBeGreaterThanOrEqual(1); // pausing keeps a checkpoint
    // While paused, the simulator does not move on by itself.
    sim.clock.advance(3_600_000);
    expect((await job.refresh()).status).toBe('paused');
    await job.resume();
    const done = await job.wait();
    expect(done.status).toBe('succeeded');
    expect(log.statuses.map((change) => change.status)).toEqual([
      'queued',
      'running',
      'paused',
      'running',
      'succeeded',
    ]);
    const steps = log.metrics.map((point) => point.step);
    expect(new Set(steps).size).toBe(steps.length);
  });

  it('pauses and resumes with Azure’s pausing/resuming statuses', async () => {
    const { createJob } = harness({ quirks: { statusStyle: 'azure' } });
    const job = await createJob(12);
    const log = record(job);
    job.on('metrics', (point) => {
      if (point.step === 2) void job.pause();
    });
    await job.wait({ resolveOn: ['paused'] });
    await job.resume();
    await job.wait();
    const statuses = log.statuses.map((change) => change.status);
    expect(statuses).toContain('pausing');
    expect(statuses).toContain('resuming');
    expect(statuses.at(-1)).toBe('succeeded');
  });
});

describe('FineTuneJob: following', () => {
  it('keeps following when a listener throws, and reports the error', async () => {
    const { createJob } = harness();
    const listenerErrors: [unknown, string][] = [];
    const job = await createJob(10, { onListenerError: (error, name) => listenerErrors.push([error, name]) });
    job.on('metrics', () => {
      throw new Error('bug in my chart');
    });
    job.on('event', async () => {
      throw new Error('async bug');
    });
    const seen: number[] = [];
    job.on('metrics', (point) => seen.push(point.step));
    const done = await job.wait();
    expect(done.status).toBe('succeeded');
    expect(seen.length).toBe(seen.at(-1));
    await vi.waitFor(() => expect(listenerErrors.some(([, name]) => name === 'event')).toBe(true));
    expect(listenerErrors.filter(([, name]) => name === 'metrics')).toHaveLength(seen.length);
    expect(listenerErrors.find(([, name]) => name === 'metrics')?.[0]).toEqual(new Error('bug in my chart'));
  });

  it('rejects wait() with FinetuneKitTimeoutError after timeoutMs and stops following', async () => {
    const { createJob } = harness();
    const job = await createJob(30);
    const error = await job.wait({ timeoutMs: 60_000 }).catch((caught: unknown) => caught);
    expect(FinetuneKitTimeoutError.isInstance(error)).toBe(true);
    expect((error as FinetuneKitTimeoutError).timeoutMs).toBe(60_000);
    expect((error as Error).message).toMatch(
      new RegExp(`^Fine-tuning job ${job.id} did not finish within 60000 ms \\(last status: \\w+\\)\\.$`),
    );
    await vi.waitFor(() => expect(job.following).toBe(false));
  });

  it('stops on abort with FinetuneKitAbortError and resumes later from where it stopped', async () => {
    const { sim, createJob } = harness();
    const job = await createJob(10);
    const ids: string[] = [];
    const controller = new AbortController();
    job.on('event', (event) => {
      ids.push(event.id);
      if (ids.length === 6) controller.abort();
    });
    const error = await job.wait({ signal: controller.signal }).catch((caught: unknown) => caught);
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    await vi.waitFor(() => expect(job.following).toBe(false));
    await job.wait();
    expect(ids).toEqual(sim.getJobEvents(job.id).map((event) => event.id));
  });

  it('stop() ends every follower and keeps the job running', async () => {
    const { sim, createJob } = harness();
    const job = await createJob(10);
    job.on('status', (change) => {
      if (change.status === 'running') job.stop();
    });
    const iteration = (async () => {
      const seen: FineTuneJobUpdate[] = [];
      for await (const update of job.events()) seen.push(update);
      return seen;
    })();
    await expect(job.wait()).rejects.toThrow(`Following fine-tuning job ${job.id} was stopped.`);
    await expect(iteration).rejects.toThrow(FinetuneKitAbortError);
    expect(sim.getJob(job.id)?.status).toBe('running');
  });

  it('follow() drives listeners without wait()', async () => {
    const { createJob } = harness();
    const job = await createJob(10);
    const ended = new Promise<string>((resolve) => job.once('end', (end) => resolve(end.reason)));
    job.follow();
    await expect(ended).resolves.toBe('finished');
    expect(job.status).toBe('succeeded');
  });

  it('reports an unknown status as it is and keeps going', async () => {
    const base = harness();
    let rewrites = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await base.sim.fetch(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (/\/fine_tuning\/jobs\/[^/]+$/.test(url.pathname) && rewrites < 2 && response.ok) {
        const body = (await response.json()) as { status: string };
        if (body.status === 'running') {
          rewrites += 1;
          body.status = 'warming_up';
        }
        return new Response(JSON.stringify(body), { status: 200, headers: response.headers });
      }
      return response;
    };
    const { client } = harness({}, { fetch });
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: base.addTrainingFile(10) },
      { clock: base.clock },
    );
    const statuses: string[] = [];
    job.on('status', (change) => statuses.push(change.status));
    await job.wait();
    expect(statuses).toEqual(['queued', 'warming_up', 'running', 'succeeded']);
  });

  it('fails wait() with FinetuneKitApiError (404, code kept) when the job disappears', async () => {
    const { client, clock } = harness();
    const error = await FineTuneJob.attach(client, 'ftjob-doesnotexist', { clock }).catch(
      (caught: unknown) => caught,
    );
    expect(FinetuneKitApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 404,
      operation: 'fineTuning.jobs.retrieve',
      resourceId: 'ftjob-doesnotexist',
      attempts: 1,
    });
    expect((error as FinetuneKitApiError).cause).toBeInstanceOf(Error);
  });
});

describe('FineTuneJob: with the simulator’s own clock', () => {
  it('follows a job with clock: sim.clock and stops cleanly on abort', async () => {
    const { sim, client, addTrainingFile } = harness();
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: addTrainingFile(10) },
      { clock: sim.clock },
    );
    await expect(job.wait()).resolves.toMatchObject({ status: 'succeeded' });

    const second = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: addTrainingFile(10) },
      { clock: sim.clock },
    );
    const controller = new AbortController();
    second.once('status', () => controller.abort(new Error('shutting down')));
    const error = await second.wait({ signal: controller.signal }).catch((caught: unknown) => caught);
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error('shutting down'));
    await vi.waitFor(() => expect(second.following).toBe(false));
  });

  it('aborts an upload waiting for processing with FinetuneKitAbortError', async () => {
    const { client, sim } = harness({ timing: { fileProcessingMs: 600_000 } });
    const controller = new AbortController();
    const error = await uploadTrainingFile(client, chatJsonl(10), {
      validate: false,
      clock: sim.clock,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'processing') controller.abort(new Error('bye'));
      },
    }).catch((caught: unknown) => caught);
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
  });
});

describe('FineTuneJob.list', () => {
  it('pages through jobs newest first, filtered by metadata', async () => {
    const { client, clock, addTrainingFile } = harness();
    const file = addTrainingFile(10);
    const created: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const team = index % 2 === 0 ? 'search' : 'ads';
      created.push(
        (
          await FineTuneJob.create(
            client,
            { model: 'gpt-4o-mini', training_file: file, metadata: { team } },
            { clock },
          )
        ).id,
      );
    }
    const all: string[] = [];
    for await (const job of FineTuneJob.list(client, { pageSize: 2, clock })) all.push(job.id);
    expect(all).toEqual([...created].reverse());
    const search: FineTuneJob[] = [];
    for await (const job of FineTuneJob.list(client, { metadata: { team: 'search' }, clock }))
      search.push(job);
    expect(search.map((job) => job.id)).toEqual([created[4], created[2], created[0]]);
    expect(search[0]?.job.metadata?.team).toBe('search');
    const limited: string[] = [];
    for await (const job of FineTuneJob.list(client, { pageSize: 2, max: 3, clock })) limited.push(job.id);
    expect(limited).toHaveLength(3);
  });

  it('lists jobs that can be followed', async () => {
    const { client, clock } = harness();
    await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: chatJsonl(10) },
      { clock, upload: { validate: false } },
    );
    for await (const job of FineTuneJob.list(client, { clock })) {
      await expect(job.wait()).resolves.toMatchObject({ status: 'succeeded' });
    }
  });
});

describe('FineTuneJob: a client that is not an openai client', () => {
  it('is refused with a FinetuneKitUsageError about the client, before any request', async () => {
    const message = 'client must be an OpenAI or AzureOpenAI instance from the `openai` package.';
    await expect(FineTuneJob.attach(null as never, 'ftjob-1')).rejects.toThrow(usageError('client', message));
    await expect(
      FineTuneJob.create({} as never, { model: 'gpt-4o-mini', training_file: 'file-1' }),
    ).rejects.toThrow(
      usageError(
        'client',
        'client must be an OpenAI or AzureOpenAI instance from the `openai` package (missing: fineTuning). ' +
          'openai ≥ 5 is required.',
      ),
    );
    await expect(uploadTrainingFile({ files: {} } as never, new Uint8Array(1))).rejects.toThrow(
      usageError('client', /\(missing: uploads\)/),
    );
  });
});
