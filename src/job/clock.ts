/**
 * Time for the job layer: one seam for "now" and for sleeping, so tests drive polling, backoff and
 * timeouts with vitest fake timers or the simulator's clock instead of real waiting.
 *
 * @module
 */
import { abortableDelay, abortError } from '../internal/abort.js';

/**
 * A clock: the current time and an abortable sleep. The default uses `Date.now()` and the global
 * `setTimeout` (so vitest fake timers control it).
 *
 * @example
 * ```ts
 * // Drive a watcher with the simulator's clock (time moves only when the test says so).
 * const job = await FineTuneJob.attach(client, id, { clock: sim.clock });
 * ```
 */
export interface JobClock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds. Must reject when `signal` aborts, and must not keep a timer
   * alive after it settles.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Sleeps `ms` milliseconds with the global `setTimeout`, clearing the timer as soon as `signal`
 * aborts (so an aborted sleep keeps nothing alive).
 *
 * @param ms - Delay; negative or non-finite values sleep 0 ms.
 * @param signal - Aborts the sleep.
 * @throws {FinetuneKitAbortError} When `signal` aborts before the delay elapses.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
  return abortableDelay(delay, signal, (aborted) => abortError(aborted, 'The wait'));
}

/** The default clock: `Date.now()` and {@link sleep}. */
export const systemClock: JobClock = Object.freeze({ now: () => Date.now(), sleep });
