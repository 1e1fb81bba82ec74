import OpenAI from 'openai';
import { describe, expect, it, vi } from 'vitest';
import { createSimulator } from '../../src/testing/index.js';
import { simClient, supportJsonl, uploadTrainingFile } from './helpers/data.js';

async function allEvents(client: ReturnType<typeof simClient>, jobId: string) {
  const events = [];
  for await (const event of client.fineTuning.jobs.listEvents(jobId, { limit: 100 })) events.push(event);
  return events;
}

describe('a successful supervised job through the openai SDK (fetch adapter)', () => {
  it('moves validating_files → queued → running → succeeded with the real events in the real order', async () => {
    const sim = createSimulator({ clock: 'manual', seed: 3 });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const created = await client.fineTuning.jobs.create(
      { model: 'gpt-4o-mini', training_file: file.id, suffix: 'pip' },
      { maxRetries: 0 },
    );
    expect(created).toMatchObject({
      object: 'fine_tuning.job',
      status: 'validating_files',
      model: 'gpt-4o-mini-2024-07-18',
      fine_tuned_model: null,
      trained_tokens: null,
      result_files: [],
      hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' },
    });
    expect(created.id).toMatch(/^ftjob-[A-Za-z0-9]{24}$/);

    const statuses = [created.status as string];
    const record = (status: string) => {
      if (statuses[statuses.length - 1] !== status) statuses.push(status);
    };
    for (const target of ['queued', 'running', 'succeeded'] as const) {
      sim.advanceJob(created.id, { to: target });
      record((await client.fineTuning.jobs.retrieve(created.id)).status);
    }
    expect(statuses).toEqual(['validating_files', 'queued', 'running', 'succeeded']);

    const job = await client.fineTuning.jobs.retrieve(created.id);
    // 12 examples: the cookbook heuristic gives ⌊100 / 12⌋ = 8 epochs; batch 1 → 96 steps.
    expect(job.hyperparameters).toEqual({ n_epochs: 8, batch_size: 1, learning_rate_multiplier: 1.8 });
    expect(job.fine_tuned_model).toMatch(/^ft:gpt-4o-mini-2024-07-18:sim-org:pip:[A-Za-z0-9]{8}$/);
    expect(job.result_files).toHaveLength(1);
    expect(job.finished_at).toBeGreaterThan(job.created_at);

    const newestFirst = await allEvents(client, job.id);
    const events = [...newestFirst].reverse();
    const metrics = events.filter((event) => event.type === 'metrics');
    expect(metrics).toHaveLength(96);
    // created, validating, validated, started, 96 metrics, 2 non-final checkpoints, model, completed.
    expect(events).toHaveLength(104);
    expect(events.slice(0, 4).map((event) => event.message)).toEqual([
      `Created fine-tuning job: ${job.id}`,
      `Validating training file: ${file.id}`,
      'Files validated, moving job to queued state',
      'Fine-tuning job started',
    ]);
    expect(events.slice(-4).map((event) => event.message)).toEqual([
      `Checkpoint created at step 72 with Snapshot ID: ${job.fine_tuned_model}:ckpt-step-72`,
      `Checkpoint created at step 84 with Snapshot ID: ${job.fine_tuned_model}:ckpt-step-84`,
      `New fine-tuned model created: ${job.fine_tuned_model}`,
      'The job has successfully completed',
    ]);
    expect(metrics[0]?.message).toMatch(/^Step 1\/96: training loss=\d+\.\d{2}$/);
    expect(metrics[95]?.data).toMatchObject({ step: 96, total_steps: 96 });
    const timestamps = events.map((event) => event.created_at);
    expect([...timestamps].sort((a, b) => a - b)).toEqual(timestamps);
  });
});

