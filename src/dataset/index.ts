/**
 * `finetune-kit/dataset`: read, validate, count, price, fix and convert fine-tuning JSONL.
 *
 * @module
 */

export { display } from '../internal/notebook-display.js';
export {
  analyzeExample,
  type CheckJsonSchemaOptions,
  checkJsonSchema,
  type DataUrlImageInfo,
  type ImageFormat,
  readDataUrlImage,
  type SchemaProblem,
  type ValidateJsonSchemaOptions,
  validateJsonSchema,
} from './checks/index.js';
export type { RedactionCounts, SensitiveMatch } from './checks/sensitive-data.js';
export type { PiiKind, SecretKind, SensitiveKind } from './checks/sensitive-patterns.js';
export {
  Dataset,
  type DatasetLine,
  type DatasetLinesOptions,
  type DatasetSourceOptions,
  type DatasetStreamOptions,
} from './dataset.js';
export type { DatasetReport, DatasetReportData, DatasetStats, DatasetTokens } from './dataset-report.js';
export { DatasetOutput, type ToFileOptions } from './fixes/dataset-output.js';
export type {
  ChangedLine,
  DroppedLine,
  FixName,
  FixOptions,
  FixResult,
  LegacyFixChoices,
} from './fixes/fix-dataset.js';
export type { ConversionResult, PromptCompletionToChatOptions } from './fixes/prompt-completion-to-chat.js';
export {
  DatasetSplit,
  type SplitLine,
  type SplitOptions,
  type SplitResult,
  type SplitToFilesOptions,
} from './fixes/split-dataset.js';
export type { ImportFormat, ImportIssue, ImportOptions, ImportResult } from './import/import-dataset.js';
export {
  DATASET_ISSUE_CODES,
  type DatasetIssueCode,
  type IssueCategory,
  type IssueCodeDefinition,
  type IssueSeverity,
  isDatasetIssueCode,
} from './issue-codes.js';
export type {
  DetailedIssueCode,
  DuplicateExampleDetails,
  ExampleTooLongDetails,
  FewExamplesDetails,
  InvalidJsonDetails,
  InvalidUtf8Details,
  InvalidWeightDetails,
  IssueDetailsByCode,
  NearDuplicateAcrossFilesDetails,
  NearDuplicateExampleDetails,
  NoIssueDetails,
  SensitiveDataDetails,
  TooFewExamplesDetails,
  TooManyExamplesDetails,
  TrainValidationOverlapDetails,
} from './issue-details.js';
export type { Hyperparameters } from './report/check-hyperparameters.js';
export {
  type CostEstimate,
  type CostUnavailableReason,
  type EstimateCostInput,
  estimateCost,
  estimateEpochs,
} from './report/estimate-cost.js';
export { type FormatIssueOptions, formatIssue } from './report/format-issue.js';
export type { DistributionSummary } from './report/integer-distribution.js';
export type { IssueRemedy } from './report/issue-remedy.js';
export type { DatasetLimits } from './report/validation-profiles.js';
export {
  type CountExampleTokensOptions,
  countExampleTokenDetails,
  countExampleTokens,
  countTokens,
  DEFAULT_TOKEN_FRAMING,
  type LoadTokenCounterOptions,
  loadTokenCounter,
  type TokenizerSelector,
  tokenCounterSync,
} from './tokens/index.js';
export type {
  DatasetFormat,
  DatasetIssue,
  DatasetIssueBase,
  ExampleAnalysis,
  ExampleFeatures,
  ExampleFormat,
  ExampleTokens,
  TokenCounter,
  TokenFraming,
  TrainingMethod,
  ValidationProfile,
} from './types.js';
export type {
  JobMethodLike,
  ModerationExample,
  ModerationFlag,
  ModerationHook,
  ValidateOptions,
  ValidationChecks,
  ValidationFileInput,
  ValidationProgress,
} from './validate-options.js';
