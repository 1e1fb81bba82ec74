import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { FinetuneKitUsageError } from '../../src/errors.js';
import { createSimulator, type SimulatorWebhookOptions } from '../../src/testing/index.js';
import { WEBHOOK_RETRY_DELAYS_MS, WEBHOOK_RETRY_WINDOW_MS } from '../../src/testing/webhooks.js';
import { WEBHOOK_SECRET } from '../job/helpers/webhook-signing.js';
import { supportJsonl } from './helpers/data.js';

interface Received {
  readonly url: string;
  readonly headers: Headers;
  readonly body: string;
}

/** A webhook endpoint in memory: records each request and answers with the next scripted status. */
function endpoint(statuses: readonly (number | 'network-error')[] = []) {
  const received: Received[] = [];
  const fetch: NonNullable<SimulatorWebhookOptions['fetch']> = async (url, init) => {
    received.push({ url, headers: new Headers(init.headers), body: String(init.body) });
    const status = statuses[received.length - 1] ?? 200;
    if (status === 'network-error') throw new TypeError('fetch failed');
    return new Response(null, { status });
  };
  return { received, fetch };
}

const URL = 'https://hooks.example.com/openai';

function simulator(
  statuses?: readonly (number | 'network-error')[],
  events?: SimulatorWebhookOptions['events'],
) {
  const hook = endpoint(statuses);
  const sim = createSimulator({
    clock: 'manual',
    webhooks: { url: URL, secret: WEBHOOK_SECRET, fetch: hook.fetch, ...(events ? { events } : {}) },
  });
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
  const trainingFile = () => sim.addFile({ filename: 'train.jsonl', content: supportJsonl(12) }).id;
  return { sim, client, hook, trainingFile };
}

