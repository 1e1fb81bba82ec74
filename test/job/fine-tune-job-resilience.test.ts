import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FinetuneKitAbortError, FinetuneKitApiError, JobCancelledError } from '../../src/errors.js';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import type { RetryContext } from '../../src/job/retry.js';
import { createSimulator } from '../../src/testing/index.js';
import { chatJsonl, harness, SECRET_KEY } from './helpers/sim.js';

const JOB_PATHS = { path: '/fine_tuning/jobs/**' };

describe('FineTuneJob: transient failures', () => {
  it('rides out a 429 storm, waiting what Retry-After says, delivering every event once', async () => {
    const { sim, createJob } = harness();
    const job = await createJob(10);
    const retries: RetryContext[] = [];
    const ids: string[] = [];
    job.on('retry', (context) => retries.push(context));
    job.on('event', (event) => ids.push(event.id));
    job.on('status', (change) => {
      if (change.status === 'running') sim.faults.rateLimit({ match: JOB_PATHS, times: 25, retryAfter: 3 });
    });
    await expect(job.wait()).resolves.toMatchObject({ status: 'succeeded' });
    expect(retries).toHaveLength(25);
    expect(retries.every((retry) => retry.reason === 'rate_limited' && retry.status === 429)).toBe(true);
    expect(retries.every((retry) => retry.delayMs === 3000 && retry.serverRequested)).toBe(true);
    expect(new Set(retries.map((retry) => retry.operation))).toEqual(new Set(['fineTuning.jobs.retrieve']));
    expect(ids).toEqual(sim.getJobEvents(job.id).map((event) => event.id));
    // The SDK's own retries stayed off: every 429 is one request.
    expect(sim.requests.filter((request) => request.fault === 'error 429')).toHaveLength(25);
  });

  it('survives a 2-minute outage (503s and dropped connections) on the simulated clock', async () => {
    const { sim, clock, createJob } = harness();
    const job = await createJob(12);
    const retries: RetryContext[] = [];
    const ids: string[] = [];
    job.on('retry', (context) => retries.push(context));
    job.on('event', (event) => ids.push(event.id));
    let outageStart = 0;
    job.on('metrics', (point) => {
      if (point.step !== 5) return;
      outageStart = sim.clock.now();
      sim.faults.outage({ durationMs: 60_000 });
      sim.faults.outage({ durationMs: 60_000, startAt: outageStart + 60_000, status: 'drop' });
    });
    const started = Date.now();
    await expect(job.wait()).resolves.toMatchObject({ status: 'succeeded' });
    expect(Date.now() - started).toBeLessThan(10_000); // no real waiting
    expect(retries.length).toBeGreaterThan(5);
    expect(new Set(retries.map((retry) => retry.reason))).toEqual(new Set(['server_error', 'connection']));
    const lastRetry = retries.at(-1);
    expect(lastRetry).toBeDefined();
    expect(clock.now() - outageStart).toBeGreaterThanOrEqual(120_000);
    expect(ids).toEqual(sim.getJobEvents(job.id).map((event) => event.id));
  });

  it('gives up after retry.maxElapsedMs of continuous failure with FinetuneKitApiError', async () => {
    const { sim, createJob } = harness();
    const job = await createJob(10, { retry: { maxElapsedMs: 5 * 60_000, jitter: 0 } });
    const ends: string[] = [];
    const failures: Error[] = [];
    job.on('end', (end) => ends.push(end.reason));
    job.on('error', (failure) => failures.push(failure));
    sim.faults.outage({ durationMs: 3_600_000, status: 502 });
    const error = await job.wait().catch((caught: unknown) => caught);
    expect(FinetuneKitApiError.isInstance(error)).toBe(true);
    // The many retries were 'retry' events; 'error' came once, with the final failure.
    expect(failures).toEqual([error]);
    expect(error).toMatchObject({ status: 502, operation: 'fineTuning.jobs.retrieve' });
    expect((error as FinetuneKitApiError).attempts).toBeGreaterThan(5);
    expect(ends).toEqual(['error']);
    // After the outage, following again picks up where it was.
    sim.faults.clear();
    await expect(job.wait()).resolves.toMatchObject({ status: 'succeeded' });
  });

  it('does not retry a 401: following ends with the error (SDK error as cause)', async () => {
    const { sim, clock, createJob } = harness({ apiKeys: [SECRET_KEY] });
    const job = await createJob(10);
    const ends: string[] = [];
    job.on('end', (end) => ends.push(end.reason));
    job.on('status', (change) => {
      if (change.status === 'running') {
        sim.faults.add({
          match: JOB_PATHS,
          times: 1,
          action: { kind: 'error', status: 401, code: 'invalid_api_key' },
        });
      }
    });
    const error = await job.wait().catch((caught: unknown) => caught);
    expect(FinetuneKitApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, apiCode: 'invalid_api_key', attempts: 1 });
    expect(ends).toEqual(['error']);

    const wrongKey = new OpenAI({
      apiKey: 'sk-wrong-0000000000',
      baseURL: sim.baseURL,
      fetch: sim.fetch,
      maxRetries: 0,
    });
    await expect(FineTuneJob.attach(wrongKey, job.id, { clock })).rejects.toMatchObject({
      status: 401,
      attempts: 1,
    });
  });
});

