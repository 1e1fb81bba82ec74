import { describe, expect, it } from 'vitest';
import { FinetuneKitApiError, FinetuneKitError, FinetuneKitUsageError } from '../../src/errors.js';
import { REQUEST_TOKEN_METADATA_KEY, withRequestToken } from '../../src/job/create-job.js';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import type { JobWarning } from '../../src/job/job-events.js';
import type { RetryContext } from '../../src/job/retry.js';
import { chatJsonl, harness } from './helpers/sim.js';

describe('FineTuneJob.create: idempotency', () => {
  it('puts a token in metadata and keeps the caller’s metadata', async () => {
    const { sim, client, clock, addTrainingFile } = harness();
    const job = await FineTuneJob.create(
      client,
      {
        model: 'gpt-4o-mini',
        training_file: addTrainingFile(10),
        metadata: { team: 'search' },
        suffix: 'router-faq',
      },
      { clock },
    );
    const stored = sim.getJob(job.id);
    expect(stored?.metadata?.team).toBe('search');
    expect(stored?.metadata?.[REQUEST_TOKEN_METADATA_KEY]).toMatch(/^[0-9a-f-]{36}$/);
    expect(stored?.user_provided_suffix).toBe('router-faq');
    const creates = sim.requests.filter(
      (request) => request.method === 'POST' && request.path === '/fine_tuning/jobs',
    );
    expect(creates).toHaveLength(1);
    expect(creates[0]?.headers['x-stainless-retry-count']).toBe('0');
  });

  it('finds the job a lost response created instead of creating another', async () => {
    const { sim, client, clock, addTrainingFile } = harness();
    // The server creates the job, then the connection drops before the client sees the response.
    sim.faults.loseResponse({ match: { method: 'POST', path: '/fine_tuning/jobs' } });
    const retries: RetryContext[] = [];
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: addTrainingFile(10) },
      { clock, onRetry: (retry) => retries.push(retry) },
    );
    expect(sim.listJobs().map((stored) => stored.id)).toEqual([job.id]);
    expect(retries.map((retry) => retry.reason)).toEqual(['connection']);
    expect(
      sim.requests
        .filter((request) => request.method === 'POST' && request.path === '/fine_tuning/jobs')
        .map((request) => request.fault),
    ).toEqual(['drop after handling (server answered 200)']);
  });

  it('keeps the oldest and cancels the rest when a lookup missed the first job', async () => {
    let created = 0;
    const { sim, client, clock, addTrainingFile } = harness({
      // Each request takes a simulated second, and the list index lags 3 s behind for the first job
      // only: the lookup before the retry misses it, the final duplicate check sees both.
      autoAdvanceMs: 1000,
      jobListLagMs: () => (created++ === 0 ? 3000 : 0),
    });
    // The server creates the first job but answers 500.
    sim.faults.loseResponse({ status: 500, match: { method: 'POST', path: '/fine_tuning/jobs' } });
    const warnings: JobWarning[] = [];
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: addTrainingFile(10) },
      { clock, onWarning: (warning) => warnings.push(warning) },
    );
    const [oldest, newer] = sim.listJobs();
    expect(job.id).toBe(oldest?.id);
    expect(newer?.status).toBe('cancelled');
    expect(warnings.map((warning) => warning.code)).toEqual(['duplicate_jobs_cancelled']);
    expect(warnings[0]?.details).toEqual({ kept: oldest?.id, duplicates: [newer?.id], cancelled: true });
    expect(job.warnings.map((warning) => warning.code)).toEqual(['duplicate_jobs_cancelled']);
    const lookups = sim.requests.filter(
      (request) => request.method === 'GET' && request.path === '/fine_tuning/jobs',
    );
    expect(lookups).toHaveLength(2);
  });

  it('is idempotent across restarts with a caller-provided requestToken', async () => {
    const { sim, client, clock, addTrainingFile } = harness();
    const file = addTrainingFile(10);
    const first = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: file },
      { clock, requestToken: 'nightly-2026-11-26' },
    );
    const again = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: file },
      { clock, requestToken: 'nightly-2026-11-26' },
    );
    expect(again.id).toBe(first.id);
    expect(sim.listJobs()).toHaveLength(1);
    const lookup = sim.requests.find(
      (request) => request.method === 'GET' && request.path === '/fine_tuning/jobs',
    );
    expect(lookup?.query).toMatchObject({
      [`metadata[${REQUEST_TOKEN_METADATA_KEY}]`]: 'nightly-2026-11-26',
    });
  });

  it('checks metadata limits before uploading or sending anything', async () => {
    const { sim, client, clock } = harness();
    const metadata = Object.fromEntries(Array.from({ length: 16 }, (_, index) => [`k${index}`, 'v']));
    await expect(
      FineTuneJob.create(client, { model: 'gpt-4o-mini', training_file: chatJsonl(12), metadata }, { clock }),
    ).rejects.toThrow(/params\.metadata has 16 pairs; the API allows 16/);
    expect(sim.requests).toHaveLength(0);
    expect(() => withRequestToken({ [REQUEST_TOKEN_METADATA_KEY]: 'a' }, 'b')).toThrow(FinetuneKitUsageError);
  });
});

