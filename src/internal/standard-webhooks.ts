/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/, the scheme OpenAI signs its
 * webhooks with), on Web Crypto only (`globalThis.crypto.subtle`), so they work in Node, Deno, Bun,
 * browsers and edge runtimes alike. The job layer verifies with it; the simulator signs with it.
 *
 * The signed content is `{webhook-id}.{webhook-timestamp}.{body}`, HMAC-SHA256 keyed with the
 * secret (the base64 after `whsec_`, or the UTF-8 bytes of a secret without that prefix, as the
 * `openai` SDK does). The `webhook-signature` header holds space-separated `v1,<base64>` entries
 * (several during a secret rotation); one matching entry is enough. Comparison goes through
 * `crypto.subtle.verify`, which compares in constant time.
 *
 * @module
 */

/** The prefix of OpenAI's (and Standard Webhooks') signing secrets. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** The tolerance of Standard Webhooks and of the `openai` SDK: 5 minutes, in seconds. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

function subtle(): SubtleCrypto {
  const crypto = globalThis.crypto;
  if (!crypto?.subtle) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available here.');
  return crypto.subtle;
}

/** Bytes of a base64 (or base64url) string, or `null` when it is not base64. */
export function decodeBase64(text: string): Uint8Array | null {
  const normalized = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalized)) return null;
  try {
    const binary = atob(normalized);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    return null;
  }
}

/** Standard base64 of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The HMAC key bytes of a secret: the base64 after `whsec_`, else the UTF-8 bytes.
 *
 * @throws {Error} When a `whsec_` secret is not valid base64 or is empty.
 */
export function webhookSecretBytes(secret: string): Uint8Array {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return new TextEncoder().encode(secret);
  const bytes = decodeBase64(secret.slice(WEBHOOK_SECRET_PREFIX.length));
  if (!bytes || bytes.length === 0) throw new Error('the part after whsec_ is not base64');
  return bytes;
}

async function hmacKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return subtle().importKey(
    'raw',
    webhookSecretBytes(secret) as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  );
}

function signedContent(id: string, timestamp: string, body: string): Uint8Array {
  return new TextEncoder().encode(`${id}.${timestamp}.${body}`);
}

/** What to sign: the three parts of the signed content, and the secret. */
export interface WebhookSigningInput {
  readonly id: string;
  /** Unix seconds, as sent in `webhook-timestamp`. */
  readonly timestamp: number;
  readonly body: string;
  readonly secret: string;
}

/**
 * The `webhook-signature` value for one delivery: `v1,<base64 HMAC-SHA256>`.
 *
 * @returns The header value.
 */
export async function signWebhook(input: WebhookSigningInput): Promise<string> {
  const key = await hmacKey(input.secret, 'sign');
  const mac = await subtle().sign(
    'HMAC',
    key,
    signedContent(input.id, String(input.timestamp), input.body) as BufferSource,
  );
  return `v1,${encodeBase64(new Uint8Array(mac))}`;
}

/**
 * The base64 signatures of a `webhook-signature` header: its space-separated `v1,` entries. Other
 * versions (such as `v1a,` asymmetric signatures) are skipped, as the Standard Webhooks spec says.
 */
export function v1Signatures(header: string): string[] {
  return header
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => part.slice(3));
}

/**
 * True when one of the header's `v1` signatures is the HMAC of `{id}.{timestamp}.{body}`.
 * Each candidate is checked with `crypto.subtle.verify` (constant time).
 */
export async function hasValidSignature(
  secret: string,
  id: string,
  timestamp: string,
  body: string,
  signatureHeader: string,
): Promise<boolean> {
  const key = await hmacKey(secret, 'verify');
  const content = signedContent(id, timestamp, body) as BufferSource;
  for (const signature of v1Signatures(signatureHeader)) {
    const bytes = decodeBase64(signature);
    // An HMAC-SHA256 is 32 bytes; anything else cannot match (and verify would only say so).
    if (bytes?.length !== 32) continue;
    if (await subtle().verify('HMAC', key, bytes as BufferSource, content)) return true;
  }
  return false;
}
