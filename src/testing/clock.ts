/**
 * The simulator's clock. Simulated time moves on by itself (`auto`, the default: scaled real time,
 * plus a jump each time a client polls something still in progress), only when the test says so
 * (`manual`), or follows the global `Date.now()` scaled by a speed factor (`scaled`). The simulator
 * never starts a timer:
 * job progress is computed from the clock whenever something looks at it, so nothing keeps the
 * process alive and tests never wait in real time.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { abortableDelay, abortReason } from '../internal/abort.js';

/** The default start of simulated time in `manual` mode, so runs are reproducible. */
export const DEFAULT_SIMULATION_START = Date.UTC(2026, 10, 26, 9, 0, 0);

/** How much faster than real time simulated time runs in `auto` mode. */
export const AUTO_CLOCK_SPEED = 100;

/**
 * How simulated time moves.
 * - `'auto'` (default): time runs by itself, {@link AUTO_CLOCK_SPEED} times faster than
 *   `Date.now()`, and the simulator moves it on further each time a client polls a job or file that
 *   is still in progress (`pollJumpMs`), so a client used the obvious way (`new OpenAI({ fetch:
 *   sim.fetch })`, `job.wait()` on the real clock) sees a job end within a few polls. As a job
 *   clock (`{ clock: sim.clock }`), `sleep(ms)` moves simulated time on at once, as in `manual`.
 * - `'manual'`: time stands still until `clock.advance(ms)`, `sim.runUntilIdle()` or
 *   `sim.advanceJob()`: deterministic, for tests that check timing.
 * - `{ speed }`: simulated time runs `speed` times faster than `Date.now()` (so vitest fake timers
 *   drive it too), e.g. `{ speed: 1000 }` turns a 20-minute job into 1.2 s.
 * - `'system'`: the same as `{ speed: 1 }`.
 */
export type SimulatorClockMode = 'auto' | 'manual' | 'system' | { readonly speed: number };

/** Options for {@link SimulatorClock}. */
export interface SimulatorClockOptions {
  /** How time moves. @default 'auto' */
  readonly mode?: SimulatorClockMode;
  /**
   * Simulated time at creation, in epoch milliseconds.
   * @default 2026-11-26T09:00:00Z in manual mode, `Date.now()` otherwise
   */
  readonly start?: number;
}

/**
 * The simulator's clock: simulated epoch milliseconds, moved by scaled real time and polls (`auto`),
 * manually, or by scaled real time alone.
 */
export class SimulatorClock {
  /** `auto`, `manual` or `scaled`. */
  readonly mode: 'auto' | 'manual' | 'scaled';
  /** Simulated milliseconds per real millisecond (0 in manual mode). */
  readonly speed: number;
  readonly #start: number;
  readonly #realStart: number;
  #offset = 0;
  #last: number;
  readonly #listeners = new Set<(now: number) => void>();

  /**
   * @param options - Mode and start time.
   * @throws {FinetuneKitUsageError} When the mode is unknown, `speed` is not a positive finite number or
   * `start` is not finite (`option` names it, e.g. `options.clock.speed`).
   */
  constructor(options: SimulatorClockOptions = {}) {
    const mode = options.mode ?? 'auto';
    if (mode === 'manual') {
      this.mode = 'manual';
      this.speed = 0;
    } else if (mode === 'auto') {
      this.mode = 'auto';
      this.speed = AUTO_CLOCK_SPEED;
    } else {
      if (mode !== 'system' && (typeof mode !== 'object' || mode === null)) {
        throw new FinetuneKitUsageError(
          `options.clock must be 'auto', 'manual', 'system' or { speed }, got ${JSON.stringify(mode) ?? String(mode)}.`,
          'options.clock',
        );
      }
      const speed = mode === 'system' ? 1 : mode.speed;
      if (typeof speed !== 'number' || !Number.isFinite(speed) || speed <= 0) {
        throw new FinetuneKitUsageError(
          `options.clock.speed must be a positive number, got ${String(speed)}.`,
          'options.clock.speed',
        );
      }
      this.mode = 'scaled';
      this.speed = speed;
    }
    const start = options.start ?? (this.mode === 'manual' ? DEFAULT_SIMULATION_START : Date.now());
    if (!Number.isFinite(start)) {
      throw new FinetuneKitUsageError(
        `options.clock.start must be a finite number, got ${start}.`,
        'options.clock.start',
      );
    }
    this.#start = start;
    this.#realStart = Date.now();
    this.#last = start;
  }

  /** The current simulated time in epoch milliseconds. Never goes backwards. */
  now(): number {
    const elapsed = this.mode === 'manual' ? 0 : (Date.now() - this.#realStart) * this.speed;
    const value = Math.floor(this.#start + this.#offset + elapsed);
    if (value > this.#last) this.#last = value;
    return this.#last;
  }

  /** The current simulated time in Unix seconds, as the API reports timestamps. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /**
   * Moves simulated time forward by `ms` (in both modes) and lets the simulator catch up: jobs
   * progress, uploads expire, outages end.
   *
   * @param ms - Milliseconds to move forward; must be ≥ 0.
   * @returns The new simulated time.
   * @throws {FinetuneKitUsageError} When `ms` is negative or not finite (`option` is `ms`).
   */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new FinetuneKitUsageError(`clock.advance(ms) needs ms ≥ 0, got ${ms}.`, 'ms');
    }
    this.#offset += ms;
    const now = this.now();
    for (const listener of this.#listeners) listener(now);
    return now;
  }

  /**
   * Moves simulated time forward to `time` (epoch ms). A time in the past is a no-op.
   *
   * @returns The new simulated time.
   */
  advanceTo(time: number): number {
    const now = this.now();
    return this.advance(Math.max(0, time - now));
  }

  /**
   * Waits `ms` of simulated time, so the clock can stand in for a poller's clock (it has the
   * `now()` / `sleep(ms, signal)` shape of finetune-kit's `JobClock`): in manual and auto mode it
   * moves simulated time forward by `ms` at once and resolves on the next turn of the event loop; in
   * scaled mode it waits `ms / speed` real milliseconds on the global `setTimeout`.
   *
   * @param ms - Simulated milliseconds (≥ 0).
   * @param signal - Rejects with its reason when aborted.
   * @throws The signal's reason (or an `AbortError`) when aborted.
   * @example
   * ```ts
   * const job = await FineTuneJob.create(client, params, { clock: sim.clock });
   * await job.wait(); // polls every 5 s of simulated time, instantly
   * ```
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (!Number.isFinite(ms) || ms < 0)
      return Promise.reject(new FinetuneKitUsageError(`clock.sleep(ms) needs ms ≥ 0, got ${ms}.`, 'ms'));
    const realMs = this.mode === 'scaled' ? ms / this.speed : 0;
    if (this.mode !== 'scaled') this.advance(ms);
    // Even a zero wait yields to the event loop, so a polling loop never starves other work.
    return abortableDelay(realMs, signal);
  }

  /**
   * Calls `listener` after every `advance`. Used by the simulator to catch up.
   *
   * @returns A function that removes the listener.
   */
  onAdvance(listener: (now: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
