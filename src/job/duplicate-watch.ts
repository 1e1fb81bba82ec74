/**
 * Jobs that share one idempotency token: which one to keep, cancelling the others, and saying so.
 *
 * The job list is eventually consistent: a job that a lost create response produced can appear in
 * `jobs.list` seconds after it was created. `createJobIdempotently` settles what it can see before it
 * returns; a {@link DuplicateWatch} then keeps looking, for a bounded time, from the job's watcher.
 *
 * @module
 */
import { FinetuneKitAbortError } from '../errors.js';
import { abortError } from '../internal/abort.js';
import type { CallContext } from './client.js';
import type { JobWarning } from './job-events.js';
import { jobAction } from './job-requests.js';
import { isTerminalJobStatus } from './job-status.js';
import type { FineTuneJobSnapshot } from './normalize.js';
import { lookUpJobsByToken, sortOldestFirst } from './request-token.js';

/** Delay before the watcher's first look for a late twin; it doubles after each look. */
const FIRST_CHECK_DELAY_MS = 5000;
/** Upper bound of the delay between two looks. */
const MAX_CHECK_DELAY_MS = 60_000;

/** Settings of {@link settleDuplicates}. */
export interface SettleSettings {
  /** The token the jobs share (for the warning). */
  readonly token: string;
  /**
   * The id of the job to keep whatever its age (the job the caller already holds), or `null` to keep
   * the oldest job that neither failed nor was cancelled.
   */
  readonly keep: string | null;
  /** The job the caller holds, if any: the warning says so when it is the one cancelled. */
  readonly held?: string | undefined;
  /** Cancel the extra jobs (else only report them). */
  readonly cancel: boolean;
  /** Ids already dealt with: never cancelled or reported twice. Updated in place. */
  readonly settled: Set<string>;
}

/** What {@link settleDuplicates} decided. */
export interface Settlement {
  /** The job kept. */
  readonly kept: FineTuneJobSnapshot;
  /** The `duplicate_jobs_cancelled` warning, or `null` when there was nothing to settle. */
  readonly warning: JobWarning | null;
}

/**
 * Keeps one of the jobs that carry the same token and cancels the others that are still active.
 * Jobs that already finished are left alone; a failed cancel is reported, never thrown, because the
 * job that is kept must still reach the caller.
 *
 * @param context - Client, clock, retry policy and signal for the cancel calls.
 * @param jobs - The jobs carrying the token (freshest snapshot of each id first), at least one.
 * @param settings - Which job to keep, whether to cancel.
 * @returns The job kept and the warning to report, if any.
 * @throws {FinetuneKitAbortError} When the signal aborts during a cancel.
 */
