/**
 * The options of `FineTuneJob` (create, attach, list, wait, events, one-off calls), their defaults
 * and their resolution into the settings a job runs with.
 *
 * @module
 */
import type { JobCreateParams } from 'openai/resources/fine-tuning/jobs/jobs';
import { FinetuneKitUsageError } from '../errors.js';
import type { ModelTableOverrides } from '../models/index.js';
import type { SdkRequestOptions } from './client.js';
import { type JobClock, systemClock } from './clock.js';
import type { DeprecatedModelPolicy, IdempotencyOptions } from './create-job.js';
import type { EventCursor, EventStart } from './event-tail.js';
import type { FineTuneJobUpdateType, JobWarning } from './job-events.js';
import type { FineTuneJobStatus } from './job-status.js';
import { defaultListenerErrorHandler, type ListenerErrorHandler } from './listener-guard.js';
import {
  DEFAULT_RETRY,
  DEFAULT_WATCH_RETRY,
  type ResolvedRetryOptions,
  type RetryContext,
  type RetryOptions,
  resolveRetryOptions,
} from './retry.js';
import type { TrainingFileInput } from './upload-source.js';
import type { UploadTrainingFileOptions } from './upload-training-file.js';
import type { FineTuneWebhooks } from './webhooks.js';

/** Options shared by every way of getting a `FineTuneJob` (create, attach, list). */
export interface FineTuneJobOptions {
  /** Clock for polling delays, backoff and timeouts. @default systemClock (`Date.now`, global `setTimeout`) */
  readonly clock?: JobClock;
  /** Delay between polls when the server sends no `openai-poll-after-ms` hint. @default 5000 */
  readonly pollIntervalMs?: number;
  /** Lower bound applied to the server's `openai-poll-after-ms` hint. @default 1000 */
  readonly minPollIntervalMs?: number;
  /** Upper bound applied to the server's `openai-poll-after-ms` hint. @default 60_000 */
  readonly maxPollIntervalMs?: number;
  /** Events per page when tailing (1–100). @default 100 */
  readonly eventsPageSize?: number;
  /**
   * Retry policy of the calls this job makes. Following uses `retries: Infinity` bounded by
   * `maxElapsedMs` (30 min of consecutive failures) unless given; single calls use 8 retries.
   */
  readonly retry?: RetryOptions;
  /**
   * Retry policy of following (polls and event pages) when it should differ from `retry`, e.g. a
   * short budget for single calls but the long outage tolerance for watching. @default `retry`
   */
  readonly watchRetry?: RetryOptions;
  /** Per-request SDK options (timeout, headers) for every call. */
  readonly requestOptions?: SdkRequestOptions;
  /** List checkpoints when the job reports one (and at the end) to emit `checkpoint` events. @default true */
  readonly checkpoints?: boolean;
  /** Receives errors thrown by event listeners (they never stop following). @default a line on stderr */
  readonly onListenerError?: ListenerErrorHandler;
}

/** Options of {@link FineTuneJob.attach}. */
export interface AttachOptions extends FineTuneJobOptions {
  /** Resume after this event: an id or a saved `job.cursor`. Events up to it are never delivered again. */
  readonly after?: string | EventCursor | null;
  /**
   * Without `after`: `'beginning'` delivers the whole event history, `'now'` only what happens next.
   * @default 'beginning'
   */
  readonly from?: EventStart;
  /** Aborts the initial retrieve. */
  readonly signal?: AbortSignal;
}

/**
 * The parameters of `FineTuneJob.create`: the SDK's own `JobCreateParams`, except that
 * `training_file` and `validation_file` may also be a local path, JSONL text, bytes or a `Blob`,
 * which are validated and uploaded first. A string `file-…` is a file id.
 */
export type FineTuneJobCreateParams = Omit<JobCreateParams, 'training_file' | 'validation_file'> & {
  training_file: TrainingFileInput;
  validation_file?: TrainingFileInput | null;
};

