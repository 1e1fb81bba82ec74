/**
 * A `fetch` wrapper that bounds how long reading a response body may take, so a server that sends
 * its headers and then dribbles the body forever cannot hang a command. The `openai` SDK's
 * `timeout` stops at the response headers; this covers the rest.
 *
 * - An ordinary API answer must be read completely within the limit (the CLI's `--timeout`).
 * - A file download (`GET …/files/{id}/content`) can be large and slow, so only an idle limit
 *   applies: it fails when no data arrives for that long.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../../errors.js';
import { formatWait } from '../ui/format.js';

/** The timer functions the guard uses (tests count them); the global ones by default. */
export interface BodyDeadlineTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

/** The global timers, looked up when called (so fake timers installed later are used). */
const GLOBAL_TIMERS: BodyDeadlineTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer as Parameters<typeof clearTimeout>[0]),
};

/** Options of {@link withBodyDeadline} and {@link guardResponseBody}. */
export interface BodyDeadlineOptions {
  /**
   * The limit in milliseconds: the whole body of an ordinary answer, or the longest wait for the
   * next chunk of a file download.
   */
  readonly timeoutMs: number;
  /**
   * Builds the error the body fails with. The CLI passes the SDK's `APIConnectionTimeoutError`, so
   * the failure is retried and reported like any other timeout. @default `new Error(message)`
   */
  readonly createError?: (message: string) => Error;
  /** @default the global `setTimeout` / `clearTimeout` */
  readonly timers?: BodyDeadlineTimers;
}

/** How a body is bounded: as a whole (`total`) or between chunks (`idle`). */
export type BodyLimitKind = 'total' | 'idle';

/** The longest delay `setTimeout` accepts (larger values fire at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Wraps `fetch` so that every response body is read within `options.timeoutMs`: as a whole for
 * ordinary answers, between chunks for file downloads (see {@link isFileContentDownload}).
 *
 * @param fetchFunction - The underlying fetch.
 * @param options - The limit, the error to fail with, the timers.
 * @returns A fetch whose responses carry a guarded body (same status, headers and `url`).
 * @example
 * ```ts
 * const fetch = withBodyDeadline((input, init) => globalThis.fetch(input, init), { timeoutMs: 30_000 });
 * ```
 */
export function withBodyDeadline(
  fetchFunction: typeof globalThis.fetch,
  options: BodyDeadlineOptions,
): typeof globalThis.fetch {
  if (!(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) {
    throw new FinetuneKitUsageError(
      `withBodyDeadline: timeoutMs must be a positive number (got ${options.timeoutMs}).`,
      'options.timeoutMs',
    );
  }
  return async (input, init) => {
    const response = await fetchFunction(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const kind: BodyLimitKind =
      method.toUpperCase() === 'GET' && isFileContentDownload(url) ? 'idle' : 'total';
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    return guardResponseBody(response, kind, options, signal ?? undefined);
  };
}

/**
 * True for the URL of a file download, `…/files/{id}/content` (OpenAI's `/v1/files/{id}/content`,
 * Azure's `/openai/files/{id}/content?api-version=…`).
 *
 * @param url - An absolute URL.
 */
export function isFileContentDownload(url: string): boolean {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return false;
  }
  return /\/files\/[^/]+\/content\/?$/.test(pathname);
}

/**
 * Returns `response` with its body guarded: when the limit passes, the original body is cancelled
 * (releasing the connection) and the body errors with `options.createError`'s error. Every timer
 * is cleared when the body ends, errors or is cancelled, or when `signal` aborts (the body then
 * errors with the signal's reason). A response without a body is returned as it is.
 *
 * @param response - The response as `fetch` resolved it.
 * @param kind - `total`: the whole body within the limit, counted from the first read; `idle`: each
 *   wait for the next chunk within the limit (time the reader spends elsewhere does not count).
 * @param options - The limit, the error, the timers.
 * @param signal - The request's signal.
 */
export function guardResponseBody(
  response: Response,
  kind: BodyLimitKind,
  options: BodyDeadlineOptions,
  signal?: AbortSignal,
): Response {
  if (response.body === null) return response;
  const guarded = new Response(guardStream(response.body, kind, options, signal), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // A constructed Response has an empty `url`; the SDK logs and reports it.
  Object.defineProperty(guarded, 'url', { value: response.url, enumerable: true });
  return guarded;
}

/** The message of a body that ran out of time, e.g. `… stopped sending its answer (no data for 30s)`. */
export function bodyDeadlineMessage(kind: BodyLimitKind, timeoutMs: number): string {
  return kind === 'idle'
    ? `The server stopped sending its answer (no data for ${formatWait(timeoutMs)})`
    : `The server did not finish its answer within ${formatWait(timeoutMs)}`;
}

function guardStream(
  source: ReadableStream<Uint8Array>,
  kind: BodyLimitKind,
  options: BodyDeadlineOptions,
  signal: AbortSignal | undefined,
): ReadableStream<Uint8Array> {
  const timers = options.timers ?? GLOBAL_TIMERS;
  const createError = options.createError ?? ((message: string) => new Error(message));
  const delay = Math.min(options.timeoutMs, MAX_TIMER_MS);
  const reader = source.getReader();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let timer: unknown;
  let settled = false;
  let started = false;

  const disarm = () => {
    if (timer === undefined) return;
    timers.clearTimeout(timer);
    timer = undefined;
  };
  const arm = () => {
    disarm();
    timer = timers.setTimeout(() => {
      timer = undefined;
      fail(createError(bodyDeadlineMessage(kind, options.timeoutMs)));
    }, delay);
  };
  const settle = () => {
    settled = true;
    disarm();
    signal?.removeEventListener('abort', onAbort);
  };
  const fail = (error: unknown) => {
    if (settled) return;
    settle();
    controller.error(error);
    // Cancelling the original body closes the connection instead of reading it to the end.
    reader.cancel(error).catch(() => undefined);
  };
  function onAbort() {
    fail(signal?.reason ?? new DOMException('This operation was aborted', 'AbortError'));
  }

  return new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      },
      async pull() {
        if (settled) return;
        if (kind === 'idle') arm();
        else if (!started) {
          started = true;
          arm();
        }
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          fail(error);
          return;
        }
        // The deadline or an abort may have failed the body while this read was pending.
        if (settled) return;
        if (kind === 'idle') disarm();
        if (chunk.done) {
          settle();
          controller.close();
          return;
        }
        controller.enqueue(chunk.value);
      },
      cancel(reason) {
        settle();
        return reader.cancel(reason);
      },
    },
    // Pull only when the reader asks: an unread body starts no timer.
    { highWaterMark: 0 },
  );
}
