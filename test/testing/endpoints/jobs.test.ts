import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createSimulator, type FineTuningSimulator } from '../../../src/testing/index.js';
import {
  preferenceJsonl,
  simAzureClient,
  simClient,
  supportJsonl,
  uploadTrainingFile,
} from '../helpers/data.js';

async function setup(options: Parameters<typeof createSimulator>[0] = {}) {
  const sim = createSimulator({ clock: 'manual', seed: 11, ...options });
  const client = simClient(sim);
  const file = await uploadTrainingFile(sim, client, supportJsonl(12));
  return { sim, client, file };
}

async function createError(client: OpenAI, body: Record<string, unknown>) {
  const error = await client.fineTuning.jobs.create(body as never).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

describe('POST /fine_tuning/jobs: the server checks before a job exists', () => {
  it('rejects an unknown training file with the server wording and param', async () => {
    const { client } = await setup();
    const error = await createError(client, { model: 'gpt-4o-mini', training_file: 'file-doesnotexist' });
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.status).toBe(400);
    expect(error.error).toEqual({
      message: 'invalid training_file: file-doesnotexist',
      type: 'invalid_request_error',
      param: 'training_file',
      code: null,
    });
  });

  it('rejects a file with the wrong purpose and a file that is not processed yet', async () => {
    const { sim, client } = await setup();
    const batch = sim.addFile({ filename: 'batch.jsonl', content: supportJsonl(12), purpose: 'batch' });
    const wrong = await createError(client, { model: 'gpt-4o-mini', training_file: batch.id });
    expect(wrong.param).toBe('training_file');
    expect(wrong.message).toContain(`File ${batch.id} has purpose 'batch'`);

    const fresh = sim.addFile({ filename: 'fresh.jsonl', content: supportJsonl(12), processed: false });
    const notReady = await createError(client, { model: 'gpt-4o-mini', training_file: fresh.id });
    expect(notReady.status).toBe(400);
    expect(notReady.message).toContain(`File ${fresh.id} is not ready`);
    sim.clock.advance(sim.options.timing.fileProcessingMs);
    await expect(
      client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: fresh.id }),
    ).resolves.toMatchObject({
      status: 'validating_files',
    });
  });

  it.each([
    [
      { method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 51 } } } },
      "51 is greater than the maximum of 50 - 'method.supervised.hyperparameters.n_epochs'",
    ],
    [
      { method: { type: 'supervised', supervised: { hyperparameters: { batch_size: 0 } } } },
      "0 is less than the minimum of 1 - 'method.supervised.hyperparameters.batch_size'",
    ],
    [
      { method: { type: 'supervised', supervised: { hyperparameters: { learning_rate_multiplier: 0 } } } },
      "0 is less than or equal to the minimum of 0 - 'method.supervised.hyperparameters.learning_rate_multiplier'",
    ],
    [
      { method: { type: 'dpo', dpo: { hyperparameters: { beta: 2.5 } } } },
      "2.5 is greater than the maximum of 2 - 'method.dpo.hyperparameters.beta'",
    ],
    [
      { hyperparameters: { n_epochs: 'many' } },
      "'many' is not valid under any of the given schemas - 'hyperparameters.n_epochs'",
    ],
    [{ suffix: 'x'.repeat(65) }, 'is too long'],
    [{ suffix: '' }, "'' is too short - 'suffix'"],
    [{ seed: -1 }, "-1 is less than the minimum of 0 - 'seed'"],
    [
      { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`k${index}`, 'v'])) },
      "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with 17 properties instead.",
    ],
    [
      { metadata: { note: 'x'.repeat(513) } },
      "Invalid 'metadata.note': string too long. Expected a string with maximum length 512, but got a string with length 513 instead.",
    ],
    [{ learning_rate: 0.1 }, 'Unrecognized request argument supplied: learning_rate'],
    [
      { method: { type: 'magic' } },
      "'magic' is not one of ['supervised', 'dpo', 'reinforcement'] - 'method.type'",
    ],
    [{ method: { type: 'supervised', lora: {} } }, 'Unrecognized request argument supplied: method.lora'],
    [{ method: { type: 'supervised', dpo: 'auto' } }, "'auto' is not of type 'object' - 'method.dpo'"],
  ])('rejects bad parameters: %j', async (extra, message) => {
    const { client, file } = await setup();
    const error = await createError(client, { model: 'gpt-4o-mini', training_file: file.id, ...extra });
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ type: 'invalid_request_error' });
    expect((error.error as { message: string }).message).toContain(message);
  });

  it("accepts the other methods' blocks beside method.type (spec FineTuneMethod) and uses only its own", async () => {
    const { client, file } = await setup();
    const job = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      method: {
        type: 'supervised',
        supervised: { hyperparameters: { n_epochs: 2 } },
        // Ignored: not the method of this job (their values would not even be checked).
        dpo: { hyperparameters: { beta: 0.5, n_epochs: 7 } },
        reinforcement: {
          grader: {
            type: 'string_check',
            name: 'x',
            input: '{{ sample.output_text }}',
            reference: 'y',
            operation: 'eq',
          },
          hyperparameters: { reasoning_effort: 'high' },
        },
      },
    });
    expect(job.method).toEqual({
      type: 'supervised',
      supervised: { hyperparameters: { batch_size: 'auto', learning_rate_multiplier: 'auto', n_epochs: 2 } },
    });
  });

  it("accepts the deprecated top-level hyperparameters beside method ones; the method's values win", async () => {
    const { client, file } = await setup();
    const job = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      hyperparameters: { n_epochs: 3, learning_rate_multiplier: 0.5 },
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2, batch_size: 4 } } },
    });
    expect(job.method?.supervised?.hyperparameters).toEqual({
      batch_size: 4,
      learning_rate_multiplier: 0.5,
      n_epochs: 2,
    });
  });

  it('rejects missing parameters and models that cannot be fine-tuned', async () => {
    const { client, file } = await setup();
    expect((await createError(client, { training_file: file.id })).error).toMatchObject({
      message: "Missing required parameter: 'model'.",
      param: 'model',
    });
    expect((await createError(client, { model: 'gpt-4o-mini' })).param).toBe('training_file');
    const unknown = await createError(client, { model: 'gpt-9-ultra', training_file: file.id });
    expect(unknown.error).toMatchObject({
      message: 'Model gpt-9-ultra is not available for fine-tuning or does not exist.',
      code: 'model_not_available',
    });
    const noDpo = await createError(client, {
      model: 'gpt-3.5-turbo-1106',
      training_file: file.id,
      method: { type: 'dpo' },
    });
    expect(noDpo.param).toBe('method.type');
  });

  it('treats a model past its shutdown date as gone on OpenAI, unless allowShutDownModels or on Azure', async () => {
    const { client, file } = await setup();
    const gone = await createError(client, { model: 'gpt-3.5-turbo-0125', training_file: file.id });
    expect(gone.error).toMatchObject({
      message: 'Model gpt-3.5-turbo-0125 is not available for fine-tuning or does not exist.',
      code: 'model_not_available',
      param: 'model',
    });
    const allowed = await setup({ allowShutDownModels: true });
    await expect(
      allowed.client.fineTuning.jobs.create({ model: 'gpt-3.5-turbo-0125', training_file: allowed.file.id }),
    ).resolves.toMatchObject({ model: 'gpt-3.5-turbo-0125' });
    const azure = await setup({ enforceModelDates: true });
    await expect(
      simAzureClient(azure.sim).fineTuning.jobs.create({
        model: 'gpt-3.5-turbo-0125',
        training_file: azure.file.id,
      }),
    ).resolves.toMatchObject({ model: 'gpt-3.5-turbo-0125', status: 'validating_files' });
  });

  it('refuses new jobs past the model cut-off only when enforceModelDates is on', async () => {
    const { client, file } = await setup({ enforceModelDates: true, startTime: Date.UTC(2027, 0, 7) });
    const error = await createError(client, { model: 'gpt-4o-mini', training_file: file.id });
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error.code).toBe('training_not_available');
  });

  it('answers 429 once maxActiveJobs jobs are active', async () => {
    const { sim, client, file } = await setup({ limits: { maxActiveJobs: 1 } });
    const first = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    const error = await createError(client, { model: 'gpt-4o-mini', training_file: file.id });
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    sim.runUntilIdle();
    expect((await client.fineTuning.jobs.retrieve(first.id)).status).toBe('succeeded');
    // The first job finished, so a slot is free again.
    const second = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    expect(second).toMatchObject({
      object: 'fine_tuning.job',
      training_file: file.id,
      status: 'validating_files',
    });
    expect(second.id).not.toBe(first.id);
  });
});