export async function settleDuplicates(
  context: CallContext,
  jobs: readonly FineTuneJobSnapshot[],
  settings: SettleSettings,
): Promise<Settlement> {
  const byId = new Map<string, FineTuneJobSnapshot>();
  for (const job of jobs) if (!byId.has(job.id)) byId.set(job.id, job);
  const sorted = sortOldestFirst([...byId.values()]);
  const kept =
    (settings.keep === null ? undefined : byId.get(settings.keep)) ??
    sorted.find((job) => job.status !== 'failed' && job.status !== 'cancelled') ??
    sorted[0];
  if (!kept) throw new TypeError('settleDuplicates needs at least one job.');
  const extras = sorted.filter(
    (job) => job.id !== kept.id && !isTerminalJobStatus(job.status) && !settings.settled.has(job.id),
  );
  if (extras.length === 0) return { kept, warning: null };
  for (const extra of extras) settings.settled.add(extra.id);

  const cancelled: string[] = [];
  const failed: { id: string; reason: string }[] = [];
  if (settings.cancel) {
    for (const extra of extras) {
      try {
        await jobAction(context, extra.id, 'cancel');
        cancelled.push(extra.id);
      } catch (error) {
        if (FinetuneKitAbortError.isInstance(error) || context.signal?.aborted) {
          throw abortError(context.signal, `Cancelling duplicate fine-tuning job ${extra.id}`);
        }
        // The job may have finished meanwhile (400), or the API is down: say so, keep going.
        failed.push({ id: extra.id, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  const ids = extras.map((job) => job.id);
  const parts = [
    `Job creation produced ${extras.length + 1} jobs with the same request token; kept ${kept.id}`,
  ];
  if (!settings.cancel) parts.push(`; left running (cancelDuplicates: false): ${ids.join(', ')}.`);
  else {
    if (cancelled.length > 0) parts.push(` and cancelled ${cancelled.join(', ')}`);
    if (failed.length > 0)
      parts.push(`; could not cancel ${failed.map((entry) => `${entry.id} (${entry.reason})`).join(', ')}`);
    parts.push('.');
  }
  if (settings.held !== undefined && settings.held !== kept.id && cancelled.includes(settings.held)) {
    parts.push(
      ` ${settings.held} was the newer job, and other processes using this token keep the oldest: follow ${kept.id} instead (FineTuneJob.attach).`,
    );
  }
  return {
    kept,
    warning: Object.freeze({
      code: 'duplicate_jobs_cancelled',
      message: parts.join(''),
      jobId: kept.id,
      details: Object.freeze({
        token: settings.token,
        kept: kept.id,
        duplicates: ids,
        cancelled,
        ...(failed.length > 0 ? { notCancelled: failed } : {}),
      }),
    }),
  };
}

/** Settings of a {@link DuplicateWatch}. */
export interface DuplicateWatchSettings {
  /** The token of the create. */
  readonly token: string;
  /**
   * Which job survives when a twin shows up: `held`, the job the caller holds (safe when the token
   * is finetune-kit's own random one, which no other process knows); `oldest`, when the caller gave
   * the token and other processes may be settling the same jobs (they must all keep the same one).
   */
  readonly keep: 'held' | 'oldest';
  /** Cancel the twins (else only report them). */
  readonly cancel: boolean;
  /** When the watch starts (ms since the epoch, on the job clock). */
  readonly start: number;
  /** How long to keep looking, from `start`. */
  readonly durationMs: number;
  /** Ids already settled at creation. */
  readonly settled: Set<string>;
}

/**
 * A bounded look for twins of a freshly created job, run by its watcher: each look lists the token's
 * jobs (no retries: a failed look is simply tried at the next one), and settles any twin found. Looks
 * are spaced 5 s, 10 s, 20 s … up to 60 s apart, until `durationMs` after creation.
 */
export class DuplicateWatch {
  readonly #settings: DuplicateWatchSettings;
  #nextAt: number;
  #delayMs = FIRST_CHECK_DELAY_MS;
  #done = false;

  /**
   * @param settings - Token, keep policy, duration and the ids settled at creation.
   */
  constructor(settings: DuplicateWatchSettings) {
    this.#settings = settings;
    this.#nextAt = settings.start + Math.min(FIRST_CHECK_DELAY_MS, settings.durationMs);
  }

  /** True once the last look ran. */
  get done(): boolean {
    return this.#done;
  }

  /**
   * True when a look is due.
   *
   * @param now - The job clock's time.
   */
  due(now: number): boolean {
    return !this.#done && now >= this.#nextAt;
  }

  /**
   * Looks once for jobs that carry the token besides `held`, and settles them.
   *
   * @param context - Client, clock, signal (the cancels use its retry policy).
   * @param held - The latest snapshot of the job the caller holds.
   * @returns The warning to report, or `null`.
   * @throws {FinetuneKitAbortError} When the signal aborts.
   */
  async check(context: CallContext, held: FineTuneJobSnapshot): Promise<JobWarning | null> {
    if (this.#done) return null;
    const { token, keep, cancel, settled, start, durationMs } = this.#settings;
    const now = context.clock.now();
    if (now >= start + durationMs) this.#done = true;
    this.#nextAt = Math.min(now + this.#delayMs, start + durationMs);
    this.#delayMs = Math.min(this.#delayMs * 2, MAX_CHECK_DELAY_MS);
    let listed: FineTuneJobSnapshot[];
    try {
      listed = await lookUpJobsByToken(context, token, context.signal);
    } catch (error) {
      if (context.signal?.aborted) throw abortError(context.signal, `Looking for duplicates of ${held.id}`);
      if (FinetuneKitAbortError.isInstance(error)) throw error;
      return null;
    }
    // The held job comes first: its snapshot is fresher than the list's, which may not show it yet.
    const { warning } = await settleDuplicates(context, [held, ...listed], {
      token,
      keep: keep === 'held' ? held.id : null,
      held: held.id,
      cancel,
      settled,
    });
    return warning;
  }
}
