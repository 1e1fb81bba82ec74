/**
 * Idempotent job creation (OPENAI_API_FACTS §7.3): the SDK's POST retries have no idempotency, so a
 * 5xx or timeout after the server accepted the job can create a duplicate. We put a token in
 * `metadata`, create with the SDK's retries off, and before creating again look the token up with
 * `jobs.list({ metadata })`. If a retried create still produced two jobs, the oldest is kept and the
 * others are cancelled.
 *
 * @module
 */
import type { JobCreateParams } from 'openai/resources/fine-tuning/jobs/jobs';
import { FinetuneKitApiError, FinetuneKitError, FinetuneKitUsageError } from '../errors.js';
import type { ModelTableOverrides } from '../models/index.js';
import { transientReason } from './api-error.js';
import { checkModelDates } from './check-model-dates.js';
import { type CallContext, sdkOptions } from './client.js';
import type { JobWarning } from './job-events.js';
import { jobAction, listJobsPage } from './job-requests.js';
import { type FineTuneJobSnapshot, normalizeJob } from './normalize.js';
import { type ResolvedRetryOptions, type RetryContext, withRetry } from './retry.js';

/** The metadata key that carries the idempotency token. */
export const REQUEST_TOKEN_METADATA_KEY = 'finetune_kit_request';

/** The API's metadata limits. */
const MAX_METADATA_PAIRS = 16;
const MAX_METADATA_VALUE = 512;

/** What to do when the model is past OpenAI's job-creation cut-off. */
export type DeprecatedModelPolicy = 'warn' | 'refuse' | 'ignore';

/** Settings of {@link createJobIdempotently}. */
export interface CreateJobSettings {
  /** The token; random per call unless the caller passes one to span process restarts. */
  readonly token: string;
  /** True when the caller gave the token: then a previous process may have created the job already. */
  readonly tokenFromCaller: boolean;
  readonly retry: ResolvedRetryOptions;
  readonly cancelDuplicates: boolean;
  readonly onWarning: (warning: JobWarning) => void;
  readonly onRetry?: ((context: RetryContext) => void) | undefined;
}

/**
 * Adds the token to `metadata`, checking the API's limits (≤ 16 pairs, values ≤ 512 chars).
 *
 * @throws {FinetuneKitUsageError} When the metadata would break the limits or carries another token.
 */
export function withRequestToken(
  metadata: Readonly<Record<string, string>> | null | undefined,
  token: string,
): Record<string, string> {
  const merged: Record<string, string> = { ...(metadata ?? {}) };
  const existing = merged[REQUEST_TOKEN_METADATA_KEY];
  if (existing !== undefined && existing !== token) {
    throw new FinetuneKitUsageError(
      `params.metadata.${REQUEST_TOKEN_METADATA_KEY} (${existing}) differs from options.requestToken (${token}); pass one of them.`,
      `params.metadata.${REQUEST_TOKEN_METADATA_KEY}`,
    );
  }
  if (token.length === 0 || token.length > MAX_METADATA_VALUE) {
    throw new FinetuneKitUsageError(
      `options.requestToken must be 1–${MAX_METADATA_VALUE} characters, got ${token.length}.`,
      'options.requestToken',
    );
  }
  merged[REQUEST_TOKEN_METADATA_KEY] = token;
  if (Object.keys(merged).length > MAX_METADATA_PAIRS) {
    throw new FinetuneKitUsageError(
      `params.metadata has ${Object.keys(merged).length - 1} pairs; the API allows ${MAX_METADATA_PAIRS} and finetune-kit needs one for its idempotency token.`,
      'params.metadata',
    );
  }
  return merged;
}

/** Jobs carrying `token`, oldest first. */
async function findJobsByToken(context: CallContext, token: string): Promise<FineTuneJobSnapshot[]> {
  const found: FineTuneJobSnapshot[] = [];
  let after: string | undefined;
  // The filter is exact, so one or two jobs come back; the page loop guards against a server that ignores it.
  for (let pages = 0; pages < 20; pages += 1) {
    const page = await listJobsPage(context, {
      limit: 100,
      metadata: { [REQUEST_TOKEN_METADATA_KEY]: token },
      ...(after === undefined ? {} : { after }),
    });
    for (const job of page.jobs) if (job.metadata?.[REQUEST_TOKEN_METADATA_KEY] === token) found.push(job);
    const last = page.jobs.at(-1);
    if (!page.has_more || !last) break;
    after = last.id;
  }
  return found.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The lookup inside a create attempt: no retries of its own (the create loop retries, so attempts
 * never multiply), and a failure surfaces as the SDK's error so the create loop classifies it.
 */
async function lookUpOnce(
  context: CallContext,
  token: string,
  signal: AbortSignal | undefined,
): Promise<FineTuneJobSnapshot[]> {
  try {
    return await findJobsByToken({ ...context, signal, retry: { ...context.retry, retries: 0 } }, token);
  } catch (error) {
    if (FinetuneKitApiError.isInstance(error) && error.cause !== undefined) throw error.cause;
    throw error;
  }
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
 * Creates a job so that retries never produce duplicates.
 *
 * @param context - Client, clock, signal.
 * @param body - The create body; `metadata` must already carry the token (see {@link withRequestToken}).
 * @param settings - Token and retry policy.
 * @returns The created (or found) job.
 * @throws {FinetuneKitApiError} When creation fails for good (e.g. 400 invalid model; SDK error as cause).
 */
export async function createJobIdempotently(
  context: CallContext,
  body: JobCreateParams,
  settings: CreateJobSettings,
): Promise<FineTuneJobSnapshot> {
  let attempts = 0;
  const created = await withRetry(
    async (attempt, signal) => {
      attempts = attempt;
      // Before creating again (or at all, when the token may have been used by an earlier process),
      // look for a job a previous attempt created although its response was lost.
      if (attempt > 1 || settings.tokenFromCaller) {
        const existing = await lookUpOnce(context, settings.token, signal);
        if (existing[0]) return existing[0];
      }
      const job = await context.client.fineTuning.jobs.create(body, sdkOptions(context, signal));
      return normalizeJob(job);
    },
    {
      operation: 'fineTuning.jobs.create',
      retry: settings.retry,
      clock: context.clock,
      signal: context.signal,
      onRetry: settings.onRetry,
      classify: createTransientReason,
    },
  );
  if (attempts <= 1 && !settings.tokenFromCaller) return created;
  // A failed attempt may have created a job that the lookup did not see yet: check once more.
  const all = await findJobsByToken(context, settings.token);
  const oldest = all[0];
  if (!oldest || all.length < 2) return oldest ?? created;
  const extra = all.slice(1);
  if (settings.cancelDuplicates) {
    for (const duplicate of extra) await jobAction(context, duplicate.id, 'cancel');
  }
  settings.onWarning({
    code: 'duplicate_jobs_cancelled',
    message: settings.cancelDuplicates
      ? `Retried creation produced ${all.length} jobs; kept ${oldest.id} and cancelled ${extra.map((job) => job.id).join(', ')}.`
      : `Retried creation produced ${all.length} jobs; kept ${oldest.id}; the others (${extra.map((job) => job.id).join(', ')}) were left running.`,
    jobId: oldest.id,
    details: {
      kept: oldest.id,
      duplicates: extra.map((job) => job.id),
      cancelled: settings.cancelDuplicates,
    },
  });
  return oldest;
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
