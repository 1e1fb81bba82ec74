import { describe, expect, it } from 'vitest';
import { observeRetries, type RetryNotice, retryAfterMs } from '../../../src/cli/client/observe-retries.js';

describe('retryAfterMs', () => {
  it('reads retry-after-ms, retry-after seconds and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1500' }))).toBe(1500);
    expect(retryAfterMs(new Headers({ 'retry-after': '12' }))).toBe(12_000);
    const now = Date.parse('2026-11-26T09:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 26 Nov 2026 09:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers())).toBeNull();
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeNull();
  });
});

describe('observeRetries', () => {
  it('reports 429 and 5xx responses with the wait and the request, and passes responses through', async () => {
    const notices: RetryNotice[] = [];
    const statuses = [429, 503, 200];
    const fetchFunction = observeRetries(
      async () =>
        new Response('{}', {
          status: statuses.shift() ?? 200,
          headers: { 'retry-after': '2' },
        }),
      (notice) => notices.push(notice),
    );
    const first = await fetchFunction('https://api.example.com/v1/fine_tuning/jobs', { method: 'post' });
    await fetchFunction(new Request('https://api.example.com/v1/files'));
    await fetchFunction(new URL('https://api.example.com/v1/models'));
    expect(first.status).toBe(429);
    expect(notices).toEqual([
      { status: 429, waitMs: 2000, request: 'POST /v1/fine_tuning/jobs' },
      { status: 503, waitMs: 2000, request: 'GET /v1/files' },
    ]);
  });
});
