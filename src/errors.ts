/**
 * The finetune-kit error family: one base class and a few leaves with typed fields.
 *
 * Every error carries a marker symbol per class in its chain (`Symbol.for('finetune-kit.error')` for
 * the base, `Symbol.for('finetune-kit.error.UploadError')` and so on for the others), set by each
 * constructor. `isInstance` checks the symbol, not `instanceof` or `constructor.name`, so it works
 * across duplicate installs and realms (where `instanceof` fails) and after minification (which
 * renames classes). The SDK's own `APIError` is never re-invented: it is kept as the standard `cause`.
 *
 * Messages are one line, say what failed, the identifier and the reason, and never contain an
 * API key (see {@link redactSecrets}).
 *
 * @module
 */

import { redactSecrets } from './internal/redact-secrets.js';

const MARKER = Symbol.for('finetune-kit.error');

function hasMarker(value: unknown, marker: symbol = MARKER): boolean {
  return typeof value === 'object' && value !== null && marker in value;
}

/**
 * The marker symbol of the finetune-kit error class `className`. It comes from the global symbol
 * registry, so every copy of the package (and every realm) agrees on it.
 */
export function errorClassMarker(className: string): symbol {
  return Symbol.for(`finetune-kit.error.${className}`);
}

/**
 * Marks `error` as an instance of the class `className`. Every error class calls it in its
 * constructor with its own (literal) name: the chain of constructors then leaves one marker per
 * class, so a subclass also matches the `isInstance` of each base. The property is not enumerable,
 * so it stays out of spreads, `JSON.stringify` and equality checks.
 */
export function markErrorClass(error: FinetuneKitError, className: string): void {
  Object.defineProperty(error, errorClassMarker(className), { value: true });
}

/**
 * True when `value` is a finetune-kit error marked (by {@link markErrorClass}) as an instance of the
 * class `className` or of a subclass of it. Markers, not constructors or `constructor.name`, so the
 * check works across copies of the package and survives minifiers that rename classes.
 */
export function isFinetuneKitErrorNamed(value: unknown, className: string): boolean {
  return hasMarker(value) && hasMarker(value, errorClassMarker(className));
}

export { redactSecrets };

/** Options accepted by every finetune-kit error. */
export interface FinetuneKitErrorOptions {
  /** The underlying error, e.g. the SDK's `APIError`. */
  readonly cause?: unknown;
}

/**
 * Base class of every error thrown by finetune-kit.
 *
 * @example
 * ```ts
 * try { await job.wait(); } catch (error) {
 *   if (JobFailedError.isInstance(error)) console.error(error.job.error);
 * }
 * ```
 */
export class FinetuneKitError extends Error {
  /** A stable, machine-readable code for the kind of failure. */
  readonly code: string;

