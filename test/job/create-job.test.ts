import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  FinetuneKitAbortError,
  FinetuneKitApiError,
  FinetuneKitError,
  FinetuneKitUsageError,
  JobCancelledError,
} from '../../src/errors.js';
import type { JobClock } from '../../src/job/clock.js';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import type { JobWarning } from '../../src/job/job-events.js';
import { REQUEST_TOKEN_METADATA_KEY, withRequestToken } from '../../src/job/request-token.js';
import type { RetryContext } from '../../src/job/retry.js';
import type { FineTuningSimulator } from '../../src/testing/index.js';
import { chatJsonl, harness } from './helpers/sim.js';

const CREATE = { method: 'POST', path: '/fine_tuning/jobs' } as const;

/** The `POST /fine_tuning/jobs` requests the simulator received. */
function createRequests(sim: FineTuningSimulator) {
  return sim.requests.filter((request) => request.method === 'POST' && request.path === '/fine_tuning/jobs');
}

/** The `GET /fine_tuning/jobs` requests (token lookups) the simulator received. */
function jobListRequests(sim: FineTuningSimulator) {
  return sim.requests.filter((request) => request.method === 'GET' && request.path === '/fine_tuning/jobs');
}

/** The idempotency token stored on a job. */
function tokenOf(sim: FineTuningSimulator, jobId: string): string {
  const token = sim.getJob(jobId)?.metadata?.[REQUEST_TOKEN_METADATA_KEY];
  if (typeof token !== 'string') throw new Error(`job ${jobId} carries no token`);
  return token;
}

