import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { describeError, errorHeader, retryAfterMs, transientReason } from '../../src/job/api-error.js';

function httpError(status: number, headers: Record<string, string> = {}, body: Record<string, unknown> = {}) {
  return APIError.generate(
    status,
    { error: { message: `status ${status}`, ...body } },
    undefined,
    new Headers(headers),
  );
}

describe('transientReason', () => {
  it.each([
    [408, 'timeout'],
    [409, 'conflict'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [502, 'server_error'],
    [503, 'server_error'],
  ])('retries HTTP %i as %s', (status, reason) => {
    expect(transientReason(httpError(status))).toBe(reason);
  });

  it.each([400, 401, 403, 404, 422])('does not retry HTTP %i', (status) => {
    expect(transientReason(httpError(status))).toBeNull();
  });

  it('does not retry quota exhaustion (429 insufficient_quota)', () => {
    expect(transientReason(httpError(429, {}, { code: 'insufficient_quota' }))).toBeNull();
  });

  it('follows x-should-retry both ways', () => {
    expect(transientReason(httpError(503, { 'x-should-retry': 'false' }))).toBeNull();
    expect(transientReason(httpError(400, { 'x-should-retry': 'true' }))).toBe('conflict');
  });

  it('retries connection errors and timeouts, never aborts', () => {
    expect(transientReason(new APIConnectionError({ message: 'Connection error.' }))).toBe('connection');
    expect(transientReason(new APIConnectionTimeoutError())).toBe('timeout');
    expect(transientReason(new APIUserAbortError())).toBeNull();
    expect(transientReason(new Error('boom'))).toBeNull();
  });
});

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 10, 26, 9, 0, 0);
  it('prefers retry-after-ms, then seconds, then an HTTP date', () => {
    expect(retryAfterMs(httpError(429, { 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(1500);
    expect(retryAfterMs(httpError(429, { 'retry-after': '7' }), now)).toBe(7000);
    expect(retryAfterMs(httpError(503, { 'retry-after': new Date(now + 30_000).toUTCString() }), now)).toBe(
      30_000,
    );
  });

  it('is null without a usable header', () => {
    expect(retryAfterMs(httpError(429), now)).toBeNull();
    expect(retryAfterMs(httpError(429, { 'retry-after': 'soon' }), now)).toBeNull();
    expect(retryAfterMs(new Error('x'), now)).toBeNull();
  });
});

describe('describeError / errorHeader', () => {
  it('describes an SDK error in one line with its status', () => {
    expect(describeError(httpError(404, {}, { code: 'fine_tuning_job_not_found' }))).toBe(
      '404 status 404 (fine_tuning_job_not_found)',
    );
    expect(describeError(new APIConnectionError({ message: 'Connection error.' }))).toBe('Connection error.');
    expect(errorHeader(httpError(429, { 'Retry-After': '3' }), 'retry-after')).toBe('3');
  });
});
