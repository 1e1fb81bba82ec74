/**
 * `uploadTrainingFile`: validate a JSONL file, upload it (Files API up to 512 MB, Uploads API
 * above), and wait until the server has processed it.
 *
 * @module
 */
import type { FileObject } from 'openai/resources/files';
import type { JobMethodLike, TrainingMethod, ValidateOptions } from '../dataset/index.js';
import { FinetuneKitUsageError, UploadError } from '../errors.js';
import {
  assertClient,
  type CallContext,
  type FineTuningClient,
  isAzureClient,
  retrySettings,
  type SdkRequestOptions,
  sdkOptions,
} from './client.js';
import { type JobClock, systemClock } from './clock.js';
import { uploadInParts } from './multipart-upload.js';
import {
  DEFAULT_RETRY,
  type RetryContext,
  type RetryOptions,
  resolveRetryOptions,
  withRetry,
} from './retry.js';
import { type TrainingFileInput, toUploadSource } from './upload-source.js';
import {
  currentReport,
  type PrevalidatedFile,
  refusal,
  type UploadValidationReport,
  validateUpload,
} from './validate-upload.js';
import { waitForFileProcessed } from './wait-for-file.js';

const MiB = 1024 * 1024;

/** The Files API's size limit: larger files go through the Uploads API. */
export const FILES_API_MAX_BYTES = 512 * MiB;
/** The Uploads API's part size limit. */
export const UPLOAD_PART_MAX_BYTES = 64 * MiB;
/** The Uploads API's total size limit. */
export const UPLOADS_API_MAX_BYTES = 8 * 1024 * MiB;

/** Defaults of {@link UploadTrainingFileOptions}, in one place. */
export const UPLOAD_DEFAULTS = Object.freeze({
  filesApiMaxBytes: FILES_API_MAX_BYTES,
  partSize: UPLOAD_PART_MAX_BYTES,
  concurrency: 3,
  mimeType: 'text/jsonl',
  processingTimeoutMs: 1_800_000,
  processingPollIntervalMs: 1000,
});

/** Where an upload stands, for progress bars. */
export interface UploadProgress {
  /** `validating` → `uploading` → `processing` → `done`. */
  readonly phase: 'validating' | 'uploading' | 'processing' | 'done';
  readonly filename: string;
  /** Bytes sent so far (the Files API reports 0 until its single request completes). */
  readonly loadedBytes: number;
  readonly totalBytes: number;
  /** Parts sent and in total (the Files API counts as one part). */
  readonly partsDone: number;
  readonly partsTotal: number;
  /** `files` (one request) or `uploads` (parts). */
  readonly via: 'files' | 'uploads';
  /** The file id, once the server assigned one. */
  readonly fileId: string | null;
  /** The file's status while processing (`uploaded`, `processed`, Azure's `pending`/`running`). */
  readonly fileStatus: string | null;
}

/**
 * Options of {@link uploadTrainingFile}.
 *
 * @example
 * ```ts
 * await uploadTrainingFile(client, 'train.jsonl', {
 *   model: 'gpt-4o-mini',
 *   onProgress: (p) => console.log(p.phase, p.loadedBytes, '/', p.totalBytes),
 * });
 * ```
 */
export interface UploadTrainingFileOptions {
  /** Aborts validation, the upload (cancelling a multipart upload) and the wait. */
  readonly signal?: AbortSignal;
  /** The model the file is for; validation then checks token limits for it. */
  readonly model?: string;
  /**
   * The training method (`supervised`, `dpo`, `reinforcement`) or the job's whole `method` object;
   * validation checks that the format fits (and the hyperparameters, when given).
   */
  readonly method?: TrainingMethod | JobMethodLike;
  /** Validate with the Dataset module before uploading. @default true */
  readonly validate?: boolean;
  /**
   * More options for `Dataset.validate()` (severities, suffix, hyperparameters, …). `profile` defaults
   * to `azure` for an `AzureOpenAI` client, else `openai`. For a job's validation file pass
   * `{ role: 'validation' }`: it has no 10-example minimum (only training files do).
   */
  readonly validation?: Omit<ValidateOptions, 'signal' | 'model' | 'method'>;
  /**
   * Reports already made for local files, so a file validated just before is not read twice (the
   * CLI's `run` validates, then uploads). A report is used for the file at its `path` only while the
   * file's size and modification time are unchanged; otherwise the file is validated again. The
   * caller vouches that it was made with the same model and method.
   */
  readonly validated?: PrevalidatedFile | readonly PrevalidatedFile[];
  /** Upload even when validation finds errors (the report is still returned). @default false */
  readonly force?: boolean;
  /** Filename for non-path inputs. @default the `File`'s name, else `training.jsonl` */
  readonly filename?: string;
  /** Files up to this size use the Files API, larger ones the Uploads API. @default 536_870_912 (512 MB) */
  readonly filesApiMaxBytes?: number;
  /** Uploads API part size. @default 67_108_864 (64 MB, the API's maximum) */
  readonly partSize?: number;
  /** Parts sent at once. @default 3 */
  readonly concurrency?: number;
  /** Send the file's MD5 when completing a multipart upload (the server checks it). @default false */
  readonly md5?: boolean;
  /** MIME type declared to the Uploads API. @default 'text/jsonl' */
  readonly mimeType?: string;
  /** Let the file expire this many seconds after creation (3600–2592000). @default never */
  readonly expiresAfterSeconds?: number;
  /** Wait until the file is `processed`. @default true */
  readonly waitForProcessing?: boolean;
  /** Give up waiting for processing after this long. @default 1_800_000 (30 min) */
  readonly processingTimeoutMs?: number;
  /** Delay between processing checks. @default 1000 */
  readonly processingPollIntervalMs?: number;
  /** Clock for delays and timeouts (tests pass a fake one). @default systemClock */
  readonly clock?: JobClock;
  /** Retry policy for every call (parts are retried one by one). */
  readonly retry?: RetryOptions;
  /** Per-request SDK options (timeout, headers). */
  readonly requestOptions?: SdkRequestOptions;
  /** Progress callback. */
  readonly onProgress?: (progress: UploadProgress) => void;
  /** Called before each retry of a transient failure. */
  readonly onRetry?: (context: RetryContext) => void;
}

