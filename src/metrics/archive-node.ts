/**
 * Node-only: writes and reads job archives on disk (`archiveJob`, `archiveAll`, `readJobArchive`).
 * `node:fs/promises` and `node:path` are loaded with a dynamic `import()` so the rest of the metrics
 * layer stays free of Node APIs.
 *
 * Archives are resumable and idempotent: a job archived in a terminal status is complete and is
 * skipped next time; a running job's archive is refreshed; files are written to a temporary name
 * and renamed, so a crash never leaves a half-written archive.
 *
 * @module
 */
import { FinetuneKitAbortError, FinetuneKitUsageError } from '../errors.js';
import { throwIfAborted } from '../internal/abort.js';
import { errorStatus } from '../internal/error-status.js';
import { redactSecrets, rememberClientSecrets } from '../internal/redact-secrets.js';
import type { ModelTableOverrides } from '../models/index.js';
import {
  type ArchivedFile,
  buildJobArchive,
  type JobArchive,
  JobArchiveError,
  parseJobArchive,
} from './archive-format.js';
import { fetchJobRecord } from './fetch-job-record.js';
import { call, listAllPages, requestOptions } from './list-all-pages.js';
import type { ArchiveClient, FileObjectLike, ListedJob } from './metrics-client.js';

/** A progress report. Objects are frozen; a throwing `onProgress` aborts the archive. */
export type ArchiveProgress =
  | { readonly phase: 'listing'; readonly jobsFound: number }
  | {
      readonly phase: 'job';
      readonly jobId: string;
      /** 1-based position in this run. */
      readonly index: number;
      readonly total: number;
      readonly state: 'started' | 'skipped' | 'archived' | 'refreshed' | 'failed';
      readonly path: string;
      readonly error?: unknown;
    };

/** Options of {@link archiveJob}. */
export interface ArchiveJobOptions {
  /** Directory to write `<jobId>.json` into (created if missing). */
  readonly dir: string;
  /** Also store the training and validation files' contents. @default false */
  readonly includeFiles?: boolean;
  /** Training/validation files larger than this are recorded but not stored. @default 104_857_600 (100 MiB) */
  readonly maxFileBytes?: number;
  /**
   * Supplies a file's content from elsewhere (e.g. your local copy), since OpenAI refuses to
   * download uploaded training data ("Not allowed to download files of purpose: fine-tune").
   * Return `null` to let the archive try the API.
   */
  readonly fileContent?: (
    file: FileObjectLike,
  ) => Promise<string | Uint8Array | null> | string | Uint8Array | null;
  /** Re-archive even when a complete archive exists. @default false */
  readonly refresh?: boolean;
  /** Page size for events and checkpoints. @default 100 */
  readonly pageSize?: number;
  /** Aborts between and during API calls. */
  readonly signal?: AbortSignal;
  /** Called with progress reports. */
  readonly onProgress?: (progress: ArchiveProgress) => void;
  /** Model table entries for the archive's billed cost (Azure or negotiated prices). */
  readonly models?: ModelTableOverrides;
}

/** What {@link archiveJob} did. */
export interface ArchiveJobResult {
  readonly jobId: string;
  readonly path: string;
  /** `skipped`: a complete archive was already there; `refreshed`: an incomplete one was replaced. */
  readonly state: 'archived' | 'refreshed' | 'skipped';
  /** True when the job is terminal, so the archive will not change any more. */
  readonly complete: boolean;
  readonly status: string | null;
  readonly events: number;
  readonly checkpoints: number;
  readonly resultFiles: number;
}

/** Options of {@link archiveAll}. */
export interface ArchiveAllOptions extends Omit<ArchiveJobOptions, 'onProgress'> {
  /** Server-side filter on job metadata (`jobs.list({ metadata })`, openai ≥ 5). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Client-side filter on the listed jobs. */
  readonly filter?: (job: ListedJob) => boolean;
  /** Archive at most this many jobs (newest first). */
  readonly limit?: number;
  /** Keep going when one job fails (failures are returned). @default true */
  readonly continueOnError?: boolean;
  readonly onProgress?: (progress: ArchiveProgress) => void;
}

/** What {@link archiveAll} did. */
export interface ArchiveAllResult {
  readonly archived: readonly ArchiveJobResult[];
  readonly failed: readonly { readonly jobId: string; readonly error: unknown }[];
}

const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

async function nodeModules(): Promise<{
  fs: typeof import('node:fs/promises');
  path: typeof import('node:path');
}> {
  const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  return { fs, path };
}

/**
 * The archive path of a job in a directory.
 *
 * @throws {FinetuneKitUsageError} When the job id could escape the directory.
 */
