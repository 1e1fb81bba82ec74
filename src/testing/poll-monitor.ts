/**
 * Watches clients poll jobs and files that are still in progress. With the `auto` clock it moves
 * simulated time on at each such poll (by `pollJumpMs` at most, and never past the next change of
 * status, so a poller sees every status), so any poller, even one sleeping on the real clock, sees
 * a job end within a few polls. With the `manual` clock it notices a client that keeps polling
 * something that cannot change because nobody advances the clock, and says so once, instead of
 * letting the client wait forever in silence.
 *
 * @module
 */
import type { SimulatorClock } from './clock.js';
import { nextChangeAt } from './job-lifecycle.js';
import type { SimulatorStore } from './store.js';

/** Polls of one target at one simulated time before the stall warning. */
export const STALL_POLLS = 3;
/** Real time those polls must span: a test that reads a job a few times in a row is no stall. */
export const STALL_REAL_MS = 2000;

/** What a `GET` retrieved, when it is a job or a file that will still change by itself. */
interface PollTarget {
  readonly kind: 'job' | 'file';
  readonly id: string;
  /** Its current status (a change of it ends the poll's jump). */
  readonly status: () => string;
  /** Simulated time of its next change, or `null` when it will not change by itself. */
  readonly nextChangeAt: () => number | null;
}

interface StallState {
  readonly key: string;
  readonly simulatedTime: number;
  readonly firstRealTime: number;
  count: number;
}

/** Settings of a {@link PollMonitor}. */
export interface PollMonitorSettings {
  readonly clock: SimulatorClock;
  readonly store: SimulatorStore;
  /** The `auto` clock's jump per poll, in simulated ms. */
  readonly pollJumpMs: number;
  /** Receives the one-line stall warning. */
  readonly onWarning: (message: string) => void;
}

/** See the module documentation. One per simulator. */
export class PollMonitor {
  readonly #settings: PollMonitorSettings;
  #stall: StallState | null = null;
  #warned = false;

  constructor(settings: PollMonitorSettings) {
    this.#settings = settings;
  }

  /**
   * Looks at one answered request (call it after the response is built, so the client sees the
   * state at the time it asked).
   *
   * @param method - The HTTP method, upper case.
   * @param path - The API path, without `/v1` or `/openai`.
   */
  observe(method: string, path: string): void {
    const target = method === 'GET' ? this.#inProgress(path) : null;
    if (target === null) return;
    const { clock } = this.#settings;
    if (clock.mode === 'auto') this.#jump(target);
    else if (clock.mode === 'manual') this.#checkStall(target);
  }

  /** Moves time on by `pollJumpMs`, one planned change at a time, stopping at a change of status. */
  #jump(target: PollTarget): void {
    const { clock, pollJumpMs } = this.#settings;
    const end = clock.now() + pollJumpMs;
    const status = target.status();
    for (;;) {
      const next = target.nextChangeAt();
      if (next === null || next >= end) {
        clock.advanceTo(end);
        return;
      }
      clock.advanceTo(next);
      if (target.status() !== status) return;
    }
  }

  /** The job or file a `GET` path retrieves, when it will still change by itself. */
  #inProgress(path: string): PollTarget | null {
    const { store } = this.#settings;
    const job = /^\/fine_tuning\/jobs\/([^/]+)$/.exec(path)?.[1];
    if (job !== undefined) {
      const id = decodeURIComponent(job);
      const record = store.jobs.get(id);
      if (!record || nextChangeAt(record) === null) return null;
      return { kind: 'job', id, status: () => record.job.status, nextChangeAt: () => nextChangeAt(record) };
    }
    const file = /^\/files\/([^/]+)$/.exec(path)?.[1];
    if (file !== undefined) {
      const id = decodeURIComponent(file);
      const record = store.files.get(id);
      if (record?.file.status !== 'uploaded') return null;
      return {
        kind: 'file',
        id,
        status: () => record.file.status,
        nextChangeAt: () => (record.file.status === 'uploaded' ? record.processedAt : null),
      };
    }
    return null;
  }

  #checkStall(target: PollTarget): void {
    if (this.#warned) return;
    const key = `${target.kind} ${target.id}`;
    const simulatedTime = this.#settings.clock.now();
    const realTime = Date.now();
    const stall = this.#stall;
    if (stall === null || stall.key !== key || stall.simulatedTime !== simulatedTime) {
      this.#stall = { key, simulatedTime, firstRealTime: realTime, count: 1 };
      return;
    }
    stall.count += 1;
    const spanMs = realTime - stall.firstRealTime;
    if (stall.count < STALL_POLLS || spanMs < STALL_REAL_MS) return;
    this.#warned = true;
    const message =
      `finetune-kit simulator: ${key} was polled ${stall.count} times over ${Math.round(spanMs / 1000)} s ` +
      "while simulated time stood still (clock: 'manual'), so it will never change: pass " +
      '{ clock: sim.clock } to FineTuneJob, move time with sim.clock.advance(ms) or sim.runUntilIdle(), ' +
      "or create the simulator with clock: 'auto'.";
    try {
      this.#settings.onWarning(message);
    } catch {
      // A warning callback's bug must not turn a poll into a failed request.
    }
  }
}