describe('validation files', () => {
  it('trains with a 2-example validation file (only the training file has a 10-example minimum)', async () => {
    const { sim, client, file } = await setup();
    const valid = await uploadTrainingFile(sim, client, supportJsonl(2), 'valid.jsonl');
    const job = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      validation_file: valid.id,
    });
    sim.runUntilIdle();
    const done = await client.fineTuning.jobs.retrieve(job.id);
    expect(done).toMatchObject({ status: 'succeeded', validation_file: valid.id, error: null });

    const tooSmall = await uploadTrainingFile(sim, client, supportJsonl(2), 'train-2.jsonl');
    const refused = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: tooSmall.id,
      validation_file: valid.id,
    });
    sim.runUntilIdle();
    expect((await client.fineTuning.jobs.retrieve(refused.id)).error).toMatchObject({
      code: 'invalid_n_examples',
      param: 'training_file',
      message: 'Training file has 2 example(s), but must have at least 10 examples',
    });
  });
});

describe('GET /fine_tuning/jobs', () => {
  async function threeJobs(sim: FineTuningSimulator, client: OpenAI, fileId: string) {
    const ids: string[] = [];
    for (const run of ['a', 'b', 'c']) {
      const job = await client.fineTuning.jobs.create({
        model: 'gpt-4o-mini',
        training_file: fileId,
        metadata: { run, team: run === 'c' ? 'search' : 'support' },
      });
      ids.push(job.id);
      sim.clock.advance(1000);
    }
    return ids;
  }

  it('lists newest first, pages with after/limit and filters on metadata[k]=v', async () => {
    const { sim, client, file } = await setup();
    const [a, b, c] = await threeJobs(sim, client, file.id);
    const untagged = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    const page = await client.fineTuning.jobs.list({ limit: 2 });
    expect(page.data.map((job) => job.id)).toEqual([untagged.id, c]);
    expect(page.has_more).toBe(true);
    const next = await client.fineTuning.jobs.list({ limit: 2, after: c! });
    expect(next.data.map((job) => job.id)).toEqual([b, a]);
    expect(next.has_more).toBe(false);
    const all: string[] = [];
    for await (const job of client.fineTuning.jobs.list({ limit: 1 })) all.push(job.id);
    expect(all).toEqual([untagged.id, c, b, a]);

    const support = await client.fineTuning.jobs.list({ metadata: { team: 'support' } });
    expect(support.data.map((job) => job.id)).toEqual([b, a]);
    const exact = await client.fineTuning.jobs.list({ metadata: { team: 'support', run: 'a' } });
    expect(exact.data.map((job) => job.id)).toEqual([a]);
    const request = sim.requests.at(-1)!;
    expect(request.query).toMatchObject({ 'metadata[team]': 'support', 'metadata[run]': 'a' });
  });

  it('selects jobs without metadata with metadata=null and rejects a bad limit', async () => {
    const { sim, client, file } = await setup();
    await threeJobs(sim, client, file.id);
    const plain = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    const response = await sim.fetch(`${sim.baseURL}/fine_tuning/jobs?metadata=null`, {
      headers: { authorization: 'Bearer sk-sim' },
    });
    const body = (await response.json()) as { object: string; data: { id: string }[]; has_more: boolean };
    expect(body).toEqual({
      object: 'list',
      data: [expect.objectContaining({ id: plain.id })],
      has_more: false,
    });
    const bad = await client.fineTuning.jobs.list({ limit: 0 }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("takes the SDK's jobs.list({ metadata: null }), sent as ?metadata=, as the same filter", async () => {
    const { sim, client, file } = await setup();
    await threeJobs(sim, client, file.id);
    const plain = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    const page = await client.fineTuning.jobs.list({ metadata: null });
    expect(sim.requests.at(-1)!.url).toMatch(/\?metadata=$/);
    expect(page.data.map((job) => job.id)).toEqual([plain.id]);
  });
});

describe('GET /fine_tuning/jobs: eventual consistency (jobListLagMs)', () => {
  it('hides a new job from lists for the lag, while retrieve finds it at once', async () => {
    const { sim, client, file } = await setup({ jobListLagMs: 3000 });
    const job = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      metadata: { run: 'r1' },
    });
    await expect(client.fineTuning.jobs.retrieve(job.id)).resolves.toMatchObject({ id: job.id });
    const listed = async () => (await client.fineTuning.jobs.list({ metadata: { run: 'r1' } })).data;
    expect(await listed()).toEqual([]);
    expect((await client.fineTuning.jobs.list()).data).toEqual([]);
    sim.clock.advance(2999);
    expect(await listed()).toEqual([]);
    sim.clock.advance(1);
    expect((await listed()).map((item) => item.id)).toEqual([job.id]);
  });

  it('takes a lag per job from a function, called once at creation', async () => {
    const seen: string[] = [];
    const { sim, client, file } = await setup({
      jobListLagMs: (job) => {
        seen.push(job.id);
        return job.metadata?.slow === 'yes' ? 60_000 : 0;
      },
    });
    const slow = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      metadata: { slow: 'yes' },
    });
    const fast = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    expect((await client.fineTuning.jobs.list()).data.map((job) => job.id)).toEqual([fast.id]);
    sim.clock.advance(60_000);
    expect((await client.fineTuning.jobs.list()).data.map((job) => job.id)).toEqual([fast.id, slow.id]);
    expect(seen).toEqual([slow.id, fast.id]);
    expect(() => createSimulator({ jobListLagMs: -1 })).toThrow(/options.jobListLagMs must be a number ≥ 0/);
    const broken = await setup({ jobListLagMs: () => Number.NaN });
    const error = await createError(broken.client, { model: 'gpt-4o-mini', training_file: broken.file.id });
    expect([error.status, error.code]).toEqual([500, 'simulator_error']);
  });
});

