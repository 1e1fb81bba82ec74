/**
 * The fine-tuning webhook receiver: verifies each delivery (`webhook-verify.ts`), drops repeated
 * deliveries of the same `webhook-id` (OpenAI delivers at least once and retries until it gets a
 * 2xx), tells its listeners, and so settles every `job.wait({ webhooks })` waiting for that job.
 * Adapters turn it into a web `Request → Response` handler (Hono, Deno, Bun, edge functions) and a
 * Node `(req, res)` handler (`http`, Express with `express.raw`).
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, webhookSecretBytes } from '../internal/standard-webhooks.js';
import { defaultListenerErrorHandler, type ListenerErrorHandler } from './listener-guard.js';
import type { FineTuneWebhookEvent } from './webhook-events.js';
import {
  type VerifiedWebhook,
  verifyWebhook,
  type WebhookCapableClient,
  type WebhookHeaders,
  WebhookVerificationError,
} from './webhook-verify.js';

/** Options of {@link createFineTuneWebhooks}. */
export interface FineTuneWebhooksOptions {
  /**
   * The endpoint's signing secret (`whsec_…`, shown once when the endpoint is created in the OpenAI
   * dashboard). @default `client.webhookSecret` (the SDK reads `OPENAI_WEBHOOK_SECRET`)
   */
  readonly secret?: string | undefined;
  /**
   * The `openai` client: its `webhooks.unwrap` checks the signatures (the Web Crypto check of
   * finetune-kit is used without one, or with an SDK older than 5.8).
   */
  readonly client?: WebhookCapableClient | undefined;
  /** How old (or how far in the future) a signature may be, in seconds. @default 300 (Standard Webhooks) */
  readonly toleranceSeconds?: number;
  /**
   * The clock timestamps are checked against; give the simulator's (`sim.clock`) in tests on
   * simulated time. @default `Date.now`
   */
  readonly clock?: { now(): number };
  /** How many delivery ids are remembered to drop repeated deliveries. @default 10_000 */
  readonly rememberDeliveries?: number;
  /**
   * Receives errors thrown by listeners (they never fail a delivery), and unexpected errors of the
   * handlers (e.g. a request stream that broke; the handler answers 500), with the event name
   * `'handler'`. @default a line on stderr
   */
  readonly onListenerError?: ListenerErrorHandler;
}

/** One handled delivery: the verified event and whether its `webhook-id` was seen before. */
export type WebhookReceipt = VerifiedWebhook & {
  /** True when this `webhook-id` was already handled: listeners were not called again. */
  readonly duplicate: boolean;
};

/** A fine-tuning event listener (see {@link FineTuneWebhooks.on}). */
export type FineTuneWebhookListener = (event: FineTuneWebhookEvent, receipt: WebhookReceipt) => void;

/** The request part a Node handler reads: `http.IncomingMessage`, or Express's `req`. */
export interface NodeWebhookRequest extends AsyncIterable<unknown> {
  readonly method?: string | undefined;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Set by body parsers: a `Buffer` (`express.raw`) or a string works; a parsed object cannot be verified. */
  readonly body?: unknown;
}

/** The response part a Node handler writes: `http.ServerResponse`, or Express's `res`. */
export interface NodeWebhookResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * A webhook receiver for fine-tuning jobs. Create it with {@link createFineTuneWebhooks}, mount one
 * of its handlers, and pass it to `job.wait({ webhooks })`.
 */