/** What `GET /fine_tuning/jobs?metadata[finetune_kit_request]=…` shows `lagMs` later (the list caught up). */
async function listedWithToken(sim: FineTuningSimulator, client: OpenAI, token: string, lagMs: number) {
  sim.clock.advance(lagMs);
  const page = await client.fineTuning.jobs.list({
    metadata: { [REQUEST_TOKEN_METADATA_KEY]: token },
    limit: 100,
  });
  return page.data.map((job) => ({ id: job.id, status: job.status }));
}

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
    const { sim, createJob } = harness();
    // The server creates the job, then the connection drops before the client sees the response.
    sim.faults.loseResponse({ match: { method: 'POST', path: '/fine_tuning/jobs' } });
    const retries: RetryContext[] = [];
    const job = await createJob(10, { onRetry: (retry) => retries.push(retry) });
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
    const { sim, createJob } = harness({
      // Each request takes a simulated second, and the list index lags 3 s behind for the first job
      // only: the single lookup before the retry misses it, the check after creating sees both.
      autoAdvanceMs: 1000,
      jobListLagMs: () => (created++ === 0 ? 3000 : 0),
    });
    // The server creates the first job but answers 500.
    sim.faults.loseResponse({ status: 500, match: { method: 'POST', path: '/fine_tuning/jobs' } });
    const warnings: JobWarning[] = [];
    const job = await createJob(10, {
      onWarning: (warning) => warnings.push(warning),
      idempotency: { lookupGraceMs: 0 },
    });
    const [oldest, newer] = sim.listJobs();
    expect(job.id).toBe(oldest?.id);
    expect(newer?.status).toBe('cancelled');
    expect(warnings.map((warning) => warning.code)).toEqual(['duplicate_jobs_cancelled']);
    expect(warnings[0]?.details).toEqual({
      token: oldest?.metadata?.[REQUEST_TOKEN_METADATA_KEY],
      kept: oldest?.id,
      duplicates: [newer?.id],
      cancelled: [newer?.id],
    });
    expect(warnings[0]?.message).toBe(
      `Job creation produced 2 jobs with the same request token; kept ${oldest?.id} and cancelled ${newer?.id}.`,
    );
    expect(job.warnings.map((warning) => warning.code)).toEqual(['duplicate_jobs_cancelled']);
    expect(jobListRequests(sim)).toHaveLength(2);
  });

  it('reports a twin it could not cancel, or was told to leave, and still returns the job', async () => {
    for (const cancelDuplicates of [true, false]) {
      let created = 0;
      const { sim, createJob } = harness({
        autoAdvanceMs: 1000,
        jobListLagMs: () => (created++ === 0 ? 3000 : 0),
      });
      sim.faults.loseResponse({ status: 500, match: CREATE });
      // The cancel is refused, as for a job that finished meanwhile.
      sim.faults.add({
        match: { method: 'POST', path: '/fine_tuning/jobs/*/cancel' },
        action: { kind: 'error', status: 400, message: 'Job has already completed.' },
      });
      const job = await createJob(10, { cancelDuplicates, idempotency: { lookupGraceMs: 0 } });
      const [oldest, newer] = sim.listJobs();
      expect(job.id).toBe(oldest?.id);
      expect(newer?.status).not.toBe('cancelled');
      const [warning] = job.warnings;
      expect(warning?.code).toBe('duplicate_jobs_cancelled');
      if (cancelDuplicates) {
        expect(warning?.details).toMatchObject({
          cancelled: [],
          notCancelled: [{ id: newer?.id, reason: expect.stringContaining('Job has already completed.') }],
        });
        expect(warning?.message).toMatch(new RegExp(`kept ${oldest?.id}; could not cancel ${newer?.id} \\(`));
      } else {
        expect(warning?.details).toMatchObject({ duplicates: [newer?.id], cancelled: [] });
        expect(warning?.message).toContain(
          `kept ${oldest?.id}; left running (cancelDuplicates: false): ${newer?.id}.`,
        );
        expect(sim.requests.filter((request) => request.path.endsWith('/cancel'))).toHaveLength(0);
      }
    }
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

describe('FineTuneJob.create: a lost response on a job list that lags', () => {
  it.each([2000, 10_000])(
    'looks the token up until the list shows the lost job (lag %i ms): one job, and the caller gets it',
    async (lag) => {
      const { sim, client, clock, createJob } = harness({ jobListLagMs: lag });
      sim.faults.loseResponse({ match: CREATE });
      const warnings: JobWarning[] = [];
      const job = await createJob(10, { onWarning: (warning) => warnings.push(warning) });
      // Created once (the lost response), found by repeated lookups, never created again.
      expect(createRequests(sim).map((request) => request.fault)).toEqual([
        'drop after handling (server answered 200)',
      ]);
      expect(jobListRequests(sim).length).toBeGreaterThan(1);
      // Every wait ran on the simulator's clock: from the lost response until the list caught up.
      expect(clock.slept).toBeGreaterThanOrEqual(lag);
      expect(clock.slept).toBeLessThan(lag + 8000);
      const listed = await listedWithToken(sim, client, tokenOf(sim, job.id), lag);
      expect(listed.filter((entry) => entry.status !== 'cancelled').map((entry) => entry.id)).toEqual([
        job.id,
      ]);
      expect(listed).toHaveLength(1);
      expect(warnings).toEqual([]);
    },
  );

  it('after the grace period, the watcher finds the late twin, cancels it and warns', async () => {
    const lag = 10_000;
    const { sim, client, createJob } = harness({ jobListLagMs: lag });
    sim.faults.loseResponse({ match: CREATE });
    const warnings: JobWarning[] = [];
    const job = await createJob(10, {
      onWarning: (warning) => warnings.push(warning),
      idempotency: { lookupGraceMs: 3000 },
    });
    // The grace period (3 s) ended before the list showed the lost job (10 s): a second job was created.
    const [lost, created] = sim.listJobs();
    expect(createRequests(sim)).toHaveLength(2);
    expect(job.id).toBe(created?.id);
    expect(warnings).toEqual([]);

    const emitted: JobWarning[] = [];
    job.on('warning', (warning) => emitted.push(warning));
    const lookupsBefore = jobListRequests(sim).length;
    await expect(job.wait()).resolves.toMatchObject({ id: created?.id, status: 'succeeded' });

    // The lost job nobody holds was cancelled as soon as the list showed it; the caller's job ran on.
    const orphan = sim.getJob(lost?.id ?? '');
    expect(orphan?.status).toBe('cancelled');
    expect((orphan?.finished_at ?? 0) - (orphan?.created_at ?? 0)).toBeLessThan(30);
    expect(emitted.map((warning) => warning.code)).toEqual(['duplicate_jobs_cancelled']);
    const token = tokenOf(sim, job.id);
    expect(emitted[0]?.details).toEqual({
      token,
      kept: job.id,
      duplicates: [lost?.id],
      cancelled: [lost?.id],
    });
    expect(emitted[0]?.jobId).toBe(job.id);
    expect(warnings).toEqual(emitted);
    expect(job.warnings).toEqual(emitted);
    // Bounded: looks 5 s, 10 s, 20 s … 60 s apart while the job runs (about 5 simulated minutes).
    const looks = jobListRequests(sim).length - lookupsBefore;
    expect(looks).toBeGreaterThanOrEqual(2);
    expect(looks).toBeLessThanOrEqual(10);

    const listed = await listedWithToken(sim, client, token, lag);
    expect(listed.filter((entry) => entry.status !== 'cancelled').map((entry) => entry.id)).toEqual([job.id]);
  });

  it('with a caller-given token keeps the oldest job, so every process using the token agrees', async () => {
    const { sim, client, clock, addTrainingFile } = harness({ jobListLagMs: 10_000 });
    const file = addTrainingFile(10);
    const params = { model: 'gpt-4o-mini', training_file: file };
    const first = await FineTuneJob.create(client, params, { clock, requestToken: 'nightly-2026-11-26' });
    // A second run with the same token before the list shows the first run's job creates another.
    const second = await FineTuneJob.create(client, params, { clock, requestToken: 'nightly-2026-11-26' });
    expect(second.id).not.toBe(first.id);

    const error = await second.wait().catch((caught: unknown) => caught);
    expect(JobCancelledError.isInstance(error)).toBe(true);
    expect(sim.getJob(second.id)?.status).toBe('cancelled');
    expect(sim.getJob(first.id)?.status).not.toBe('cancelled');
    const [warning] = second.warnings;
    expect(warning?.details).toEqual({
      token: 'nightly-2026-11-26',
      kept: first.id,
      duplicates: [second.id],
      cancelled: [second.id],
    });
    expect(warning?.message).toContain(`follow ${first.id} instead (FineTuneJob.attach)`);
  });

  it('looks before giving up when retries run out after a lost response', async () => {
    const { sim, createJob } = harness({ jobListLagMs: 5000 });
    sim.faults.loseResponse({ match: CREATE });
    const job = await createJob(10, { createRetry: { retries: 0 } });
    expect(sim.listJobs().map((stored) => stored.id)).toEqual([job.id]);
    expect(createRequests(sim)).toHaveLength(1);
  });

  it('names the token to look for when the job did not show up before giving up', async () => {
    const { sim, createJob } = harness({ jobListLagMs: 120_000 });
    sim.faults.loseResponse({ match: CREATE });
    const error = await createJob(10, {
      createRetry: { retries: 0 },
      idempotency: { lookupGraceMs: 5000 },
    }).catch((caught: unknown) => caught);
    expect(FinetuneKitApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ operation: 'fineTuning.jobs.create', status: null, attempts: 1 });
    const token = tokenOf(sim, sim.listJobs()[0]?.id ?? '');
    expect((error as Error).message).toContain(
      `An attempt may have created the job all the same: none carried metadata.finetune_kit_request = ${token} within 5000 ms; look again later with FineTuneJob.list(client, { metadata: { finetune_kit_request: '${token}' } }).`,
    );
  });

  it('stops looking, and never creates again, when the signal aborts during the grace period', async () => {
    const { sim, client, clock, addTrainingFile } = harness({ jobListLagMs: 60_000 });
    sim.faults.loseResponse({ match: CREATE });
    const controller = new AbortController();
    // Abort on the third wait: the retry's backoff, one lookup interval, then this one.
    const aborting: JobClock = {
      now: () => clock.now(),
      sleep: (ms, signal) => {
        if (clock.sleeps.length === 2) controller.abort();
        return clock.sleep(ms, signal);
      },
    };
    const error = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: addTrainingFile(10) },
      { clock: aborting, signal: controller.signal },
    ).catch((caught: unknown) => caught);
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    expect(createRequests(sim)).toHaveLength(1);
    expect(jobListRequests(sim)).toHaveLength(2);
  });

  it('never looks after a clean 400', async () => {
    const { sim, createJob } = harness();
    sim.faults.add({
      match: CREATE,
      times: 1,
      action: {
        kind: 'error',
        status: 400,
        code: 'invalid_n_epochs',
        param: 'hyperparameters.n_epochs',
        message: 'Invalid n_epochs: 0. Must be between 1 and 50.',
      },
    });
    const error = await createJob(10).catch((caught: unknown) => caught);
    expect(FinetuneKitApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, apiCode: 'invalid_n_epochs', attempts: 1 });
    expect((error as Error).message).not.toContain('may have created');
    expect(createRequests(sim)).toHaveLength(1);
    expect(jobListRequests(sim)).toHaveLength(0);
  });

  it('creates again without looking after refusals that created nothing (429, 400 not ready)', async () => {
    const { sim, client, clock, addTrainingFile } = harness();
    const file = addTrainingFile(10);
    sim.faults.script(CREATE, [
      { kind: 'error', status: 429, retryAfter: 2 },
      { kind: 'error', status: 400, message: `File ${file} is not ready.` },
      'pass',
    ]);
    const job = await FineTuneJob.create(client, { model: 'gpt-4o-mini', training_file: file }, { clock });
    expect(createRequests(sim).map((request) => request.status)).toEqual([429, 400, 200]);
    expect(jobListRequests(sim)).toHaveLength(0);
    expect(sim.listJobs().map((stored) => stored.id)).toEqual([job.id]);
  });

  it('checks the idempotency options before sending anything', async () => {
    const { sim, client, clock } = harness();
    const create = (idempotency: object) =>
      FineTuneJob.create(client, { model: 'gpt-4o-mini', training_file: 'file-abc' }, { clock, idempotency });
    await expect(create({ lookupGraceMs: -1 })).rejects.toThrow(
      'options.idempotency.lookupGraceMs must be a finite number ≥ 0, got -1.',
    );
    await expect(create({ lookupIntervalMs: 0 })).rejects.toMatchObject({
      option: 'options.idempotency.lookupIntervalMs',
    });
    await expect(create({ duplicateCheckMs: Number.POSITIVE_INFINITY })).rejects.toBeInstanceOf(
      FinetuneKitUsageError,
    );
    expect(sim.requests).toHaveLength(0);
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
    const { sim, createJob } = harness();
    sim.faults.add({
      match: { method: 'POST', path: '/fine_tuning/jobs' },
      action: {
        kind: 'error',
        status: 429,
        code: 'insufficient_quota',
        message: 'You exceeded your current quota.',
      },
    });
    const error = await createJob(10).catch((caught: unknown) => caught);
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
    const { client, clock, addTrainingFile } = harness();
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

  it('validates a local validation_file as a validation file: 2 examples pass, 2 training examples do not', async () => {
    const { sim, client, clock } = harness();
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: chatJsonl(12), validation_file: chatJsonl(2, 100) },
      { clock },
    );
    const stored = sim.getJob(job.id);
    expect(new TextDecoder().decode(sim.getFileContent(stored?.validation_file ?? ''))).toBe(
      chatJsonl(2, 100),
    );
    await expect(job.wait()).resolves.toMatchObject({ status: 'succeeded' });

    const refused = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: chatJsonl(2), validation_file: chatJsonl(2, 100) },
      { clock },
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FinetuneKitError);
    expect((refused as Error).message).toContain('Training file has 2 example(s), but must have at least 10');
  });

  it("passes a method that also carries the other methods' blocks (spec FineTuneMethod) to the API", async () => {
    const { sim, client, clock } = harness();
    const method = {
      type: 'supervised' as const,
      supervised: { hyperparameters: { n_epochs: 2 } },
      dpo: { hyperparameters: { beta: 0.3 } },
    };
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: chatJsonl(12), method },
      { clock },
    );
    expect(sim.getJob(job.id)?.method).toEqual({
      type: 'supervised',
      supervised: { hyperparameters: { batch_size: 'auto', learning_rate_multiplier: 'auto', n_epochs: 2 } },
    });
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
    // The 502 may have come after the job was created: the error says what to look for.
    expect((error as Error).message).toMatch(/An attempt may have created the job all the same/);
  });
});