  /** @param message - One line: what failed, the identifier, the reason. */
  constructor(message: string, code = 'finetune_kit_error', options: FinetuneKitErrorOptions = {}) {
    super(redactSecrets(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FinetuneKitError';
    this.code = code;
    Object.defineProperty(this, MARKER, { value: true });
  }

  /**
   * True when `value` is a finetune-kit error (of any class), also across realms and duplicate
   * installs of the package. Each subclass has its own `isInstance` that narrows to that class.
   * Safe to pass unbound, e.g. `errors.filter(FinetuneKitError.isInstance)`.
   */
  static readonly isInstance = (value: unknown): value is FinetuneKitError => hasMarker(value);

  /** A plain object for logging, free of secrets. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** Thrown for invalid arguments or options given to a finetune-kit call (as opposed to bad data). */
export class FinetuneKitUsageError extends FinetuneKitError {
  /** True when `value` is a {@link FinetuneKitUsageError}, also across realms and package copies; safe unbound. */
  static override readonly isInstance = (value: unknown): value is FinetuneKitUsageError =>
    isFinetuneKitErrorNamed(value, 'FinetuneKitUsageError');

  /** The option or argument that is wrong, e.g. `options.model`. */
  readonly option: string | undefined;

  constructor(message: string, option?: string, options: FinetuneKitErrorOptions = {}) {
    super(message, 'invalid_usage', options);
    this.name = 'FinetuneKitUsageError';
    markErrorClass(this, 'FinetuneKitUsageError');
    this.option = option;
  }
}

/** Thrown when a model name is not in the model table and was not added by the caller. */
export class UnknownModelError extends FinetuneKitError {
  /** True when `value` is a {@link UnknownModelError}, also across realms and package copies; safe unbound. */
  static override readonly isInstance = (value: unknown): value is UnknownModelError =>
    isFinetuneKitErrorNamed(value, 'UnknownModelError');

  /** The name as given. */
  readonly model: string;
  /** Names of the models the table knows, for the message and for suggestions. */
  readonly knownModels: readonly string[];

  constructor(model: string, knownModels: readonly string[]) {
    super(
      `Unknown model "${model}": not in the finetune-kit model table. Known: ${knownModels.join(', ')}. ` +
        'Pass `models: { ... }` to add or override an entry.',
      'unknown_model',
    );
    this.name = 'UnknownModelError';
    markErrorClass(this, 'UnknownModelError');
    this.model = model;
    this.knownModels = knownModels;
  }
}

/**
 * Thrown when a dataset cannot be used: a file that cannot be read, or a refusal to upload a file
 * whose validation found errors. Carries the validation report when there is one.
 */
export class DatasetError extends FinetuneKitError {
  /** True when `value` is a {@link DatasetError}, also across realms and package copies; safe unbound. */
  static override readonly isInstance = (value: unknown): value is DatasetError =>
    isFinetuneKitErrorNamed(value, 'DatasetError');

  /** The validation report, when the error comes from validation. Typed loosely to keep layers apart. */
  readonly report: unknown;
  /** The file path or name, when known. */
  readonly source: string | undefined;

  constructor(
    message: string,
    code: string,
    details: { report?: unknown; source?: string } = {},
    options: FinetuneKitErrorOptions = {},
  ) {
    super(message, code, options);
    this.name = 'DatasetError';
    markErrorClass(this, 'DatasetError');
    this.report = details.report;
    this.source = details.source;
  }
}

/** Thrown when an operation does not finish within its `timeoutMs`. */
export class FinetuneKitTimeoutError extends FinetuneKitError {
  /** True when `value` is a {@link FinetuneKitTimeoutError}, also across realms and package copies; safe unbound. */
  static override readonly isInstance = (value: unknown): value is FinetuneKitTimeoutError =>
    isFinetuneKitErrorNamed(value, 'FinetuneKitTimeoutError');

  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, options: FinetuneKitErrorOptions = {}) {
    super(message, 'timeout', options);
    this.name = 'FinetuneKitTimeoutError';
    markErrorClass(this, 'FinetuneKitTimeoutError');
    this.timeoutMs = timeoutMs;
  }
}

/** Thrown when an operation is aborted through its `AbortSignal`. */
export class FinetuneKitAbortError extends FinetuneKitError {
  /** True when `value` is a {@link FinetuneKitAbortError}, also across realms and package copies; safe unbound. */
  static override readonly isInstance = (value: unknown): value is FinetuneKitAbortError =>
    isFinetuneKitErrorNamed(value, 'FinetuneKitAbortError');

  constructor(message = 'The operation was aborted.', options: FinetuneKitErrorOptions = {}) {
    super(message, 'aborted', options);
    this.name = 'FinetuneKitAbortError';
    markErrorClass(this, 'FinetuneKitAbortError');
  }
}

/** Thrown when an upload fails: the Files or Uploads API refused it, or the file ended in `error`. */
export class UploadError extends FinetuneKitError {
  /** True when `value` is a {@link UploadError}, also across realms and package copies; safe unbound. */
  static override readonly isInstance = (value: unknown): value is UploadError =>
    isFinetuneKitErrorNamed(value, 'UploadError');

  /** The file or upload id, when the server assigned one. */
  readonly fileId: string | undefined;

  constructor(message: string, code: string, fileId?: string, options: FinetuneKitErrorOptions = {}) {
    super(message, code, options);
    this.name = 'UploadError';
    markErrorClass(this, 'UploadError');
    this.fileId = fileId;
  }
}

/** The part of a job that the job errors carry; kept structural so this file needs no `openai` types. */
export interface JobSnapshot {
  readonly id: string;
  readonly status: string;
  readonly error?: { code?: string | null; message?: string | null; param?: string | null } | null;
  readonly [key: string]: unknown;
}

/** Rejects `job.wait()` when the job ends in `failed`. Carries the final job and its `error`. */
export class JobFailedError extends FinetuneKitError {
  /** True when `value` is a {@link JobFailedError}, also across realms and package copies; safe unbound. */
  static override readonly isInstance = (value: unknown): value is JobFailedError =>
    isFinetuneKitErrorNamed(value, 'JobFailedError');

  /** The final job object. */
  readonly job: JobSnapshot;
  /** The job's `error`, normalised (never an empty object). */
  readonly jobError: { code: string | null; message: string | null; param: string | null };

  constructor(job: JobSnapshot, options: FinetuneKitErrorOptions = {}) {
    const code = job.error?.code || null;
    const reason = job.error?.message || null;
    super(
      `Fine-tuning job ${job.id} failed: ${code ?? 'unknown_error'}: ${reason ?? 'no reason given by the server'}`,
      'job_failed',
      options,
    );
    this.name = 'JobFailedError';
    markErrorClass(this, 'JobFailedError');
    this.job = job;
    this.jobError = { code, message: reason, param: job.error?.param || null };
  }
}

/** Rejects `job.wait()` when the job ends in `cancelled`. */
export class JobCancelledError extends FinetuneKitError {
  /** True when `value` is a {@link JobCancelledError}, also across realms and package copies; safe unbound. */
  static override readonly isInstance = (value: unknown): value is JobCancelledError =>
    isFinetuneKitErrorNamed(value, 'JobCancelledError');

  /** The final job object. */
  readonly job: JobSnapshot;

  constructor(job: JobSnapshot, options: FinetuneKitErrorOptions = {}) {
    super(`Fine-tuning job ${job.id} was cancelled.`, 'job_cancelled', options);
    this.name = 'JobCancelledError';
    markErrorClass(this, 'JobCancelledError');
    this.job = job;
  }
}

/** What {@link FinetuneKitApiError} knows about the failed call. */
export interface FinetuneKitApiErrorDetails {
  /** The SDK call, e.g. `fineTuning.jobs.retrieve`. */
  readonly operation: string;
  /** The job, file or upload id the call was about, when there is one. */
  readonly resourceId?: string;
  /** The HTTP status, or `null` when no response arrived (connection error, timeout). */
  readonly status?: number | null;
  /** The error body's `code` (e.g. `fine_tuning_job_not_found`), or `null`. */
  readonly apiCode?: string | null;
  /** The server's `x-request-id`, for support tickets. */
  readonly requestId?: string | null;
  /** How many attempts were made before giving up. */
  readonly attempts?: number;
}

/**
 * Thrown when a call to the API fails for good: the error cannot be retried (e.g. 400, 401, 404) or
 * the retries ran out. The SDK's own error (`APIError`, `APIConnectionError`, …) is the `cause`.
 */
export class FinetuneKitApiError extends FinetuneKitError {
  /** True when `value` is a {@link FinetuneKitApiError}, also across realms and package copies; safe unbound. */
  static override readonly isInstance = (value: unknown): value is FinetuneKitApiError =>
    isFinetuneKitErrorNamed(value, 'FinetuneKitApiError');

  /** The SDK call, e.g. `fineTuning.jobs.retrieve`. */
  readonly operation: string;
  /** The job, file or upload id, when the call was about one. */
  readonly resourceId: string | null;
  /** The HTTP status, or `null` when no response arrived. */
  readonly status: number | null;
  /** The error body's `code`, or `null`. */
  readonly apiCode: string | null;
  /** The server's `x-request-id`, or `null`. */
  readonly requestId: string | null;
  /** Attempts made, retries included. */
  readonly attempts: number;

  constructor(message: string, details: FinetuneKitApiErrorDetails, options: FinetuneKitErrorOptions = {}) {
    super(message, 'api_error', options);
    this.name = 'FinetuneKitApiError';
    markErrorClass(this, 'FinetuneKitApiError');
    this.operation = details.operation;
    this.resourceId = details.resourceId ?? null;
    this.status = details.status ?? null;
    this.apiCode = details.apiCode ?? null;
    this.requestId = details.requestId ?? null;
    this.attempts = details.attempts ?? 1;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      operation: this.operation,
      resourceId: this.resourceId,
      status: this.status,
      apiCode: this.apiCode,
      requestId: this.requestId,
      attempts: this.attempts,
    };
  }
}
