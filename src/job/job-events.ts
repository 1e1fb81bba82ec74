/**
 * The typed events of a `FineTuneJob`: the emitter's event map and the tagged union that
 * `job.events()` yields.
 *
 * @module
 */
import type { JobCancelledError, JobFailedError } from '../errors.js';
import type { FineTuneJobStatus } from './job-status.js';
import type { JobMetricsPoint } from './metrics-point.js';
import type { FineTuneJobCheckpoint, FineTuneJobEvent, FineTuneJobSnapshot } from './normalize.js';
import type { RetryContext } from './retry.js';

/** Payload of the `status` event: the status moved from `previous` to `status`. */
export interface JobStatusChange {
  /** The status last reported to listeners (or the status at create/attach time). */
  readonly previous: FineTuneJobStatus;
  /** The new status. */
  readonly status: FineTuneJobStatus;
  /** The job snapshot that showed the new status. */
  readonly job: FineTuneJobSnapshot;
}

/** Codes of the `warning` event and of `FineTuneJob.create`'s `onWarning`. */
export type JobWarningCode =
  /** OpenAI no longer accepts jobs for this model (past its cut-off date). */
  | 'model_job_creation_ended'
  /** The cut-off for new jobs is less than 30 days away. */
  | 'model_job_creation_ending'
  /** The base model (and its fine-tunes) has shut down or shuts down within 30 days. */
  | 'model_shutdown'
  /** The model is not in the model table, so no dates could be checked. */
  | 'unknown_model'
  /**
   * More than one job carries the create's idempotency token (a failed attempt had created one
   * after all); one was kept and the others cancelled. Raised by `create`, or later by the watcher
   * when the job list showed the twin late. `details`: `{ token, kept, duplicates, cancelled,
   * notCancelled? }`.
   */
  | 'duplicate_jobs_cancelled'
  /** The saved cursor's event is no longer in the job's history; delivery resumed by timestamp. */
  | 'cursor_not_found'
  /** Checkpoints could not be listed; `checkpoint` events are missing for this poll. */
  | 'checkpoints_unavailable'
  /** Events without an id were skipped (they cannot be de-duplicated). */
  | 'invalid_events_skipped';

/** A non-fatal problem worth telling the user about. */
export interface JobWarning {
  readonly code: JobWarningCode;
  /** One line for humans. */
  readonly message: string;
  /** The job id, when the warning concerns an existing job. */
  readonly jobId: string | null;
  /** Extra facts (dates, ids), JSON-safe. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Why following stopped, for the `end` event. */
export interface JobFollowEnd {
  /**
   * `finished`: the job reached a terminal status and everything was delivered; `stopped`: every
   * follower went away (abort, `stop()`, `wait()` timeout); `error`: a call failed for good.
   */
  readonly reason: 'finished' | 'stopped' | 'error';
  /** The error for `reason: 'error'`, else `null`. */
  readonly error: Error | null;
  /** The last snapshot. */
  readonly job: FineTuneJobSnapshot;
}

/**
 * The events of a `FineTuneJob`, for `job.on(name, listener)`. Each entry is the listener's argument
 * list.
 *
 * Order within one poll: `event` (and its `metrics`), `checkpoint`, `status`, then the terminal
 * event (`succeeded`, `failed` or `cancelled`), then `end`. When following fails for good, `error`
 * comes right before `end`.
 */
export interface FineTuneJobEventMap {
  /** The status changed. */
  status: [change: JobStatusChange];
  /** One entry of the job's event log, delivered exactly once, oldest first. */
  event: [event: FineTuneJobEvent];
  /** A training step's metrics (also delivered as `event`). */
  metrics: [point: JobMetricsPoint, event: FineTuneJobEvent];
  /** A checkpoint appeared (listed from the checkpoints endpoint). */
  checkpoint: [checkpoint: FineTuneJobCheckpoint];
  /** The job succeeded; `job.fine_tuned_model` is the model. */
  succeeded: [job: FineTuneJobSnapshot];
  /** The job failed; the error carries `job.error`. */
  failed: [job: FineTuneJobSnapshot, error: JobFailedError];
  /** The job was cancelled. */
  cancelled: [job: FineTuneJobSnapshot, error: JobCancelledError];
  /**
   * A call failed transiently and will be retried after `retry.delayMs` (`attempt`, `reason`,
   * `status` say which and why). Not a failure: following goes on.
   */
  retry: [retry: RetryContext];
  /**
   * Following failed for good (e.g. a 401, or an outage longer than `retry.maxElapsedMs`); `end`
   * follows with `reason: 'error'` and the same error. `wait()` rejects and `events()` throws with it.
   */
  error: [error: Error];
  /** Something non-fatal worth knowing (see {@link JobWarningCode}). */
  warning: [warning: JobWarning];
  /** Following stopped. */
  end: [end: JobFollowEnd];
}

/** Names of {@link FineTuneJobEventMap}. */
export type FineTuneJobEventName = keyof FineTuneJobEventMap;

/**
 * What `job.events()` yields: one tagged object per emitted event, but for `error` and `end` (a
 * failure is thrown from the iteration instead).
 *
 * @example
 * ```ts
 * for await (const update of job.events()) {
 *   if (update.type === 'metrics') console.log(update.point.step, update.point.train_loss);
 * }
 * ```
 */
export type FineTuneJobUpdate =
  | { readonly type: 'status'; readonly change: JobStatusChange }
  | { readonly type: 'event'; readonly event: FineTuneJobEvent }
  | { readonly type: 'metrics'; readonly point: JobMetricsPoint; readonly event: FineTuneJobEvent }
  | { readonly type: 'checkpoint'; readonly checkpoint: FineTuneJobCheckpoint }
  | { readonly type: 'succeeded'; readonly job: FineTuneJobSnapshot }
  | { readonly type: 'failed'; readonly job: FineTuneJobSnapshot; readonly error: JobFailedError }
  | { readonly type: 'cancelled'; readonly job: FineTuneJobSnapshot; readonly error: JobCancelledError }
  | { readonly type: 'retry'; readonly retry: RetryContext }
  | { readonly type: 'warning'; readonly warning: JobWarning };

/** The `type` values of {@link FineTuneJobUpdate}. */
export type FineTuneJobUpdateType = FineTuneJobUpdate['type'];