describe('GET /fine_tuning/jobs/{id}', () => {
  it('sends openai-poll-after-ms while the job is active, x-request-id always, and 404 for unknown ids', async () => {
    const { sim, client, file } = await setup();
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    const { response, request_id } = await client.fineTuning.jobs.retrieve(job.id).withResponse();
    expect(response.headers.get('openai-poll-after-ms')).toBe('5000');
    expect(request_id).toMatch(/^req_[0-9a-f]{32}$/);
    sim.runUntilIdle();
    const done = await client.fineTuning.jobs.retrieve(job.id).withResponse();
    expect(done.response.headers.get('openai-poll-after-ms')).toBeNull();
    const missing = await client.fineTuning.jobs.retrieve('ftjob-nope').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('fine_tuning_job_not_found');
  });
});

describe('events and checkpoints lists', () => {
  it('lists events newest first, 20 by default, and walks back in time with after', async () => {
    const { sim, client, file } = await setup();
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.runUntilIdle();
    const all = sim.getJobEvents(job.id);
    expect(all).toHaveLength(104);
    const first = await client.fineTuning.jobs.listEvents(job.id);
    expect(first.data).toHaveLength(20);
    expect(first.has_more).toBe(true);
    expect(first.data.map((event) => event.id)).toEqual(
      all
        .slice(-20)
        .reverse()
        .map((event) => event.id),
    );
    const second = await client.fineTuning.jobs.listEvents(job.id, {
      after: first.data.at(-1)!.id,
      limit: 50,
    });
    expect(second.data.map((event) => event.id)).toEqual(
      all
        .slice(-70, -20)
        .reverse()
        .map((event) => event.id),
    );
    const last = await client.fineTuning.jobs.listEvents(job.id, { after: all[2]!.id, limit: 50 });
    expect(last.data.map((event) => event.message)).toEqual([
      `Validating training file: ${file.id}`,
      `Created fine-tuning job: ${job.id}`,
    ]);
    expect(last.has_more).toBe(false);
    const walked: string[] = [];
    for await (const event of client.fineTuning.jobs.listEvents(job.id, { limit: 30 })) walked.push(event.id);
    expect(walked).toEqual(all.map((event) => event.id).reverse());
  });

  it('shows events as they happen: a poll sees only what the clock has reached', async () => {
    const { sim, client, file } = await setup();
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    expect((await client.fineTuning.jobs.listEvents(job.id)).data).toHaveLength(2);
    sim.advanceJob(job.id, { step: 30 });
    const page = await client.fineTuning.jobs.listEvents(job.id, { limit: 5 });
    expect(page.data[0]).toMatchObject({ type: 'metrics', data: { step: 30, total_steps: 96 } });
  });

  it('lists checkpoints newest first with first_id/last_id, 10 by default', async () => {
    const { sim, client, file } = await setup();
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.runUntilIdle();
    const page = await client.fineTuning.jobs.checkpoints.list(job.id);
    expect(page.data.map((checkpoint) => checkpoint.step_number)).toEqual([96, 84, 72]);
    const done = await client.fineTuning.jobs.retrieve(job.id);
    expect(page.data[0]?.fine_tuned_model_checkpoint).toBe(done.fine_tuned_model);
    expect(page.data[1]?.fine_tuned_model_checkpoint).toBe(`${done.fine_tuned_model}:ckpt-step-84`);
    expect(page.data[0]?.id).toMatch(/^ftckpt_[A-Za-z0-9]{24}$/);
    const raw = (await (
      await sim.fetch(`${sim.baseURL}/fine_tuning/jobs/${job.id}/checkpoints?limit=2`, {
        headers: { authorization: 'Bearer sk-sim' },
      })
    ).json()) as { first_id: string; last_id: string; has_more: boolean; data: { id: string }[] };
    expect(raw).toMatchObject({ first_id: page.data[0]?.id, last_id: page.data[1]?.id, has_more: true });
  });
});