/**
 * Options of {@link FineTuneJob.create}.
 *
 * @example
 * ```ts
 * await FineTuneJob.create(client, params, {
 *   requestToken: 'nightly-2026-11-26',   // idempotent across process restarts too
 *   deprecatedModels: 'refuse',
 *   onWarning: (warning) => console.warn(warning.message),
 *   onRetry: (retry) => retry.reason === 'rate_limited' && console.log('waiting for a slot…'),
 * });
 * ```
 */
export interface CreateJobOptions extends FineTuneJobOptions {
  /** Aborts uploads and creation (never cancels a job that was already created). */
  readonly signal?: AbortSignal;
  /**
   * The idempotency token stored in `metadata.finetune_kit_request`. Pass a stable value to make
   * creation idempotent across process restarts as well. @default a random UUID
   */
  readonly requestToken?: string;
  /** Models past OpenAI's job-creation cut-off: warn, refuse or say nothing. @default 'warn' */
  readonly deprecatedModels?: DeprecatedModelPolicy;
  /** Model-table overrides for the date check (e.g. Azure dates). */
  readonly models?: ModelTableOverrides;
  /**
   * Called with each warning (deprecation, duplicates); they are also in `job.warnings`. A duplicate
   * found by the watcher after `create` returned comes here too, and as the job's `warning` event.
   */
  readonly onWarning?: (warning: JobWarning) => void;
  /** Called before each retry of an upload or create call (`rate_limited` = waiting for a slot). */
  readonly onRetry?: (context: RetryContext) => void;
  /** Retry policy of the create call. @default 8 retries, Retry-After honoured */
  readonly createRetry?: RetryOptions;
  /** Cancel extra jobs if a retried create produced more than one. @default true */
  readonly cancelDuplicates?: boolean;
  /**
   * How long to look for a job that a failed attempt may have created, on a job list that lags
   * behind creation, and how long the watcher keeps looking for a late twin. See {@link IdempotencyOptions}.
   * @default { lookupGraceMs: 30_000, lookupIntervalMs: 1000, duplicateCheckMs: 600_000 }
   */
  readonly idempotency?: IdempotencyOptions;
  /** Options for uploading local files given as `training_file` / `validation_file`. */
  readonly upload?: Omit<UploadTrainingFileOptions, 'signal' | 'model' | 'method' | 'clock' | 'onRetry'>;
}

/** Options of {@link FineTuneJob.list}. */
export interface ListJobsOptions extends FineTuneJobOptions {
  /** Only jobs whose metadata has all these pairs (`?metadata[k]=v`). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Jobs per page (1–100). @default 20 */
  readonly pageSize?: number;
  /** Start after this job id. */
  readonly after?: string;
  /** Stop after this many jobs. @default Infinity */
  readonly max?: number;
  readonly signal?: AbortSignal;
}

/** Options of {@link FineTuneJob.wait}. */
export interface WaitOptions {
  /** Stops waiting (and following, when nobody else follows). Never cancels the job. */
  readonly signal?: AbortSignal;
  /** Rejects with `FinetuneKitTimeoutError` after this long. @default no timeout */
  readonly timeoutMs?: number;
  /** Also resolve when the job reaches one of these statuses, e.g. `['paused']`. */
  readonly resolveOn?: readonly FineTuneJobStatus[];
  /**
   * A webhook receiver (`createFineTuneWebhooks`): `wait()` polls once more as soon as the webhook
   * of this job arrives, and returns that final job; until then it polls only every
   * `fallbackPollMs`, in case a webhook is lost. See docs/webhooks.md.
   */
  readonly webhooks?: FineTuneWebhooks | undefined;
  /**
   * With `webhooks`: the interval of the fallback polls (other followers of the job, such as
   * `events()`, keep the normal interval). @default 300_000 (5 minutes)
   */
  readonly fallbackPollMs?: number;
}