describe('a job that the server rejects', () => {
  it('fails a 9-example file with invalid_n_examples and mirrors the failure in an error event', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(9));
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    expect(job.status).toBe('validating_files');
    sim.runUntilIdle();
    const failed = await client.fineTuning.jobs.retrieve(job.id);
    expect(failed).toMatchObject({
      status: 'failed',
      fine_tuned_model: null,
      trained_tokens: null,
      result_files: [],
      error: {
        code: 'invalid_n_examples',
        param: 'training_file',
        message: 'Training file has 9 example(s), but must have at least 10 examples',
      },
    });
    expect(failed.finished_at).toBe(failed.created_at + 20);
    const events = (await client.fineTuning.jobs.listEvents(job.id)).data;
    expect(events.map((event) => event.message)).toEqual([
      'Training file has 9 example(s), but must have at least 10 examples',
      `Validating training file: ${file.id}`,
      `Created fine-tuning job: ${job.id}`,
    ]);
    expect(events[0]).toMatchObject({
      level: 'error',
      type: 'message',
      data: { error_code: 'invalid_n_examples', error_param: 'training_file' },
    });
    expect(await client.fineTuning.jobs.checkpoints.list(job.id)).toMatchObject({
      data: [],
      has_more: false,
    });
  });

  it('fails with the server verdict of a custom validator', async () => {
    const sim = createSimulator({
      clock: 'manual',
      validator: ({ fileId }) => ({
        ok: false,
        error: {
          code: 'unsafe_file',
          message: `The job failed due to an unsafe training file. File ${fileId} was blocked by moderation.`,
          param: 'training_file',
        },
      }),
    });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.runUntilIdle();
    expect((await client.fineTuning.jobs.retrieve(job.id)).error?.code).toBe('unsafe_file');
  });
});

describe('a job with a validation file', () => {
  it('adds valid_* on validation steps, full_valid_* at epoch ends, and both files in the validating event', async () => {
    const sim = createSimulator({
      clock: 'manual',
      seed: 5,
      training: { validationEvery: 4, metricsEvery: 2 },
    });
    const client = simClient(sim);
    const train = await uploadTrainingFile(sim, client, supportJsonl(20));
    const valid = await uploadTrainingFile(sim, client, supportJsonl(6), 'valid.jsonl');
    const job = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: train.id,
      validation_file: valid.id,
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3 } } },
    });
    sim.runUntilIdle();
    const events = sim.getJobEvents(job.id);
    expect(events[1]?.message).toBe(`Validating training file: ${train.id} and validation file: ${valid.id}`);
    const metrics = events
      .filter((event) => event.type === 'metrics')
      .map((event) => event.data as Record<string, number>);
    // 20 examples × 3 epochs at batch 1 = 60 steps; a metrics event every 2 steps.
    expect(metrics.map((data) => data.step)).toEqual(
      Array.from({ length: 30 }, (_, index) => (index + 1) * 2),
    );
    for (const data of metrics) {
      expect('valid_loss' in data).toBe(data.step! % 4 === 0 || data.step === 60);
      expect('full_valid_loss' in data).toBe(data.step! % 20 === 0);
    }
    const last = events.filter((event) => event.type === 'metrics').at(-1)!;
    expect(last.message).toMatch(
      /^Step 60\/60: training loss=\d+\.\d\d, validation loss=\d+\.\d\d, full validation loss=\d+\.\d\d$/,
    );
    const done = await client.fineTuning.jobs.retrieve(job.id);
    const csv = atob(await (await client.files.content(done.result_files[0]!)).text());
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy');
    expect(rows).toHaveLength(61);
    expect(rows[1]).toMatch(/^1,[\d.e-]+,[\d.e-]+,,$/);
    expect(rows[4]).toMatch(/^4,[\d.e-]+,[\d.e-]+,[\d.e-]+,[\d.e-]+$/);
  });
});

describe('trained_tokens and the result file', () => {
  it('reports trained_tokens = tokens per epoch × epochs from the validator', async () => {
    const sim = createSimulator({
      clock: 'manual',
      validator: () => ({ ok: true, examples: 30, tokensPerEpoch: 1234, format: 'chat' }),
    });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(30));
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.runUntilIdle();
    const done = await client.fineTuning.jobs.retrieve(job.id);
    // 30 examples: 3 epochs (cookbook heuristic).
    expect(done.hyperparameters.n_epochs).toBe(3);
    expect(done.trained_tokens).toBe(3 * 1234);
    const resultFile = await client.files.retrieve(done.result_files[0]!);
    expect(resultFile).toMatchObject({
      purpose: 'fine-tune-results',
      filename: 'step_metrics.csv',
      status: 'processed',
    });
  });

  it('serves the Azure result-file variant: plain text, full precision, full_valid columns', async () => {
    const sim = createSimulator({ clock: 'manual', quirks: { resultFile: 'azure' } });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.runUntilIdle();
    const done = await client.fineTuning.jobs.retrieve(job.id);
    const csv = await (await client.files.content(done.result_files[0]!)).text();
    expect(csv.split('\n')[0]).toBe(
      'step,train_loss,train_mean_token_accuracy,valid_loss,valid_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy',
    );
    const firstLoss = csv.split('\n')[1]!.split(',')[1]!;
    expect(firstLoss.split('.')[1]!.length).toBeGreaterThan(5);
  });
});