describe('simulator webhooks', () => {
  it('sends a signed fine_tuning.job.succeeded event that the SDK’s webhooks.unwrap verifies', async () => {
    const { sim, client, hook, trainingFile } = simulator();
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: trainingFile() });
    sim.runUntilIdle();
    await sim.webhooks.settled();
    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    if (!request) throw new Error('unreachable');
    expect(request.url).toBe(URL);
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('user-agent')).toMatch(/^OpenAI\/1\.0/);
    expect(request.headers.get('webhook-id')).toMatch(/^wh_[0-9a-f]{32}$/);
    expect(request.headers.get('webhook-signature')).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const finished = await client.fineTuning.jobs.retrieve(job.id);
    expect(Number(request.headers.get('webhook-timestamp'))).toBe(finished.finished_at);
    // The simulated clock is in the past of the real one: the SDK's tolerance is widened for it.
    const event = await client.webhooks.unwrap(request.body, request.headers, WEBHOOK_SECRET, 10 ** 10);
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
      object: 'event',
      type: 'fine_tuning.job.succeeded',
      created_at: finished.finished_at,
      data: { id: job.id },
    });
    await expect(
      client.webhooks.unwrap(request.body, request.headers, `whsec_${btoa('wrong')}`, 10 ** 10),
    ).rejects.toThrow(/signature/);
    expect(sim.webhooks.deliveries).toEqual([
      expect.objectContaining({
        webhookId: request.headers.get('webhook-id'),
        state: 'delivered',
        attempts: [{ at: sim.clock.now(), status: 200, error: null }],
        nextAttemptAt: null,
      }),
    ]);
  });

  it('sends failed and cancelled events, and only the subscribed types', async () => {
    const { sim, client, hook, trainingFile } = simulator(
      [],
      ['fine_tuning.job.failed', 'fine_tuning.job.cancelled'],
    );
    const failing = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: trainingFile(),
    });
    sim.failJob(failing.id, { atStep: 2 });
    const cancelled = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: trainingFile(),
    });
    const succeeding = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: trainingFile(),
    });
    sim.clock.advance(1000);
    await client.fineTuning.jobs.cancel(cancelled.id);
    sim.runUntilIdle();
    await sim.webhooks.settled();
    const events = hook.received.map((request) => JSON.parse(request.body));
    expect(events.map((event) => [event.type, event.data.id])).toEqual([
      ['fine_tuning.job.cancelled', cancelled.id],
      ['fine_tuning.job.failed', failing.id],
    ]);
    expect(events.some((event) => event.data.id === succeeding.id)).toBe(false);
  });

  it('retries a failed delivery on the simulated clock, with the same webhook-id', async () => {
    const { sim, client, hook, trainingFile } = simulator([500, 'network-error', 503, 200]);
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: trainingFile() });
    sim.advanceJob(job.id, { to: 'succeeded' });
    await sim.webhooks.settled();
    const start = sim.clock.now();
    expect(hook.received).toHaveLength(1);
    const [first, second, third] = WEBHOOK_RETRY_DELAYS_MS as [number, number, number];
    // Nothing happens before a retry is due; each is sent exactly when the clock reaches it.
    sim.clock.advance(first - 1);
    await sim.webhooks.settled();
    expect(hook.received).toHaveLength(1);
    sim.clock.advance(1);
    await sim.webhooks.settled();
    expect(hook.received).toHaveLength(2);
    sim.clock.advance(second);
    await sim.webhooks.settled();
    sim.clock.advance(third);
    await sim.webhooks.settled();
    expect(hook.received).toHaveLength(4);
    expect(new Set(hook.received.map((request) => request.headers.get('webhook-id'))).size).toBe(1);
    // Each attempt is signed at its own time.
    expect(hook.received.map((request) => Number(request.headers.get('webhook-timestamp')))).toEqual([
      Math.floor(start / 1000),
      Math.floor((start + first) / 1000),
      Math.floor((start + first + second) / 1000),
      Math.floor((start + first + second + third) / 1000),
    ]);
    const [delivery] = sim.webhooks.deliveries;
    expect(delivery?.state).toBe('delivered');
    expect(delivery?.attempts.map((attempt) => [attempt.status, attempt.error])).toEqual([
      [500, null],
      [null, 'fetch failed'],
      [503, null],
      [200, null],
    ]);
    sim.clock.advance(WEBHOOK_RETRY_WINDOW_MS);
    await sim.webhooks.settled();
    expect(hook.received).toHaveLength(4);
  });

  it('gives up after 72 hours of failures', async () => {
    const { sim, client, hook, trainingFile } = simulator(Array.from({ length: 100 }, () => 500));
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: trainingFile() });
    sim.advanceJob(job.id, { to: 'succeeded' });
    for (let hour = 0; hour < 80; hour++) {
      await sim.webhooks.settled();
      sim.clock.advance(3_600_000);
    }
    await sim.webhooks.settled();
    const [delivery] = sim.webhooks.deliveries;
    expect(delivery?.state).toBe('failed');
    expect(delivery?.nextAttemptAt).toBeNull();
    // 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h while within 72 h of the first attempt.
    expect(hook.received).toHaveLength(12);
    const attempts = delivery?.attempts ?? [];
    const span = (attempts.at(-1)?.at ?? 0) - (attempts[0]?.at ?? 0);
    expect(span).toBeLessThanOrEqual(WEBHOOK_RETRY_WINDOW_MS);
  });

  it('is configured later with sim.webhooks.configure, and checks its options', async () => {
    const sim = createSimulator({ clock: 'manual' });
    expect(sim.webhooks.configured).toBe(false);
    expect(() => sim.webhooks.configure({ url: 'ftp://example.com', secret: WEBHOOK_SECRET })).toThrow(
      expect.objectContaining({ option: 'webhooks.url' }),
    );
    expect(() => createSimulator({ webhooks: { url: URL, secret: '' } })).toThrow(FinetuneKitUsageError);
    expect(() =>
      createSimulator({
        webhooks: { url: URL, secret: WEBHOOK_SECRET, events: ['batch.completed' as never] },
      }),
    ).toThrow(expect.objectContaining({ option: 'options.webhooks.events' }));
    const hook = endpoint();
    sim.webhooks.configure({ url: URL, secret: WEBHOOK_SECRET, fetch: hook.fetch });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
    const file = sim.addFile({ filename: 'train.jsonl', content: supportJsonl(12) });
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    await client.fineTuning.jobs.cancel(job.id);
    await sim.webhooks.settled();
    expect(hook.received).toHaveLength(1);
  });

  it('wakes itself on a clock that runs by itself: the webhook comes with no request', async () => {
    const hook = endpoint();
    const sim = createSimulator({
      clock: { speed: 2000 },
      webhooks: { url: URL, secret: WEBHOOK_SECRET, fetch: hook.fetch },
    });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
    const file = sim.addFile({ filename: 'train.jsonl', content: supportJsonl(12) });
    await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    const started = sim.requests.length;
    for (let waited = 0; hook.received.length === 0 && waited < 20_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hook.received).toHaveLength(1);
    expect(sim.requests.length).toBe(started);
    sim.webhooks.dispose();
  }, 30_000);

  it('leaves the ids and values of a seed unchanged', async () => {
    const plain = createSimulator({ clock: 'manual', seed: 5 });
    const hooked = createSimulator({
      clock: 'manual',
      seed: 5,
      webhooks: { url: URL, secret: WEBHOOK_SECRET, fetch: endpoint().fetch },
    });
    const ids = [plain, hooked].map(
      (sim) => sim.addFile({ filename: 'a.jsonl', content: supportJsonl(12) }).id,
    );
    expect(ids[0]).toBe(ids[1]);
  });
});