/** Options of {@link FineTuneJob.events}. */
export interface EventsOptions {
  /** Ends the iteration with a `FinetuneKitAbortError`. */
  readonly signal?: AbortSignal;
  /** Yield only these update types (the iteration still ends at the terminal status). */
  readonly types?: readonly FineTuneJobUpdateType[];
}

/** Options of one-off calls (`cancel`, `refresh`, `checkpoints`, …). */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** {@link FineTuneJobOptions} with every default filled in, as a job runs with them. */
export interface ResolvedJobOptions {
  readonly clock: JobClock;
  readonly pollIntervalMs: number;
  readonly minPollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  readonly eventsPageSize: number;
  readonly watchRetry: ResolvedRetryOptions;
  readonly callRetry: ResolvedRetryOptions;
  readonly requestOptions: SdkRequestOptions | undefined;
  readonly checkpoints: boolean;
  readonly onListenerError: ListenerErrorHandler;
}

/** Defaults of {@link FineTuneJobOptions}, in one place. */
export const FINE_TUNE_JOB_DEFAULTS = Object.freeze({
  pollIntervalMs: 5000,
  minPollIntervalMs: 1000,
  maxPollIntervalMs: 60_000,
  eventsPageSize: 100,
  checkpoints: true,
  /** `wait({ webhooks })`: the interval of the fallback polls. */
  fallbackPollMs: 300_000,
});

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'number' || !Number.isFinite(resolved) || resolved < 0) {
    throw new FinetuneKitUsageError(
      `options.${name} must be a finite number ≥ 0, got ${String(resolved)}.`,
      `options.${name}`,
    );
  }
  return resolved;
}

/**
 * Fills the defaults of {@link FineTuneJobOptions} and checks the values.
 *
 * @param options - The caller's options.
 * @returns The settings, frozen.
 * @throws {FinetuneKitUsageError} Naming the option, when a delay is not a finite number ≥ 0, the
 *   poll bounds are inverted, or the clock lacks `now()`/`sleep()`.
 */
export function resolveJobOptions(options: FineTuneJobOptions): ResolvedJobOptions {
  const minPollIntervalMs = nonNegative(
    options.minPollIntervalMs,
    FINE_TUNE_JOB_DEFAULTS.minPollIntervalMs,
    'minPollIntervalMs',
  );
  const maxPollIntervalMs = nonNegative(
    options.maxPollIntervalMs,
    FINE_TUNE_JOB_DEFAULTS.maxPollIntervalMs,
    'maxPollIntervalMs',
  );
  if (maxPollIntervalMs < minPollIntervalMs) {
    throw new FinetuneKitUsageError(
      'options.maxPollIntervalMs must be ≥ options.minPollIntervalMs.',
      'options.maxPollIntervalMs',
    );
  }
  const clock = options.clock ?? systemClock;
  if (typeof clock.now !== 'function' || typeof clock.sleep !== 'function') {
    throw new FinetuneKitUsageError('options.clock must have now() and sleep(ms, signal).', 'options.clock');
  }
  return Object.freeze({
    clock,
    pollIntervalMs: nonNegative(
      options.pollIntervalMs,
      FINE_TUNE_JOB_DEFAULTS.pollIntervalMs,
      'pollIntervalMs',
    ),
    minPollIntervalMs,
    maxPollIntervalMs,
    eventsPageSize: options.eventsPageSize ?? FINE_TUNE_JOB_DEFAULTS.eventsPageSize,
    watchRetry: resolveRetryOptions(options.watchRetry ?? options.retry, DEFAULT_WATCH_RETRY),
    callRetry: resolveRetryOptions(options.retry, DEFAULT_RETRY),
    requestOptions: options.requestOptions,
    checkpoints: options.checkpoints ?? FINE_TUNE_JOB_DEFAULTS.checkpoints,
    onListenerError: options.onListenerError ?? defaultListenerErrorHandler,
  });
}
