/**
 * The idempotency token of `FineTuneJob.create` (docs/internals/api-behaviour.md#idempotent-job-creation): it rides in the job's
 * `metadata`, so the jobs a create produced can be found again with `jobs.list({ metadata })`.
 *
 * @module
 */
import { FinetuneKitApiError, FinetuneKitUsageError } from '../errors.js';
import type { CallContext } from './client.js';
import { listJobsPage } from './job-requests.js';
import type { FineTuneJobSnapshot } from './normalize.js';

/** The metadata key that carries the idempotency token. */
export const REQUEST_TOKEN_METADATA_KEY = 'finetune_kit_request';

/** The API's metadata limits. */
const MAX_METADATA_PAIRS = 16;
const MAX_METADATA_VALUE = 512;

/**
 * Adds the token to `metadata`, checking the API's limits (≤ 16 pairs, values ≤ 512 chars).
 *
 * @param metadata - The caller's metadata.
 * @param token - The idempotency token.
 * @returns A new metadata object with the token.
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

/**
 * The jobs that carry `token` and that the (eventually consistent) job list shows, oldest first.
 *
 * @param context - Client, clock, retry policy, signal.
 * @param token - The idempotency token.
 * @returns The jobs, oldest first (ties broken by id).
 * @throws {FinetuneKitApiError} When a page cannot be listed (SDK error as cause).
 */
export async function findJobsByToken(context: CallContext, token: string): Promise<FineTuneJobSnapshot[]> {
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
  return sortOldestFirst(found);
}

/**
 * One lookup with no retries of its own, for callers that retry around it (the create loop, the
 * watcher's duplicate check), so attempts never multiply. A failure surfaces as the SDK's own error,
 * so the caller classifies it as it would any other call.
 *
 * @param context - Client, clock, signal.
 * @param token - The idempotency token.
 * @param signal - The attempt's signal.
 * @returns The jobs carrying the token, oldest first.
 * @throws The SDK's error when the list call fails.
 */
export async function lookUpJobsByToken(
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
 * Sorts jobs oldest first (by `created_at`, then id), so every process that sees the same jobs
 * agrees on which one is the oldest.
 *
 * @param jobs - Jobs in any order.
 * @returns A new array, oldest first.
 */
export function sortOldestFirst(jobs: readonly FineTuneJobSnapshot[]): FineTuneJobSnapshot[] {
  return [...jobs].sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