describe('clock modes', () => {
  it('runs on scaled real time, driven by vitest fake timers', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 26, 10) });
    try {
      const sim = createSimulator({ clock: { speed: 1000 } });
      expect(sim.clock.mode).toBe('scaled');
      const client = simClient(sim);
      const file = await uploadTrainingFile(sim, client, supportJsonl(12));
      const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
      // The whole job takes 20 s + 30 s + 96 × 2 s + 20 s = 262 s of simulated time: 262 ms here.
      vi.advanceTimersByTime(200);
      expect((await client.fineTuning.jobs.retrieve(job.id)).status).toBe('running');
      vi.advanceTimersByTime(100);
      expect((await client.fineTuning.jobs.retrieve(job.id)).status).toBe('succeeded');
    } finally {
      vi.useRealTimers();
    }
  });

  it('moves the clock on every request with autoAdvanceMs, so a polling loop finishes the job', async () => {
    const sim = createSimulator({ clock: 'manual', autoAdvanceMs: 10_000 });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    let polls = 0;
    let status: string = job.status;
    while (status !== 'succeeded' && polls < 100) {
      status = (await client.fineTuning.jobs.retrieve(job.id)).status;
      polls += 1;
    }
    expect(status).toBe('succeeded');
    expect(polls).toBe(27);
  });

  it('runUntilIdle returns at once when nothing is pending; advanceJob says why it cannot go on', async () => {
    const sim = createSimulator({ clock: 'manual' });
    expect(sim.runUntilIdle()).toBe(sim.clock.now());
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(9));
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    expect(() => sim.advanceJob(job.id, { to: 'succeeded' })).toThrow(
      /cannot reach status 'succeeded': it is 'failed' and has ended/,
    );
    expect(() => sim.advanceJob('ftjob-nope')).toThrow(/no job ftjob-nope/);
  });
});

describe('authentication, routing and the request log', () => {
  it('answers 401 without a key or with a key it does not know', async () => {
    const sim = createSimulator({ clock: 'manual', apiKeys: ['sk-right'] });
    const missing = await sim.fetch(`${sim.baseURL}/files`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { type: 'invalid_request_error', code: null } });
    const wrong = simClient(sim);
    const error = await wrong.files.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
    expect((error as Error).message).not.toContain('sk-sim-test');
  });

  it('masks keys in the request log, so a key taken from the environment never reaches test output', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const key = 'sk-proj-Zq8LrT2mWv9XcB4nKd7HsJ3fGy6PaE1u';
    await new OpenAI({ apiKey: key, baseURL: sim.baseURL, fetch: sim.fetch }).files.list();
    await sim.fetch(`${sim.azureEndpoint}/openai/files?api-version=2025-04-01-preview`, {
      headers: { 'api-key': key },
    });
    expect(
      sim.requests.map((request) => request.headers.authorization ?? request.headers['api-key']),
    ).toEqual(['Bearer sk-…aE1u', 'sk-…aE1u']);
    expect(JSON.stringify(sim.requests)).not.toContain(key);
  });

  it('answers unknown paths with the API’s "Invalid URL" 404', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const response = await sim.fetch(`${sim.baseURL}/fine_tuning/nothing`, {
      headers: { authorization: 'Bearer sk-x' },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message: 'Invalid URL (GET /v1/fine_tuning/nothing)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  it('records every request with its path, query, body summary, status and simulated time', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      metadata: { run: '1' },
    });
    await client.fineTuning.jobs.list({ limit: 5 });
    const [upload, create, list] = sim.requests;
    expect(upload).toMatchObject({
      method: 'POST',
      path: '/files',
      status: 200,
      body: { fields: { purpose: 'fine-tune' }, files: { file: { name: 'train.jsonl' } } },
    });
    expect(create).toMatchObject({
      method: 'POST',
      path: '/fine_tuning/jobs',
      body: { model: 'gpt-4o-mini', training_file: file.id, metadata: { run: '1' } },
      time: sim.clock.now(),
    });
    // Credentials are masked in the log.
    expect(create?.headers.authorization).toBe('Bearer sk-…test');
    expect(list).toMatchObject({ method: 'GET', query: { limit: '5' }, status: 200, fault: null });
    sim.clearRequests();
    expect(sim.requests).toHaveLength(0);
  });
});
