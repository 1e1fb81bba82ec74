/**
 * The state and poll loop behind a `FineTuneJob`: the latest snapshot, the followers sharing one
 * poll loop, the event tail, status changes, checkpoints, warnings and the look for a late twin of
 * a created job. `FineTuneJob` is the public façade over it; `wait()` and `events()` subscribe here
 * (see `job-followers.ts`).
 *
 * @module
 */
import { FinetuneKitAbortError, FinetuneKitError, JobCancelledError, JobFailedError } from '../errors.js';
import { abortError, linkSignals } from '../internal/abort.js';
import type { CallContext, FineTuningClient } from './client.js';
import type { DuplicateWatch } from './duplicate-watch.js';
import { type EventCursor, type EventStart, EventTail } from './event-tail.js';
import type {
  FineTuneJobEventMap,
  FineTuneJobEventName,
  FineTuneJobUpdate,
  JobFollowEnd,
  JobWarning,
} from './job-events.js';
import type { ResolvedJobOptions } from './job-options.js';
import { fetchEventsPage, listAllCheckpoints, retrieveJob } from './job-requests.js';
import { type FineTuneJobStatus, isTerminalJobStatus } from './job-status.js';
import { readMetricsPoint } from './metrics-point.js';
import type { FineTuneJobCheckpoint, FineTuneJobSnapshot } from './normalize.js';
import type { ResolvedRetryOptions } from './retry.js';

const CHECKPOINT_MESSAGE = /\bcheckpoint created\b/i;

/** Updates delivered to the job's own subscribers (`wait`, `events`), plus the end of following. */
export type InternalUpdate =
  | FineTuneJobUpdate
  | { readonly type: 'end'; readonly end: JobFollowEnd; readonly watch: Watch };

/** One run of the poll loop, shared by every follower that joined it. */
export interface Watch {
  readonly controller: AbortController;
  readonly consumers: Set<symbol>;
  /** Followers content with slow polls (a webhook tells them), by their fallback interval. */
  readonly slow: Map<symbol, number>;
  /**
   * Aborted to cut the current inter-poll sleep short (after cancel/pause/resume). Created fresh
   * after each poll, so a poke during a poll is not lost: the next sleep starts already aborted.
   */
  poke: AbortController;
}

/** Emits one event of the job's typed event map (the façade's `emit`). */
export type JobEmit = <T extends FineTuneJobEventName>(event: T, ...args: FineTuneJobEventMap[T]) => void;

/** Where the event tail starts: after a cursor, or from the beginning or now. */
export interface TailStart {
  readonly after?: string | EventCursor | null | undefined;
  readonly from?: EventStart | undefined;
}

/** The look for a twin after an uncertain create, and the create's `onWarning` to report it to. */
export interface DuplicateSettings {
  readonly watch: DuplicateWatch | null;
  readonly onWarning: ((warning: JobWarning) => void) | undefined;
}

/**
 * Follows one job. Following starts when a follower {@link JobWatcher.acquire}s it and stops at the
 * terminal status, when every follower has released it, or on {@link JobWatcher.stop}.
 */
export class JobWatcher {
  readonly #client: FineTuningClient;
  readonly #options: ResolvedJobOptions;
  readonly #emit: JobEmit;
  readonly #tail: EventTail;
  readonly #subscribers = new Set<(update: InternalUpdate) => void>();
  readonly #deliveredCheckpoints = new Set<string>();
  readonly #warnings: JobWarning[] = [];
  #snapshot: FineTuneJobSnapshot;
  #reportedStatus: FineTuneJobStatus;
  #finished = false;
  #watch: Watch | null = null;
  #warnedCursor = false;
  /** A webhook said the job ended: slow followers go back to the normal interval. */
  #webhookArrived = false;
  /** After an uncertain create: the bounded look for a twin of this job, run during polls. */
  #duplicateWatch: DuplicateWatch | null;
  readonly #onCreateWarning: ((warning: JobWarning) => void) | undefined;

