/**
 * Lenient readers for what the fine-tuning endpoints return. Real responses differ from the SDK's
 * types (`error: {}`, `hyperparameters: null`, Azure statuses, missing optional fields), so every
 * response goes through here once and the rest of the job layer works on the normalised shape.
 * Jobs, events and checkpoints also leave here without secrets (`redactDeep`): a key a server or
 * proxy echoed into an event message or a job error would otherwise reach listeners and logs.
 *
 * @module
 */
import type { FineTuningJobCheckpoint } from 'openai/resources/fine-tuning/jobs/checkpoints';
import type { FineTuningJob, FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';
import { isRecord } from '../internal/is-record.js';
import { redactDeep } from '../internal/redact-secrets.js';
import type { FineTuneJobStatus } from './job-status.js';

/** A job's `error`, with every field present (`null` when the server left it out). */
export interface FineTuneJobError {
  readonly code: string | null;
  readonly message: string | null;
  readonly param: string | null;
}

/**
 * The latest known state of a job: the API's `fine_tuning.job` object with the wire quirks removed.
 *
 * - `status` is an open string (Azure's `pending`, `pausing`, `resuming`, or anything new).
 * - `error` is `null` unless the server gave a code or a message (`error: {}` becomes `null`).
 * - `hyperparameters` may be `null` (seen on real responses); read `method` first.
 * - `result_files` is always an array; `metadata`, `fine_tuned_model`, `finished_at`,
 *   `estimated_finish` and `trained_tokens` are `null` when absent.
 *
 * Unknown fields are kept as they came.
 */
export type FineTuneJobSnapshot = Readonly<
  Omit<
    FineTuningJob,
    | 'status'
    | 'error'
    | 'hyperparameters'
    | 'result_files'
    | 'metadata'
    | 'estimated_finish'
    | 'fine_tuned_model'
    | 'finished_at'
    | 'trained_tokens'
  > & {
    status: FineTuneJobStatus;
    error: FineTuneJobError | null;
    hyperparameters: FineTuningJob.Hyperparameters | null;
    result_files: readonly string[];
    metadata: Readonly<Record<string, string>> | null;
    estimated_finish: number | null;
    fine_tuned_model: string | null;
    finished_at: number | null;
    trained_tokens: number | null;
  }
> & { readonly [field: string]: unknown };

/** Event levels; open because the API may add more. */
export type FineTuneJobEventLevel = 'info' | 'warn' | 'error' | (string & {});

/** Event types; `moderation_checks` and others exist besides `message` and `metrics`. */
export type FineTuneJobEventType = 'message' | 'metrics' | (string & {});

/**
 * One entry of the job's event log (`fine_tuning.job.event`), normalised: `type` defaults to
 * `message`, and a missing or empty `data` (`{}`) is `null`.
 */
export type FineTuneJobEvent = Readonly<
  Omit<FineTuningJobEvent, 'level' | 'type' | 'data'> & {
    level: FineTuneJobEventLevel;
    type: FineTuneJobEventType;
    data: unknown;
  }
>;

/** A checkpoint (`fine_tuning.job.checkpoint`), with `metrics` always an object. */
export type FineTuneJobCheckpoint = Readonly<
  Omit<FineTuningJobCheckpoint, 'metrics'> & {
    metrics: Readonly<FineTuningJobCheckpoint.Metrics & Record<string, number | undefined>>;
  }
>;

type Loose = Record<string, unknown>;

const asRecord = (value: unknown): Loose | null => (isRecord(value) ? value : null);

const stringOrNull = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;

const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/**
 * Reads a job's `error` field: `{}`, `null`, a missing field, or an object whose code and message
 * are both empty all mean "no error".
 */
export function normalizeJobError(value: unknown): FineTuneJobError | null {
  const record = asRecord(value);
  if (!record) return null;
  const code = stringOrNull(record.code);
  const message = stringOrNull(record.message);
  if (code === null && message === null) return null;
  return Object.freeze({ code, message, param: stringOrNull(record.param) });
}

/**
 * Normalises a `fine_tuning.job` object as returned by any endpoint (create, retrieve, list, cancel,
 * pause, resume). Never throws on odd values; only a missing `id` is fatal, because nothing can be
 * done with a job without one.
 *
 * @param raw - The parsed response body.
 * @returns A frozen snapshot.
 * @throws {TypeError} When `raw` is not an object with a string `id`.
 */
export function normalizeJob(raw: unknown): FineTuneJobSnapshot {
  const record = asRecord(redactDeep(raw));
  if (!record || typeof record.id !== 'string') {
    throw new TypeError(`Expected a fine_tuning.job object with an id, got ${describe(raw)}.`);
  }
  const metadata = asRecord(record.metadata);
  const resultFiles = Array.isArray(record.result_files)
    ? record.result_files.filter((id): id is string => typeof id === 'string')
    : [];
  const hyperparameters = asRecord(record.hyperparameters);
  const snapshot: Loose = {
    ...record,
    status: typeof record.status === 'string' && record.status.length > 0 ? record.status : 'unknown',
    error: normalizeJobError(record.error),
    hyperparameters: hyperparameters ? Object.freeze({ ...hyperparameters }) : null,
    result_files: Object.freeze(resultFiles),
    metadata: metadata ? Object.freeze({ ...metadata }) : null,
    estimated_finish: numberOrNull(record.estimated_finish),
    fine_tuned_model: stringOrNull(record.fine_tuned_model),
    finished_at: numberOrNull(record.finished_at),
    trained_tokens: numberOrNull(record.trained_tokens),
  };
  return Object.freeze(snapshot) as unknown as FineTuneJobSnapshot;
}

/**
 * Normalises one `fine_tuning.job.event`.
 *
 * @throws {TypeError} When `raw` has no string `id` (an event without an id cannot be deduplicated).
 */
export function normalizeEvent(raw: unknown): FineTuneJobEvent {
  const record = asRecord(redactDeep(raw));
  if (!record || typeof record.id !== 'string') {
    throw new TypeError(`Expected a fine_tuning.job.event object with an id, got ${describe(raw)}.`);
  }
  const data = record.data;
  const dataRecord = asRecord(data);
  const emptyData =
    data === undefined || data === null || (dataRecord !== null && Object.keys(dataRecord).length === 0);
  return Object.freeze({
    ...record,
    object: 'fine_tuning.job.event',
    id: record.id,
    created_at: numberOrNull(record.created_at) ?? 0,
    level: typeof record.level === 'string' ? record.level : 'info',
    message: typeof record.message === 'string' ? record.message : '',
    type: typeof record.type === 'string' && record.type.length > 0 ? record.type : 'message',
    data: emptyData ? null : data,
  }) as FineTuneJobEvent;
}

/**
 * Normalises one `fine_tuning.job.checkpoint`.
 *
 * @throws {TypeError} When `raw` has no string `id`.
 */
export function normalizeCheckpoint(raw: unknown): FineTuneJobCheckpoint {
  const record = asRecord(redactDeep(raw));
  if (!record || typeof record.id !== 'string') {
    throw new TypeError(`Expected a fine_tuning.job.checkpoint object with an id, got ${describe(raw)}.`);
  }
  const metrics: Record<string, number> = {};
  for (const [key, value] of Object.entries(asRecord(record.metrics) ?? {})) {
    if (typeof value === 'number') metrics[key] = value;
  }
  return Object.freeze({
    ...record,
    object: 'fine_tuning.job.checkpoint',
    id: record.id,
    created_at: numberOrNull(record.created_at) ?? 0,
    fine_tuned_model_checkpoint:
      typeof record.fine_tuned_model_checkpoint === 'string' ? record.fine_tuned_model_checkpoint : '',
    fine_tuning_job_id: typeof record.fine_tuning_job_id === 'string' ? record.fine_tuning_job_id : '',
    step_number: numberOrNull(record.step_number) ?? numberOrNull(metrics.step) ?? 0,
    metrics: Object.freeze(metrics),
  }) as FineTuneJobCheckpoint;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object with keys [${Object.keys(value).slice(0, 8).join(', ')}]`;
  return typeof value;
}
