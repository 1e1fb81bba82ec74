import OpenAI from 'openai';
import { describe, expect, it, vi } from 'vitest';
import { FinetuneKitUsageError } from '../../src/errors.js';
import {
  createFineTuneWebhooks,
  type FineTuneWebhookEvent,
  type NodeWebhookRequest,
  WebhookVerificationError,
} from '../../src/job/index.js';
import {
  OTHER_SECRET,
  sign,
  signedHeaders,
  succeededBody,
  WEBHOOK_SECRET,
} from './helpers/webhook-signing.js';

const NOW = Date.UTC(2026, 10, 26, 9, 0, 0);
const clock = { now: () => NOW };

/** The error a call rejects with. */
async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(WebhookVerificationError.isInstance(error), String(error)).toBe(true);
  return error as WebhookVerificationError;
}

/** Receivers on both verification paths: the SDK's `webhooks.unwrap` and the Web Crypto fallback. */
const paths = [
  {
    name: 'openai SDK unwrap',
    verifiedBy: 'openai-sdk',
    make: () =>
      createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock, client: new OpenAI({ apiKey: 'sk-test' }) }),
  },
  {
    name: 'Web Crypto fallback (no client)',
    verifiedBy: 'web-crypto',
    make: () => createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock }),
  },
  {
    name: 'Web Crypto fallback (an SDK without webhooks)',
    verifiedBy: 'web-crypto',
    make: () => createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock, client: {} }),
  },
] as const;

describe.each(paths)('webhook verification: $name', ({ make, verifiedBy }) => {
  it('accepts a valid delivery and types the fine-tuning event', async () => {
    const body = succeededBody('ftjob-abc123');
    const receipt = await make().handle(body, signedHeaders(body, { timestampMs: NOW - 20_000 }));
    expect(receipt).toMatchObject({
      kind: 'fine_tuning_job',
      jobId: 'ftjob-abc123',
      duplicate: false,
      verifiedBy,
      webhookId: 'wh_685342e6c53c8190a1be43f081506c52',
    });
    if (receipt.kind !== 'fine_tuning_job') throw new Error('unreachable');
    expect(receipt.event.type).toBe('fine_tuning.job.succeeded');
    expect(receipt.event.data.id).toBe('ftjob-abc123');
  });

  it('refuses a tampered body', async () => {
    const body = succeededBody('ftjob-abc123');
    const headers = signedHeaders(body, { timestampMs: NOW });
    const error = await rejection(make().handle(body.replace('ftjob-abc123', 'ftjob-evil00'), headers));
    expect(error.reason).toBe('signature_mismatch');
    expect(error.code).toBe('webhook_verification_failed');
    expect(error.webhookId).toBe('wh_685342e6c53c8190a1be43f081506c52');
    expect(error.message).toMatch(/raw bytes/);
  });

  it('refuses a delivery signed with another secret', async () => {
    const body = succeededBody();
    const error = await rejection(
      make().handle(body, signedHeaders(body, { timestampMs: NOW, secret: OTHER_SECRET })),
    );
    expect(error.reason).toBe('signature_mismatch');
  });

  it('refuses a timestamp older than 5 minutes, and one too far ahead', async () => {
    const body = succeededBody();
    const old = await rejection(make().handle(body, signedHeaders(body, { timestampMs: NOW - 301_000 })));
    expect(old).toMatchObject({ reason: 'timestamp_too_old', header: 'webhook-timestamp' });
    expect(old.message).toContain('301 s ago');
    const ahead = await rejection(make().handle(body, signedHeaders(body, { timestampMs: NOW + 400_000 })));
    expect(ahead.reason).toBe('timestamp_too_new');
    // Just inside the tolerance is fine.
    await expect(
      make().handle(body, signedHeaders(body, { timestampMs: NOW - 299_000 })),
    ).resolves.toMatchObject({
      duplicate: false,
    });
  });

  it('accepts a header with several signatures when one matches (secret rotation)', async () => {
    const body = succeededBody();
    const timestamp = Math.floor(NOW / 1000);
    const id = 'wh_rotation0000000000000000000001';
    const header = [
      sign(OTHER_SECRET, id, timestamp, body),
      'v1a,bm90IGFuIGVkMjU1MTkgc2lnbmF0dXJl',
      'v1,not-base64!!',
      sign(WEBHOOK_SECRET, id, timestamp, body),
    ].join(' ');
    const receipt = await make().handle(body, {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': header,
    });
    expect(receipt.jobId).toBe('ftjob-abc123');
  });

  it('names the missing header', async () => {
    const body = succeededBody();
    const { 'webhook-signature': _, ...headers } = signedHeaders(body, { timestampMs: NOW });
    const error = await rejection(make().handle(body, headers));
    expect(error).toMatchObject({ reason: 'missing_header', header: 'webhook-signature' });
    const noId = await rejection(make().handle(body, {}));
    expect(noId).toMatchObject({ reason: 'missing_header', header: 'webhook-id', webhookId: null });
  });
});

