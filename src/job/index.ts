/**
 * `finetune-kit/job`: uploads and the `FineTuneJob` lifecycle on the user's `openai` client.
 *
 * Importing this entry loads neither `openai`'s runtime (only its types) nor a tokenizer: the
 * dataset layer is loaded on the first upload that validates, the metrics layer on `job.metrics()`.
 *
 * @module
 */

export { Md5 } from '../internal/md5.js';
export { display } from '../internal/notebook-display.js';
export {
  describeError,
  errorHeader,
  errorStatus,
  retryAfterMs,
  type TransientReason,
  transientReason,
} from './api-error.js';
export { checkModelDates } from './check-model-dates.js';
export type { FineTuningClient, SdkRequestOptions } from './client.js';
export { type JobClock, sleep, systemClock } from './clock.js';
export {
  type DeprecatedModelPolicy,
  IDEMPOTENCY_DEFAULTS,
  type IdempotencyOptions,
} from './create-job.js';
export {
  type EventCursor,
  type EventPage,
  type EventPageFetcher,
  type EventPollResult,
  type EventStart,
  EventTail,
  type EventTailOptions,
} from './event-tail.js';
export {
  type AttachOptions,
  type CallOptions,
  type CreateJobOptions,
  type EventsOptions,
  FINE_TUNE_JOB_DEFAULTS,
  FineTuneJob,
  type FineTuneJobCreateParams,
  type FineTuneJobOptions,
  type ListJobsOptions,
  type WaitOptions,
} from './fine-tune-job.js';
export type {
  FineTuneJobEventMap,
  FineTuneJobEventName,
  FineTuneJobUpdate,
  FineTuneJobUpdateType,
  JobFollowEnd,
  JobStatusChange,
  JobWarning,
  JobWarningCode,
} from './job-events.js';
export {
  type FineTuneJobStatus,
  isKnownJobStatus,
  isTerminalJobStatus,
  KNOWN_JOB_STATUSES,
  type KnownJobStatus,
  TERMINAL_JOB_STATUSES,
  type TerminalJobStatus,
} from './job-status.js';
export type { ListenerErrorHandler } from './listener-guard.js';
export { type JobMetricsPoint, readMetricsPoint } from './metrics-point.js';
export {
  type FineTuneJobCheckpoint,
  type FineTuneJobError,
  type FineTuneJobEvent,
  type FineTuneJobEventLevel,
  type FineTuneJobEventType,
  type FineTuneJobSnapshot,
  normalizeCheckpoint,
  normalizeEvent,
  normalizeJob,
  normalizeJobError,
} from './normalize.js';
export { REQUEST_TOKEN_METADATA_KEY } from './request-token.js';
export type { JobResultFile } from './result-files.js';
export {
  backoffDelay,
  DEFAULT_RETRY,
  DEFAULT_WATCH_RETRY,
  type ResolvedRetryOptions,
  type RetryContext,
  type RetryOptions,
} from './retry.js';
export { looksLikeJsonlText, type TrainingFileInput } from './upload-source.js';
export {
  FILES_API_MAX_BYTES,
  UPLOAD_DEFAULTS,
  UPLOAD_PART_MAX_BYTES,
  UPLOADS_API_MAX_BYTES,
  type UploadedTrainingFile,
  type UploadProgress,
  type UploadTrainingFileOptions,
  uploadTrainingFile,
} from './upload-training-file.js';
export type { PrevalidatedFile, UploadValidationReport } from './validate-upload.js';
export { type WatchInNotebookOptions, watchInNotebook } from './watch-in-notebook.js';
