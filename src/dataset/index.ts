/**
 * `finetune-kit/dataset`: read, validate, count, price, fix and convert fine-tuning JSONL.
 *
 * @module
 */
export {
  DATASET_ISSUE_CODES,
  type DatasetIssueCode,
  ISSUE_CODES,
  type IssueCategory,
  type IssueCodeDefinition,
  type IssueSeverity,
  isDatasetIssueCode,
} from './issue-codes.js';
export type {
  AnalyzeContext,
  DatasetFormat,
  DatasetIssue,
  ExampleAnalysis,
  ExampleFeatures,
  ExampleFormat,
  ExampleTokens,
  IssueDraft,
  TokenCounter,
  TokenFraming,
  TrainingMethod,
  ValidationProfile,
} from './types.js';
