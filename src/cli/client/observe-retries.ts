/**
 * A `fetch` wrapper that tells the user when the API asks us to wait (429, 503), with the time
 * from `Retry-After`, whichever layer then does the retrying (the SDK or finetune-kit's own), and
 * with `--verbose` reports every request with its status and timing.
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

/** One finished request, as `--verbose` shows it. */
export interface ExchangeNotice {
  /** Method and path, e.g. `GET /v1/fine_tuning/jobs`. */
  readonly request: string;
  /** The response status, or `null` when no response came (connection error, abort). */
  readonly status: number | null;
  /** From sending to the response headers (or the failure), in milliseconds of real time. */
  readonly durationMs: number;
  /** The API's `x-request-id`, when it sent one. */
  readonly requestId: string | null;
  /** Why no response came, e.g. `fetch failed (ECONNREFUSED)`; `null` with a response. */
  readonly failure: string | null;
}

/**
 * Wraps `fetch` so that every 429 and 5xx response is reported before it is returned, and, when
 * `onExchange` is given, every request once it has an answer or has failed.
 *
 * @param fetchFunction - The underlying fetch (global, or the simulator's).
 * @param onRetry - Called with the status and the wait; must not throw.
 * @param onExchange - Called after every request (for `--verbose`); must not throw.
 * @returns A fetch with the same behaviour.
 */
export function observeRetries(
  fetchFunction: typeof globalThis.fetch,
  onRetry: (notice: RetryNotice) => void,
  onExchange?: (notice: ExchangeNotice) => void,
): typeof globalThis.fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const request = `${method.toUpperCase()} ${new URL(url).pathname}`;
    // Real time on purpose: --verbose shows how long the network took, whatever the job clock says.
    const started = performance.now();
    let response: Response;
    try {
      response = await fetchFunction(input, init);
    } catch (error) {
      onExchange?.({
        request,
        status: null,
        durationMs: performance.now() - started,
        requestId: null,
        failure: describeFailure(error),
      });
      throw error;
    }
    onExchange?.({
      request,
      status: response.status,
      durationMs: performance.now() - started,
      requestId: response.headers.get('x-request-id'),
      failure: null,
    });
    if (response.status === 429 || response.status >= 500) {
      onRetry({ status: response.status, waitMs: retryAfterMs(response.headers), request });
    }
    return response;
  };
}

/**
 * Why a request got no response, in a few words: the error's message and the first system error
 * code along its causes (`fetch failed (ECONNREFUSED)`).
 *
 * @param error - What `fetch` threw.
 */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = systemErrorCode(error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * Why a connection failed, as short as it gets: the system error code along the error's causes, else
 * the innermost cause's message (`bad port`), else `connection failed`.
 *
 * @param error - The SDK's connection error (or what `fetch` threw).
 */
export function connectionFailureReason(error: unknown): string {
  const code = systemErrorCode(error);
  if (code) return code;
  let innermost: unknown = error;
  for (let depth = 0; depth < 8; depth += 1) {
    const cause = (innermost as { cause?: unknown } | null)?.cause;
    if (!(cause instanceof Error)) break;
    innermost = cause;
  }
  return innermost !== error && innermost instanceof Error && innermost.message
    ? innermost.message
    : 'connection failed';
}

/**
 * The first system error code (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_CONNECT_TIMEOUT`) along an
 * error's `cause` chain, or `null`.
 */
export function systemErrorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