export interface FineTuneWebhooks {
  /**
   * Verifies a delivery, drops it when its `webhook-id` was already handled, and tells the listeners
   * (and so the waiting jobs) of a fine-tuning event. Other event types are verified and returned
   * with `kind: 'other'`.
   *
   * @param body - The raw body, exactly as received.
   * @param headers - The request headers.
   * @returns The receipt: `kind`, `jobId`, `event`, `duplicate`, `webhookId`, `verifiedBy`.
   * @throws {WebhookVerificationError} When the delivery fails verification (`reason` says why).
   */
  handle(body: string | Uint8Array, headers: WebhookHeaders): Promise<WebhookReceipt>;
  /**
   * Only verifies and types a delivery: no duplicate check, no listener.
   *
   * @throws {WebhookVerificationError} When the delivery fails verification.
   */
  verify(body: string | Uint8Array, headers: WebhookHeaders): Promise<VerifiedWebhook>;
  /**
   * Calls `listener` with each new fine-tuning event (once per `webhook-id`).
   *
   * @returns The function that removes the listener.
   */
  on(listener: FineTuneWebhookListener): () => void;
  /**
   * A web handler: `POST` with a valid delivery → 200, a failed verification → 400 with
   * `{ "error": "<reason>" }`, another method → 405. For Hono, Deno, Bun, Next.js route handlers,
   * Cloudflare Workers.
   *
   * @example
   * ```ts
   * app.post('/webhooks/openai', (c) => handler(c.req.raw)); // Hono
   * ```
   */
  toFetchHandler(): (request: Request) => Promise<Response>;
  /**
   * A Node handler for `http.createServer` or Express (mount it behind
   * `express.raw({ type: 'application/json' })`, not `express.json()`: verification needs the raw
   * body). Answers like {@link FineTuneWebhooks.toFetchHandler}.
   */
  toNodeHandler(): (request: NodeWebhookRequest, response: NodeWebhookResponse) => Promise<void>;
}

/** Defaults of {@link FineTuneWebhooksOptions}. */
const WEBHOOK_DEFAULTS = Object.freeze({
  toleranceSeconds: DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  rememberDeliveries: 10_000,
});

const systemNow = { now: () => Date.now() };

function decode(body: string | Uint8Array): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  throw new FinetuneKitUsageError(
    `The webhook body must be the raw text or bytes received, got ${body === null ? 'null' : typeof body}.`,
    'body',
  );
}

function resolveSecret(options: FineTuneWebhooksOptions): string {
  const secret = options.secret ?? options.client?.webhookSecret ?? undefined;
  if (typeof secret !== 'string' || secret === '') {
    throw new FinetuneKitUsageError(
      'options.secret must be the webhook signing secret (whsec_…), or the client must have webhookSecret.',
      'options.secret',
    );
  }
  try {
    webhookSecretBytes(secret);
  } catch {
    throw new FinetuneKitUsageError(
      'options.secret starts with whsec_ but is not base64 after it.',
      'options.secret',
    );
  }
  return secret;
}

function positiveNumber(value: number | undefined, fallback: number, name: string): number {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'number' || !(resolved > 0)) {
    throw new FinetuneKitUsageError(
      `options.${name} must be a number > 0, got ${String(resolved)}.`,
      `options.${name}`,
    );
  }
  return resolved;
}

/**
 * Creates a verified webhook receiver for fine-tuning jobs.
 *
 * @param options - The signing secret, and optionally the `openai` client, tolerance and clock.
 * @returns The receiver: `handle`, `verify`, `on`, `toFetchHandler`, `toNodeHandler`.
 * @throws {FinetuneKitUsageError} When the secret is missing or malformed, or an option is invalid.
 * @example
 * ```ts
 * const hooks = createFineTuneWebhooks({ client, secret: process.env.OPENAI_WEBHOOK_SECRET });
 * http.createServer(hooks.toNodeHandler()).listen(8080);
 * const done = await job.wait({ webhooks: hooks }); // ends when the webhook arrives
 * ```
 */