/** The result of {@link uploadTrainingFile}. */
export interface UploadedTrainingFile {
  /** The file id to use as `training_file` / `validation_file`. */
  readonly id: string;
  /** The file object (status `processed` unless `waitForProcessing: false`). */
  readonly file: FileObject;
  readonly filename: string;
  readonly bytes: number;
  /** Which API carried it. */
  readonly via: 'files' | 'uploads';
  /** The validation report, or `null` when validation was off. */
  readonly report: UploadValidationReport | null;
}

function checkInteger(value: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new FinetuneKitUsageError(
      `options.${name} must be an integer from ${min} to ${max}, got ${String(value)}.`,
      `options.${name}`,
    );
  }
  return value;
}

/**
 * Validates, uploads and waits for a training (or validation) file.
 *
 * 1. Validates with `Dataset.from…(input).validate({ model, method })`; refuses on errors unless `force`.
 * 2. Uploads through the Files API (≤ `filesApiMaxBytes`) or the Uploads API (parts of `partSize`,
 *    `concurrency` at a time, each retried; the upload is cancelled on failure or abort).
 * 3. Waits until the file is `processed`.
 *
 * @param client - An `OpenAI` or `AzureOpenAI` client.
 * @param input - A path, JSONL text, bytes or a `Blob`/`File` (see {@link TrainingFileInput}).
 * @param options - See {@link UploadTrainingFileOptions}.
 * @returns The processed file and the validation report.
 * @throws {DatasetError} `dataset_invalid` when validation finds errors (report attached) and `force` is off.
 * @throws {UploadError} `file_not_found`, `empty_file`, `file_too_large`, `file_processing_failed` (server reason), …
 * @throws {FinetuneKitApiError} When a call fails for good (SDK error as cause).
 * @throws {FinetuneKitTimeoutError} When processing takes longer than `processingTimeoutMs`.
 * @throws {FinetuneKitAbortError} When `signal` aborts.
 * @example
 * ```ts
 * const { id } = await uploadTrainingFile(client, 'train.jsonl', { model: 'gpt-4o-mini' });
 * ```
 */
