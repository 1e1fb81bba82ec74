/**
 * A clock whose sleeps return at once and move virtual time forward, so backoff, polling and
 * timeouts run without real waiting. `onSleep` lets a test move a simulator's clock along.
 */
import { FinetuneKitAbortError } from '../../../src/errors.js';
import type { JobClock } from '../../../src/job/clock.js';

export class VirtualClock implements JobClock {
  time: number;
  readonly sleeps: number[] = [];
  readonly #onSleep: ((ms: number) => void) | undefined;

  constructor(start = Date.UTC(2026, 10, 26, 9, 0, 0), onSleep?: (ms: number) => void) {
    this.time = start;
    this.#onSleep = onSleep;
  }

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new FinetuneKitAbortError('The wait was aborted.', { cause: signal.reason });
    this.sleeps.push(ms);
    this.time += ms;
    this.#onSleep?.(ms);
    // Let other tasks (requests, listeners) run between polls, as a real sleep would.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw new FinetuneKitAbortError('The wait was aborted.', { cause: signal.reason });
  }

  /** Total virtual time slept. */
  get slept(): number {
    return this.sleeps.reduce((sum, ms) => sum + ms, 0);
  }
}