describe('cancel, pause and resume', () => {
  it('cancels an active job and refuses to cancel it again', async () => {
    const { sim, client, file } = await setup();
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.advanceJob(job.id, { step: 10 });
    const cancelled = await client.fineTuning.jobs.cancel(job.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', fine_tuned_model: null, result_files: [] });
    expect(cancelled.finished_at).toBe(sim.clock.nowSeconds());
    const before = sim.getJobEvents(job.id).length;
    sim.clock.advance(3_600_000);
    expect(sim.getJobEvents(job.id)).toHaveLength(before);
    const again = await client.fineTuning.jobs.cancel(job.id).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(OpenAI.BadRequestError);
    expect((again as InstanceType<typeof OpenAI.BadRequestError>).message).toContain(
      "with status 'cancelled'",
    );
  });

  it('pauses a running job (checkpoint at the current step), freezes it, and resumes where it stopped', async () => {
    const { sim, client, file } = await setup();
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    const early = await client.fineTuning.jobs.pause(job.id).catch((error: unknown) => error);
    expect(early).toBeInstanceOf(OpenAI.BadRequestError);
    sim.advanceJob(job.id, { step: 40 });
    const paused = await client.fineTuning.jobs.pause(job.id);
    expect(paused.status).toBe('paused');
    const checkpoints = await client.fineTuning.jobs.checkpoints.list(job.id);
    expect(checkpoints.data.map((checkpoint) => checkpoint.step_number)).toEqual([40]);
    sim.clock.advance(10 * 60_000);
    expect(sim.runUntilIdle()).toBe(sim.clock.now());
    expect(sim.getJob(job.id)?.status).toBe('paused');
    const stepEvents = () => sim.getJobEvents(job.id).filter((event) => event.type === 'metrics').length;
    expect(stepEvents()).toBe(40);
    const resumed = await client.fineTuning.jobs.resume(job.id);
    expect(resumed.status).toBe('running');
    const again = await client.fineTuning.jobs.resume(job.id).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(OpenAI.BadRequestError);
    sim.clock.advance(sim.options.timing.stepMs);
    expect(stepEvents()).toBe(41);
    sim.runUntilIdle();
    const done = await client.fineTuning.jobs.retrieve(job.id);
    expect(done.status).toBe('succeeded');
    expect(stepEvents()).toBe(96);
    const messages = sim.getJobEvents(job.id).map((event) => event.message);
    expect(messages).toContain('Fine-tuning job paused');
    expect(messages).toContain('Fine-tuning job resumed');
  });

  it('uses Azure statuses pending, pausing and resuming when asked', async () => {
    const { sim, client, file } = await setup({ quirks: { statusStyle: 'azure' } });
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    expect(job.status).toBe('pending');
    sim.advanceJob(job.id, { to: 'validating_files' });
    sim.advanceJob(job.id, { step: 5 });
    expect((await client.fineTuning.jobs.pause(job.id)).status).toBe('pausing');
    sim.clock.advance(sim.options.timing.transitionMs);
    expect((await client.fineTuning.jobs.retrieve(job.id)).status).toBe('paused');
    expect((await client.fineTuning.jobs.resume(job.id)).status).toBe('resuming');
    sim.advanceJob(job.id, { to: 'running' });
    sim.runUntilIdle();
    expect((await client.fineTuning.jobs.retrieve(job.id)).status).toBe('succeeded');
  });
});

describe('DPO and wire quirks', () => {
  it('runs a DPO job, with beta resolved and hyperparameters null under the quirk', async () => {
    const sim = createSimulator({
      clock: 'manual',
      quirks: { nullHyperparametersForDpo: true, errorOnSuccess: 'empty-object' },
    });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, preferenceJsonl(20));
    const job = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      method: { type: 'dpo', dpo: { hyperparameters: { beta: 0.2 } } },
    });
    expect(job.hyperparameters).toBeNull();
    expect(job.error).toEqual({});
    sim.runUntilIdle();
    const done = await client.fineTuning.jobs.retrieve(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.method?.dpo?.hyperparameters).toEqual({
      beta: 0.2,
      n_epochs: 5,
      batch_size: 1,
      learning_rate_multiplier: 1.8,
    });
  });

  it('keeps estimated_finish null and finished_at null on failure when asked', async () => {
    const sim = createSimulator({
      clock: 'manual',
      quirks: { nullEstimatedFinish: true, nullFinishedAtOnFailure: true },
    });
    const client = simClient(sim);
    const good = await uploadTrainingFile(sim, client, supportJsonl(12));
    const running = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: good.id });
    sim.advanceJob(running.id, { to: 'running' });
    expect((await client.fineTuning.jobs.retrieve(running.id)).estimated_finish).toBeNull();
    const small = await uploadTrainingFile(sim, client, supportJsonl(9));
    const failing = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: small.id });
    sim.advanceJob(failing.id, { to: 'failed' });
    expect((await client.fineTuning.jobs.retrieve(failing.id)).finished_at).toBeNull();
  });

  it('sets estimated_finish while running by default, and fine_tuned_model before the status flips', async () => {
    const { sim, client, file } = await setup();
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.advanceJob(job.id, { to: 'running' });
    const running = await client.fineTuning.jobs.retrieve(job.id);
    expect(running.estimated_finish).toBe(running.created_at + 20 + 30 + 96 * 2 + 20);
    sim.advanceJob(job.id, { step: 96 });
    sim.advanceJob(job.id);
    const almost = await client.fineTuning.jobs.retrieve(job.id);
    expect(almost.status).toBe('running');
    expect(almost.fine_tuned_model).not.toBeNull();
  });
});
