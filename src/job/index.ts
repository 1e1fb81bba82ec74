/**
 * `finetune-kit/job`: uploads and the `FineTuneJob` lifecycle on the user's `openai` client.
 *
 * Importing this entry loads neither `openai`'s runtime (only its types) nor a tokenizer: the
 * dataset layer is loaded on the first upload that validates, the metrics layer on `job.metrics()`.
 *
 * @module
 */

export type {
  GradeResult,
  Grader,
  GraderInputMessage,
  GraderRunErrors,
  GraderSample,
  GraderTokenUsage,
  LabelModelGrader,
  MultiGrader,
  NestedGrader,
  PythonGrader,
  ScoreModelGrader,
  StringCheckGrader,
  TextSimilarityGrader,
} from '../graders/types.js';
export { display } from '../internal/notebook-display.js';
export type { BilledCost, BilledCostOptions } from '../metrics/billed-cost.js';
export type {
  CheckpointPermission,
  CheckpointPermissions,
  CheckpointPermissionsOptions,
  CheckpointSharing,
  FineTuneCheckpoint,
  ListPermissionsOptions,
  RevokedPermission,
} from './checkpoint-permissions.js';
export type { FineTuningClient, SdkRequestOptions } from './client.js';
export type { JobClock } from './clock.js';
export {
  type DeprecatedModelPolicy,
  IDEMPOTENCY_DEFAULTS,
  type IdempotencyOptions,
} from './create-job.js';
export type {
  EventCursor,
  EventStart,
} from './event-tail.js';
export {
  type AttachOptions,
  type CallOptions,
  type CreateJobOptions,
  type EventsOptions,
  FineTuneJob,
  type FineTuneJobCreateParams,
  type FineTuneJobOptions,
  type ListJobsOptions,
  type WaitOptions,
} from './fine-tune-job.js';
export {
  type GraderCallOptions,
  type RunGraderParams,
  runGrader,
  validateGrader,
} from './graders.js';
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
export type { JobMetricsPoint } from './metrics-point.js';
export type {
  FineTuneJobCheckpoint,
  FineTuneJobError,
  FineTuneJobEvent,
  FineTuneJobEventLevel,
  FineTuneJobEventType,
  FineTuneJobSnapshot,
} from './normalize.js';
export { REQUEST_TOKEN_METADATA_KEY } from './request-token.js';
export type { JobResultFile } from './result-files.js';
export type {
  RetryContext,
  RetryOptions,
} from './retry.js';
export type { TrainingFileInput } from './upload-source.js';
export {
  type UploadedTrainingFile,
  type UploadProgress,
  type UploadTrainingFileOptions,
  uploadTrainingFile,
} from './upload-training-file.js';
export type { PrevalidatedFile, UploadValidationReport } from './validate-upload.js';
export { type WatchInNotebookOptions, watchInNotebook } from './watch-in-notebook.js';
export type {
  FineTuneWebhookEvent,
  FineTuneWebhookEventType,
  OtherWebhookEvent,
} from './webhook-events.js';
export {
  type VerifiedWebhook,
  type WebhookCapableClient,
  type WebhookHeaders,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from './webhook-verify.js';
export {
  createFineTuneWebhooks,
  type FineTuneWebhookListener,
  type FineTuneWebhooks,
  type FineTuneWebhooksOptions,
  type NodeWebhookRequest,
  type NodeWebhookResponse,
  type WebhookReceipt,
} from './webhooks.js';
