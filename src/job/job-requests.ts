/**
 * The fine-tuning calls the job layer makes, each with finetune-kit's retry policy and the SDK's
 * retries off, each returning normalised data.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { type CallContext, retrySettings, sdkOptions } from './client.js';
import type { EventPage } from './event-tail.js';
import {
  type FineTuneJobCheckpoint,
  type FineTuneJobSnapshot,
  normalizeCheckpoint,
  normalizeJob,
} from './normalize.js';
import { withRetry } from './retry.js';

/** A job plus the server's polling hint. */
export interface RetrievedJob {
  readonly job: FineTuneJobSnapshot;
  /** The `openai-poll-after-ms` header, when the server sent one. */
  readonly pollAfterMs: number | null;
}

function readPollAfter(headers: { get(name: string): string | null } | undefined): number | null {
  const value = headers?.get('openai-poll-after-ms');
  if (value === null || value === undefined) return null;
  const number = Number.parseFloat(value);
  return Number.isFinite(number) && number >= 0 ? number : null;
}

/** `fineTuning.jobs.retrieve`, reading `openai-poll-after-ms` from the response. */
export function retrieveJob(context: CallContext, jobId: string): Promise<RetrievedJob> {
  return withRetry(
    async (_attempt, signal) => {
      const { data, response } = await context.client.fineTuning.jobs
        .retrieve(jobId, sdkOptions(context, signal))
        .withResponse();
      return { job: normalizeJob(data), pollAfterMs: readPollAfter(response.headers) };
    },
    retrySettings(context, 'fineTuning.jobs.retrieve', jobId),
  );
}

/** One page of `fineTuning.jobs.listEvents`. */
export function fetchEventsPage(
  context: CallContext,
  jobId: string,
  query: { readonly limit: number; readonly after?: string },
): Promise<EventPage> {
  return withRetry(
    async (_attempt, signal) => {
      const page = await context.client.fineTuning.jobs.listEvents(
        jobId,
        { ...query },
        sdkOptions(context, signal),
      );
      return { data: Array.isArray(page.data) ? page.data : [], has_more: page.has_more === true };
    },
    retrySettings(context, 'fineTuning.jobs.listEvents', jobId),
  );
}

/**
 * Every checkpoint of a job (all pages), oldest step first.
 */
export async function listAllCheckpoints(
  context: CallContext,
  jobId: string,
): Promise<FineTuneJobCheckpoint[]> {
  const checkpoints: FineTuneJobCheckpoint[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await withRetry(
      async (_attempt, signal) => {
        const query = after === undefined ? { limit: 100 } : { limit: 100, after };
        const result = await context.client.fineTuning.jobs.checkpoints.list(
          jobId,
          query,
          sdkOptions(context, signal),
        );
        return { data: Array.isArray(result.data) ? result.data : [], has_more: result.has_more === true };
      },
      retrySettings(context, 'fineTuning.jobs.checkpoints.list', jobId),
    );
    let last: string | undefined;
    for (const raw of page.data) {
      const checkpoint = normalizeCheckpoint(raw);
      last = checkpoint.id;
      if (seen.has(checkpoint.id)) continue;
      seen.add(checkpoint.id);
      checkpoints.push(checkpoint);
    }
    // A cursor that does not move (has_more: true with the same page again) would page forever.
    if (!page.has_more || last === undefined || last === after) break;
    after = last;
  }
  return checkpoints.sort((a, b) => a.step_number - b.step_number || a.created_at - b.created_at);
}

/** The job actions that return the job. */
export type JobAction = 'cancel' | 'pause' | 'resume';

/**
 * `fineTuning.jobs.cancel|pause|resume`. These are naturally idempotent, so retrying them is safe.
 */
export function jobAction(
  context: CallContext,
  jobId: string,
  action: JobAction,
): Promise<FineTuneJobSnapshot> {
  return withRetry(
    async (_attempt, signal) => {
      const jobs = context.client.fineTuning.jobs;
      const result = await jobs[action](jobId, sdkOptions(context, signal));
      return normalizeJob(result);
    },
    retrySettings(context, `fineTuning.jobs.${action}`, jobId),
  );
}

/** One page of `fineTuning.jobs.list`. */
export function listJobsPage(
  context: CallContext,
  query: {
    readonly limit?: number;
    readonly after?: string;
    readonly metadata?: Readonly<Record<string, string>>;
  },
): Promise<{ jobs: FineTuneJobSnapshot[]; has_more: boolean }> {
  return withRetry(
    async (_attempt, signal) => {
      const body: { limit?: number; after?: string; metadata?: Record<string, string> } = {};
      if (query.limit !== undefined) body.limit = query.limit;
      if (query.after !== undefined) body.after = query.after;
      if (query.metadata !== undefined) body.metadata = { ...query.metadata };
      const page = await context.client.fineTuning.jobs.list(body, sdkOptions(context, signal));
      const data: unknown[] = Array.isArray(page.data) ? page.data : [];
      return { jobs: data.map(normalizeJob), has_more: page.has_more === true };
    },
    retrySettings(context, 'fineTuning.jobs.list'),
  );
}

/** Paging and filter of {@link listJobSnapshots}. */
export interface ListJobSnapshotsOptions {
  /** Only jobs whose metadata has all these pairs. */
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  /** Jobs per page (1–100). @default 20 */
  readonly pageSize?: number | undefined;
  /** Start after this job id. */
  readonly after?: string | undefined;
  /** Stop after this many jobs. @default Infinity */
  readonly max?: number | undefined;
}

/**
 * Pages through jobs, newest first (`FineTuneJob.list`).
 *
 * @param context - Client, clock, retry, signal.
 * @param options - Filter and paging.
 * @returns An async generator of snapshots; stop early with `break`.
 * @throws {FinetuneKitUsageError} When `pageSize` is not an integer from 1 to 100.
 * @throws {FinetuneKitApiError} When a page cannot be fetched.
 */
export async function* listJobSnapshots(
  context: CallContext,
  options: ListJobSnapshotsOptions,
): AsyncGenerator<FineTuneJobSnapshot, void, undefined> {
  const pageSize = options.pageSize ?? 20;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw new FinetuneKitUsageError(
      `options.pageSize must be an integer from 1 to 100, got ${String(pageSize)}.`,
      'options.pageSize',
    );
  }
  const max = options.max ?? Number.POSITIVE_INFINITY;
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
      yield snapshot;
    }
    if (!page.has_more || !last) return;
    after = last.id;
  }
}
