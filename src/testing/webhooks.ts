/**
 * Webhooks from the simulator: when a job succeeds, fails or is cancelled, a signed
 * `fine_tuning.job.*` event is POSTed to the configured URL, as OpenAI does (Standard Webhooks
 * headers and signature, the payload of the OpenAPI spec's `WebhookFineTuningJob*` schemas). A
 * delivery answered with a non-2xx status or a network error is retried on the simulator's clock
 * with an exponential backoff, for up to 72 hours after the first attempt (OpenAI's documented
 * window: https://platform.openai.com/docs/guides/webhooks); with a `'manual'` clock, retries happen
 * exactly when the test moves time past them. Every attempt is in `sim.webhooks.deliveries`.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { createRandom, type SeededRandom } from '../internal/seeded-random.js';
import { signWebhook, webhookSecretBytes } from '../internal/standard-webhooks.js';
import type { SimulatorClock } from './clock.js';

/** The fine-tuning webhook event types. */
export type SimulatedWebhookEventType =
  | 'fine_tuning.job.succeeded'
  | 'fine_tuning.job.failed'
  | 'fine_tuning.job.cancelled';

const ALL_EVENT_TYPES: readonly SimulatedWebhookEventType[] = [
  'fine_tuning.job.succeeded',
  'fine_tuning.job.failed',
  'fine_tuning.job.cancelled',
];

