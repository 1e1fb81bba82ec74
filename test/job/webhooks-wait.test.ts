import { describe, expect, it } from 'vitest';
import { FinetuneKitAbortError, FinetuneKitUsageError, JobCancelledError } from '../../src/errors.js';
import type { JobClock } from '../../src/job/clock.js';
import { createFineTuneWebhooks, FineTuneJob } from '../../src/job/index.js';
import type { FineTuningSimulator } from '../../src/testing/index.js';
import { harness } from './helpers/sim.js';
import { WEBHOOK_SECRET } from './helpers/webhook-signing.js';

/**
 * A job clock on simulated time whose sleeps never elapse by themselves: only a poke (a webhook)
 * ends them. Shows that wait() was woken by the webhook, not by a poll.
 */
class StillClock implements JobClock {
  readonly sleeps: number[] = [];
  constructor(readonly sim: FineTuningSimulator) {}
  now(): number {
    return this.sim.clock.now();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((_, reject) => {
      const abort = () =>
        reject(new FinetuneKitAbortError('The wait was aborted.', { cause: signal?.reason }));
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort, { once: true });
    });
  }
}

/** A simulator that delivers its webhooks straight into a receiver's fetch handler. */
function webhookHarness() {
  const setup = harness();
  const hooks = createFineTuneWebhooks({
    secret: WEBHOOK_SECRET,
    client: setup.client,
    clock: setup.sim.clock,
  });
  const handler = hooks.toFetchHandler();
  setup.sim.webhooks.configure({
    url: 'https://hooks.example.com/openai',
    secret: WEBHOOK_SECRET,
    fetch: (url, init) => handler(new Request(url, init)),
  });
  const retrieves = () =>
    setup.sim.requests.filter(
      (request) => request.method === 'GET' && /^\/fine_tuning\/jobs\/[^/]+$/.test(request.path),
    ).length;
  return { ...setup, hooks, retrieves };
}

/** Lets pending promises and the poll loop run. */
async function flush(): Promise<void> {
  for (let index = 0; index < 20; index++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('job.wait({ webhooks })', () => {
  it('ends as soon as the webhook arrives, with one poll after it, and the real final job', async () => {
    const { sim, client, hooks, addTrainingFile, retrieves } = webhookHarness();
    const clock = new StillClock(sim);
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: addTrainingFile() },
      { clock },
    );
    const done = job.wait({ webhooks: hooks });
    await flush();
    // One poll at the start, then a fallback sleep of 5 minutes.
    expect(retrieves()).toBe(1);
    expect(clock.sleeps).toEqual([300_000]);
    sim.runUntilIdle(); // the job trains and succeeds; the simulator sends the webhook
    const final = await done;
    expect(final.status).toBe('succeeded');
    expect(final.fine_tuned_model).toMatch(/^ft:gpt-4o-mini/);
    expect(retrieves()).toBe(2);
    await sim.webhooks.settled();
    expect(sim.webhooks.deliveries.map((delivery) => [delivery.state, delivery.event.type])).toEqual([
      ['delivered', 'fine_tuning.job.succeeded'],
    ]);
    expect(job.finished).toBe(true);
  });

  it('rejects with JobCancelledError on the cancelled webhook', async () => {
    const { sim, client, hooks, addTrainingFile } = webhookHarness();
    const clock = new StillClock(sim);
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: addTrainingFile() },
      { clock },
    );
    const done = job.wait({ webhooks: hooks }).catch((error: unknown) => error);
    await flush();
    // Cancelled from elsewhere (another process, the dashboard): only the webhook tells this one.
    await client.fineTuning.jobs.cancel(job.id);
    expect(JobCancelledError.isInstance(await done)).toBe(true);
  });

  it('ignores webhooks of other jobs', async () => {
    const { sim, client, hooks, addTrainingFile, retrieves } = webhookHarness();
    const clock = new StillClock(sim);
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: addTrainingFile() },
      { clock },
    );
    const other = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: addTrainingFile(),
    });
    const controller = new AbortController();
    const done = job.wait({ webhooks: hooks, signal: controller.signal }).catch((error: unknown) => error);
    await flush();
    await client.fineTuning.jobs.cancel(other.id);
    await sim.webhooks.settled();
    await flush();
    expect(sim.webhooks.deliveries).toHaveLength(1);
    expect(retrieves()).toBe(1);
    controller.abort();
    expect(FinetuneKitAbortError.isInstance(await done)).toBe(true);
  });

  it('falls back to slow polls when no webhook comes', async () => {
    const { sim, clock, createJob } = harness();
    const hooks = createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock: sim.clock });
    const job = await createJob(12);
    const done = await job.wait({ webhooks: hooks, fallbackPollMs: 60_000 });
    expect(done.status).toBe('succeeded');
    const retrieves = sim.requests.filter((request) => /^\/fine_tuning\/jobs\/[^/]+$/.test(request.path));
    // Every sleep was the fallback interval, so the whole run took only a few polls.
    expect(new Set(clock.sleeps)).toEqual(new Set([60_000]));
    expect(retrieves.length).toBe(clock.sleeps.length + 1);
    expect(retrieves.length).toBeLessThanOrEqual(Math.ceil(clock.slept / 60_000) + 1);
    // The job trains for about five simulated minutes: 5-second polls would have made 60 requests.
    expect(clock.slept).toBeGreaterThan(240_000);
    expect(retrieves.length).toBeLessThanOrEqual(7);
  });

  it('keeps the normal interval for another follower of the same job', async () => {
    const { sim, clock, createJob } = harness();
    const hooks = createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock: sim.clock });
    const job = await createJob(12);
    const [done] = await Promise.all([job.wait({ webhooks: hooks }), job.wait()]);
    expect(done.status).toBe('succeeded');
    expect(new Set(clock.sleeps)).toEqual(new Set([5000]));
  });

  it('checks its options', async () => {
    const { createJob } = harness();
    const job = await createJob(12);
    await expect(job.wait({ webhooks: {} as never })).rejects.toThrow(FinetuneKitUsageError);
    await expect(
      job.wait({ webhooks: createFineTuneWebhooks({ secret: WEBHOOK_SECRET }), fallbackPollMs: -1 }),
    ).rejects.toMatchObject({ option: 'options.fallbackPollMs' });
  });
});
