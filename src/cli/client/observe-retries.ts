/**
 * A `fetch` wrapper that tells the user when the API asks us to wait (429, 503), with the time
 * from `Retry-After`, whichever layer then does the retrying (the SDK or finetune-kit's own).
 *
 * @module
 */

/** One response that will be retried after a wait. */
export interface RetryNotice {
  /** HTTP status: 429, or 5xx. */
  readonly status: number;
  /** The wait the server asked for, in milliseconds, or `null` when it gave none. */
  readonly waitMs: number | null;
  /** Method and path of the request, e.g. `POST /v1/fine_tuning/jobs`. */
  readonly request: string;
}

/**
 * Reads the wait a response asks for: `retry-after-ms`, then `retry-after` in seconds or as an
 * HTTP date.
 *
 * @param headers - Response headers.
 * @param now - Current time in ms, for HTTP dates. @default Date.now()
 * @returns Milliseconds, or `null` when absent or unreadable.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | null {
  const milliseconds = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers.get('retry-after');
  if (value === null) return null;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * Wraps `fetch` so that every 429 and 5xx response is reported before it is returned.
 *
 * @param fetchFunction - The underlying fetch (global, or the simulator's).
 * @param onRetry - Called with the status and the wait; must not throw.
 * @returns A fetch with the same behaviour.
 */
export function observeRetries(
  fetchFunction: typeof globalThis.fetch,
  onRetry: (notice: RetryNotice) => void,
): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetchFunction(input, init);
    if (response.status === 429 || response.status >= 500) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      onRetry({
        status: response.status,
        waitMs: retryAfterMs(response.headers),
        request: `${method.toUpperCase()} ${new URL(url).pathname}`,
      });
    }
    return response;
  };
}