async function archivePath(dir: string, jobId: string): Promise<string> {
  if (!JOB_ID.test(jobId) || jobId.includes('..')) {
    throw new FinetuneKitUsageError(
      `archiveJob: job id ${JSON.stringify(jobId)} is not a valid file name.`,
      'jobId',
    );
  }
  const { path } = await nodeModules();
  return path.join(dir, `${jobId}.json`);
}

/**
 * Reads and validates an archive file.
 *
 * @param file - Path of a `<jobId>.json` archive.
 * @returns The archive document.
 * @throws {JobArchiveError} When the file is missing, not JSON, or not a supported archive.
 */
export async function readJobArchive(file: string): Promise<JobArchive> {
  const { fs } = await nodeModules();
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new JobArchiveError(`${file}: cannot read the archive: ${(error as Error).message}`, file, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JobArchiveError(`${file}: the archive is not valid JSON: ${(error as Error).message}`, file, {
      cause: error,
    });
  }
  return parseJobArchive(value, file);
}

async function existingArchive(file: string): Promise<JobArchive | null> {
  try {
    return await readJobArchive(file);
  } catch {
    // Missing or corrupt: archive again.
    return null;
  }
}

async function archiveFile(
  client: ArchiveClient,
  fileId: string,
  options: Pick<ArchiveJobOptions, 'maxFileBytes' | 'fileContent' | 'signal'>,
): Promise<ArchivedFile> {
  const { signal } = options;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let meta: FileObjectLike;
  try {
    meta = await call(signal, `Retrieving file ${fileId}`, (requestSignal) =>
      client.files.retrieve(fileId, requestOptions(requestSignal)),
    );
  } catch (error) {
    const status = errorStatus(error);
    if (status === 404 || status === 410) {
      return {
        id: fileId,
        filename: null,
        bytes: null,
        content: null,
        skipped: 'not_found',
        error: `HTTP ${status}: the file was deleted.`,
      };
    }
    throw error;
  }
  const bytes = typeof meta.bytes === 'number' ? meta.bytes : null;
  const filename = typeof meta.filename === 'string' ? redactSecrets(meta.filename) : null;
  const base = { id: fileId, filename, bytes };
  if (bytes !== null && bytes > maxBytes) {
    return {
      ...base,
      content: null,
      skipped: 'too_large',
      error: `${bytes} bytes is over maxFileBytes ${maxBytes}.`,
    };
  }
  const decode = (content: string | Uint8Array): string =>
    typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);
  if (options.fileContent) {
    const supplied = await options.fileContent(meta);
    if (supplied !== null && supplied !== undefined) return { ...base, content: decode(supplied) };
  }
  try {
    const response = await call(signal, `Downloading file ${fileId}`, (requestSignal) =>
      client.files.content(fileId, requestOptions(requestSignal)),
    );
    return { ...base, content: decode(new Uint8Array(await response.arrayBuffer())) };
  } catch (error) {
    const status = errorStatus(error);
    if (status === 404 || status === 410) {
      return { ...base, content: null, skipped: 'not_found', error: `HTTP ${status}: the file was deleted.` };
    }
    if (status === 400 || status === 403) {
      const reason = redactSecrets(error instanceof Error ? error.message : String(error));
      return { ...base, content: null, skipped: 'not_downloadable', error: `HTTP ${status}: ${reason}` };
    }
    throw error;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const { fs, path } = await nodeModules();
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await fs.writeFile(temporary, text, 'utf8');
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

function report(onProgress: ArchiveJobOptions['onProgress'], progress: ArchiveProgress): void {
  onProgress?.(Object.freeze(progress));
}

/**
 * Archives one job to `<dir>/<jobId>.json`: the job object, every event, every checkpoint, the
 * decoded result files and, with `includeFiles`, the training and validation files.
 *
 * Idempotent: a complete archive (terminal job) is skipped unless `refresh`; an archive of a job
 * that was still running is refreshed. The file is written under a temporary name and renamed.
 *
 * @param client - An `OpenAI`/`AzureOpenAI` client or any {@link ArchiveClient}.
 * @param jobId - `ftjob-…`.
 * @param options - See {@link ArchiveJobOptions}.
 * @returns What was done, with counts.
 * @throws {FinetuneKitAbortError} When aborted (nothing is written).
 * @throws {FinetuneKitUsageError} On a job id that is not a safe file name.
 * @example
 * ```ts
 * const result = await archiveJob(client, 'ftjob-abc123', { dir: 'archives', includeFiles: true });
 * const metrics = await Metrics.fromArchive(result.path);
 * ```
 */
export async function archiveJob(
  client: ArchiveClient,
  jobId: string,
  options: ArchiveJobOptions,
): Promise<ArchiveJobResult> {
  return archiveOne(client, jobId, options, 1, 1);
}

async function archiveOne(
  client: ArchiveClient,
  jobId: string,
  options: ArchiveJobOptions,
  index: number,
  total: number,
): Promise<ArchiveJobResult> {
  if (typeof options.dir !== 'string' || options.dir === '') {
    throw new FinetuneKitUsageError('archiveJob: options.dir must be a directory path.', 'options.dir');
  }
  const file = await archivePath(options.dir, jobId);
  const includeFiles = options.includeFiles ?? false;
  const { signal } = options;
  throwIfAborted(signal, `Archiving ${jobId}`);
  report(options.onProgress, { phase: 'job', jobId, index, total, state: 'started', path: file });
  const previous = await existingArchive(file);
  if (previous?.complete && !options.refresh && (!includeFiles || previous.files !== null)) {
    report(options.onProgress, { phase: 'job', jobId, index, total, state: 'skipped', path: file });
    return {
      jobId,
      path: file,
      state: 'skipped',
      complete: true,
      status: previous.job.status ?? null,
      events: previous.events.length,
      checkpoints: previous.checkpoints.length,
      resultFiles: previous.resultFiles.length,
    };
  }
  const record = await fetchJobRecord(client, jobId, {
    ...(signal ? { signal } : {}),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
  let files: JobArchive['files'] = null;
  if (includeFiles) {
    const training =
      typeof record.job.training_file === 'string'
        ? await archiveFile(client, record.job.training_file, options)
        : null;
    const validation =
      typeof record.job.validation_file === 'string' && record.job.validation_file !== ''
        ? await archiveFile(client, record.job.validation_file, options)
        : null;
    files = { training, validation };
  }
  throwIfAborted(signal, `Archiving ${jobId}`);
  const archive = buildJobArchive(
    record,
    files,
    new Date(),
    options.models ? { models: options.models } : {},
  );
  await writeAtomically(file, `${JSON.stringify(archive, null, 2)}\n`);
  const state = previous ? 'refreshed' : 'archived';
  report(options.onProgress, { phase: 'job', jobId, index, total, state, path: file });
  return {
    jobId,
    path: file,
    state,
    complete: archive.complete,
    status: record.job.status ?? null,
    events: record.events.length,
    checkpoints: record.checkpoints.length,
    resultFiles: record.resultFiles.length,
  };
}

/**
 * Archives every job the client can list (newest first), optionally filtered by metadata or a
 * predicate, into one directory. Safe to re-run: complete archives are skipped, so an interrupted
 * run resumes where it stopped.
 *
 * @param client - An `OpenAI`/`AzureOpenAI` client or any {@link ArchiveClient}.
 * @param options - See {@link ArchiveAllOptions}.
 * @returns The archived (or skipped) jobs and the failures.
 * @throws {FinetuneKitAbortError} When aborted.
 * @example
 * ```ts
 * const { archived, failed } = await archiveAll(client, {
 *   dir: 'archives', metadata: { project: 'support-bot' },
 *   onProgress: (p) => p.phase === 'job' && console.log(p.index, '/', p.total, p.jobId, p.state),
 * });
 * ```
 */
export async function archiveAll(
  client: ArchiveClient,
  options: ArchiveAllOptions,
): Promise<ArchiveAllResult> {
  const { signal } = options;
  // Before the first call, so that even a refused listing cannot echo the key back to the caller.
  rememberClientSecrets(client);
  const listed = await listAllPages(
    (after, requestSignal) =>
      client.fineTuning.jobs.list(
        {
          limit: 100,
          ...(after === undefined ? {} : { after }),
          ...(options.metadata ? { metadata: options.metadata } : {}),
        },
        requestOptions(requestSignal),
      ),
    'fine-tuning jobs',
    signal,
  );
  let jobs = listed.items.filter((job) => options.filter?.(job) ?? true);
  if (options.limit !== undefined) jobs = jobs.slice(0, options.limit);
  report(options.onProgress, { phase: 'listing', jobsFound: jobs.length });
  const archived: ArchiveJobResult[] = [];
  const failed: { jobId: string; error: unknown }[] = [];
  for (const [position, job] of jobs.entries()) {
    try {
      archived.push(await archiveOne(client, job.id, options, position + 1, jobs.length));
    } catch (error) {
      if (FinetuneKitAbortError.isInstance(error) || signal?.aborted) throw error;
      if (options.continueOnError === false) throw error;
      failed.push({ jobId: job.id, error });
      const file = await archivePath(options.dir, job.id).catch(() => '');
      report(options.onProgress, {
        phase: 'job',
        jobId: job.id,
        index: position + 1,
        total: jobs.length,
        state: 'failed',
        path: file,
        error,
      });
    }
  }
  return { archived, failed };
}
