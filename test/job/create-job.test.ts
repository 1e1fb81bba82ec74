import { describe, expect, it } from 'vitest';
import { FinetuneKitApiError, FinetuneKitError, FinetuneKitUsageError } from '../../src/errors.js';
import { REQUEST_TOKEN_METADATA_KEY, withRequestToken } from '../../src/job/create-job.js';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import type { JobWarning } from '../../src/job/job-events.js';
import type { RetryContext } from '../../src/job/retry.js';
import { chatJsonl, harness } from './helpers/sim.js';

const isJobsPost = (input: RequestInfo | URL, init?: RequestInit) =>
  (init?.method ?? 'GET').toUpperCase() === 'POST' &&
  /\/fine_tuning\/jobs$/.test(new URL(String(input instanceof Request ? input.url : input)).pathname);

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
    const base = harness();
    let dropped = false;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await base.sim.fetch(input, init);
      if (!dropped && isJobsPost(input, init)) {
        dropped = true; // the server created the job, then the connection dropped
        throw new TypeError('fetch failed', { cause: new Error('other side closed') });
      }
      return response;
    };
    const { client } = harness({}, { fetch });
    const retries: RetryContext[] = [];
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: base.addTrainingFile(10) },
      { clock: base.clock, onRetry: (retry) => retries.push(retry) },
    );
    expect(base.sim.listJobs().map((stored) => stored.id)).toEqual([job.id]);
    expect(retries.map((retry) => retry.reason)).toEqual(['connection']);
    expect(
      base.sim.requests.filter(
        (request) => request.method === 'POST' && request.path === '/fine_tuning/jobs',
      ),
    ).toHaveLength(1);
  });

  it('keeps the oldest and cancels the rest when a lookup missed the first job', async () => {
    const base = harness();
    let dropped = false;
    let hidden = true;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      if (hidden && url.pathname.endsWith('/fine_tuning/jobs') && (init?.method ?? 'GET') === 'GET') {
        hidden = false; // eventual consistency: the first lookup does not see the job yet
        return new Response(
          JSON.stringify({ object: 'list', data: [], has_more: false, first_id: null, last_id: null }),
          {
            status: 200,
            headers: { 'content-type': 'application/json' },
          },
        );
      }
      const response = await base.sim.fetch(input, init);
      if (!dropped && isJobsPost(input, init)) {
        dropped = true;
        return new Response(
          JSON.stringify({
            error: { message: 'The server had an error', type: 'server_error', param: null, code: null },
          }),
          {
            status: 500,
            headers: { 'content-type': 'application/json' },
          },
        );
      }
      return response;
    };
    const { client } = harness({}, { fetch });
    const warnings: JobWarning[] = [];
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: base.addTrainingFile(10) },
      { clock: base.clock, onWarning: (warning) => warnings.push(warning) },
    );
    const [oldest, newer] = base.sim.listJobs();
    expect(job.id).toBe(oldest?.id);
    expect(newer?.status).toBe('cancelled');
    expect(warnings.map((warning) => warning.code)).toEqual(['duplicate_jobs_cancelled']);
    expect(warnings[0]?.details).toEqual({ kept: oldest?.id, duplicates: [newer?.id], cancelled: true });
    expect(job.warnings.map((warning) => warning.code)).toEqual(['duplicate_jobs_cancelled']);
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
    const { client, clock, addTrainingFile } = harness();
    const warnings: JobWarning[] = [];
    // The simulator does not enforce dates unless asked, so the job is created and carries the warnings.
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