/** Where and how the simulator delivers webhooks (`createSimulator({ webhooks })`, `sim.webhooks.configure`). */
export interface SimulatorWebhookOptions {
  /** The endpoint, e.g. a loopback server of the test: `http://127.0.0.1:8787/webhooks/openai`. */
  readonly url: string;
  /** The signing secret (`whsec_<base64>`, as the OpenAI dashboard shows it). */
  readonly secret: string;
  /** The event types to send. @default all three */
  readonly events?: readonly SimulatedWebhookEventType[];
  /** Sends the requests. @default globalThis.fetch */
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/** A webhook event as sent (the body of every attempt of one delivery). */
export interface SimulatedWebhookEvent {
  readonly id: string;
  readonly object: 'event';
  readonly type: SimulatedWebhookEventType;
  readonly created_at: number;
  readonly data: { readonly id: string };
}

/** One attempt of a delivery. */
export interface SimulatedWebhookAttempt {
  /** Simulated time of the attempt (ms); the `webhook-timestamp` is its seconds. */
  readonly at: number;
  /** The HTTP status received, or `null` after a network error. */
  readonly status: number | null;
  /** The network error, or `null`. */
  readonly error: string | null;
}

/** One webhook delivery and its attempts (oldest first). */
export interface SimulatedWebhookDelivery {
  /** The `webhook-id` header: the same on every attempt (receivers drop repeats by it). */
  readonly webhookId: string;
  readonly url: string;
  readonly event: SimulatedWebhookEvent;
  /** `pending` while attempts remain, `delivered` after a 2xx, `failed` after the 72-hour window. */
  readonly state: 'pending' | 'delivered' | 'failed';
  readonly attempts: readonly SimulatedWebhookAttempt[];
  /** Simulated time of the next attempt, or `null` when done. */
  readonly nextAttemptAt: number | null;
}

/**
 * Delays between attempts after a failure, growing from 5 s to 10 hours, then 10 hours each until
 * the 72-hour window closes. OpenAI publishes no exact schedule, only "exponential backoff for up to
 * 72 hours"; these are the delays Svix (the maintainers of the Standard Webhooks spec) documents
 * for its own retries (https://docs.svix.com/retries).
 */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = Object.freeze([
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
]);

/** How long a delivery is retried after its first attempt. */
export const WEBHOOK_RETRY_WINDOW_MS = 72 * 3_600_000;

const USER_AGENT = 'OpenAI/1.0 (+https://platform.openai.com/docs/webhooks)';

/** {@link SimulatorWebhookOptions} checked, with the default events. */
interface ResolvedWebhookOptions {
  readonly url: string;
  readonly secret: string;
  readonly events: readonly SimulatedWebhookEventType[];
  readonly fetch: SimulatorWebhookOptions['fetch'] | undefined;
}

/** Checks webhook options; bad ones are a `FinetuneKitUsageError` naming the option. */
export function resolveWebhookOptions(
  options: SimulatorWebhookOptions,
  name = 'options.webhooks',
): ResolvedWebhookOptions {
  if (typeof options !== 'object' || options === null)
    throw new FinetuneKitUsageError(`${name} must be an object with url and secret.`, name);
  let url: URL | null = null;
  try {
    url = new URL(options.url);
  } catch {
    // Reported below.
  }
  if (!url || !/^https?:$/.test(url.protocol))
    throw new FinetuneKitUsageError(
      `${name}.url must be an http(s) URL, got ${String(options.url)}.`,
      `${name}.url`,
    );
  let secretOk = typeof options.secret === 'string' && options.secret !== '';
  try {
    if (secretOk) webhookSecretBytes(options.secret);
  } catch {
    secretOk = false;
  }
  if (!secretOk)
    throw new FinetuneKitUsageError(
      `${name}.secret must be a signing secret (whsec_<base64>).`,
      `${name}.secret`,
    );
  const events = options.events ?? ALL_EVENT_TYPES;
  if (!Array.isArray(events) || events.some((type) => !ALL_EVENT_TYPES.includes(type))) {
    throw new FinetuneKitUsageError(
      `${name}.events must list some of ${ALL_EVENT_TYPES.join(', ')}.`,
      `${name}.events`,
    );
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    throw new FinetuneKitUsageError(`${name}.fetch must be a function.`, `${name}.fetch`);
  return { url: url.href, secret: options.secret, events: [...events], fetch: options.fetch };
}

interface DeliveryRecord {
  webhookId: string;
  url: string;
  secret: string;
  event: SimulatedWebhookEvent;
  state: SimulatedWebhookDelivery['state'];
  attempts: SimulatedWebhookAttempt[];
  nextAttemptAt: number | null;
  inFlight: boolean;
}

/** What the webhooks need of the simulator. */
export interface SimulatorWebhookHost {
  readonly clock: SimulatorClock;
  readonly seed: number;
  /** Brings the simulator up to the clock (jobs end, deliveries fall due). */
  readonly sync: () => void;
  /** Simulated time of the next change of any job, or `null`. */
  readonly nextChangeAt: () => number | null;
}

/**
 * The simulator's webhook sender: `sim.webhooks`.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ clock: 'manual', webhooks: { url, secret: 'whsec_…' } });
 * // … a job ends …
 * await sim.webhooks.settled();
 * sim.webhooks.deliveries[0]?.state; // 'delivered'
 * ```
 */
export class SimulatorWebhooks {
  readonly #host: SimulatorWebhookHost;
  readonly #random: SeededRandom;
  readonly #deliveries: DeliveryRecord[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  #options: ResolvedWebhookOptions | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  /** @internal Created by the simulator. */
  constructor(host: SimulatorWebhookHost, options: SimulatorWebhookOptions | undefined) {
    this.#host = host;
    // Its own stream: configuring webhooks leaves every other id and value of a seed unchanged.
    this.#random = createRandom(host.seed * 31 + 0x77eb);
    if (options !== undefined) this.#options = resolveWebhookOptions(options);
  }

  /**
   * Sets (or with `null` removes) the endpoint for jobs that end from now on. Pending retries keep
   * their URL and secret.
   *
   * @throws {FinetuneKitUsageError} When an option is invalid.
   */
  configure(options: SimulatorWebhookOptions | null): void {
    this.#options = options === null ? null : resolveWebhookOptions(options, 'webhooks');
    this.#schedule();
  }

  /** True when an endpoint is configured. */
  get configured(): boolean {
    return this.#options !== null;
  }

  /** Every delivery so far, oldest first, with its attempts (copies). */
  get deliveries(): readonly SimulatedWebhookDelivery[] {
    return this.#deliveries.map((record) => ({
      webhookId: record.webhookId,
      url: record.url,
      event: record.event,
      state: record.state,
      attempts: [...record.attempts],
      nextAttemptAt: record.nextAttemptAt,
    }));
  }

  /** Resolves once no attempt is in flight (attempts run in the background). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Stops the real-time timer of non-manual clocks (the simulator's `close()` calls it). */
  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /**
   * @internal A job reached a final status at `time`: queue the event when it is subscribed.
   */
  jobEnded(jobId: string, status: 'succeeded' | 'failed' | 'cancelled', time: number): void {
    const options = this.#options;
    const type = `fine_tuning.job.${status}` as const;
    if (!options?.events.includes(type)) return;
    this.#deliveries.push({
      webhookId: `wh_${this.#random.string(32, '0123456789abcdef')}`,
      url: options.url,
      secret: options.secret,
      event: Object.freeze({
        id: `evt_${this.#random.string(32, '0123456789abcdef')}`,
        object: 'event',
        type,
        created_at: Math.floor(time / 1000),
        data: Object.freeze({ id: jobId }),
      }),
      state: 'pending',
      attempts: [],
      nextAttemptAt: time,
      inFlight: false,
    });
    this.process();
  }

  /** @internal Starts every attempt that is due (called after each sync of the simulator). */
  process(): void {
    const now = this.#host.clock.now();
    for (const record of this.#deliveries) {
      if (record.state !== 'pending' || record.inFlight || record.nextAttemptAt === null) continue;
      if (record.nextAttemptAt > now) continue;
      const attempt = this.#attempt(record, now).finally(() => this.#inFlight.delete(attempt));
      this.#inFlight.add(attempt);
    }
    this.#schedule();
  }

  async #attempt(record: DeliveryRecord, at: number): Promise<void> {
    record.inFlight = true;
    const send = this.#options?.fetch ?? ((url: string, init: RequestInit) => globalThis.fetch(url, init));
    const body = JSON.stringify(record.event);
    const timestamp = Math.floor(at / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const signature = await signWebhook({ id: record.webhookId, timestamp, body, secret: record.secret });
      const response = await send(record.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'webhook-id': record.webhookId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
        },
        body,
      });
      status = response.status;
      // Read the body so the connection is released.
      await response.arrayBuffer().catch(() => undefined);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    record.attempts.push(Object.freeze({ at, status, error }));
    record.inFlight = false;
    if (status !== null && status >= 200 && status < 300) {
      record.state = 'delivered';
      record.nextAttemptAt = null;
      return;
    }
    const first = record.attempts[0]?.at ?? at;
    const delay =
      WEBHOOK_RETRY_DELAYS_MS[Math.min(record.attempts.length - 1, WEBHOOK_RETRY_DELAYS_MS.length - 1)] ?? 0;
    if (at + delay - first > WEBHOOK_RETRY_WINDOW_MS) {
      record.state = 'failed';
      record.nextAttemptAt = null;
      return;
    }
    record.nextAttemptAt = at + delay;
    // The clock may have passed the retry while this attempt was in flight.
    this.process();
  }

  /**
   * On clocks that run by themselves, nothing else would notice that a job ended or a retry fell
   * due while no client calls: a timer (unref'd) wakes the simulator then. A manual clock needs none.
   */
  #schedule(): void {
    const clock = this.#host.clock;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (clock.mode === 'manual' || (this.#options === null && !this.#deliveries.some(isWaiting))) return;
    const times = this.#deliveries.filter(isWaiting).map((record) => record.nextAttemptAt as number);
    const jobChange = this.#options === null ? null : this.#host.nextChangeAt();
    if (jobChange !== null) times.push(jobChange);
    if (times.length === 0) return;
    const realMs = Math.max(0, (Math.min(...times) - clock.now()) / clock.speed);
    const timer = setTimeout(
      () => {
        this.#timer = null;
        this.#host.sync();
      },
      Math.min(realMs + 1, 2_147_483_647),
    );
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }
}

function isWaiting(record: DeliveryRecord): boolean {
  return record.state === 'pending' && !record.inFlight && record.nextAttemptAt !== null;
}
