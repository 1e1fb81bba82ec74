/**
 * The job archive format: one versioned JSON document per job with the job object, every event,
 * every checkpoint, the decoded result files and optionally the training and validation files.
 * Web-only; the file-system side lives in `archive-node.ts`.
 *
 * @module
 */
import { z } from 'zod';
import { FinetuneKitError, isFinetuneKitErrorNamed, markErrorClass } from '../errors.js';
import {
  type BillableJob,
  type BilledCost,
  type BilledCostOptions,
  computeBilledCost,
} from './billed-cost.js';
import { documentProblem, metricsIssueSchema } from './document-schema.js';
import type { JobRecord, ResultFileRecord } from './fetch-job-record.js';
import { TERMINAL_JOB_STATUSES } from './job-info.js';

/** The `format` field of an archive document. */
export const JOB_ARCHIVE_FORMAT = 'finetune-kit.job-archive';
/** The current archive version. */
export const JOB_ARCHIVE_VERSION = 1;

/** A training or validation file stored in an archive. */
export interface ArchivedFile {
  readonly id: string;
  readonly filename: string | null;
  readonly bytes: number | null;
  /** The file's text (JSONL), or `null` when it was not stored (see `skipped`). */
  readonly content: string | null;
  /**
   * Why `content` is `null`: larger than `maxFileBytes`, deleted, or refused by the API (OpenAI
   * answers "Not allowed to download files of purpose: fine-tune" for uploaded training data).
   */
  readonly skipped?: 'too_large' | 'not_found' | 'not_downloadable';
  readonly error?: string;
}

/** One archived job (version 1). */
export interface JobArchive {
  readonly format: typeof JOB_ARCHIVE_FORMAT;
  readonly version: typeof JOB_ARCHIVE_VERSION;
  /** ISO time of the archiving. */
  readonly archivedAt: string;
  /** True when the job was in a terminal status (succeeded, failed, cancelled): it will not change any more. */
  readonly complete: boolean;
  /** The job object exactly as the API returned it. */
  readonly job: JobRecord['job'] & Record<string, unknown>;
  /** Every event, oldest first, as returned by the API. */
  readonly events: readonly Record<string, unknown>[];
  /** Every checkpoint, by step, as returned by the API. */
  readonly checkpoints: readonly Record<string, unknown>[];
  /** The result files, decoded to CSV text. */
  readonly resultFiles: readonly ResultFileRecord[];
  /** Training and validation files, or `null` when they were not requested. */
  readonly files: { readonly training: ArchivedFile | null; readonly validation: ArchivedFile | null } | null;
  /** Problems met while archiving. */
  readonly issues: JobRecord['issues'];
  /**
   * What the job cost, computed when it was archived (see `FineTuneJob.billedCost`): `null` while
   * it ran. Absent in archives written before finetune-kit recorded it.
   */
  readonly billedCost?: BilledCost | null;
}

const archivedFileSchema = z.object({
  id: z.string(),
  filename: z.string().nullable(),
  bytes: z.number().nullable(),
  content: z.string().nullable(),
  skipped: z.enum(['too_large', 'not_found', 'not_downloadable']).optional(),
  error: z.string().optional(),
});

/** Zod schema of an archive document (lenient inside API objects, strict on the envelope). */
export const jobArchiveSchema = z.object({
  format: z.literal(JOB_ARCHIVE_FORMAT),
  version: z.literal(JOB_ARCHIVE_VERSION),
  archivedAt: z.string(),
  complete: z.boolean(),
  job: z.looseObject({ id: z.string(), status: z.string().optional() }),
  events: z.array(z.looseObject({ id: z.string().optional() })),
  checkpoints: z.array(z.looseObject({ id: z.string().optional() })),
  resultFiles: z.array(
    z.object({
      id: z.string(),
      encoding: z.enum(['plain', 'base64']).nullable(),
      content: z.string().nullable(),
      error: z.string().optional(),
    }),
  ),
  files: z
    .object({ training: archivedFileSchema.nullable(), validation: archivedFileSchema.nullable() })
    .nullable(),
  issues: z.array(metricsIssueSchema),
  billedCost: z
    .looseObject({ usd: z.number().nullable(), unit: z.enum(['tokens', 'hours']), note: z.string() })
    .nullable()
    .optional(),
});

/** Thrown when an archive document is unreadable or not the supported version. */
export class JobArchiveError extends FinetuneKitError {
  /** True when `value` is a {@link JobArchiveError}, also across realms and package copies; safe unbound. */
  static override readonly isInstance = (value: unknown): value is JobArchiveError =>
    isFinetuneKitErrorNamed(value, 'JobArchiveError');

  /** The archive path, when read from disk. */
  readonly path: string | undefined;

  constructor(message: string, path?: string, options: { cause?: unknown } = {}) {
    super(message, 'invalid_job_archive', options);
    this.name = 'JobArchiveError';
    markErrorClass(this, 'JobArchiveError');
    this.path = path;
  }
}

/** True when a job status is terminal (the archive will never change again). */
function isTerminalStatus(status: string | undefined | null): boolean {
  return status !== undefined && status !== null && TERMINAL_JOB_STATUSES.includes(status);
}

/**
 * Builds an archive document from a fetched job record.
 *
 * @param record - From `fetchJobRecord`.
 * @param files - Archived training/validation files, or `null` when not requested.
 * @param now - The archiving time. @default new Date()
 * @param cost - Model table overrides for the billed cost (Azure or negotiated prices).
 * @returns The document.
 */
export function buildJobArchive(
  record: JobRecord,
  files: JobArchive['files'] = null,
  now: Date = new Date(),
  cost: Pick<BilledCostOptions, 'models'> = {},
): JobArchive {
  const job = record.job as Partial<Record<keyof BillableJob, unknown>>;
  const billable =
    typeof job.status === 'string' && typeof job.model === 'string' && typeof job.created_at === 'number';
  return {
    format: JOB_ARCHIVE_FORMAT,
    version: JOB_ARCHIVE_VERSION,
    archivedAt: now.toISOString(),
    complete: isTerminalStatus(record.job.status),
    job: record.job as JobArchive['job'],
    events: record.events as Record<string, unknown>[],
    checkpoints: record.checkpoints as Record<string, unknown>[],
    resultFiles: record.resultFiles,
    files,
    issues: record.issues,
    billedCost: billable ? computeBilledCost(record.job as unknown as BillableJob, cost) : null,
  };
}

/**
 * Validates a parsed archive document.
 *
 * @param value - A parsed JSON value.
 * @param path - The file path, for messages.
 * @returns The document.
 * @throws {JobArchiveError} When the value is not a version-1 archive; the message names the field.
 */
export function parseJobArchive(value: unknown, path?: string): JobArchive {
  const parsed = jobArchiveSchema.safeParse(value);
  if (!parsed.success) {
    const problem = documentProblem(parsed.error, value, JOB_ARCHIVE_VERSION);
    const hint =
      problem.otherVersion === undefined
        ? ''
        : ` (archive version ${problem.otherVersion}; this finetune-kit reads version ${JOB_ARCHIVE_VERSION})`;
    throw new JobArchiveError(
      `${path ? `${path}: ` : ''}not a finetune-kit job archive: "${problem.path}": ${problem.message}${hint}.`,
      path,
    );
  }
  return parsed.data as unknown as JobArchive;
}

/** The job record inside an archive, for `Metrics.fromRecord`. */
export function archiveToRecord(archive: JobArchive): JobRecord {
  return {
    job: archive.job,
    events: archive.events,
    checkpoints: archive.checkpoints,
    resultFiles: archive.resultFiles,
    issues: archive.issues,
  };
}
