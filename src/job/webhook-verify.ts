/**
 * Verifying one webhook delivery: the Standard Webhooks headers, the timestamp tolerance, the
 * signature, then the payload's shape. The signature is checked by the user's `openai` client
 * (`client.webhooks.unwrap`) when it has one, else with Web Crypto here
 * (`src/internal/standard-webhooks.ts`), with the same rules. The headers and the timestamp are
 * always checked here first, so every failure has a typed reason, and the timestamp is read
 * against the receiver's clock (the SDK reads `Date.now()`, which a test on simulated time cannot
 * move).
 *
 * @module
 */
import { FinetuneKitError, isFinetuneKitErrorNamed, markErrorClass } from '../errors.js';
import { isRecord } from '../internal/is-record.js';
import { hasValidSignature } from '../internal/standard-webhooks.js';
import {
  FINE_TUNE_WEBHOOK_EVENT_TYPES,
  type FineTuneWebhookEvent,
  type OtherWebhookEvent,
} from './webhook-events.js';

/** Why a delivery was refused. */
export type WebhookVerificationReason =
  /** `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent (see `header`). */
  | 'missing_header'
  /** `webhook-timestamp` is not a number of seconds. */
  | 'invalid_timestamp'
  /** Signed longer ago than the tolerance (a replay, or a clock far off). */
  | 'timestamp_too_old'
  /** Signed further in the future than the tolerance. */
  | 'timestamp_too_new'
  /** No `v1` signature matches: a wrong secret, or a body that is not the raw bytes received. */
  | 'signature_mismatch'
  /** Signed correctly but not a JSON event (or a fine-tuning event without `data.id`). */
  | 'invalid_payload';

/**
 * Thrown when a webhook delivery fails verification. `reason` says why; answer the sender with a
 * 4xx (the fetch and Node handlers answer 400), so a genuine delivery that failed is retried.
 *
 * @example
 * ```ts
 * try { await hooks.handle(body, headers); } catch (error) {
 *   if (WebhookVerificationError.isInstance(error)) console.warn(error.reason, error.webhookId);
 * }
 * ```
 */
export class WebhookVerificationError extends FinetuneKitError {
  /** True when `value` is a {@link WebhookVerificationError}, also across realms and package copies; safe unbound. */
  static override readonly isInstance = (value: unknown): value is WebhookVerificationError =>
    isFinetuneKitErrorNamed(value, 'WebhookVerificationError');

  /** Why the delivery was refused. */
  readonly reason: WebhookVerificationReason;
  /** The header at fault (`missing_header`, `invalid_timestamp`, `timestamp_too_*`), else `null`. */
  readonly header: string | null;
  /** The delivery's `webhook-id`, when it had one. */
  readonly webhookId: string | null;

  constructor(
    message: string,
    reason: WebhookVerificationReason,
    details: { header?: string | null; webhookId?: string | null; cause?: unknown } = {},
  ) {
    super(message, 'webhook_verification_failed', { cause: details.cause });
    this.name = 'WebhookVerificationError';
    markErrorClass(this, 'WebhookVerificationError');
    this.reason = reason;
    this.header = details.header ?? null;
    this.webhookId = details.webhookId ?? null;
  }
}

/**
 * Request headers in any common shape: a web `Headers`, Node's `req.headers` (lower-case keys,
 * values possibly arrays) or a plain object.
 */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The part of an `openai` client used here: `client.webhooks.unwrap` (openai ≥ 5.8). Older clients,
 * or none, mean the Web Crypto check.
 */
export interface WebhookCapableClient {
  readonly webhooks?: {
    unwrap(
      payload: string,
      headers: Record<string, string>,
      secret?: string | null,
      tolerance?: number,
    ): Promise<unknown>;
  };
  readonly webhookSecret?: string | null;
}

/** A verified delivery: its id, which check verified it, and the event. */
export type VerifiedWebhook = {
  /** The delivery's `webhook-id`, the same on every retry of it. */
  readonly webhookId: string;
  /** `openai-sdk` when `client.webhooks.unwrap` checked the signature, else `web-crypto`. */
  readonly verifiedBy: 'openai-sdk' | 'web-crypto';
} & (
  | { readonly kind: 'fine_tuning_job'; readonly jobId: string; readonly event: FineTuneWebhookEvent }
  | { readonly kind: 'other'; readonly jobId: null; readonly event: OtherWebhookEvent }
);

/** What {@link verifyWebhook} checks against. */
export interface VerifySettings {
  readonly secret: string;
  readonly toleranceSeconds: number;
  readonly now: () => number;
  readonly client: WebhookCapableClient | undefined;
}

/** Reads one header case-insensitively; arrays (a repeated header) are joined with a space. */
function header(headers: WebhookHeaders, name: string): string | null {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  let value = record[name];
  if (value === undefined) {
    const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
    value = key === undefined ? undefined : record[key];
  }
  if (value === undefined) return null;
  return typeof value === 'string' ? value : value.join(' ');
}

function required(headers: WebhookHeaders, name: string, webhookId: string | null): string {
  const value = header(headers, name);
  if (value === null || value.trim() === '') {
    throw new WebhookVerificationError(
      `Webhook delivery refused: missing_header: no ${name} header (is this a webhook from OpenAI?).`,
      'missing_header',
      { header: name, webhookId },
    );
  }
  return value.trim();
}

