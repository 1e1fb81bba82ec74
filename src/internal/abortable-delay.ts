/**
 * The one abortable timer behind every sleep: the job layer's default clock, the simulator's clock
 * and the simulator's injected latency.
 *
 * @module
 */

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
