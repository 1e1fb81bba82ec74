/**
 * `FineTuneJob`: create, attach to, follow, wait for and control one fine-tuning job on the user's
 * `openai` client.
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import type { JobCreateParams } from 'openai/resources/fine-tuning/jobs/jobs';
import {
  FinetuneKitAbortError,
  FinetuneKitError,
  FinetuneKitTimeoutError,
  FinetuneKitUsageError,
  JobCancelledError,
  JobFailedError,
} from '../errors.js';
import type { FromJobOptions, Metrics } from '../metrics/index.js';
import type { ModelTableOverrides } from '../models/index.js';
import { errorStatus } from './api-error.js';
import {
  assertClient,
  type CallContext,
  type FineTuningClient,
  retrySettings,
  type SdkRequestOptions,
  sdkOptions,
} from './client.js';
import { abortError, type JobClock, linkSignals, systemClock } from './clock.js';
import {
  applyModelPolicy,
  createJobIdempotently,
  type DeprecatedModelPolicy,
  type IdempotencyOptions,
  resolveIdempotencyOptions,
} from './create-job.js';
import type { DuplicateWatch } from './duplicate-watch.js';
import { type EventCursor, type EventStart, EventTail } from './event-tail.js';
import type {
  FineTuneJobEventMap,
  FineTuneJobEventName,
  FineTuneJobUpdate,
  FineTuneJobUpdateType,
  JobFollowEnd,
  JobWarning,
} from './job-events.js';
import {
  fetchEventsPage,
  type JobAction,
  jobAction,
  listAllCheckpoints,
  listJobsPage,
  retrieveJob,
} from './job-requests.js';
import { type FineTuneJobStatus, isTerminalJobStatus } from './job-status.js';
import { defaultListenerErrorHandler, type ListenerErrorHandler, ListenerGuards } from './listener-guard.js';
import { readMetricsPoint } from './metrics-point.js';
import type { FineTuneJobCheckpoint, FineTuneJobSnapshot } from './normalize.js';
import { REQUEST_TOKEN_METADATA_KEY, withRequestToken } from './request-token.js';
import { fetchResultFile, type JobResultFile } from './result-files.js';
import {
  DEFAULT_RETRY,
  DEFAULT_WATCH_RETRY,
  type ResolvedRetryOptions,
  type RetryContext,
  type RetryOptions,
  resolveRetryOptions,
  withRetry,
} from './retry.js';
import type { TrainingFileInput } from './upload-source.js';
import { type UploadTrainingFileOptions, uploadTrainingFile } from './upload-training-file.js';

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

interface ResolvedJobOptions {
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

function resolveJobOptions(options: FineTuneJobOptions): ResolvedJobOptions {
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

const FILE_ID = /^file-[A-Za-z0-9_-]+$/;
const CHECKPOINT_MESSAGE = /\bcheckpoint created\b/i;

/** Updates delivered to the job's own subscribers (`wait`, `events`), plus the end of following. */
type InternalUpdate =
  | FineTuneJobUpdate
  | { readonly type: 'end'; readonly end: JobFollowEnd; readonly watch: Watch };

interface Watch {
  readonly controller: AbortController;
  readonly consumers: Set<symbol>;
  /**
   * Aborted to cut the current inter-poll sleep short (after cancel/pause/resume). Created fresh
   * after each poll, so a poke during a poll is not lost: the next sleep starts already aborted.
   */
  poke: AbortController;
}

// biome-ignore lint/suspicious/noExplicitAny: eventemitter3's listener signature.
type AnyListener = (...args: any[]) => void;

/**
 * One fine-tuning job: a typed event emitter, an async iterable of updates, and `wait()`.
 *
 * Following starts when something asks for it (`wait()`, `events()`, `follow()`) and stops at the
 * terminal status, when every follower has gone (abort, timeout, `break`), or on `stop()`. Each
 * entry of the job's event log is delivered exactly once, oldest first; `job.cursor` says how far,
 * and `FineTuneJob.attach(client, id, { after: cursor })` resumes there after a restart.
 *
 * @example
 * ```ts
 * const job = await FineTuneJob.create(client, { model: 'gpt-4o-mini', training_file: 'train.jsonl' });
 * job.on('status', ({ previous, status }) => console.log(`${previous} → ${status}`));
 * job.on('metrics', (point) => console.log(point.step, point.train_loss));
 * const done = await job.wait({ signal: AbortSignal.timeout(3 * 3600_000) });
 * console.log(done.fine_tuned_model);
 * ```
 */