export async function uploadTrainingFile(
  client: FineTuningClient,
  input: TrainingFileInput,
  options: UploadTrainingFileOptions = {},
): Promise<UploadedTrainingFile> {
  assertClient(client, ['files', 'uploads']);
  const filesApiMaxBytes = checkInteger(
    options.filesApiMaxBytes ?? UPLOAD_DEFAULTS.filesApiMaxBytes,
    'filesApiMaxBytes',
    0,
    FILES_API_MAX_BYTES,
  );
  const partSize = checkInteger(
    options.partSize ?? UPLOAD_DEFAULTS.partSize,
    'partSize',
    1,
    UPLOAD_PART_MAX_BYTES,
  );
  const concurrency = checkInteger(options.concurrency ?? UPLOAD_DEFAULTS.concurrency, 'concurrency', 1, 64);
  const processingTimeoutMs = options.processingTimeoutMs ?? UPLOAD_DEFAULTS.processingTimeoutMs;
  const pollIntervalMs = options.processingPollIntervalMs ?? UPLOAD_DEFAULTS.processingPollIntervalMs;
  if (!(processingTimeoutMs >= 0)) {
    throw new FinetuneKitUsageError(
      `options.processingTimeoutMs must be ≥ 0, got ${processingTimeoutMs}.`,
      'options.processingTimeoutMs',
    );
  }
  if (!(pollIntervalMs >= 0)) {
    throw new FinetuneKitUsageError(
      `options.processingPollIntervalMs must be ≥ 0, got ${pollIntervalMs}.`,
      'options.processingPollIntervalMs',
    );
  }
  const context: CallContext = {
    client,
    clock: options.clock ?? systemClock,
    retry: resolveRetryOptions(options.retry, DEFAULT_RETRY),
    signal: options.signal,
    onRetry: options.onRetry,
    requestOptions: options.requestOptions,
  };

  const source = await toUploadSource(input, options.filename, 'input');
  const name = source.path ?? source.filename;
  let via: UploadProgress['via'] = source.size > filesApiMaxBytes ? 'uploads' : 'files';
  let partsTotal = via === 'files' ? 1 : Math.ceil(source.size / partSize);
  const progress = (update: Partial<UploadProgress> & Pick<UploadProgress, 'phase'>) =>
    options.onProgress?.(
      Object.freeze({
        filename: source.filename,
        loadedBytes: 0,
        totalBytes: source.size,
        partsDone: 0,
        partsTotal,
        via,
        fileId: null,
        fileStatus: null,
        ...update,
      }),
    );

  if (source.size === 0) throw new UploadError(`Cannot upload ${name}: the file is empty.`, 'empty_file');
  if (source.size > UPLOADS_API_MAX_BYTES) {
    throw new UploadError(
      `Cannot upload ${name}: ${source.size} bytes is over the Uploads API's limit of ${UPLOADS_API_MAX_BYTES} bytes (8 GB).`,
      'file_too_large',
    );
  }

  let report: UploadValidationReport | null = null;
  const prevalidated = options.validate === false ? null : currentReport(source, options.validated);
  if (prevalidated) {
    report = prevalidated;
    if (!report.ok && options.force !== true) throw refusal(report, name, options.validation?.role);
  } else if (options.validate !== false) {
    progress({ phase: 'validating' });
    report = await validateUpload(source.dataset, {
      // Deprecation checks judge by the same clock as everything else (tests inject one).
      now: new Date(context.clock.now()),
      profile: isAzureClient(client) ? 'azure' : 'openai',
      ...options.validation,
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(options.method === undefined ? {} : { method: options.method }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (!report.ok && options.force !== true) throw refusal(report, name, options.validation?.role);
  }

  progress({ phase: 'uploading' });
  let file: FileObject;
  if (via === 'files') {
    file = await withRetry(
      (_attempt, signal) =>
        client.files.create(
          {
            // A Blob-backed File can be re-read, so a failed attempt is safely retried (streams cannot).
            file: new File([source.slice(0, source.size)], source.filename, { type: 'application/jsonl' }),
            purpose: 'fine-tune',
            ...(options.expiresAfterSeconds === undefined
              ? {}
              : { expires_after: { anchor: 'created_at' as const, seconds: options.expiresAfterSeconds } }),
          },
          sdkOptions(context, signal),
        ),
      retrySettings(context, 'files.create', source.filename),
    );
    progress({
      phase: 'uploading',
      loadedBytes: source.size,
      partsDone: 1,
      fileId: file.id,
      fileStatus: file.status,
    });
  } else {
    via = 'uploads';
    partsTotal = Math.ceil(source.size / partSize);
    file = await uploadInParts(context, source, {
      partSize,
      concurrency,
      md5: options.md5 === true,
      mimeType: options.mimeType ?? UPLOAD_DEFAULTS.mimeType,
      expiresAfterSeconds: options.expiresAfterSeconds,
      onPart: (sent, done, total) =>
        progress({ phase: 'uploading', loadedBytes: sent, partsDone: done, partsTotal: total }),
    });
  }

  if (options.waitForProcessing !== false && file.status !== 'processed') {
    progress({
      phase: 'processing',
      loadedBytes: source.size,
      partsDone: partsTotal,
      fileId: file.id,
      fileStatus: file.status,
    });
    file = await waitForFileProcessed(context, file.id, {
      pollIntervalMs,
      timeoutMs: processingTimeoutMs,
      onStatus: (current) =>
        progress({
          phase: 'processing',
          loadedBytes: source.size,
          partsDone: partsTotal,
          fileId: current.id,
          fileStatus: current.status,
        }),
    });
  } else if (file.status === 'error') {
    throw new UploadError(
      `File ${file.id} (${source.filename}) failed processing.`,
      'file_processing_failed',
      file.id,
    );
  }
  progress({
    phase: 'done',
    loadedBytes: source.size,
    partsDone: partsTotal,
    fileId: file.id,
    fileStatus: file.status,
  });
  return Object.freeze({ id: file.id, file, filename: source.filename, bytes: source.size, via, report });
}
