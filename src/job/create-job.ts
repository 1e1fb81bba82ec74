/**
 * Idempotent job creation (docs/internals/api-behaviour.md#idempotent-job-creation): the SDK's POST retries have no idempotency, so a
 * 5xx or timeout after the server accepted the job can create a duplicate. We put a token in
 * `metadata`, create with the SDK's retries off, and after an attempt that may have created the job
 * anyway, look the token up with `jobs.list({ metadata })` before creating again. The job list is
 * eventually consistent, so that lookup is repeated over a grace period, and the job's watcher keeps
 * looking for a late twin for a while after (see `DuplicateWatch`).
 *
 * @module
 */
import type { JobCreateParams } from 'openai/resources/fine-tuning/jobs/jobs';
import {
  FinetuneKitAbortError,
  FinetuneKitApiError,
  FinetuneKitError,
  FinetuneKitUsageError,
} from '../errors.js';
import type { ModelTableOverrides } from '../models/index.js';
import { errorStatus, transientReason } from './api-error.js';
import { checkModelDates } from './check-model-dates.js';
import { type CallContext, sdkOptions } from './client.js';
import { DuplicateWatch, settleDuplicates } from './duplicate-watch.js';
import type { JobWarning } from './job-events.js';
import { type FineTuneJobSnapshot, normalizeJob } from './normalize.js';
import { findJobsByToken, lookUpJobsByToken, REQUEST_TOKEN_METADATA_KEY } from './request-token.js';
import { type ResolvedRetryOptions, type RetryContext, withRetry } from './retry.js';

/** What to do when the model is past OpenAI's job-creation cut-off. */
export type DeprecatedModelPolicy = 'warn' | 'refuse' | 'ignore';

/**
 * How `FineTuneJob.create` makes sure that retries leave exactly one job, on a job list that may lag
 * behind job creation.
 *
 * @example
 * ```ts
 * // A job list seen lagging up to a minute: look longer before creating again.
 * await FineTuneJob.create(client, params, { idempotency: { lookupGraceMs: 90_000 } });
 * ```
 */
export interface IdempotencyOptions {
  /**
   * After a create attempt that failed in a way that may have created the job all the same (no
   * response, a timeout, a 5xx or 408), how long to keep looking its token up before creating again,
   * counted from that failure. Set it above the longest delay you expect between a job's creation
   * and its appearance in `jobs.list`. `0` looks once.
   * @default 30_000
   */
  readonly lookupGraceMs?: number;
  /** Delay between the first two lookups of the grace period; it doubles, up to 8 s. @default 1000 */
  readonly lookupIntervalMs?: number;
  /**
   * After such a create (and after any create with a caller-given token), how long the job's watcher
   * keeps looking for a twin that the job list showed late, counted from creation. Looks run during
   * polls (5 s after creation, then 10 s, 20 s … up to 60 s apart), so only while the job is
   * followed. `0` turns the watch off.
   * @default 600_000
   */
  readonly duplicateCheckMs?: number;
}

/** {@link IdempotencyOptions} with every default filled in. */
export type ResolvedIdempotencyOptions = Required<IdempotencyOptions>;

/** Defaults of {@link IdempotencyOptions}, in one place. */
export const IDEMPOTENCY_DEFAULTS: ResolvedIdempotencyOptions = Object.freeze({
  lookupGraceMs: 30_000,
  lookupIntervalMs: 1000,
  duplicateCheckMs: 600_000,
});

/** Upper bound of the delay between two lookups of the grace period. */
const MAX_LOOKUP_INTERVAL_MS = 8000;

/**
 * Fills the defaults of {@link IdempotencyOptions} and checks the values.
 *
 * @param options - The caller's options.
 * @returns Every option, frozen.
 * @throws {FinetuneKitUsageError} Naming the option, when a value is not a finite number ≥ 0
 *   (`lookupIntervalMs` > 0).
 */
export function resolveIdempotencyOptions(
  options: IdempotencyOptions | undefined,
): ResolvedIdempotencyOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new FinetuneKitUsageError('options.idempotency must be an object.', 'options.idempotency');
  }
  const resolved = { ...IDEMPOTENCY_DEFAULTS };
  for (const key of Object.keys(IDEMPOTENCY_DEFAULTS) as (keyof IdempotencyOptions)[]) {
    const value = options?.[key];
    if (value === undefined) continue;
    const positive = key === 'lookupIntervalMs';
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
      throw new FinetuneKitUsageError(
        `options.idempotency.${key} must be a finite number ${positive ? '> 0' : '≥ 0'}, got ${String(value)}.`,
        `options.idempotency.${key}`,
      );
    }
    resolved[key] = value;
  }
  return Object.freeze(resolved);
}