describe('FineTuneJob.create: waiting for a slot', () => {
  it('retries a 429 at create until a slot frees up, reporting rate_limited', async () => {
    const { sim, client, clock, addTrainingFile } = harness({ limits: { maxActiveJobs: 1 } });
    const file = addTrainingFile(10);
    const first = await FineTuneJob.create(client, { model: 'gpt-4o-mini', training_file: file }, { clock });
    const retries: RetryContext[] = [];
    const second = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: file },
      { clock, onRetry: (retry) => retries.push(retry), createRetry: { retries: 100, maxDelayMs: 60_000 } },
    );
    expect(retries.length).toBeGreaterThan(0);
    expect(
      retries.every(
        (retry) => retry.reason === 'rate_limited' && retry.operation === 'fineTuning.jobs.create',
      ),
    ).toBe(true);
    expect(sim.getJob(first.id)?.status).toBe('succeeded');
    expect(second.id).not.toBe(first.id);
    expect(sim.listJobs()).toHaveLength(2);
  });

  it('does not retry 429 insufficient_quota', async () => {
    const { sim, client, clock, addTrainingFile } = harness();
    sim.faults.add({
      match: { method: 'POST', path: '/fine_tuning/jobs' },
      action: {
        kind: 'error',
        status: 429,
        code: 'insufficient_quota',
        message: 'You exceeded your current quota.',
      },
    });
    const error = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: addTrainingFile(10) },
      { clock },
    ).catch((caught: unknown) => caught);
    expect(FinetuneKitApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, apiCode: 'insufficient_quota', attempts: 1 });
  });
});