export function createFineTuneWebhooks(options: FineTuneWebhooksOptions = {}): FineTuneWebhooks {
  if (typeof options !== 'object' || options === null)
    throw new FinetuneKitUsageError('options must be an object.', 'options');
  const settings = {
    secret: resolveSecret(options),
    toleranceSeconds: positiveNumber(
      options.toleranceSeconds,
      WEBHOOK_DEFAULTS.toleranceSeconds,
      'toleranceSeconds',
    ),
    now: () => (options.clock ?? systemNow).now(),
    client: options.client,
  };
  const remember = positiveNumber(
    options.rememberDeliveries,
    WEBHOOK_DEFAULTS.rememberDeliveries,
    'rememberDeliveries',
  );
  if (options.clock !== undefined && typeof options.clock?.now !== 'function')
    throw new FinetuneKitUsageError('options.clock must have now().', 'options.clock');
  const onListenerError = options.onListenerError ?? defaultListenerErrorHandler;
  // Insertion-ordered: the oldest id is forgotten first once `remember` is reached.
  const seen = new Set<string>();
  const listeners = new Set<FineTuneWebhookListener>();

  const verify = (body: string | Uint8Array, headers: WebhookHeaders) =>
    verifyWebhook(decode(body), headers, settings);

  const handle = async (body: string | Uint8Array, headers: WebhookHeaders): Promise<WebhookReceipt> => {
    const verified = await verify(body, headers);
    const duplicate = seen.has(verified.webhookId);
    const receipt: WebhookReceipt = Object.freeze({ ...verified, duplicate });
    if (duplicate) return receipt;
    seen.add(verified.webhookId);
    if (seen.size > remember) seen.delete(seen.values().next().value as string);
    if (receipt.kind === 'fine_tuning_job') {
      for (const listener of [...listeners]) {
        try {
          listener(receipt.event, receipt);
        } catch (error) {
          onListenerError(error, receipt.event.type);
        }
      }
    }
    return receipt;
  };

  /** The answer to one request, shared by both adapters. */
  const answer = async (
    method: string | undefined,
    read: () => Promise<string | Uint8Array>,
    headers: WebhookHeaders,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    if (method !== undefined && method.toUpperCase() !== 'POST')
      return { status: 405, body: { error: 'method_not_allowed' } };
    try {
      const receipt = await handle(await read(), headers);
      return { status: 200, body: { received: true, duplicate: receipt.duplicate } };
    } catch (error) {
      if (WebhookVerificationError.isInstance(error)) return { status: 400, body: { error: error.reason } };
      if (FinetuneKitUsageError.isInstance(error))
        return { status: 500, body: { error: 'misconfigured', message: error.message } };
      // A server must not die of one bad request (Node turns a rejected handler into a crash).
      onListenerError(error, 'handler');
      return { status: 500, body: { error: 'internal_error' } };
    }
  };

  return Object.freeze({
    handle,
    verify,
    on(listener: FineTuneWebhookListener) {
      if (typeof listener !== 'function')
        throw new FinetuneKitUsageError('listener must be a function.', 'listener');
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    toFetchHandler() {
      return async (request: Request) => {
        const { status, body } = await answer(request.method, () => request.text(), request.headers);
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json' },
        });
      };
    },
    toNodeHandler() {
      return async (request: NodeWebhookRequest, response: NodeWebhookResponse) => {
        const { status, body } = await answer(request.method, () => readNodeBody(request), request.headers);
        response.statusCode = status;
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(body));
      };
    },
  });
}

/** The raw body of a Node request: what a raw/text body parser left, or the stream itself. */
async function readNodeBody(request: NodeWebhookRequest): Promise<string | Uint8Array> {
  const parsed = request.body;
  if (typeof parsed === 'string' || parsed instanceof Uint8Array) return parsed;
  if (
    parsed !== undefined &&
    parsed !== null &&
    !(typeof parsed === 'object' && Object.keys(parsed).length === 0)
  ) {
    throw new FinetuneKitUsageError(
      'The webhook body was parsed before verification (express.json()?): mount the handler behind express.raw({ type: "application/json" }).',
      'body',
    );
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of request) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    chunks.push(bytes);
    length += bytes.length;
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}