/** Settings of {@link createJobIdempotently}. */
export interface CreateJobSettings {
  /** The token; random per call unless the caller passes one to span process restarts. */
  readonly token: string;
  /** True when the caller gave the token: then a previous process may have created the job already. */
  readonly tokenFromCaller: boolean;
  readonly retry: ResolvedRetryOptions;
  readonly idempotency: ResolvedIdempotencyOptions;
  readonly cancelDuplicates: boolean;
  readonly onWarning: (warning: JobWarning) => void;
  readonly onRetry?: ((context: RetryContext) => void) | undefined;
}

/** What {@link createJobIdempotently} returns. */
export interface CreatedJob {
  /** The job created (or found, or kept among several). */
  readonly job: FineTuneJobSnapshot;
  /**
   * The bounded look for a twin that the job list may still show late, for the job's watcher; `null`
   * when no attempt could have produced one.
   */
  readonly duplicateWatch: DuplicateWatch | null;
}

/**
 * The "file not ready" refusal right after an upload (cookbook: "simply retry") is transient too.
 */
function createTransientReason(error: unknown) {
  const reason = transientReason(error);
  if (reason !== null) return reason;
  const message = error instanceof Error ? error.message : '';
  return /\bnot ready\b/i.test(message) ? 'conflict' : null;
}

/**
 * True when a failed create may have created the job all the same: no response at all (the
 * connection dropped after the request was sent, or the client timed out) or a 5xx/408, where the
 * server (or a proxy in front of it) may have acted before failing. Any other 4xx, 429 and 409
 * included, is the API refusing the request: nothing was created.
 */
function mayHaveCreated(error: unknown): boolean {
  const status = errorStatus(error);
  if (status === undefined) return transientReason(error) !== null;
  return status >= 500 || status === 408;
}

/**
 * Looks the token up, and while `deadline` (on the job clock) is ahead and nothing shows up, again
 * with growing delays; the last lookup runs at the deadline.
 */
async function lookUpUntil(
  context: CallContext,
  token: string,
  deadline: number | null,
  intervalMs: number,
  signal: AbortSignal | undefined,
): Promise<FineTuneJobSnapshot[]> {
  let delay = intervalMs;
  for (;;) {
    const found = await lookUpJobsByToken(context, token, signal);
    const now = context.clock.now();
    if (found.length > 0 || deadline === null || now >= deadline) return found;
    await context.clock.sleep(Math.min(delay, deadline - now), signal);
    delay = Math.min(delay * 2, MAX_LOOKUP_INTERVAL_MS);
  }
}

/**
 * Creates a job so that retries leave exactly one.
 *
 * - After an attempt that may have created the job (see `mayHaveCreated`), every later attempt looks
 *   the token up first, for up to `lookupGraceMs` after that failure, and returns what it finds.
 *   After a clean refusal (400, 429, …) it creates again without looking: nothing was created.
 * - When retries run out after such an attempt, it looks once more before giving up.
 * - Whenever a twin is possible (such an attempt, or a caller-given token), it lists the token's jobs
 *   before returning, keeps the oldest, cancels the others (`duplicate_jobs_cancelled`), and hands
 *   back a {@link DuplicateWatch} for the job's watcher.
 *
 * @param context - Client, clock, signal.
 * @param body - The create body; `metadata` must already carry the token (see `withRequestToken`).
 * @param settings - Token, retry and idempotency policy.
 * @returns The created (or found) job, and the watch for late twins.
 * @throws {FinetuneKitApiError} When creation fails for good (e.g. 400 invalid model; SDK error as
 *   cause). After an attempt that may have created the job, the message names the token to look for.
 * @throws {FinetuneKitAbortError} When the signal aborts.
 */