describe('FineTuneJob.create: model dates', () => {
  it('warns for a model past its job-creation cut-off (simulated date 2026-11-26)', async () => {
    // The simulator refuses shut-down models unless allowed, so the job is created and carries the warnings.
    const { client, clock, addTrainingFile } = harness({ allowShutDownModels: true });
    const warnings: JobWarning[] = [];
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4.1-nano-2025-04-14', training_file: addTrainingFile(10) },
      { clock, onWarning: (warning) => warnings.push(warning) },
    );
    expect(warnings.map((warning) => warning.code)).toEqual(['model_job_creation_ended', 'model_shutdown']);
    expect(warnings[0]?.message).toBe(
      'OpenAI stopped accepting fine-tuning jobs for gpt-4.1-nano-2025-04-14 after 2026-10-23; the API will likely refuse this job.',
    );
    expect(job.warnings.map((warning) => warning.jobId)).toEqual([job.id, job.id]);
  });

  it("refuses with deprecatedModels: 'refuse' before any request", async () => {
    const { sim, client, clock, addTrainingFile } = harness();
    const file = addTrainingFile(10);
    const error = await FineTuneJob.create(
      client,
      { model: 'gpt-3.5-turbo', training_file: file },
      { clock, deprecatedModels: 'refuse' },
    ).catch((caught: unknown) => caught);
    expect(FinetuneKitError.isInstance(error)).toBe(true);
    expect((error as FinetuneKitError).code).toBe('model_job_creation_ended');
    expect(sim.requests).toHaveLength(0);
  });

  it('warns that the cut-off is near, judged on the injected clock', async () => {
    const { client, addTrainingFile, clock } = harness();
    const warnings: JobWarning[] = [];
    const late = { now: () => Date.UTC(2026, 11, 20), sleep: clock.sleep.bind(clock) };
    await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: addTrainingFile(10) },
      { clock: late, onWarning: (w) => warnings.push(w) },
    );
    expect(warnings.map((warning) => warning.code)).toEqual(['model_job_creation_ending', 'model_shutdown']);
    expect(warnings[0]?.message).toMatch(/after 2027-01-06 \(17 days left\)/);
  });

  it('says so when the model is unknown, and ignores dates when asked', async () => {
    const { client, clock, addTrainingFile } = harness({
      allowShutDownModels: true,
      models: {
        'acme-custom-1': { encoding: 'o200k_base', maxTokensPerExample: 65_536, methods: ['supervised'] },
      },
    });
    const warnings: JobWarning[] = [];
    await FineTuneJob.create(
      client,
      { model: 'acme-custom-1', training_file: addTrainingFile(10) },
      { clock, onWarning: (w) => warnings.push(w) },
    );
    expect(warnings.map((warning) => warning.code)).toEqual(['unknown_model']);
    const quiet: JobWarning[] = [];
    await FineTuneJob.create(
      client,
      { model: 'gpt-3.5-turbo', training_file: addTrainingFile(10) },
      { clock, deprecatedModels: 'ignore', onWarning: (w) => quiet.push(w) },
    );
    expect(quiet).toEqual([]);
  });
});

describe('FineTuneJob.create: local files', () => {
  it('uploads JSONL text given as training_file and validation_file, then creates the job', async () => {
    const { sim, client, clock } = harness();
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: chatJsonl(12), validation_file: chatJsonl(4, 100) },
      { clock, upload: { validate: false } },
    );
    const stored = sim.getJob(job.id);
    expect(stored?.training_file).toMatch(/^file-/);
    expect(stored?.validation_file).toMatch(/^file-/);
    expect(new TextDecoder().decode(sim.getFileContent(stored?.training_file ?? ''))).toBe(chatJsonl(12));
    await expect(job.wait()).resolves.toMatchObject({ status: 'succeeded' });
  });

  it('names the parameter when a value cannot be used', async () => {
    const { client, clock } = harness();
    await expect(
      FineTuneJob.create(client, { model: 'gpt-4o-mini', training_file: 42 as never }, { clock }),
    ).rejects.toThrow(/^params\.training_file must be a file id, a path, JSONL text/);
    await expect(
      FineTuneJob.create(client, { model: '', training_file: 'file-abc' }, { clock }),
    ).rejects.toThrow('params.model must be a non-empty string.');
  });
});

describe('FineTuneJob.create: one retry layer', () => {
  it('does not multiply attempts when the lookup inside a retried create fails too', async () => {
    const { sim, client, clock, addTrainingFile } = harness();
    const file = addTrainingFile(10);
    sim.faults.outage({ durationMs: 3_600_000, status: 502, match: { path: '/fine_tuning/jobs' } });
    const error = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: file },
      { clock, retry: { retries: 3 } },
    ).catch((caught: unknown) => caught);
    expect(FinetuneKitApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ operation: 'fineTuning.jobs.create', status: 502, attempts: 4 });
    // 1 create, then 3 × (lookup fails): 4 requests, not 4 × 4.
    expect(sim.requests.filter((request) => request.path === '/fine_tuning/jobs')).toHaveLength(4);
  });
});
