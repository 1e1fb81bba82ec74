/**
 * Every abort and sleep helper of the library, in one place: the abortable timer behind every sleep
 * (the job layer's default clock, the simulator's clock and its injected latency, the CLI's file
 * lock), the library's abort error, and the linking of a long-lived caller's `AbortSignal` to
 * short-lived per-request signals.
 *
 * Why linking: the `openai` SDK adds an `abort` listener to the signal of every request and never
 * removes it, so passing the caller's signal straight to each request piles listeners up on it (and
 * Node prints a `MaxListenersExceededWarning` after ten). Each request gets a child signal instead,
 * and the one listener on the caller's signal is removed as soon as the request settles.
 *
 * @module
 */
import { FinetuneKitAbortError } from '../errors.js';

/**
 * The error to throw for an aborted signal: the caller's own reason when it is a
 * `FinetuneKitAbortError`, wrapped in a new one otherwise (reason as `cause`), so `isInstance`
 * checks keep working.
 *
 * @param signal - The aborted signal.
 * @param what - What was aborted, for the message. @default 'The operation'
 * @returns The error to throw.
 */
export function abortError(signal: AbortSignal | undefined, what = 'The operation'): FinetuneKitAbortError {
  const reason: unknown = signal?.reason;
  if (FinetuneKitAbortError.isInstance(reason)) return reason as FinetuneKitAbortError;
  return new FinetuneKitAbortError(`${what} was aborted.`, { cause: reason });
}

/**
 * Throws a `FinetuneKitAbortError` (the signal's reason as `cause`) when `signal` is aborted.
 *
 * @param signal - The signal to check; `undefined` never throws.
 * @param what - What was aborted, for the message (`<what> was aborted.`). @default the error's
 *   own default message
 * @throws {FinetuneKitAbortError} When `signal` is aborted.
 */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (!signal?.aborted) return;
  throw new FinetuneKitAbortError(what === undefined ? undefined : `${what} was aborted.`, {
    cause: signal.reason,
  });
}

/**
 * What an aborted web API rejects with (as `fetch` does): the signal's reason, or an `AbortError`
 * `DOMException` when it has none.
 *
 * @param signal - An aborted signal.
 * @returns The rejection value.
 */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Resolves after `ms` milliseconds on the global `setTimeout` (so fake timers drive it). When
 * `signal` aborts, rejects at once and clears the timer, so an aborted wait keeps nothing alive; an
 * already aborted signal rejects without starting a timer.
 *
 * @param ms - The delay (a zero delay still yields to the event loop).
 * @param signal - Aborts the wait.
 * @param toError - What to reject with when `signal` aborts. @default abortReason
 * @returns A promise that settles once.
 */
export function abortableDelay(
  ms: number,
  signal?: AbortSignal,
  toError: (signal: AbortSignal) => unknown = abortReason,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(toError(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(toError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Combines several optional signals into one that aborts when any of them does. Returns the
 * combined signal and a `dispose` that detaches the listeners (call it when done, so long-lived
 * parent signals do not accumulate listeners).
 *
 * @param signals - The signals to follow; `undefined` entries are skipped.
 * @returns The combined signal and its `dispose`.
 */
export function linkSignals(...signals: (AbortSignal | undefined)[]): {
  signal: AbortSignal;
  dispose: () => void;
} {
  const controller = new AbortController();
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  const already = present.find((signal) => signal.aborted);
  if (already) {
    controller.abort(already.reason);
    return { signal: controller.signal, dispose: () => {} };
  }
  const listeners = present.map((signal) => {
    const listener = () => controller.abort(signal.reason);
    signal.addEventListener('abort', listener, { once: true });
    return () => signal.removeEventListener('abort', listener);
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const remove of listeners) remove();
    },
  };
}

/**
 * Runs one request on a child of `signal` and detaches the child once the request settles, so the
 * caller's signal carries no listener afterwards, however many requests were made with it.
 *
 * @param signal - The caller's signal, or `undefined` (then `run` gets `undefined` too).
 * @param run - Starts the request with the signal it must pass on (e.g. to the SDK's `{ signal }`).
 * @returns What `run` resolves with.
 */
export async function withLinkedSignal<T>(
  signal: AbortSignal | undefined,
  run: (signal: AbortSignal | undefined) => PromiseLike<T>,
): Promise<T> {
  if (!signal) return run(undefined);
  const linked = linkSignals(signal);
  try {
    return await run(linked.signal);
  } finally {
    linked.dispose();
  }
}

/**
 * `promise`, or the library's abort error as soon as `signal` aborts, whichever comes first. A
 * source that stops sending (a stalled stream, a worker busy with a huge line, a tokenizer still
 * loading) would otherwise keep the caller waiting after the abort. The listener is removed once
 * the race is decided, and a later rejection of `promise` is handled.
 *
 * @param promise - The work to wait for.
 * @param signal - Aborts the wait; `undefined` returns `promise` itself.
 * @param what - What was aborted, for the message (`<what> was aborted.`). @default the error's
 *   own default message
 * @returns What `promise` resolves to.
 * @throws {FinetuneKitAbortError} When `signal` aborts first.
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  what?: string,
): Promise<T> {
  if (!signal) return promise;
  const aborted = (): FinetuneKitAbortError => {
    promise.catch(() => {});
    return new FinetuneKitAbortError(what === undefined ? undefined : `${what} was aborted.`, {
      cause: signal.reason,
    });
  };
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