export async function createJobIdempotently(
  context: CallContext,
  body: JobCreateParams,
  settings: CreateJobSettings,
): Promise<CreatedJob> {
  const { token, idempotency } = settings;
  const clock = context.clock;
  // When the latest attempt that may have created the job failed: lookups go on until + grace.
  let uncertainSince: number | null = null;
  // Whether the last failed attempt failed in the create call itself, not in the lookup before it.
  let failedInCreate = false;
  const deadline = () => (uncertainSince === null ? null : uncertainSince + idempotency.lookupGraceMs);

  let outcome: { job: FineTuneJobSnapshot; found: FineTuneJobSnapshot[] | null };
  try {
    outcome = await withRetry(
      async (attempt, signal) => {
        failedInCreate = false;
        // A caller-given token may have been used by an earlier process: look before the first attempt too.
        if (uncertainSince !== null || (attempt === 1 && settings.tokenFromCaller)) {
          const found = await lookUpUntil(context, token, deadline(), idempotency.lookupIntervalMs, signal);
          if (found[0]) return { job: found[0], found };
        }
        try {
          const job = await context.client.fineTuning.jobs.create(body, sdkOptions(context, signal));
          return { job: normalizeJob(job), found: null };
        } catch (error) {
          failedInCreate = true;
          if (mayHaveCreated(error)) uncertainSince = clock.now();
          throw error;
        }
      },
      {
        operation: 'fineTuning.jobs.create',
        retry: settings.retry,
        clock,
        signal: context.signal,
        onRetry: settings.onRetry,
        classify: createTransientReason,
      },
    );
  } catch (error) {
    if (uncertainSince === null || !FinetuneKitApiError.isInstance(error)) throw error;
    // Giving up, but an attempt may have created the job: it may be listed by now.
    const found = failedInCreate ? await lookUpBeforeGivingUp(context, token, deadline(), idempotency) : [];
    if (!found[0]) throw mayExistError(error, token, idempotency.lookupGraceMs);
    outcome = { job: found[0], found };
  }

  if (uncertainSince === null && !settings.tokenFromCaller) return { job: outcome.job, duplicateWatch: null };
  let listed = outcome.found;
  if (listed === null) {
    // An earlier attempt's (or process's) job may be listed by now although the lookup missed it.
    try {
      listed = await findJobsByToken(context, token);
    } catch (error) {
      // The job exists: hand it over; the watch looks again.
      if (FinetuneKitAbortError.isInstance(error)) throw error;
      listed = [];
    }
  }
  const settled = new Set<string>();
  // The created job comes first: the list may not show it yet.
  const candidates = outcome.found === null ? [outcome.job, ...listed] : listed;
  const { kept, warning } = await settleDuplicates(context, candidates, {
    token,
    keep: null,
    cancel: settings.cancelDuplicates,
    settled,
  });
  if (warning) settings.onWarning(warning);
  const duplicateWatch =
    idempotency.duplicateCheckMs > 0
      ? new DuplicateWatch({
          token,
          keep: settings.tokenFromCaller ? 'oldest' : 'held',
          cancel: settings.cancelDuplicates,
          start: clock.now(),
          durationMs: idempotency.duplicateCheckMs,
          settled,
        })
      : null;
  return { job: kept, duplicateWatch };
}

/** The last lookups before creation fails for good; a failing lookup counts as "nothing found". */
async function lookUpBeforeGivingUp(
  context: CallContext,
  token: string,
  deadline: number | null,
  idempotency: ResolvedIdempotencyOptions,
): Promise<FineTuneJobSnapshot[]> {
  try {
    return await lookUpUntil(context, token, deadline, idempotency.lookupIntervalMs, context.signal);
  } catch (error) {
    if (context.signal?.aborted || FinetuneKitAbortError.isInstance(error)) throw error;
    return [];
  }
}

/** The create's final error, saying that a job may exist after all and how to find it. */
function mayExistError(error: FinetuneKitApiError, token: string, graceMs: number): FinetuneKitApiError {
  return new FinetuneKitApiError(
    `${error.message} An attempt may have created the job all the same: none carried metadata.${REQUEST_TOKEN_METADATA_KEY} = ${token} within ${graceMs} ms; look again later with FineTuneJob.list(client, { metadata: { ${REQUEST_TOKEN_METADATA_KEY}: '${token}' } }).`,
    {
      operation: error.operation,
      ...(error.resourceId === null ? {} : { resourceId: error.resourceId }),
      status: error.status,
      apiCode: error.apiCode,
      requestId: error.requestId,
      attempts: error.attempts,
    },
    { cause: error.cause },
  );
}

/**
 * Applies the deprecated-model policy: collects warnings, or refuses.
 *
 * @throws {FinetuneKitError} `model_job_creation_ended` when the policy is `refuse` and the cut-off has passed.
 */
export function applyModelPolicy(
  model: string,
  policy: DeprecatedModelPolicy,
  now: Date,
  models: ModelTableOverrides | undefined,
): JobWarning[] {
  if (policy === 'ignore') return [];
  const warnings = checkModelDates(model, now, models);
  const ended = warnings.find((warning) => warning.code === 'model_job_creation_ended');
  if (ended && policy === 'refuse') {
    throw new FinetuneKitError(
      `Refusing to create a fine-tuning job: ${ended.message}`,
      'model_job_creation_ended',
    );
  }
  return warnings;
}
