import OpenAI from 'openai';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createFineTuneWebhooks,
  type FineTuneJob,
  type FineTuneWebhookEvent,
  type FineTuneWebhookEventType,
  type FineTuneWebhooks,
  type OtherWebhookEvent,
  type WebhookReceipt,
  type WebhookVerificationReason,
} from '../../src/job/index.js';

declare const job: FineTuneJob;
declare const receipt: WebhookReceipt;

describe('webhook types', () => {
  it('takes an openai client as is', () => {
    const hooks = createFineTuneWebhooks({
      client: new OpenAI({ apiKey: 'sk-test' }),
      secret: 'whsec_dGVzdA==',
    });
    expectTypeOf(hooks).toEqualTypeOf<FineTuneWebhooks>();
    expectTypeOf(hooks.handle).returns.resolves.toEqualTypeOf<WebhookReceipt>();
    expectTypeOf(hooks.toFetchHandler()).toEqualTypeOf<(request: Request) => Promise<Response>>();
  });

  it('narrows the receipt on kind', () => {
    if (receipt.kind === 'fine_tuning_job') {
      expectTypeOf(receipt.event).toEqualTypeOf<FineTuneWebhookEvent>();
      expectTypeOf(receipt.event.type).toEqualTypeOf<FineTuneWebhookEventType>();
      expectTypeOf(receipt.jobId).toEqualTypeOf<string>();
    } else {
      expectTypeOf(receipt.event).toEqualTypeOf<OtherWebhookEvent>();
      expectTypeOf(receipt.jobId).toEqualTypeOf<null>();
    }
    expectTypeOf(receipt.duplicate).toEqualTypeOf<boolean>();
    expectTypeOf<WebhookVerificationReason>().toEqualTypeOf<
      | 'missing_header'
      | 'invalid_timestamp'
      | 'timestamp_too_old'
      | 'timestamp_too_new'
      | 'signature_mismatch'
      | 'invalid_payload'
    >();
  });

  it('takes the secret from the environment as is (string | undefined)', () => {
    expectTypeOf(createFineTuneWebhooks).toBeCallableWith({ secret: process.env.OPENAI_WEBHOOK_SECRET });
  });

  it('lets wait() take the receiver', () => {
    const hooks = createFineTuneWebhooks({ secret: 'whsec_dGVzdA==' });
    expectTypeOf(job.wait).toBeCallableWith({ webhooks: hooks, fallbackPollMs: 60_000 });
    // @ts-expect-error: not a receiver
    job.wait({ webhooks: { on: 1 } });
  });
});
