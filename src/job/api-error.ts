/**
 * Reads the SDK's errors without importing the SDK's runtime: `finetune-kit/job` must not force-load
 * `openai`, and the user's copy of the SDK may differ from ours, so `instanceof` is not reliable.
 * The SDK's `APIError` has `status`, `headers` (a `Headers`), `code`, `param`, `type`, `requestID`;
 * connection failures are `APIConnectionError` / `APIConnectionTimeoutError` with no status.
 *
 * @module
 */

import { errorStatus } from '../internal/error-status.js';
import { redactErrorInPlace } from '../internal/redact-error.js';

/** Why a failed call may be tried again. */
export type TransientReason = 'connection' | 'timeout' | 'rate_limited' | 'server_error' | 'conflict';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function constructorName(value: unknown): string {
  if (!isObject(value)) return '';
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' ? ctor.name : '';
}

export { errorStatus, redactErrorInPlace };

/** Reads one response header from an SDK error (case-insensitive), or `null`. */
export function errorHeader(error: unknown, name: string): string | null {
  if (!isObject(error)) return null;
  const headers = error.headers;
  if (isObject(headers) && typeof headers.get === 'function') {
    const value = (headers.get as (key: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : null;
  }
  return null;
}

/** The error body's `code` (`insufficient_quota`, `fine_tuning_job_not_found`, …), or `null`. */
export function errorCode(error: unknown): string | null {
  if (!isObject(error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

/** The `x-request-id` the SDK recorded on an error, or `null`. */
export function errorRequestId(error: unknown): string | null {
  if (!isObject(error)) return null;
  return typeof error.requestID === 'string' ? error.requestID : null;
}

/** True for the SDK's `APIUserAbortError` (a request aborted through its `signal`). */
export function isUserAbortError(error: unknown): boolean {
  return constructorName(error) === 'APIUserAbortError' || (isObject(error) && error.name === 'AbortError');
}

/**
 * Classifies a failed call: returns why it may be retried, or `null` when retrying cannot help
 * (4xx other than 408/409/429, quota exhaustion, aborts, programming errors).
 *
 * Follows the SDK's own rules (docs/internals/api-behaviour.md#retries): connection errors and timeouts, 408, 409,
 * 429 and ≥ 500 are transient, and `x-should-retry: true|false` overrides. A 429 whose code is
 * `insufficient_quota` is billing, not load, and is never retried.
 */
export function transientReason(error: unknown): TransientReason | null {
  if (isUserAbortError(error)) return null;
  const shouldRetry = errorHeader(error, 'x-should-retry');
  const status = errorStatus(error);
  const name = constructorName(error);
  if (status === undefined) {
    if (name === 'APIConnectionTimeoutError') return 'timeout';
    if (name === 'APIConnectionError') return 'connection';
    // A custom `fetch` that throws a network `TypeError` is wrapped by the SDK, but a raw one can
    // reach us from code that calls fetch directly (e.g. `files.content` bodies read later).
    if (
      error instanceof TypeError &&
      /fetch failed|network|socket|ECONNRESET|terminated/i.test(error.message)
    ) {
      return 'connection';
    }
    return null;
  }
  if (shouldRetry === 'false') return null;
  if (status === 429) return errorCode(error) === 'insufficient_quota' ? null : 'rate_limited';
  if (shouldRetry === 'true') return status >= 500 ? 'server_error' : 'conflict';
  if (status === 408) return 'timeout';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'server_error';
  return null;
}

/**
 * The delay the server asked for on a failed response, in milliseconds: `retry-after-ms`, else
 * `retry-after` as seconds or as an HTTP date (relative to `now`). `null` when absent or unreadable.
 *
 * @param error - The SDK error.
 * @param now - The current time in ms, for HTTP-date values.
 */
export function retryAfterMs(error: unknown, now: number): number | null {
  const milliseconds = errorHeader(error, 'retry-after-ms');
  if (milliseconds !== null) {
    const value = Number.parseFloat(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const header = errorHeader(error, 'retry-after');
  if (header === null) return null;
  const seconds = Number(header.trim());
  if (header.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return null;
}

/** A one-line description of a failed call's error, for messages (never includes headers or keys). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const status = errorStatus(error);
    const code = errorCode(error);
    const text = error.message.replace(/\s+/g, ' ').trim();
    if (status !== undefined && !text.startsWith(String(status))) return `${status} ${text}`;
    return code && !text.includes(code) ? `${text} (${code})` : text || constructorName(error) || 'Error';
  }
  return String(error);
}
