/**
 * finetune-kit: a typed SDK for the whole OpenAI fine-tuning workflow.
 *
 * Re-exports the public surface by name. Subpaths (`finetune-kit/dataset`, `/metrics`, `/job`,
 * `/testing`) load only what they need.
 *
 * @module
 */

export {
  DATASET_ISSUE_CODES,
  type DatasetFormat,
  type DatasetIssue,
  type DatasetIssueCode,
  type ExampleFormat,
  ISSUE_CODES,
  type IssueSeverity,
  isDatasetIssueCode,
  type TrainingMethod,
} from './dataset/index.js';
export {
  DatasetError,
  FinetuneKitAbortError,
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
export {
  type EncodingName,
  encodingForModel,
  type FineTunedModelName,
  type FineTuningMethod,
  type KnownModelSnapshot,
  MODEL_TABLE,
  type ModelDeprecationStatus,
  type ModelInfo,
  type ModelTableOverrides,
  modelDeprecationStatus,
  modelTable,
  OPENAI_JOB_CREATION_CUTOFF,
  parseFineTunedModelName,
  type ResolvedModel,
  type ResolveModelOptions,
  resolveModel,
  safeResolveModel,
} from './models/index.js';
