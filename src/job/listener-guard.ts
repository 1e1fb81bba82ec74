/**
 * Wraps event listeners so that one that throws (or returns a rejected promise) never breaks the
 * emit loop. eventemitter3 calls listeners in a plain loop: without this, a throwing `metrics`
 * listener would skip the other listeners and kill the poll loop.
 *
 * @module
 */

// biome-ignore lint/suspicious/noExplicitAny: listeners have arbitrary argument lists.
type AnyListener = (...args: any[]) => unknown;

/** Reports a listener's failure; must not throw. */
export type ListenerErrorHandler = (error: unknown, eventName: string) => void;

/** The default handler: a one-line note on stderr, so a bug is visible without stopping anything. */
export const defaultListenerErrorHandler: ListenerErrorHandler = (error, eventName) => {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`finetune-kit: a '${eventName}' listener threw: ${reason}`);
};

/**
 * Keeps one guard per (event, listener), so `off(event, listener)` finds the guard that `on`
 * registered, and maps guards back to the original listeners for `listeners(event)`.
 */
export class ListenerGuards {
  readonly #byEvent = new Map<string, WeakMap<AnyListener, AnyListener>>();
  readonly #originals = new WeakMap<AnyListener, AnyListener>();
  readonly #report: () => ListenerErrorHandler;

  /** @param report - Returns the handler to call (read lazily so it can change). */
  constructor(report: () => ListenerErrorHandler) {
    this.#report = report;
  }

  /** The guard for `listener` on `eventName`, created on first use. */
  wrap(eventName: string, listener: AnyListener): AnyListener {
    let guards = this.#byEvent.get(eventName);
    if (!guards) {
      guards = new WeakMap();
      this.#byEvent.set(eventName, guards);
    }
    const existing = guards.get(listener);
    if (existing) return existing;
    const report = this.#report;
    const guard = function (this: unknown, ...args: unknown[]): void {
      const handle = (error: unknown) => {
        try {
          report()(error, eventName);
        } catch {
          // The error handler itself failed: nothing sensible is left to do.
        }
      };
      try {
        const result = listener.apply(this, args);
        if (
          result !== null &&
          typeof result === 'object' &&
          typeof (result as PromiseLike<unknown>).then === 'function'
        ) {
          (result as PromiseLike<unknown>).then(undefined, handle);
        }
      } catch (error) {
        handle(error);
      }
    };
    guards.set(listener, guard);
    this.#originals.set(guard, listener);
    return guard;
  }

  /** The guard registered for `listener`, or `listener` itself when it was never wrapped. */
  find(eventName: string, listener: AnyListener): AnyListener {
    return this.#byEvent.get(eventName)?.get(listener) ?? listener;
  }

  /** The original listener behind a guard. */
  unwrap(guard: AnyListener): AnyListener {
    return this.#originals.get(guard) ?? guard;
  }
}