function checkTimestamp(timestamp: string, settings: VerifySettings, webhookId: string): void {
  const seconds = /^\d+$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!Number.isSafeInteger(seconds)) {
    throw new WebhookVerificationError(
      `Webhook ${webhookId} refused: invalid_timestamp: webhook-timestamp ${JSON.stringify(timestamp.slice(0, 40))} is not Unix seconds.`,
      'invalid_timestamp',
      { header: 'webhook-timestamp', webhookId },
    );
  }
  const now = Math.floor(settings.now() / 1000);
  const tolerance = settings.toleranceSeconds;
  if (now - seconds > tolerance) {
    throw new WebhookVerificationError(
      `Webhook ${webhookId} refused: timestamp_too_old: signed ${now - seconds} s ago, more than the ${tolerance} s tolerance (a replay, or this machine's clock is off).`,
      'timestamp_too_old',
      { header: 'webhook-timestamp', webhookId },
    );
  }
  if (seconds - now > tolerance) {
    throw new WebhookVerificationError(
      `Webhook ${webhookId} refused: timestamp_too_new: signed ${seconds - now} s in the future, more than the ${tolerance} s tolerance (this machine's clock is off).`,
      'timestamp_too_new',
      { header: 'webhook-timestamp', webhookId },
    );
  }
}

function mismatch(webhookId: string, cause?: unknown): WebhookVerificationError {
  return new WebhookVerificationError(
    `Webhook ${webhookId} refused: signature_mismatch: no v1 signature matches (a wrong secret, or the body is not the raw bytes received, e.g. parsed and re-serialised).`,
    'signature_mismatch',
    { webhookId, cause },
  );
}

function invalidPayload(webhookId: string, why: string, cause?: unknown): WebhookVerificationError {
  return new WebhookVerificationError(
    `Webhook ${webhookId} refused: invalid_payload: ${why}.`,
    'invalid_payload',
    { webhookId, cause },
  );
}

/** Types the parsed payload: one of the three fine-tuning events, or any other event. */
function classify(
  payload: unknown,
  webhookId: string,
):
  | { kind: 'fine_tuning_job'; jobId: string; event: FineTuneWebhookEvent }
  | { kind: 'other'; jobId: null; event: OtherWebhookEvent } {
  if (!isRecord(payload) || typeof payload.type !== 'string')
    throw invalidPayload(webhookId, 'the body is not an event object with a "type"');
  const type = payload.type;
  if ((FINE_TUNE_WEBHOOK_EVENT_TYPES as readonly string[]).includes(type)) {
    const data = payload.data;
    if (!isRecord(data) || typeof data.id !== 'string' || data.id === '')
      throw invalidPayload(webhookId, `a ${type} event without data.id`);
    return { kind: 'fine_tuning_job', jobId: data.id, event: payload as unknown as FineTuneWebhookEvent };
  }
  return { kind: 'other', jobId: null, event: payload as unknown as OtherWebhookEvent };
}

/**
 * Verifies one delivery and types its payload.
 *
 * @param body - The raw body, exactly as received (a parsed and re-serialised body does not verify).
 * @param headers - The request headers.
 * @param settings - Secret, tolerance, clock and the optional `openai` client.
 * @returns The delivery id, how it was verified, and the typed event.
 * @throws {WebhookVerificationError} Saying why (`reason`).
 */
export async function verifyWebhook(
  body: string,
  headers: WebhookHeaders,
  settings: VerifySettings,
): Promise<VerifiedWebhook> {
  const webhookId = required(headers, 'webhook-id', null);
  const timestamp = required(headers, 'webhook-timestamp', webhookId);
  const signature = required(headers, 'webhook-signature', webhookId);
  checkTimestamp(timestamp, settings, webhookId);
  const unwrap = settings.client?.webhooks?.unwrap;
  let payload: unknown;
  let verifiedBy: VerifiedWebhook['verifiedBy'];
  if (typeof unwrap === 'function') {
    verifiedBy = 'openai-sdk';
    try {
      // The timestamp was checked above against the receiver's clock; the SDK's own check (on
      // Date.now()) is switched off by an unbounded tolerance so that a simulated clock works.
      payload = await unwrap.call(
        settings.client?.webhooks,
        body,
        { 'webhook-id': webhookId, 'webhook-timestamp': timestamp, 'webhook-signature': signature },
        settings.secret,
        Number.MAX_SAFE_INTEGER,
      );
    } catch (error) {
      if (error instanceof SyntaxError) throw invalidPayload(webhookId, 'the body is not JSON', error);
      throw mismatch(webhookId, error);
    }
  } else {
    verifiedBy = 'web-crypto';
    if (!(await hasValidSignature(settings.secret, webhookId, timestamp, body, signature)))
      throw mismatch(webhookId);
    try {
      payload = JSON.parse(body);
    } catch (error) {
      throw invalidPayload(webhookId, 'the body is not JSON', error);
    }
  }
  return { webhookId, verifiedBy, ...classify(payload, webhookId) };
}
