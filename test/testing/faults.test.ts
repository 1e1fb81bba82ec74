import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FinetuneKitUsageError } from '../../src/errors.js';
import { createSimulator } from '../../src/testing/index.js';
import { usageError } from '../helpers/usage-error.js';
import { simClient, supportJsonl, uploadTrainingFile } from './helpers/data.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('fault injection', () => {
  it('answers 429 with Retry-After and retry-after-ms; the SDK retries and gets through', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const rateLimit = sim.faults.rateLimit({ times: 2, retryAfter: 0 });
    const client = simClient(sim, { maxRetries: 2 });
    const page = await client.files.list();
    expect(page.data).toEqual([]);
    expect(sim.requests.map((request) => [request.status, request.fault])).toEqual([
      [429, 'error 429'],
      [429, 'error 429'],
      [200, null],
    ]);
    expect(rateLimit.hits).toBe(2);
    expect(rateLimit.remaining).toBe(0);
    sim.faults.rateLimit({ retryAfter: 7 });
    const raw = await sim.fetch(`${sim.baseURL}/files`, { headers: { authorization: 'Bearer sk' } });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    expect(raw.headers.get('retry-after-ms')).toBe('7000');
    expect(await raw.json()).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded' } });
  });

  it('sends bursts of 500/502/503 with the API bodies, or a gateway HTML page', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    sim.faults.serverError({ status: 503, times: 2 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await client.files.list().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      expect((error as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(503);
    }
    // The third call is past the burst: an ordinary answer (no file uploaded yet).
    expect((await client.files.list()).data).toEqual([]);
    sim.faults.add({
      action: {
        kind: 'error',
        status: 502,
        rawBody: '<html><head><title>502 Bad Gateway</title></head></html>',
      },
      times: 1,
    });
    const html = await client.files.list().catch((caught: unknown) => caught);
    expect((html as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((html as Error).message).toContain('502 Bad Gateway');
  });

  it('drops connections: the SDK sees a connection error caused by a TypeError like undici’s', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    sim.faults.drop();
    const error = await client.files.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    const cause = (error as Error).cause as TypeError;
    expect(cause).toBeInstanceOf(TypeError);
    expect(cause.message).toBe('fetch failed');
    expect((cause.cause as { code?: string }).code).toBe('UND_ERR_SOCKET');
    expect(sim.requests[0]).toMatchObject({ status: null, fault: 'drop' });
  });

  it('adds latency on the global timers, so SDK timeouts fire under fake timers', async () => {
    vi.useFakeTimers();
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    sim.faults.latency(5000, { match: { method: 'GET', path: '/files' } });
    const slow = client.files.list({}, { timeout: 1000 }).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await slow).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    const patient = client.files.list({}, { timeout: 10_000 });
    await vi.advanceTimersByTimeAsync(5000);
    // Past the latency, the answer is the ordinary one.
    expect((await patient).data).toEqual([]);
  });

  it('hangs a request until the client aborts it', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    sim.faults.hang();
    const controller = new AbortController();
    const pending = client.files.list({}, { signal: controller.signal }).catch((caught: unknown) => caught);
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
  });

  it('takes the whole API down for a window of simulated time', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.faults.outage({ durationMs: 120_000 });
    const during = await client.fineTuning.jobs.retrieve(job.id).catch((caught: unknown) => caught);
    expect((during as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    sim.clock.advance(119_999);
    await expect(client.fineTuning.jobs.retrieve(job.id)).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    sim.clock.advance(1);
    // The job kept running on the server during the outage.
    expect((await client.fineTuning.jobs.retrieve(job.id)).status).toBe('running');
    sim.faults.outage({ durationMs: 1000, status: 'drop', startAt: sim.clock.now() + 5000 });
    // Before the scheduled outage starts, calls go through.
    expect((await client.files.list()).data.map((listed) => listed.id)).toEqual([file.id]);
    sim.clock.advance(5000);
    await expect(client.files.list()).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('scripts calls one by one; a faulted create leaves no job behind', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const script = sim.faults.script({ method: 'POST', path: '/fine_tuning/jobs' }, [
      { kind: 'drop' },
      'pass',
      { kind: 'error', status: 500 },
    ]);
    const create = () =>
      client.fineTuning.jobs
        .create({ model: 'gpt-4o-mini', training_file: file.id })
        .catch((caught: unknown) => caught);
    expect(await create()).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(sim.listJobs()).toHaveLength(0);
    expect(await create()).toMatchObject({ object: 'fine_tuning.job' });
    expect(await create()).toBeInstanceOf(OpenAI.InternalServerError);
    expect(await create()).toMatchObject({ object: 'fine_tuning.job' });
    expect(script.hits).toBe(2);
    expect(sim.listJobs()).toHaveLength(2);
    expect(sim.faults.size).toBe(0);
  });

  it('loses the response of a handled request: the job exists, the client saw a dropped connection', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const lost = sim.faults.loseResponse({ match: { method: 'POST', path: '/fine_tuning/jobs' } });
    const error = await client.fineTuning.jobs
      .create({ model: 'gpt-4o-mini', training_file: file.id })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(sim.listJobs()).toHaveLength(1);
    expect(lost.hits).toBe(1);
    expect(sim.requests.at(-1)).toMatchObject({
      status: null,
      fault: 'drop after handling (server answered 200)',
    });
    // With an error status instead: the server created a second job, the client got a 502.
    sim.faults.loseResponse({ status: 502, match: { method: 'POST', path: '/fine_tuning/jobs' } });
    const gateway = await client.fineTuning.jobs
      .create({ model: 'gpt-4o-mini', training_file: file.id })
      .catch((caught: unknown) => caught);
    expect((gateway as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect(sim.listJobs()).toHaveLength(2);
    expect(sim.requests.at(-1)).toMatchObject({
      status: 502,
      fault: 'error 502 after handling (server answered 200)',
    });
    // A handled request that the server refused stays refused, and the log says what it answered.
    sim.faults.add({ action: { kind: 'drop', afterHandling: true }, times: 1 });
    await expect(
      client.fineTuning.jobs.create({ model: 'gpt-9', training_file: file.id }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    expect(sim.requests.at(-1)?.fault).toBe('drop after handling (server answered 400)');
    expect(sim.listJobs()).toHaveLength(2);
  });

  it('hangs after handling: the cancel happened although the client timed out', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.faults.add({ action: { kind: 'hang', afterHandling: true }, times: 1 });
    const controller = new AbortController();
    const pending = client.fineTuning.jobs
      .cancel(job.id, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(sim.getJob(job.id)?.status).toBe('cancelled'));
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
  });

  it('ends a hung request on abort even after a garbage collection (undici follows signals weakly)', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    sim.faults.add({ action: { kind: 'hang' }, times: 1 });
    const controller = new AbortController();
    const pending = client.files.list({}, { signal: controller.signal }).catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(sim.requests).toHaveLength(1));
    for (let round = 0; round < 3; round++) {
      collectGarbage();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
  }, 5_000);

  it('matches paths with * (one segment), ** (any) and regular expressions', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    const one = sim.faults.serverError({ match: { path: '/fine_tuning/jobs/*' }, times: 10 });
    // '*' is one segment: /fine_tuning/jobs/{id}/events is not matched and answers with the events.
    const events = await client.fineTuning.jobs.listEvents(job.id);
    expect(events.data.length).toBeGreaterThan(0);
    expect(events.data.every((event) => event.object === 'fine_tuning.job.event')).toBe(true);
    await expect(client.fineTuning.jobs.retrieve(job.id)).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    one.remove();
    const any = sim.faults.serverError({ match: { path: '/fine_tuning/**' }, times: 10 });
    await expect(client.fineTuning.jobs.listEvents(job.id)).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );
    await expect(client.fineTuning.jobs.list()).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    // /files is outside /fine_tuning/**: answered as usual.
    expect((await client.files.list()).data.map((listed) => listed.id)).toEqual([file.id]);
    any.remove();
    sim.faults.serverError({ match: { path: /\/checkpoints$/ } });
    await expect(client.fineTuning.jobs.checkpoints.list(job.id)).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );
    sim.faults.serverError({ match: (request) => request.query.get('limit') === '3' });
    await expect(client.fineTuning.jobs.list({ limit: 3 })).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );
  });

  it('fails a seeded share of requests with probability, the same way for the same seed', async () => {
    const run = async () => {
      const sim = createSimulator({ clock: 'manual', seed: 99 });
      sim.faults.add({ action: { kind: 'error', status: 500 }, probability: 0.3 });
      const statuses: number[] = [];
      for (let index = 0; index < 40; index++) {
        statuses.push(
          (await sim.fetch(`${sim.baseURL}/files`, { headers: { authorization: 'Bearer sk' } })).status,
        );
      }
      return statuses;
    };
    const first = await run();
    expect(first).toEqual(await run());
    const failures = first.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(4);
    expect(failures).toBeLessThan(24);
  });

  it('rejects bad fault options with a FinetuneKitUsageError naming the option', () => {
    const sim = createSimulator({ clock: 'manual' });
    expect(() => sim.faults.serverError({ status: 200 })).toThrow(
      usageError('fault.status', 'fault.status must be an HTTP error status (400–599), got 200.'),
    );
    expect(() => sim.faults.add({ action: { kind: 'drop' }, times: 0 })).toThrow(
      usageError('fault.times', 'fault.times must be a positive integer, got 0.'),
    );
    expect(() => sim.faults.add({ action: { kind: 'drop' }, probability: 2 })).toThrow(
      usageError('fault.probability', 'fault.probability must be between 0 and 1, got 2.'),
    );
    expect(() => sim.faults.outage({ durationMs: 0 })).toThrow(
      usageError('outage.durationMs', 'outage.durationMs must be > 0, got 0.'),
    );
    expect(() => sim.faults.latency(-1)).toThrow(usageError('fault.ms', 'fault.ms must be ≥ 0, got -1.'));
    expect(() => sim.faults.latency(-1)).toThrow(FinetuneKitUsageError);
  });
});