describe('FineTuneJob: exactly once across pages and restarts', () => {
  it('pages back when more than a page of events arrived between two polls', async () => {
    const { sim, createJob } = harness();
    // 30 steps of 2 s happen between two polls; pages hold 5 events.
    const job = await createJob(12, { pollIntervalMs: 60_000, eventsPageSize: 5 });
    const ids: string[] = [];
    job.on('event', (event) => ids.push(event.id));
    await job.wait();
    expect(ids).toEqual(sim.getJobEvents(job.id).map((event) => event.id));
    const pagedBack = sim.requests.filter(
      (request) => request.path.endsWith('/events') && request.query.after !== undefined,
    );
    expect(pagedBack.length).toBeGreaterThan(10);
    expect(
      sim.requests
        .filter((request) => request.path.endsWith('/events'))
        .every((request) => request.query.limit === '5'),
    ).toBe(true);
  });

  it('resumes after a restart with attach(…, { after }) without losing or repeating an event', async () => {
    const { sim, client, clock, createJob } = harness();
    const first = await createJob(12);
    const delivered: string[] = [];
    let saved = '';
    const crash = new AbortController();
    first.on('event', (event) => {
      delivered.push(event.id);
      saved = JSON.stringify(first.cursor); // what an app would persist after handling the event
      if (delivered.length === 30) crash.abort(new Error('process killed'));
    });
    await expect(first.wait({ signal: crash.signal })).rejects.toThrow(FinetuneKitAbortError);
    // The "process" is down for ten minutes: many events arrive meanwhile.
    sim.clock.advance(600_000);
    const second = await FineTuneJob.attach(client, first.id, {
      clock,
      after: JSON.parse(saved),
      eventsPageSize: 7,
    });
    second.on('event', (event) => delivered.push(event.id));
    await second.wait();
    expect(delivered).toEqual(sim.getJobEvents(first.id).map((event) => event.id));
    expect(new Set(delivered).size).toBe(delivered.length);
  });

  it('also resumes from a bare event id', async () => {
    const { sim, client, clock, createJob } = harness();
    const job = await createJob(10);
    sim.runUntilIdle();
    const events = sim.getJobEvents(job.id);
    const cut = events[40];
    if (!cut) throw new Error('expected more than 40 events');
    const attached = await FineTuneJob.attach(client, job.id, { clock, after: cut.id });
    const ids: string[] = [];
    attached.on('event', (event) => ids.push(event.id));
    await attached.wait();
    expect(ids).toEqual(events.slice(41).map((event) => event.id));
  });

  it("attaches at 'now' without replaying history", async () => {
    const { sim, client, clock, createJob } = harness();
    const job = await createJob(10);
    sim.advanceJob(job.id, { step: 10 });
    const known = sim.getJobEvents(job.id).length;
    const attached = await FineTuneJob.attach(client, job.id, { clock, from: 'now' });
    const ids: string[] = [];
    attached.on('event', (event) => ids.push(event.id));
    await attached.wait();
    expect(ids).toEqual(
      sim
        .getJobEvents(job.id)
        .slice(known)
        .map((event) => event.id),
    );
  });
});

describe('FineTuneJob: nothing left behind (fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function fakeTimerSetup() {
    vi.useFakeTimers();
    // Simulated time follows the (fake) Date.now, so advancing fake timers moves jobs along.
    const sim = createSimulator({ clock: 'system', pollAfterMs: 0 });
    const client = new OpenAI({ apiKey: SECRET_KEY, baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
    const file = sim.addFile({ filename: 'train.jsonl', content: chatJsonl(10) });
    return { sim, client, file: file.id };
  }

  it('leaves no timer after wait() resolves', async () => {
    const { client, file } = fakeTimerSetup();
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: file },
      { pollIntervalMs: 5000 },
    );
    const done = job.wait({ timeoutMs: 3_600_000 });
    let settled = false;
    done.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    while (!settled) await vi.advanceTimersByTimeAsync(5000);
    await expect(done).resolves.toMatchObject({ status: 'succeeded' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer after an abort, even mid-backoff', async () => {
    const { sim, client, file } = fakeTimerSetup();
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: file },
      { pollIntervalMs: 5000 },
    );
    sim.faults.outage({ durationMs: 3_600_000 });
    const controller = new AbortController();
    const waiting = job.wait({ signal: controller.signal, timeoutMs: 3_600_000 });
    const retried = new Promise<void>((resolve) => job.once('retry', () => resolve()));
    await vi.advanceTimersByTimeAsync(0);
    await retried;
    expect(vi.getTimerCount()).toBeGreaterThan(0); // the backoff sleep and the timeout
    controller.abort();
    await expect(waiting).rejects.toThrow(FinetuneKitAbortError);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(job.following).toBe(false);
  });

  it('polls right after cancel() instead of sleeping out the interval', async () => {
    const { client, file } = fakeTimerSetup();
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: file },
      { pollIntervalMs: 60_000 },
    );
    let cancelledAt = 0;
    job.on('status', (change) => {
      if (change.status === 'running') void job.cancel().then(() => (cancelledAt = Date.now()));
    });
    const waiting = job.wait().catch((error: unknown) => error);
    let settled = false;
    void waiting.then(() => (settled = true));
    while (!settled) await vi.advanceTimersByTimeAsync(1000);
    expect(JobCancelledError.isInstance(await waiting)).toBe(true);
    expect(cancelledAt).toBeGreaterThan(0);
    expect(Date.now() - cancelledAt).toBeLessThan(60_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer after an events() loop is broken', async () => {
    const { client, file } = fakeTimerSetup();
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: file },
      { pollIntervalMs: 5000 },
    );
    const iterator = job.events();
    const first = iterator.next();
    await vi.advanceTimersByTimeAsync(0);
    await expect(first).resolves.toMatchObject({ done: false, value: { type: 'event' } });
    await iterator.return(undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
