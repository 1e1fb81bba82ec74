/**
 * finetune-kit: a typed SDK for the whole OpenAI fine-tuning workflow.
 *
 * The root entry re-exports what a user reaches for first: the three main classes, uploads, issue
 * formatting, cost, archives, notebook display, model resolution and the error classes. Each
 * subpath exports its module's whole public API and loads only what it needs:
 * `finetune-kit/dataset` (no `openai`), `finetune-kit/metrics` (no `openai`, no tokenizer),
 * `finetune-kit/job`, `finetune-kit/evaluate` (checkpoints and base models compared on held-out
 * prompts), and `finetune-kit/testing` (the API simulator, kept off the root on purpose: it is test
 * tooling). Plumbing shared by the layers (hashing, retries, response normalisation,
 * chart arithmetic) is exported from none of them.
 *
 * @module
 */

// Dataset
export {
  type CostEstimate,
  type CostUnavailableReason,
  countTokens,
  Dataset,
  type DatasetFormat,
  type DatasetIssue,
  type DatasetIssueCode,
  type DatasetLine,
  DatasetOutput,
  type DatasetReport,
  DatasetSplit,
  type DatasetStats,
  type DatasetTokens,
  type DroppedLine,
  type ExampleFormat,
  type ExampleTokens,
  estimateCost,
  type FixName,
  type FixOptions,
  type FixResult,
  formatIssue,
  type IssueRemedy,
  type IssueSeverity,
  type ModerationHook,
  type PromptCompletionToChatOptions,
  type SplitOptions,
  type SplitResult,
  type TokenCounter,
  type TrainingMethod,
  type ValidateOptions,
  type ValidationProfile,
  type ValidationProgress,
} from './dataset/index.js';
// Errors
export {
  DatasetError,
  FinetuneKitAbortError,
  FinetuneKitApiError,
  type FinetuneKitApiErrorDetails,
  FinetuneKitError,
  type FinetuneKitErrorOptions,
  FinetuneKitTimeoutError,
  FinetuneKitUsageError,
  JobCancelledError,
  JobFailedError,
  type JobSnapshot,
  redactSecrets,
  UnknownModelError,
  UploadError,
} from './errors.js';
// Evaluate
export {
  type EvaluateJobOptions,
  type EvaluateOptions,
  type EvaluationResult,
  evaluate,
  evaluateJob,
  type ModelEvaluation,
} from './evaluate/index.js';
// Notebooks
export { display } from './internal/notebook-display.js';
// Job
export {
  type AttachOptions,
  type BilledCost,
  type CreateJobOptions,
  createFineTuneWebhooks,
  type EventCursor,
  type EventsOptions,
  type FineTuneCheckpoint,
  FineTuneJob,
  type FineTuneJobCheckpoint,
  type FineTuneJobCreateParams,
  type FineTuneJobEvent,
  type FineTuneJobEventMap,
  type FineTuneJobOptions,
  type FineTuneJobSnapshot,
  type FineTuneJobStatus,
  type FineTuneWebhookEvent,
  type FineTuneWebhooks,
  type FineTuneWebhooksOptions,
  type FineTuningClient,
  type GradeResult,
  type Grader,
  type GraderCallOptions,
  type GraderSample,
  type IdempotencyOptions,
  isTerminalJobStatus,
  type JobClock,
  type JobMetricsPoint,
  type JobStatusChange,
  type JobWarning,
  type ListJobsOptions,
  type RetryOptions,
  type RunGraderParams,
  runGrader,
  type TrainingFileInput,
  type UploadedTrainingFile,
  type UploadProgress,
  type UploadTrainingFileOptions,
  uploadTrainingFile,
  validateGrader,
  type WaitOptions,
  type WatchInNotebookOptions,
  type WebhookReceipt,
  WebhookVerificationError,
  type WebhookVerificationReason,
  watchInNotebook,
} from './job/index.js';
// Metrics
export {
  type ArchiveAllOptions,
  type ArchiveJobOptions,
  archiveAll,
  archiveJob,
  type BestCheckpointResult,
  type DiagnoseOptions,
  type EarlyStoppingOptions,
  type EarlyStoppingResult,
  type FindingCode,
  type JobArchive,
  JobArchiveError,
  type KnownMetricName,
  type MetricName,
  Metrics,
  type MetricsClient,
  type MetricsFinding,
  MetricsFormatError,
  type MetricsIssue,
  readJobArchive,
  Series,
  type SeriesPoint,
} from './metrics/index.js';
// Models
export {
  type EncodingName,
  type FineTunedModelName,
  type FineTuningMethod,
  type KnownModelSnapshot,
  type ModelDeprecationStatus,
  type ModelInfo,
  type ModelTableOverrides,
  modelDeprecationStatus,
  parseFineTunedModelName,
  type ResolvedModel,
  type ResolveModelOptions,
  resolveModel,
  safeResolveModel,
} from './models/index.js';