  /**
   * @param client - The user's client.
   * @param snapshot - The job as last seen (its status is the `previous` of the first change).
   * @param options - The resolved job options.
   * @param emit - Emits on the façade; called after the subscribers of each update.
   * @param tail - Where event delivery starts.
   * @param duplicates - After a create that may have left a twin.
   */
  constructor(
    client: FineTuningClient,
    snapshot: FineTuneJobSnapshot,
    options: ResolvedJobOptions,
    emit: JobEmit,
    tail: TailStart,
    duplicates?: DuplicateSettings,
  ) {
    this.#client = client;
    this.#options = options;
    this.#emit = emit;
    this.#snapshot = snapshot;
    this.#reportedStatus = snapshot.status;
    this.#duplicateWatch = duplicates?.watch ?? null;
    this.#onCreateWarning = duplicates?.onWarning;
    this.#tail = new EventTail({
      pageSize: options.eventsPageSize,
      ...(tail.after === undefined ? {} : { after: tail.after }),
      ...(tail.from === undefined ? {} : { from: tail.from }),
    });
  }

  /** The latest snapshot (from a poll, `refresh()` or an action). */
  get snapshot(): FineTuneJobSnapshot {
    return this.#snapshot;
  }

  set snapshot(job: FineTuneJobSnapshot) {
    this.#snapshot = job;
  }

  /** The status last reported to listeners. */
  get reportedStatus(): FineTuneJobStatus {
    return this.#reportedStatus;
  }

  /** The newest event delivered so far, or the cursor the tail started after. */
  get cursor(): EventCursor | null {
    return this.#tail.cursor;
  }

  /** Warnings raised so far (at most 100 kept). */
  get warnings(): readonly JobWarning[] {
    return [...this.#warnings];
  }

  /** True while a poll loop is running for at least one follower. */
  get following(): boolean {
    return this.#watch !== null && !this.#watch.controller.signal.aborted && !this.#finished;
  }

  /** True once the terminal status and everything before it has been delivered. */
  get finished(): boolean {
    return this.#finished;
  }

  /** The job clock (for timeouts of followers). */
  get clock(): ResolvedJobOptions['clock'] {
    return this.#options.clock;
  }

  /** Records warnings raised before the job existed (creation), without emitting them. */
  addWarnings(warnings: readonly JobWarning[]): void {
    this.#warnings.push(...warnings);
  }

  /**
   * Registers a subscriber of every update (before listeners see it).
   *
   * @returns The unsubscribe function.
   */
  subscribe(subscriber: (update: InternalUpdate) => void): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  /** Why following ended when it was stopped (by `stop()` or by its last consumer leaving). */
  stoppedError(): FinetuneKitAbortError {
    return new FinetuneKitAbortError(`Following fine-tuning job ${this.#snapshot.id} was stopped.`);
  }

  /**
   * The call context of one request of this job; its retries are announced as `retry` updates.
   *
   * @param signal - Aborts the call.
   * @param retry - The retry policy. @default the single-call policy
   */
  context(
    signal: AbortSignal | undefined,
    retry: ResolvedRetryOptions = this.#options.callRetry,
  ): CallContext {
    return {
      client: this.#client,
      clock: this.#options.clock,
      retry,
      signal,
      onRetry: (context) => this.#deliver({ type: 'retry', retry: context }),
      requestOptions: this.#options.requestOptions,
    };
  }

  /** Lets a sleeping poll loop poll now rather than at the end of its interval. */
  poke(): void {
    this.#watch?.poke.abort();
  }

  /**
   * A webhook said the job reached a final status: poll now, and at the normal interval from then
   * on (the job list may lag behind the webhook for a moment).
   */
  webhookArrived(): void {
    this.#webhookArrived = true;
    this.poke();
  }

  /** The terminal update of the current snapshot, or `null` while the job runs. */
  terminalUpdate(): FineTuneJobUpdate | null {
    const job = this.#snapshot;
    if (job.status === 'succeeded') return { type: 'succeeded', job };
    if (job.status === 'failed') return { type: 'failed', job, error: new JobFailedError(job) };
    if (job.status === 'cancelled') return { type: 'cancelled', job, error: new JobCancelledError(job) };
    return null;
  }

  /**
   * Registers a follower; starts the poll loop when there is none (or only one that is stopping).
   *
   * @param fallbackPollMs - For a follower that a webhook will wake (`wait({ webhooks })`): the
   *   loop sleeps this long between polls while every follower is such a one.
   * @returns The follower's release and the watch it joined (its `end` is the one that matters).
   */
  acquire(fallbackPollMs?: number): { release: () => void; watch: Watch | null } {
    if (this.#finished) return { release: () => {}, watch: null };
    if (!this.#watch || this.#watch.controller.signal.aborted) this.#watch = this.#startWatch();
    const watch = this.#watch;
    const token = Symbol('follower');
    const wasSlow = watch.consumers.size > 0 && watch.slow.size === watch.consumers.size;
    watch.consumers.add(token);
    if (fallbackPollMs !== undefined) watch.slow.set(token, fallbackPollMs);
    // A follower that expects normal polls must not wait out a long fallback sleep.
    else if (wasSlow) this.poke();
    const release = () => {
      watch.slow.delete(token);
      if (!watch.consumers.delete(token)) return;
      if (watch.consumers.size === 0) watch.controller.abort(this.stoppedError());
    };
    return { release, watch };
  }

  /** Stops following now, for every follower. */
  stop(): void {
    const watch = this.#watch;
    if (!watch) return;
    watch.consumers.clear();
    watch.controller.abort(this.stoppedError());
  }

  #startWatch(): Watch {
    const watch: Watch = {
      controller: new AbortController(),
      consumers: new Set(),
      slow: new Map(),
      poke: new AbortController(),
    };
    // Start on the next microtask so that the caller's subscriber is in place before the first update.
    void Promise.resolve().then(() => this.#run(watch));
    return watch;
  }

  async #run(watch: Watch): Promise<void> {
    const signal = watch.controller.signal;
    let reason: JobFollowEnd['reason'] = 'stopped';
    let failure: Error | null = null;
    try {
      for (;;) {
        if (signal.aborted) break;
        const delay = this.#fallbackDelay(watch, await this.#cycle(signal));
        if (this.#finished) {
          reason = 'finished';
          break;
        }
        const linked = linkSignals(signal, watch.poke.signal);
        try {
          await this.#options.clock.sleep(delay, linked.signal);
        } catch (error) {
          if (signal.aborted) throw error;
          // Poked: poll now.
        } finally {
          linked.dispose();
          if (watch.poke.signal.aborted) watch.poke = new AbortController();
        }
      }
    } catch (error) {
      if (!signal.aborted) {
        reason = 'error';
        failure = error instanceof Error ? error : new FinetuneKitError(String(error), 'follow_failed');
      }
    } finally {
      if (this.#watch === watch) this.#watch = null;
    }
    this.#deliver({
      type: 'end',
      end: Object.freeze({ reason, error: failure, job: this.#snapshot }),
      watch,
    });
  }

  /** The delay before the next poll: the fallback interval while only webhook-woken followers wait. */
  #fallbackDelay(watch: Watch, delay: number): number {
    if (this.#webhookArrived || watch.slow.size === 0 || watch.slow.size < watch.consumers.size) return delay;
    return Math.max(delay, Math.min(...watch.slow.values()));
  }

  /** One poll: retrieve, tail events, checkpoints, status, terminal. Returns the delay before the next. */
  async #cycle(signal: AbortSignal): Promise<number> {
    const id = this.#snapshot.id;
    const context = this.context(signal, this.#options.watchRetry);
    const { job, pollAfterMs } = await retrieveJob(context, id);
    this.#snapshot = job;
    const terminal = isTerminalJobStatus(job.status);
    // The last poll looks too, whether due or not: the watch ends with following.
    await this.#checkDuplicates(signal, terminal);
    const polled = await this.#tail.poll((query) => fetchEventsPage(context, id, query));
    if (!polled.cursorFound && !this.#warnedCursor) {
      this.#warnedCursor = true;
      this.#warn({
        code: 'cursor_not_found',
        message: `The saved cursor's event is no longer in the history of fine-tuning job ${id}; delivery resumed from its timestamp.`,
        jobId: id,
      });
    }
    if (polled.invalid > 0) {
      this.#warn({
        code: 'invalid_events_skipped',
        message: `Skipped ${polled.invalid} event(s) of fine-tuning job ${id} that had no id.`,
        jobId: id,
        details: { count: polled.invalid },
      });
    }
    let checkpointMentioned = false;
    for (const event of polled.events) {
      // Stopped mid-batch: the rest stays undelivered and comes again with the next poll.
      if (signal.aborted) throw abortError(signal, `Following fine-tuning job ${id}`);
      this.#tail.markDelivered(event);
      this.#deliver({ type: 'event', event });
      const point = readMetricsPoint(event);
      if (point) this.#deliver({ type: 'metrics', point, event });
      if (CHECKPOINT_MESSAGE.test(event.message)) checkpointMentioned = true;
    }
    const statusChanged = job.status !== this.#reportedStatus;
    if (
      this.#options.checkpoints &&
      (checkpointMentioned || terminal || (statusChanged && job.status === 'paused'))
    ) {
      await this.#deliverCheckpoints(context);
    }
    if (statusChanged) {
      const previous = this.#reportedStatus;
      this.#reportedStatus = job.status;
      this.#deliver({ type: 'status', change: Object.freeze({ previous, status: job.status, job }) });
    }
    if (terminal) {
      this.#finished = true;
      const update = this.terminalUpdate();
      if (update) this.#deliver(update);
    }
    if (pollAfterMs === null) return this.#options.pollIntervalMs;
    return Math.min(this.#options.maxPollIntervalMs, Math.max(this.#options.minPollIntervalMs, pollAfterMs));
  }

  /**
   * Looks for a twin of this job that a failed create attempt produced and the job list showed only
   * late; cancels it and warns (see `DuplicateWatch`).
   */
  async #checkDuplicates(signal: AbortSignal, last: boolean): Promise<void> {
    const watch = this.#duplicateWatch;
    if (!watch || !(last || watch.due(this.#options.clock.now()))) return;
    const warning = await watch.check(this.context(signal), this.#snapshot);
    if (last || watch.done) this.#duplicateWatch = null;
    if (!warning) return;
    this.#warn(warning);
    try {
      this.#onCreateWarning?.(warning);
    } catch {
      // A warning callback's bug must not stop following.
    }
  }

  async #deliverCheckpoints(context: CallContext): Promise<void> {
    const id = this.#snapshot.id;
    let checkpoints: FineTuneJobCheckpoint[];
    try {
      checkpoints = await listAllCheckpoints(context, id);
    } catch (error) {
      if (FinetuneKitAbortError.isInstance(error)) throw error;
      this.#warn({
        code: 'checkpoints_unavailable',
        message: `Could not list checkpoints of fine-tuning job ${id}: ${error instanceof Error ? error.message : String(error)}`,
        jobId: id,
      });
      return;
    }
    for (const checkpoint of checkpoints) {
      if (this.#deliveredCheckpoints.has(checkpoint.id)) continue;
      this.#deliveredCheckpoints.add(checkpoint.id);
      this.#deliver({ type: 'checkpoint', checkpoint });
    }
  }

  #warn(warning: JobWarning): void {
    // Bounded: a warning that repeats every poll must not grow memory on a long watch.
    if (this.#warnings.length < 100) this.#warnings.push(warning);
    this.#deliver({ type: 'warning', warning });
  }

  /** Hands an update to `wait()`/`events()` subscribers, then to listeners (each one guarded). */
  #deliver(update: InternalUpdate): void {
    for (const subscriber of [...this.#subscribers]) subscriber(update);
    const emit = this.#emit;
    switch (update.type) {
      case 'status':
        emit('status', update.change);
        break;
      case 'event':
        emit('event', update.event);
        break;
      case 'metrics':
        emit('metrics', update.point, update.event);
        break;
      case 'checkpoint':
        emit('checkpoint', update.checkpoint);
        break;
      case 'succeeded':
        emit('succeeded', update.job);
        break;
      case 'failed':
        emit('failed', update.job, update.error);
        break;
      case 'cancelled':
        emit('cancelled', update.job, update.error);
        break;
      case 'retry':
        emit('retry', update.retry);
        break;
      case 'warning':
        emit('warning', update.warning);
        break;
      case 'end':
        // Only a real failure is an `error`: Node code reads that event as fatal.
        if (update.end.error) emit('error', update.end.error);
        emit('end', update.end);
        break;
    }
  }
}
