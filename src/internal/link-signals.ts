/**
 * Links a long-lived caller's `AbortSignal` to short-lived per-request signals. The `openai` SDK
 * adds an `abort` listener to the signal of every request and never removes it, so passing the
 * caller's signal straight to each request piles listeners up on it (and Node prints a
 * `MaxListenersExceededWarning` after ten). Each request gets a child signal instead, and the one
 * listener on the caller's signal is removed as soon as the request settles.
 *
 * @module
 */

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
