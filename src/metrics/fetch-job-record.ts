/**
 * Fetches everything a job reports about its training: the job, every event, every checkpoint and
 * the decoded result files. Shared by `Metrics.fromJob` and the archive.
 *
 * @module
 */

import { errorStatus } from '../internal/error-status.js';
import { redactDeep, rememberClientSecrets } from '../internal/redact-secrets.js';
import {
  DEFAULT_MAX_RESULT_FILE_BYTES,
  decodeResultFile,
  maxServedResultFileBytes,
  resolveMaxResultFileBytes,
  resultFileTooLarge,
} from './decode-result-file.js';
import { type MetricsIssue, metricsIssue } from './issue-codes.js';
import type { FineTuningJobLike } from './job-info.js';
import { call, listAllPages, requestOptions } from './list-all-pages.js';
import type { MetricsClient } from './metrics-client.js';
import type { CheckpointLike } from './parse-checkpoint.js';
import type { MetricsEventLike } from './parse-metrics-event.js';
import { readBoundedBody } from './read-bounded-body.js';

/** One result file of a job, decoded. */
export interface ResultFileRecord {
  readonly id: string;
  /** How the body was wrapped, or `null` when it could not be read. */
  readonly encoding: 'plain' | 'base64' | null;
  /** The decoded CSV text, or `null` when the file could not be downloaded or decoded. */
  readonly content: string | null;
  /** Why `content` is `null`. */
  readonly error?: string;
}

/** Everything fetched for one job. */
export interface JobRecord {
  /** The job object as the API returned it (unknown fields kept). */
  readonly job: FineTuningJobLike & { readonly id?: string };
  /** Every event, oldest first (the API lists newest first). */
  readonly events: readonly MetricsEventLike[];
  /** Every checkpoint, by step. */
  readonly checkpoints: readonly CheckpointLike[];
  readonly resultFiles: readonly ResultFileRecord[];
  /** Problems met while fetching (pagination, missing or unreadable result files). */
  readonly issues: readonly MetricsIssue[];
}

/** Options of {@link fetchJobRecord}. */
export interface FetchJobRecordOptions {
  /** Aborts the fetch between and during calls. */
  readonly signal?: AbortSignal;
  /** Page size for events and checkpoints. @default 100 */
  readonly pageSize?: number;
  /** Download and decode the result files. @default true */
  readonly resultFiles?: boolean;
  /**
   * The largest result file read, in decoded bytes. A larger file throws `MetricsFormatError`
   * (`result_file_too_large`); its download stops as soon as it is known to be too large.
   * @default 67108864 (64 MiB, far above any real result file)
   */
  readonly maxResultFileBytes?: number;
}

/**
 * Downloads and decodes one result file. A 404 (deleted file) becomes a record with an error and a
 * `result_file_unavailable` issue; other failures are thrown.
 *
 * @param maxBytes - The decoded size limit (see {@link FetchJobRecordOptions.maxResultFileBytes}).
 * @throws {MetricsFormatError} `result_file_too_large` when the file is above `maxBytes`.
 */
export async function fetchResultFile(
  client: MetricsClient,
  fileId: string,
  signal?: AbortSignal,
  maxBytes: number = DEFAULT_MAX_RESULT_FILE_BYTES,
): Promise<{ record: ResultFileRecord; issues: MetricsIssue[] }> {
  const limit = resolveMaxResultFileBytes(maxBytes);
  let bytes: Uint8Array;
  try {
    const response = await call(signal, `Downloading result file ${fileId}`, (requestSignal) =>
      client.files.content(fileId, requestOptions(requestSignal)),
    );
    // The body is read against the limit of its served size, so an oversized file is never held whole.
    bytes = await readBoundedBody(response, maxServedResultFileBytes(limit), (size, atLeast) =>
      resultFileTooLarge(fileId, size, limit, atLeast ? 'served_at_least' : 'served'),
    );
  } catch (error) {
    const status = errorStatus(error);
    if (status === 404 || status === 410) {
      const message = `result file ${fileId}: not available (HTTP ${status}); it may have been deleted.`;
      return {
        record: { id: fileId, encoding: null, content: null, error: message },
        issues: [metricsIssue('result_file_unavailable', message, { id: fileId })],
      };
    }
    throw error;
  }
  const decoded = decodeResultFile(bytes, { id: fileId, maxBytes: limit });
  if (!decoded.ok) {
    return {
      record: { id: fileId, encoding: null, content: null, error: decoded.issue.message },
      issues: [decoded.issue],
    };
  }
  return { record: { id: fileId, encoding: decoded.encoding, content: decoded.text }, issues: [] };
}

/**
 * Fetches a job's full record through the user's `openai` client: the job, all events (paging
 * through `listEvents(jobId, { limit, after }, { signal })`), all checkpoints, and every result
 * file (`files.content` returns a raw `Response`; base64 and plain bodies are decoded). Works for
 * running (no result files yet), succeeded, failed and cancelled jobs.
 *
 * @param client - An `OpenAI` or `AzureOpenAI` client, or anything shaped like {@link MetricsClient}.
 * @param jobId - `ftjob-…`.
 * @param options - See {@link FetchJobRecordOptions}.
 * @returns The record; recoverable problems are in `issues`.
 * @throws {MetricsFormatError} `result_file_too_large` when a result file is above
 *   `maxResultFileBytes`; the download stops as soon as the size is known.
 * @throws {FinetuneKitAbortError} When aborted. API errors of the SDK (e.g. `NotFoundError` for an
 *   unknown job) are passed through, with the client's key and anything key-shaped removed.
 */
export async function fetchJobRecord(
  client: MetricsClient,
  jobId: string,
  options: FetchJobRecordOptions = {},
): Promise<JobRecord> {
  // A bad limit is a usage error: report it before any request is made.
  const maxResultFileBytes = resolveMaxResultFileBytes(options.maxResultFileBytes);
  const { signal } = options;
  const limit = options.pageSize ?? 100;
  rememberClientSecrets(client);
  const jobs = client.fineTuning.jobs;
  const job = await call(signal, `Retrieving ${jobId}`, (requestSignal) =>
    jobs.retrieve(jobId, requestOptions(requestSignal)),
  );
  const events = await listAllPages(
    (after, requestSignal) =>
      jobs.listEvents(
        jobId,
        after === undefined ? { limit } : { limit, after },
        requestOptions(requestSignal),
      ),
    `events of ${jobId}`,
    signal,
  );
  const checkpoints = await listAllPages(
    (after, requestSignal) =>
      jobs.checkpoints.list(
        jobId,
        after === undefined ? { limit } : { limit, after },
        requestOptions(requestSignal),
      ),
    `checkpoints of ${jobId}`,
    signal,
  );
  const issues: MetricsIssue[] = [...events.issues, ...checkpoints.issues];
  const resultFiles: ResultFileRecord[] = [];
  if (options.resultFiles ?? true) {
    for (const fileId of job.result_files ?? []) {
      const fetched = await fetchResultFile(client, fileId, signal, maxResultFileBytes);
      resultFiles.push(fetched.record);
      issues.push(...fetched.issues);
    }
  }
  const sortedCheckpoints = [...checkpoints.items].sort(
    (a, b) => (a.step_number ?? 0) - (b.step_number ?? 0),
  );
  // What the server said is shown and archived: a key echoed into an event message, the job's
  // error or its metadata must not travel on (result files are numbers and are kept verbatim).
  return {
    job: redactDeep(job),
    events: redactDeep([...events.items].reverse()),
    checkpoints: redactDeep(sortedCheckpoints),
    resultFiles,
    issues,
  };
}