export class FineTuneJob extends EventEmitter<FineTuneJobEventMap> {
  readonly #client: FineTuningClient;
  readonly #options: ResolvedJobOptions;
  readonly #tail: EventTail;
  readonly #guards: ListenerGuards;
  readonly #subscribers = new Set<(update: InternalUpdate) => void>();
  readonly #deliveredCheckpoints = new Set<string>();
  readonly #warnings: JobWarning[] = [];
  #snapshot: FineTuneJobSnapshot;
  #reportedStatus: FineTuneJobStatus;
  #finished = false;
  #watch: Watch | null = null;
  #warnedCursor = false;
  /** After an uncertain create: the bounded look for a twin of this job, run during polls. */
  #duplicateWatch: DuplicateWatch | null;
  readonly #onCreateWarning: ((warning: JobWarning) => void) | undefined;

  private constructor(
    client: FineTuningClient,
    snapshot: FineTuneJobSnapshot,
    options: ResolvedJobOptions,
    tail: { after?: string | EventCursor | null | undefined; from?: EventStart | undefined },
    duplicates?: { watch: DuplicateWatch | null; onWarning: ((warning: JobWarning) => void) | undefined },
  ) {
    super();
    this.#client = client;
    this.#duplicateWatch = duplicates?.watch ?? null;
    this.#onCreateWarning = duplicates?.onWarning;
    this.#options = options;
    this.#snapshot = snapshot;
    this.#reportedStatus = snapshot.status;
    this.#tail = new EventTail({
      pageSize: options.eventsPageSize,
      ...(tail.after === undefined ? {} : { after: tail.after }),
      ...(tail.from === undefined ? {} : { from: tail.from }),
    });
    this.#guards = new ListenerGuards(() => this.#options.onListenerError);
  }

  // ── Construction ────────────────────────────────────────────────────────────────────────────

  /**
   * Creates a job. Local files given as `training_file`/`validation_file` are validated and uploaded
   * first (see `uploadTrainingFile`). Creation is idempotent across retries: a token goes into
   * `metadata.finetune_kit_request`, the SDK's retries are off, and after an attempt that may have
   * created the job anyway (no response, timeout, 5xx) the token is looked up with
   * `jobs.list({ metadata })`, over a grace period since that list lags behind creation, before
   * creating again. A twin that shows up later is cancelled by the job's watcher, with a
   * `duplicate_jobs_cancelled` warning (see {@link IdempotencyOptions}). A 429 (e.g. too many queued
   * jobs) is retried after `Retry-After` ("waiting for a slot", reported through `onRetry`). Models
   * past their cut-off get a warning, or a refusal with `deprecatedModels: 'refuse'`.
   *
   * @param client - An `OpenAI` or `AzureOpenAI` client.
   * @param params - The SDK's `JobCreateParams`, files possibly local.
   * @param options - See {@link CreateJobOptions}.
   * @returns The job, not yet followed (call `wait()`, `events()` or `follow()`).
   * @throws {DatasetError} When a local file fails validation (report attached).
   * @throws {UploadError} When an upload fails.
   * @throws {FinetuneKitApiError} When creation fails for good (e.g. 400 unknown model), SDK error as cause.
   * @throws {FinetuneKitError} `model_job_creation_ended` with `deprecatedModels: 'refuse'`.
   * @throws {FinetuneKitAbortError} When `signal` aborts.
   * @example
   * ```ts
   * const job = await FineTuneJob.create(client, {
   *   model: 'gpt-4o-mini',
   *   training_file: 'train.jsonl',
   *   method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3 } } },
   * });
   * ```
   */
  static async create(
    client: FineTuningClient,
    params: FineTuneJobCreateParams,
    options: CreateJobOptions = {},
  ): Promise<FineTuneJob> {
    assertClient(client, ['fineTuning']);
    if (typeof params !== 'object' || params === null)
      throw new FinetuneKitUsageError('params must be an object.', 'params');
    if (typeof params.model !== 'string' || params.model.length === 0) {
      throw new FinetuneKitUsageError('params.model must be a non-empty string.', 'params.model');
    }
    if (params.training_file === undefined || params.training_file === null) {
      throw new FinetuneKitUsageError(
        'params.training_file is required (a file id, path, JSONL text, bytes or Blob).',
        'params.training_file',
      );
    }
    const resolved = resolveJobOptions(options);
    const warnings: JobWarning[] = [];
    const warn = (warning: JobWarning) => {
      warnings.push(warning);
      try {
        options.onWarning?.(warning);
      } catch {
        // A warning callback's bug must not stop creation.
      }
    };
    const now = new Date(resolved.clock.now());
    for (const warning of applyModelPolicy(
      params.model,
      options.deprecatedModels ?? 'warn',
      now,
      options.models,
    ))
      warn(warning);

    // The idempotency token and the metadata limits are checked before anything is uploaded.
    const token =
      options.requestToken ?? params.metadata?.[REQUEST_TOKEN_METADATA_KEY] ?? crypto.randomUUID();
    const tokenFromCaller =
      options.requestToken !== undefined || params.metadata?.[REQUEST_TOKEN_METADATA_KEY] !== undefined;
    const metadata = withRequestToken(params.metadata, token);
    const idempotency = resolveIdempotencyOptions(options.idempotency);

    const context: CallContext = {
      client,
      clock: resolved.clock,
      retry: resolved.callRetry,
      signal: options.signal,
      onRetry: options.onRetry,
      requestOptions: resolved.requestOptions,
    };
    // Validation sees the job's whole request: method (with hyperparameters and grader) and suffix.
    const validation = {
      ...(params.suffix ? { suffix: params.suffix } : {}),
      ...(params.hyperparameters ? { hyperparameters: params.hyperparameters } : {}),
      ...(options.models ? { models: options.models } : {}),
      ...options.upload?.validation,
    };
    const uploadOne = async (input: TrainingFileInput, option: string): Promise<string> => {
      if (typeof input === 'string' && FILE_ID.test(input)) return input;
      try {
        const uploaded = await uploadTrainingFile(client, input, {
          ...options.upload,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
          ...(options.retry === undefined ? {} : { retry: options.retry }),
          ...(options.requestOptions === undefined ? {} : { requestOptions: options.requestOptions }),
          clock: resolved.clock,
          model: params.model,
          ...(params.method === undefined ? {} : { method: params.method }),
          validation,
        });
        return uploaded.id;
      } catch (error) {
        if (error instanceof FinetuneKitUsageError && error.option === 'input') {
          throw new FinetuneKitUsageError(error.message.replace(/^input\b/, option), option, {
            cause: error,
          });
        }
        throw error;
      }
    };
    const trainingFile = await uploadOne(params.training_file, 'params.training_file');
    const validationFile =
      params.validation_file === undefined || params.validation_file === null
        ? params.validation_file
        : await uploadOne(params.validation_file, 'params.validation_file');

    const { training_file: _training, validation_file: _validation, ...rest } = params;
    const body: JobCreateParams = { ...rest, training_file: trainingFile, metadata };
    if (validationFile !== undefined) body.validation_file = validationFile;
    const { job: snapshot, duplicateWatch } = await createJobIdempotently(context, body, {
      token,
      tokenFromCaller,
      retry: resolveRetryOptions(options.createRetry ?? options.retry, DEFAULT_RETRY),
      idempotency,
      cancelDuplicates: options.cancelDuplicates !== false,
      onWarning: warn,
      onRetry: options.onRetry,
    });
    const job = new FineTuneJob(
      client,
      snapshot,
      resolved,
      { from: 'beginning' },
      { watch: duplicateWatch, onWarning: options.onWarning },
    );
    job.#warnings.push(
      ...warnings.map((warning) => (warning.jobId === null ? { ...warning, jobId: snapshot.id } : warning)),
    );
    return job;
  }

  /**
   * Attaches to an existing job, e.g. after a restart. With `after` (a saved `job.cursor`),
   * following resumes right after that event: nothing is lost and nothing repeated.
   *
   * @param client - An `OpenAI` or `AzureOpenAI` client.
   * @param jobId - `ftjob-…`.
   * @param options - See {@link AttachOptions}.
   * @returns The job with its current snapshot.
   * @throws {FinetuneKitApiError} When the job cannot be retrieved (e.g. 404 `fine_tuning_job_not_found`).
   * @throws {FinetuneKitAbortError} When `signal` aborts.
   * @example
   * ```ts
   * const job = await FineTuneJob.attach(client, 'ftjob-abc123', { after: JSON.parse(saved) });
   * job.on('event', (event) => save(JSON.stringify(job.cursor)));
   * await job.wait();
   * ```
   */
  static async attach(
    client: FineTuningClient,
    jobId: string,
    options: AttachOptions = {},
  ): Promise<FineTuneJob> {
    assertClient(client, ['fineTuning']);
    if (typeof jobId !== 'string' || jobId.length === 0)
      throw new FinetuneKitUsageError('jobId must be a non-empty string.', 'jobId');
    const resolved = resolveJobOptions(options);
    const { job } = await retrieveJob(
      {
        client,
        clock: resolved.clock,
        retry: resolved.callRetry,
        signal: options.signal,
        requestOptions: resolved.requestOptions,
      },
      jobId,
    );
    return new FineTuneJob(client, job, resolved, { after: options.after, from: options.from });
  }

  /**
   * Pages through jobs, newest first, as `FineTuneJob`s (no extra request per job).
   *
   * @param client - An `OpenAI` or `AzureOpenAI` client.
   * @param options - Filter (`metadata`), paging and the options given to each job.
   * @returns An async iterable; stop early with `break`.
   * @throws {FinetuneKitApiError} When a page cannot be fetched.
   * @example
   * ```ts
   * for await (const job of FineTuneJob.list(client, { metadata: { team: 'search' } })) {
   *   console.log(job.id, job.status);
   * }
   * ```
   */
  static async *list(
    client: FineTuningClient,
    options: ListJobsOptions = {},
  ): AsyncGenerator<FineTuneJob, void, undefined> {
    assertClient(client, ['fineTuning']);
    const resolved = resolveJobOptions(options);
    const pageSize = options.pageSize ?? 20;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      throw new FinetuneKitUsageError(
        `options.pageSize must be an integer from 1 to 100, got ${String(pageSize)}.`,
        'options.pageSize',
      );
    }
    const max = options.max ?? Number.POSITIVE_INFINITY;
    const context: CallContext = {
      client,
      clock: resolved.clock,
      retry: resolved.callRetry,
      signal: options.signal,
      requestOptions: resolved.requestOptions,
    };
    let after = options.after;
    let yielded = 0;
    while (yielded < max) {
      const page = await listJobsPage(context, {
        limit: pageSize,
        ...(after === undefined ? {} : { after }),
        ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
      });
      const last = page.jobs.at(-1);
      // A page ending where the cursor already was is the previous page again (a server answering
      // has_more: true forever): stop instead of yielding the same jobs without end.
      if (last !== undefined && last.id === after) return;
      for (const snapshot of page.jobs) {
        if (yielded >= max) return;
        yielded += 1;
        yield new FineTuneJob(client, snapshot, resolved, { from: 'beginning' });
      }
      if (!page.has_more || !last) return;
      after = last.id;
    }
  }

  // ── State ───────────────────────────────────────────────────────────────────────────────────

  /** The job id (`ftjob-…`). */
  get id(): string {
    return this.#snapshot.id;
  }

  /** The latest known status (an open string: Azure and future statuses pass through). */
  get status(): FineTuneJobStatus {
    return this.#snapshot.status;
  }

  /** The latest normalised snapshot of the job. */
  get job(): FineTuneJobSnapshot {
    return this.#snapshot;
  }

  /** The fine-tuned model name once the job succeeded, else `null`. */
  get fineTunedModel(): string | null {
    return this.#snapshot.fine_tuned_model;
  }

  /**
   * The newest event delivered so far (`{ id, createdAt }`), or the cursor given to `attach`.
   * Save it (JSON) to resume after a restart; `null` before the first event.
   */
  get cursor(): EventCursor | null {
    return this.#tail.cursor;
  }

  /** Warnings raised for this job (deprecation at creation, duplicates, cursor problems). */
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

  // ── Following ───────────────────────────────────────────────────────────────────────────────

  /**
   * Starts following (if not already) and keeps going until the terminal status, `signal` aborts,
   * or `stop()`. Use it when you only listen with `job.on(...)`.
   *
   * @param options - `signal` stops this follower.
   * @returns `this`, for chaining.
   */
  follow(options: CallOptions = {}): this {
    if (this.#finished || options.signal?.aborted) return this;
    const { release } = this.#acquire();
    options.signal?.addEventListener('abort', release, { once: true });
    return this;
  }

  /**
   * Stops following now, for every follower: pending `wait()` calls and `events()` iterations end
   * with a `FinetuneKitAbortError`. The job itself keeps running (use `cancel()` to stop it).
   */
  stop(): void {
    const watch = this.#watch;
    if (!watch) return;
    watch.consumers.clear();
    watch.controller.abort(this.#stoppedError());
  }

  /**
   * Waits for the job to finish, following it meanwhile.
   *
   * @param options - `signal`, `timeoutMs`, and `resolveOn` (extra statuses to resolve on, e.g. `paused`).
   * @returns The final snapshot when the job succeeded (or reached a `resolveOn` status).
   * @throws {JobFailedError} When the job failed (`error.job`, `error.jobError` carry the server's reason).
   * @throws {JobCancelledError} When the job was cancelled.
   * @throws {FinetuneKitTimeoutError} After `timeoutMs`.
   * @throws {FinetuneKitAbortError} When `signal` aborts or `stop()` is called.
   * @throws {FinetuneKitApiError} When polling fails for good (e.g. 401, or an outage past `retry.maxElapsedMs`).
   * @example
   * ```ts
   * const controller = new AbortController();
   * process.once('SIGINT', () => controller.abort());
   * const done = await job.wait({ signal: controller.signal, timeoutMs: 6 * 3600_000 });
   * ```
   */
  wait(options: WaitOptions = {}): Promise<FineTuneJobSnapshot> {
    const { signal, timeoutMs } = options;
    const resolveOn = new Set<string>(options.resolveOn ?? []);
    if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs >= 0)) {
      return Promise.reject(
        new FinetuneKitUsageError(
          `options.timeoutMs must be a number ≥ 0, got ${String(timeoutMs)}.`,
          'options.timeoutMs',
        ),
      );
    }
    if (signal?.aborted) return Promise.reject(abortError(signal, `Waiting for fine-tuning job ${this.id}`));
    const early = this.#settledOutcome(resolveOn);
    if (early) return early;
    return new Promise<FineTuneJobSnapshot>((resolve, reject) => {
      const timer = new AbortController();
      let release = () => {};
      let joined: Watch | null = null;
      let settled = false;
      // The terminal outcome is applied once following has fully ended, so that when wait() settles
      // no poll, timer or request is left and `end` has been emitted.
      let outcome: (() => void) | null = null;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        this.#subscribers.delete(subscriber);
        signal?.removeEventListener('abort', onAbort);
        timer.abort();
        release();
        action();
      };
      const subscriber = (update: InternalUpdate) => {
        switch (update.type) {
          case 'succeeded':
            outcome = () => resolve(update.job);
            return;
          case 'failed':
          case 'cancelled':
            outcome = () => (resolveOn.has(update.type) ? resolve(update.job) : reject(update.error));
            return;
          case 'status':
            if (resolveOn.has(update.change.status)) settle(() => resolve(update.change.job));
            return;
          case 'end': {
            if (update.watch !== joined) return;
            const finish = outcome;
            if (update.end.reason === 'finished' && finish) {
              settle(finish);
              return;
            }
            settle(() => reject(update.end.error ?? this.#stoppedError()));
            return;
          }
          default:
            return;
        }
      };
      const onAbort = () =>
        settle(() => reject(abortError(signal, `Waiting for fine-tuning job ${this.id}`)));
      this.#subscribers.add(subscriber);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        this.#options.clock.sleep(timeoutMs, timer.signal).then(
          () =>
            settle(() =>
              reject(
                new FinetuneKitTimeoutError(
                  `Fine-tuning job ${this.id} did not finish within ${timeoutMs} ms (last status: ${this.status}).`,
                  timeoutMs,
                ),
              ),
            ),
          () => {},
        );
      }
      if (!settled) ({ release, watch: joined } = this.#acquire());
    });
  }

  /**
   * Every update as an async iterable, following the job meanwhile. Ends after the terminal update
   * (`succeeded`, `failed` or `cancelled` are yielded, not thrown); `break` stops following when
   * nobody else follows.
   *
   * @param options - `signal` and a `types` filter.
   * @returns An async generator of {@link FineTuneJobUpdate}.
   * @throws {FinetuneKitAbortError} From the iteration, when `signal` aborts or `stop()` is called.
   * @throws {FinetuneKitApiError} From the iteration, when polling fails for good.
   * @example
   * ```ts
   * for await (const update of job.events()) {
   *   if (update.type === 'event') console.log(update.event.message);
   * }
   * ```
   */
  events(options: EventsOptions = {}): AsyncGenerator<FineTuneJobUpdate, void, undefined> {
    return this.#iterate(options);
  }

  async *#iterate(options: EventsOptions): AsyncGenerator<FineTuneJobUpdate, void, undefined> {
    const { signal } = options;
    const wanted = options.types ? new Set<string>(options.types) : null;
    if (signal?.aborted) throw abortError(signal, `Following fine-tuning job ${this.id}`);
    if (this.#finished) {
      const terminal = this.#terminalUpdate();
      if (terminal && (!wanted || wanted.has(terminal.type))) yield terminal;
      return;
    }
    const queue: InternalUpdate[] = [];
    let wake: (() => void) | null = null;
    const subscriber = (update: InternalUpdate) => {
      queue.push(update);
      wake?.();
    };
    const onAbort = () => wake?.();
    this.#subscribers.add(subscriber);
    signal?.addEventListener('abort', onAbort, { once: true });
    const { release, watch: joined } = this.#acquire();
    try {
      for (;;) {
        while (queue.length === 0) {
          if (signal?.aborted) throw abortError(signal, `Following fine-tuning job ${this.id}`);
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
        }
        const update = queue.shift() as InternalUpdate;
        if (update.type === 'end') {
          if (update.watch !== joined) continue;
          if (update.end.reason === 'finished') return;
          throw update.end.error ?? this.#stoppedError();
        }
        if (!wanted || wanted.has(update.type)) yield update;
        if (update.type === 'succeeded' || update.type === 'failed' || update.type === 'cancelled') return;
      }
    } finally {
      this.#subscribers.delete(subscriber);
      signal?.removeEventListener('abort', onAbort);
      release();
    }
  }

  // ── Actions ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Retrieves the job now and updates `job.job` / `job.status`. Status events come from following,
   * not from here.
   *
   * @returns The new snapshot.
   * @throws {FinetuneKitApiError} When the call fails for good.
   */
  async refresh(options: CallOptions = {}): Promise<FineTuneJobSnapshot> {
    const { job } = await retrieveJob(this.#context(options.signal), this.id);
    this.#snapshot = job;
    return job;
  }

  /**
   * Cancels the job (idempotent, retried). Followers see `cancelled` at their next poll, which
   * happens right away.
   *
   * @returns The job as the server returned it.
   * @throws {FinetuneKitApiError} E.g. when the job already finished.
   */
  cancel(options: CallOptions = {}): Promise<FineTuneJobSnapshot> {
    return this.#act('cancel', options);
  }

  /**
   * Pauses a running job (it keeps a checkpoint). Wait for it with `wait({ resolveOn: ['paused'] })`.
   *
   * @returns The job as the server returned it.
   */
  pause(options: CallOptions = {}): Promise<FineTuneJobSnapshot> {
    return this.#act('pause', options);
  }

  /**
   * Resumes a paused job from its checkpoint.
   *
   * @returns The job as the server returned it.
   */
  resume(options: CallOptions = {}): Promise<FineTuneJobSnapshot> {
    return this.#act('resume', options);
  }

  /**
   * All checkpoints of the job (every page), in step order.
   *
   * @throws {FinetuneKitApiError} When listing fails for good.
   */
  checkpoints(options: CallOptions = {}): Promise<FineTuneJobCheckpoint[]> {
    return listAllCheckpoints(this.#context(options.signal), this.id);
  }

  /**
   * Downloads and decodes the job's result files (OpenAI serves the CSV base64-encoded; it comes back
   * as plain text here). Refreshes the job first when it finished but lists no result file yet.
   *
   * @returns One entry per result file, in the job's order.
   * @throws {FinetuneKitApiError} When a download fails for good.
   * @throws {FinetuneKitError} `unrecognized_result_file` when a body is neither CSV nor base64 CSV.
   */
  async resultFiles(options: CallOptions = {}): Promise<JobResultFile[]> {
    if (this.#snapshot.result_files.length === 0 && isTerminalJobStatus(this.status))
      await this.refresh(options);
    const context = this.#context(options.signal);
    const files: JobResultFile[] = [];
    for (const fileId of this.#snapshot.result_files) files.push(await fetchResultFile(context, fileId));
    return files;
  }

  /**
   * Deletes the fine-tuned model (`models.delete`). Safe to retry: a 404 on a retry counts as deleted.
   *
   * @returns `{ id, deleted }`.
   * @throws {FinetuneKitUsageError} When the job has no fine-tuned model (yet).
   * @throws {FinetuneKitApiError} When deletion fails (e.g. 403 for a model owned by another org).
   */
  async deleteModel(options: CallOptions = {}): Promise<{ id: string; deleted: boolean }> {
    const model = this.fineTunedModel ?? (await this.refresh(options)).fine_tuned_model;
    if (!model) {
      throw new FinetuneKitUsageError(
        `Fine-tuning job ${this.id} has no fine-tuned model to delete (status: ${this.status}).`,
        'fineTunedModel',
      );
    }
    const context = this.#context(options.signal);
    return withRetry(
      async (attempt, signal) => {
        try {
          const result = await this.#client.models.delete(model, sdkOptions(context, signal));
          return { id: result.id, deleted: result.deleted };
        } catch (error) {
          // An earlier attempt may have deleted it although its response was lost.
          if (attempt > 1 && errorStatus(error) === 404) return { id: model, deleted: true };
          throw error;
        }
      },
      retrySettings(context, 'models.delete', model),
    );
  }

  /**
   * The job's metrics as a `Metrics` object (from `finetune-kit/metrics`, loaded on first use):
   * every event, checkpoint and result file merged by step. Works while the job runs (partial
   * series) and after it ended.
   *
   * @param options - `signal`, `pageSize`, `resultFiles`, `csv` (see `Metrics.fromJob`).
   * @returns The metrics.
   * @throws {FinetuneKitAbortError} When aborted; SDK errors pass through as `Metrics.fromJob` documents.
   * @example
   * ```ts
   * const metrics = await job.metrics();
   * metrics.series('train_loss').smooth(0.6).last();
   * ```
   */
  async metrics(options: FromJobOptions = {}): Promise<Metrics> {
    const { Metrics: MetricsClass } = await import('../metrics/index.js');
    return MetricsClass.fromJob(this.#client, this.id, options);
  }

  /** A JSON-safe summary: id, status, cursor and the snapshot (never the client or its key). */
  toJSON(): { id: string; status: FineTuneJobStatus; cursor: EventCursor | null; job: FineTuneJobSnapshot } {
    return { id: this.id, status: this.status, cursor: this.cursor, job: this.#snapshot };
  }

  /** Keeps `console.log(job)` short and free of the client. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `FineTuneJob { id: '${this.id}', status: '${this.status}', following: ${this.following} }`;
  }

  // ── Listener guarding (a throwing listener never stops following) ────────────────────────────

  override on<T extends FineTuneJobEventName>(
    event: T,
    fn: (...args: FineTuneJobEventMap[T]) => void,
    context?: unknown,
  ): this {
    return super.on(event, this.#guards.wrap(event, fn as AnyListener) as never, context);
  }

  override addListener<T extends FineTuneJobEventName>(
    event: T,
    fn: (...args: FineTuneJobEventMap[T]) => void,
    context?: unknown,
  ): this {
    return this.on(event, fn, context);
  }

  override once<T extends FineTuneJobEventName>(
    event: T,
    fn: (...args: FineTuneJobEventMap[T]) => void,
    context?: unknown,
  ): this {
    return super.once(event, this.#guards.wrap(event, fn as AnyListener) as never, context);
  }

  override off<T extends FineTuneJobEventName>(
    event: T,
    fn?: (...args: FineTuneJobEventMap[T]) => void,
    context?: unknown,
    once?: boolean,
  ): this {
    return super.off(
      event,
      (fn === undefined ? undefined : this.#guards.find(event, fn as AnyListener)) as never,
      context,
      once,
    );
  }

  override removeListener<T extends FineTuneJobEventName>(
    event: T,
    fn?: (...args: FineTuneJobEventMap[T]) => void,
    context?: unknown,
    once?: boolean,
  ): this {
    return this.off(event, fn, context, once);
  }

  override listeners<T extends FineTuneJobEventName>(
    event: T,
  ): ((...args: FineTuneJobEventMap[T]) => void)[] {
    return super.listeners(event).map((listener) => this.#guards.unwrap(listener as AnyListener)) as never;
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────────

  /** Why following ended when it was stopped (by `stop()` or by its last consumer leaving). */
  #stoppedError(): FinetuneKitAbortError {
    return new FinetuneKitAbortError(`Following fine-tuning job ${this.id} was stopped.`);
  }

  #context(
    signal: AbortSignal | undefined,
    retry: ResolvedRetryOptions = this.#options.callRetry,
  ): CallContext {
    return {
      client: this.#client,
      clock: this.#options.clock,
      retry,
      signal,
      onRetry: (context) => this.#deliver({ type: 'error', retry: context }),
      requestOptions: this.#options.requestOptions,
    };
  }

  async #act(action: JobAction, options: CallOptions): Promise<FineTuneJobSnapshot> {
    const job = await jobAction(this.#context(options.signal), this.id, action);
    this.#snapshot = job;
    // Let a sleeping follower poll now rather than at the end of its interval.
    this.#watch?.poke.abort();
    return job;
  }

  /** For `wait()`: settles right away when the job is already done or at a `resolveOn` status. */
  #settledOutcome(resolveOn: ReadonlySet<string>): Promise<FineTuneJobSnapshot> | null {
    if (!this.#finished) {
      return resolveOn.has(this.#reportedStatus) ? Promise.resolve(this.#snapshot) : null;
    }
    const terminal = this.#terminalUpdate();
    if (
      terminal &&
      (terminal.type === 'failed' || terminal.type === 'cancelled') &&
      !resolveOn.has(terminal.type)
    ) {
      return Promise.reject(terminal.error);
    }
    return Promise.resolve(this.#snapshot);
  }

  #terminalUpdate(): FineTuneJobUpdate | null {
    const job = this.#snapshot;
    if (job.status === 'succeeded') return { type: 'succeeded', job };
    if (job.status === 'failed') return { type: 'failed', job, error: new JobFailedError(job) };
    if (job.status === 'cancelled') return { type: 'cancelled', job, error: new JobCancelledError(job) };
    return null;
  }

  /**
   * Registers a follower; starts the poll loop when there is none (or only one that is stopping).
   * Returns the follower's release and the watch it joined (its `end` is the one that matters).
   */
  #acquire(): { release: () => void; watch: Watch | null } {
    if (this.#finished) return { release: () => {}, watch: null };
    if (!this.#watch || this.#watch.controller.signal.aborted) this.#watch = this.#startWatch();
    const watch = this.#watch;
    const token = Symbol('follower');
    watch.consumers.add(token);
    const release = () => {
      if (!watch.consumers.delete(token)) return;
      if (watch.consumers.size === 0) {
        watch.controller.abort(this.#stoppedError());
      }
    };
    return { release, watch };
  }

  #startWatch(): Watch {
    const watch: Watch = {
      controller: new AbortController(),
      consumers: new Set(),
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
        const delay = await this.#cycle(signal);
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

  /** One poll: retrieve, tail events, checkpoints, status, terminal. Returns the delay before the next. */
  async #cycle(signal: AbortSignal): Promise<number> {
    const context = this.#context(signal, this.#options.watchRetry);
    const { job, pollAfterMs } = await retrieveJob(context, this.id);
    this.#snapshot = job;
    const terminal = isTerminalJobStatus(job.status);
    // The last poll looks too, whether due or not: the watch ends with following.
    await this.#checkDuplicates(signal, terminal);
    const polled = await this.#tail.poll((query) => fetchEventsPage(context, this.id, query));
    if (!polled.cursorFound && !this.#warnedCursor) {
      this.#warnedCursor = true;
      this.#warn({
        code: 'cursor_not_found',
        message: `The saved cursor's event is no longer in the history of fine-tuning job ${this.id}; delivery resumed from its timestamp.`,
        jobId: this.id,
      });
    }
    if (polled.invalid > 0) {
      this.#warn({
        code: 'invalid_events_skipped',
        message: `Skipped ${polled.invalid} event(s) of fine-tuning job ${this.id} that had no id.`,
        jobId: this.id,
        details: { count: polled.invalid },
      });
    }
    let checkpointMentioned = false;
    for (const event of polled.events) {
      // Stopped mid-batch: the rest stays undelivered and comes again with the next poll.
      if (signal.aborted) throw abortError(signal, `Following fine-tuning job ${this.id}`);
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
      const update = this.#terminalUpdate();
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
    const warning = await watch.check(this.#context(signal), this.#snapshot);
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
    let checkpoints: FineTuneJobCheckpoint[];
    try {
      checkpoints = await listAllCheckpoints(context, this.id);
    } catch (error) {
      if (FinetuneKitAbortError.isInstance(error)) throw error;
      this.#warn({
        code: 'checkpoints_unavailable',
        message: `Could not list checkpoints of fine-tuning job ${this.id}: ${error instanceof Error ? error.message : String(error)}`,
        jobId: this.id,
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
    switch (update.type) {
      case 'status':
        this.emit('status', update.change);
        break;
      case 'event':
        this.emit('event', update.event);
        break;
      case 'metrics':
        this.emit('metrics', update.point, update.event);
        break;
      case 'checkpoint':
        this.emit('checkpoint', update.checkpoint);
        break;
      case 'succeeded':
        this.emit('succeeded', update.job);
        break;
      case 'failed':
        this.emit('failed', update.job, update.error);
        break;
      case 'cancelled':
        this.emit('cancelled', update.job, update.error);
        break;
      case 'error':
        this.emit('error', update.retry);
        break;
      case 'warning':
        this.emit('warning', update.warning);
        break;
      case 'end':
        this.emit('end', update.end);
        break;
    }
  }
}
