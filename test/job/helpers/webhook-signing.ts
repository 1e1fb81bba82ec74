/**
 * Signs webhook deliveries for tests with node:crypto, independently of the code under test, the
 * way OpenAI does (Standard Webhooks: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`).
 */
import { createHmac } from 'node:crypto';

/** A signing secret as the OpenAI dashboard shows it. */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('finetune-kit test signing key 32b').toString('base64')}`;

/** Another endpoint's secret. */
export const OTHER_SECRET = `whsec_${Buffer.from('some other endpoint signing key!').toString('base64')}`;

/** A realistic `fine_tuning.job.succeeded` body (spacing as OpenAI sends it). */
export function succeededBody(
  jobId = 'ftjob-abc123',
  eventId = 'evt_685343a1381c819085d44c354e1b330e',
): string {
  return JSON.stringify({
    id: eventId,
    object: 'event',
    created_at: 1_764_147_600,
    type: 'fine_tuning.job.succeeded',
    data: { id: jobId },
  });
}

/** The `v1,…` signature of one delivery. */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The three Standard Webhooks headers of a delivery signed at `timestampMs`. */
export function signedHeaders(
  body: string,
  options: { id?: string; timestampMs?: number; secret?: string } = {},
): Record<string, string> {
  const id = options.id ?? 'wh_685342e6c53c8190a1be43f081506c52';
  const timestamp = Math.floor((options.timestampMs ?? Date.now()) / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(options.secret ?? WEBHOOK_SECRET, id, timestamp, body),
  };
}