describe('createFineTuneWebhooks', () => {
  it('ignores a repeated delivery (same webhook-id): listeners hear each event once', async () => {
    const hooks = createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock });
    const heard: FineTuneWebhookEvent[] = [];
    hooks.on((event) => heard.push(event));
    const body = succeededBody();
    const first = await hooks.handle(body, signedHeaders(body, { timestampMs: NOW - 5000 }));
    // The retry is signed again, later, with the same webhook-id.
    const retry = await hooks.handle(body, signedHeaders(body, { timestampMs: NOW }));
    expect(first.duplicate).toBe(false);
    expect(retry.duplicate).toBe(true);
    expect(heard).toHaveLength(1);
    // A failed verification is not remembered: the genuine delivery still counts.
    const other = succeededBody('ftjob-def456', 'evt_2');
    const bad = signedHeaders(other, { id: 'wh_second', timestampMs: NOW, secret: OTHER_SECRET });
    await rejection(hooks.handle(other, bad));
    const good = await hooks.handle(other, signedHeaders(other, { id: 'wh_second', timestampMs: NOW }));
    expect(good.duplicate).toBe(false);
    expect(heard.map((event) => event.data.id)).toEqual(['ftjob-abc123', 'ftjob-def456']);
  });

  it('passes other event types through, typed as other, without telling listeners', async () => {
    const hooks = createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock });
    const listener = vi.fn();
    hooks.on(listener);
    const body = JSON.stringify({
      id: 'evt_batch1',
      object: 'event',
      created_at: 1_764_147_600,
      type: 'batch.completed',
      data: { id: 'batch_abc' },
    });
    const receipt = await hooks.handle(body, signedHeaders(body, { timestampMs: NOW }));
    expect(receipt).toMatchObject({ kind: 'other', jobId: null, event: { type: 'batch.completed' } });
    expect(listener).not.toHaveBeenCalled();
  });

  it('refuses a signed body that is not an event', async () => {
    const hooks = createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock });
    for (const body of ['not json', '{"type":"fine_tuning.job.failed","data":{}}']) {
      const error = await rejection(hooks.handle(body, signedHeaders(body, { timestampMs: NOW })));
      expect(error.reason).toBe('invalid_payload');
    }
  });

  it('reads Node-style headers (arrays, mixed case) and bytes', async () => {
    const hooks = createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock });
    const body = succeededBody();
    const headers = signedHeaders(body, { timestampMs: NOW });
    const receipt = await hooks.handle(new TextEncoder().encode(body), {
      'Webhook-Id': headers['webhook-id'],
      'webhook-timestamp': [headers['webhook-timestamp'] as string],
      'webhook-signature': headers['webhook-signature'],
    });
    expect(receipt.jobId).toBe('ftjob-abc123');
  });

  it('keeps calling listeners when one throws, and reports the error', async () => {
    const onListenerError = vi.fn();
    const hooks = createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock, onListenerError });
    const second = vi.fn();
    hooks.on(() => {
      throw new Error('listener bug');
    });
    hooks.on(second);
    const body = succeededBody();
    await hooks.handle(body, signedHeaders(body, { timestampMs: NOW }));
    expect(second).toHaveBeenCalledOnce();
    expect(onListenerError).toHaveBeenCalledWith(expect.any(Error), 'fine_tuning.job.succeeded');
  });

  it('checks its options', () => {
    expect(() => createFineTuneWebhooks({})).toThrow(FinetuneKitUsageError);
    expect(() => createFineTuneWebhooks({ secret: 'whsec_***' })).toThrow(/not base64/);
    expect(() => createFineTuneWebhooks({ secret: WEBHOOK_SECRET, toleranceSeconds: 0 })).toThrow(
      expect.objectContaining({ option: 'options.toleranceSeconds' }),
    );
    // The client's own secret (OPENAI_WEBHOOK_SECRET) is used when none is given.
    const client = new OpenAI({ apiKey: 'sk-test', webhookSecret: WEBHOOK_SECRET });
    expect(() => createFineTuneWebhooks({ client })).not.toThrow();
  });
});

