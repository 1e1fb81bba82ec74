/**
 * `FineTuneJob`: create, attach to, follow, wait for and control one fine-tuning job on the user's
 * `openai` client. The class is a façade: options live in `job-options.ts`, creation in
 * `create-fine-tune-job.ts` and `create-job.ts`, the poll loop in `job-watcher.ts`, and `wait()` /
 * `events()` in `job-followers.ts`.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { type BilledCost, type BilledCostOptions, computeBilledCost } from '../metrics/billed-cost.js';
import type { FromJobOptions, Metrics } from '../metrics/index.js';
import { errorStatus } from './api-error.js';
import {
  CheckpointPermissions,
  type CheckpointPermissionsOptions,
  type FineTuneCheckpoint,
  withSharing,
} from './checkpoint-permissions.js';
import {
  assertClient,
  type CallContext,
  type FineTuningClient,
  retrySettings,
  sdkOptions,
} from './client.js';
import { assertCreateParams, createFineTuneJob } from './create-fine-tune-job.js';
import type { EventCursor } from './event-tail.js';
import { JobEmitter } from './job-emitter.js';
import type { FineTuneJobUpdate, JobWarning } from './job-events.js';
import { iterateJob, waitForJob } from './job-followers.js';
import {
  type AttachOptions,
  type CallOptions,
  type CreateJobOptions,
  type EventsOptions,
  type FineTuneJobCreateParams,
  type ListJobsOptions,
  type ResolvedJobOptions,
  resolveJobOptions,
  type WaitOptions,
} from './job-options.js';
import {
  type JobAction,
  jobAction,
  listAllCheckpoints,
  listJobSnapshots,
  retrieveJob,
} from './job-requests.js';
import { type FineTuneJobStatus, isTerminalJobStatus } from './job-status.js';
import { type DuplicateSettings, JobWatcher, type TailStart } from './job-watcher.js';
import type { FineTuneJobSnapshot } from './normalize.js';
import { fetchResultFile, type JobResultFile } from './result-files.js';
import { withRetry } from './retry.js';

export {
  type AttachOptions,
  type CallOptions,
  type CreateJobOptions,
  type EventsOptions,
  FINE_TUNE_JOB_DEFAULTS,
  type FineTuneJobCreateParams,
  type FineTuneJobOptions,
  type ListJobsOptions,
  type WaitOptions,
} from './job-options.js';

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
export class FineTuneJob extends JobEmitter {
  readonly #client: FineTuningClient;
  readonly #watcher: JobWatcher;

  private constructor(
    client: FineTuningClient,
    snapshot: FineTuneJobSnapshot,
    options: ResolvedJobOptions,
    tail: TailStart,
    duplicates?: DuplicateSettings,
  ) {
    super(() => options.onListenerError);
    this.#client = client;
    this.#watcher = new JobWatcher(
      client,
      snapshot,
      options,
      (event, ...args) => this.emit(event, ...(args as never)),
      tail,
      duplicates,
    );
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
    assertCreateParams(params);
    const resolved = resolveJobOptions(options);
    const created = await createFineTuneJob(client, params, options, resolved);
    const job = new FineTuneJob(
      client,
      created.snapshot,
      resolved,
      { from: 'beginning' },
      { watch: created.duplicateWatch, onWarning: options.onWarning },
    );
    job.#watcher.addWarnings(created.warnings);
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
    const context: CallContext = {
      client,
      clock: resolved.clock,
      retry: resolved.callRetry,
      signal: options.signal,
      requestOptions: resolved.requestOptions,
    };
    for await (const snapshot of listJobSnapshots(context, options)) {
      yield new FineTuneJob(client, snapshot, resolved, { from: 'beginning' });
    }
  }

  // ── State ───────────────────────────────────────────────────────────────────────────────────

  /** The job id (`ftjob-…`). */
  get id(): string {
    return this.#watcher.snapshot.id;
  }

  /** The latest known status (an open string: Azure and future statuses pass through). */
  get status(): FineTuneJobStatus {
    return this.#watcher.snapshot.status;
  }

  /** The latest normalised snapshot of the job. */
  get job(): FineTuneJobSnapshot {
    return this.#watcher.snapshot;
  }

  /** The fine-tuned model name once the job succeeded, else `null`. */
  get fineTunedModel(): string | null {
    return this.#watcher.snapshot.fine_tuned_model;
  }

  /**
   * The newest event delivered so far (`{ id, createdAt }`), or the cursor given to `attach`.
   * Save it (JSON) to resume after a restart; `null` before the first event.
   */
  get cursor(): EventCursor | null {
    return this.#watcher.cursor;
  }

  /** Warnings raised for this job (deprecation at creation, duplicates, cursor problems). */
  get warnings(): readonly JobWarning[] {
    return this.#watcher.warnings;
  }

  /**
   * What the finished job cost: `trained_tokens` × the model table's training price (reinforcement:
   * the hourly price × its duration, an upper bound), next to the estimate made before it started
   * when known. `null` while the job runs; `usd: null` with `unavailable` when a number is missing.
   *
   * @param options - Model table overrides (Azure or negotiated prices) and the estimate.
   * @returns The cost, from the latest snapshot (no request).
   * @example
   * ```ts
   * await job.wait();
   * console.log(job.billedCost()?.note); // "$0.494: 164,660 trained tokens × $3/1M (estimated $0.494 before it started)."
   * ```
   */
  billedCost(options: BilledCostOptions = {}): BilledCost | null {
    return computeBilledCost(this.#watcher.snapshot, options);
  }

  /** True while a poll loop is running for at least one follower. */
  get following(): boolean {
    return this.#watcher.following;
  }

  /** True once the terminal status and everything before it has been delivered. */
  get finished(): boolean {
    return this.#watcher.finished;
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
    if (this.#watcher.finished || options.signal?.aborted) return this;
    const { release } = this.#watcher.acquire();
    options.signal?.addEventListener('abort', release, { once: true });
    return this;
  }

  /**
   * Stops following now, for every follower: pending `wait()` calls and `events()` iterations end
   * with a `FinetuneKitAbortError`. The job itself keeps running (use `cancel()` to stop it).
   */
  stop(): void {
    this.#watcher.stop();
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
    return waitForJob(this.#watcher, options);
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
    return iterateJob(this.#watcher, options);
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
    const { job } = await retrieveJob(this.#watcher.context(options.signal), this.id);
    this.#watcher.snapshot = job;
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
   * All checkpoints of the job (every page), in step order. Each also has `share(projectIds)`,
   * `permissions()` and `revoke(permissionId)` (admin key; see {@link FineTuneJob.checkpointPermissions}),
   * as non-enumerable methods, so it stays plain data for JSON.
   *
   * @throws {FinetuneKitApiError} When listing fails for good.
   * @example
   * ```ts
   * const [last] = (await job.checkpoints()).slice(-1);
   * await last?.share(['proj_abGMw1llN8IrBb6SvvY5A1iH']);
   * ```
   */
  async checkpoints(options: CallOptions = {}): Promise<FineTuneCheckpoint[]> {
    const checkpoints = await listAllCheckpoints(this.#watcher.context(options.signal), this.id);
    return checkpoints.map((checkpoint) =>
      withSharing(checkpoint, (signal) => this.#watcher.context(signal)),
    );
  }

  /**
   * Shares a fine-tuned model or checkpoint with other projects of the organization, lists and
   * revokes those grants, without a job (e.g. for a model name from `job.fineTunedModel` or a
   * `…:ckpt-step-N` name). OpenAI requires an admin API key: create the client with `adminAPIKey`.
   *
   * @param client - An `OpenAI` client with `adminAPIKey`.
   * @param checkpoint - The `ft:` model or checkpoint name.
   * @param options - Clock, retry policy and request options of the calls.
   * @returns `share(projectIds)`, `list({ projectId, order })`, `revoke(permissionId)`.
   * @throws {FinetuneKitUsageError} When `checkpoint` is empty (the calls throw it when the client has no admin key).
   * @example
   * ```ts
   * const admin = new OpenAI({ adminAPIKey: process.env.OPENAI_ADMIN_KEY });
   * const sharing = FineTuneJob.checkpointPermissions(admin, 'ft:gpt-4o-mini-2024-07-18:acme::B7R9VjQd');
   * const [grant] = await sharing.share(['proj_abGMw1llN8IrBb6SvvY5A1iH']);
   * await sharing.revoke(grant.id);
   * ```
   */
  static checkpointPermissions(
    client: FineTuningClient,
    checkpoint: string,
    options: CheckpointPermissionsOptions = {},
  ): CheckpointPermissions {
    assertClient(client, ['fineTuning']);
    const resolved = resolveJobOptions(options);
    return new CheckpointPermissions(checkpoint, (signal) => ({
      client,
      clock: resolved.clock,
      retry: resolved.callRetry,
      signal,
      requestOptions: resolved.requestOptions,
    }));
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
    if (this.#watcher.snapshot.result_files.length === 0 && isTerminalJobStatus(this.status))
      await this.refresh(options);
    const context = this.#watcher.context(options.signal);
    const files: JobResultFile[] = [];
    for (const fileId of this.#watcher.snapshot.result_files)
      files.push(await fetchResultFile(context, fileId));
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
    const context = this.#watcher.context(options.signal);
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
    return { id: this.id, status: this.status, cursor: this.cursor, job: this.#watcher.snapshot };
  }

  /** Keeps `console.log(job)` short and free of the client. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `FineTuneJob { id: '${this.id}', status: '${this.status}', following: ${this.following} }`;
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────────

  async #act(action: JobAction, options: CallOptions): Promise<FineTuneJobSnapshot> {
    const job = await jobAction(this.#watcher.context(options.signal), this.id, action);
    this.#watcher.snapshot = job;
    // Let a sleeping follower poll now rather than at the end of its interval.
    this.#watcher.poke();
    return job;
  }
}