describe('webhook handlers', () => {
  it('toFetchHandler answers 200, 400 with the reason, and 405', async () => {
    const handler = createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock }).toFetchHandler();
    const body = succeededBody();
    const url = 'https://hooks.example.com/openai';
    const ok = await handler(
      new Request(url, { method: 'POST', body, headers: signedHeaders(body, { timestampMs: NOW }) }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: true, duplicate: false });
    const bad = await handler(
      new Request(url, {
        method: 'POST',
        body: `${body} `,
        headers: signedHeaders(body, { id: 'wh_x', timestampMs: NOW }),
      }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'signature_mismatch' });
    expect((await handler(new Request(url))).status).toBe(405);
  });

  /** A Node request: the body as a stream of chunks, or left by a body parser. */
  function nodeRequest(
    headers: Record<string, string>,
    chunks: Uint8Array[],
    parsed?: unknown,
  ): NodeWebhookRequest {
    return {
      method: 'POST',
      headers,
      ...(parsed === undefined ? {} : { body: parsed }),
      async *[Symbol.asyncIterator]() {
        yield* chunks;
      },
    };
  }

  function nodeResponse() {
    const response = {
      statusCode: 0,
      headers: {} as Record<string, string>,
      body: '',
      setHeader(name: string, value: string) {
        response.headers[name] = value;
      },
      end(body?: string) {
        response.body = body ?? '';
      },
    };
    return response;
  }

  it('toNodeHandler reads the raw stream (node:http) or the Buffer of express.raw', async () => {
    const handler = createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock }).toNodeHandler();
    const body = succeededBody();
    const bytes = new TextEncoder().encode(body);
    const streamed = nodeResponse();
    await handler(
      nodeRequest(signedHeaders(body, { timestampMs: NOW }), [bytes.slice(0, 40), bytes.slice(40)]),
      streamed,
    );
    expect(streamed.statusCode).toBe(200);
    expect(JSON.parse(streamed.body)).toEqual({ received: true, duplicate: false });
    const raw = nodeResponse();
    await handler(
      nodeRequest(signedHeaders(body, { id: 'wh_2', timestampMs: NOW }), [], Buffer.from(body)),
      raw,
    );
    expect(raw.statusCode).toBe(200);
  });

  it('toNodeHandler answers 500 to a broken request stream instead of rejecting', async () => {
    const onListenerError = vi.fn();
    const handler = createFineTuneWebhooks({
      secret: WEBHOOK_SECRET,
      clock,
      onListenerError,
    }).toNodeHandler();
    const response = nodeResponse();
    const broken: NodeWebhookRequest = {
      method: 'POST',
      headers: signedHeaders(succeededBody(), { timestampMs: NOW }),
      // biome-ignore lint/correctness/useYield: a stream that breaks before its first chunk
      async *[Symbol.asyncIterator]() {
        throw new Error('aborted');
      },
    };
    await handler(broken, response);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ error: 'internal_error' });
    expect(onListenerError).toHaveBeenCalledWith(expect.objectContaining({ message: 'aborted' }), 'handler');
  });

  it('toNodeHandler explains a body already parsed by express.json()', async () => {
    const handler = createFineTuneWebhooks({ secret: WEBHOOK_SECRET, clock }).toNodeHandler();
    const body = succeededBody();
    const response = nodeResponse();
    await handler(nodeRequest(signedHeaders(body, { timestampMs: NOW }), [], JSON.parse(body)), response);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body).message).toMatch(/express\.raw/);
  });
});
