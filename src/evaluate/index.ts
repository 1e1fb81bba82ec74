/**
 * `finetune-kit/evaluate`: which of a job's checkpoints, or the base model, answers held-out
 * prompts best, by how much, and at what cost. Graders are the fine-tuning API's grader objects
 * (computed locally), plus JSON equality and tool-call comparison; results carry bootstrap
 * intervals, paired differences to a baseline, exports and charts.
 *
 * @module
 */

export type { ChatClient } from './ask-model.js';
export type { EvalSvgOptions, EvalTerminalChartOptions, EvalVegaLiteOptions } from './eval-charts.js';
export type { SkippedExample } from './eval-example.js';
export { evaluate } from './evaluate.js';
export { type EvaluateJobClient, type EvaluateJobOptions, evaluateJob } from './evaluate-job.js';
export type {
  EvalCsvOptions,
  EvaluationJson,
} from './evaluation-result.js';
export { EvaluationResult } from './evaluation-result.js';
export type {
  AnswerCache,
  CachedAnswer,
  DatasetLike,
  Estimate,
  EvalAnswer,
  EvalCost,
  EvalData,
  EvalExample,
  EvalExampleInput,
  EvalGrader,
  EvalMessage,
  EvalModel,
  EvalSamplingParams,
  EvalToolCall,
  EvalUsage,
  EvaluateOptions,
  EvaluateProgress,
  ExampleAnswer,
  ExampleResult,
  GraderPreset,
  JsonEqualGrader,
  LossRanking,
  ModelEvaluation,
  PairedComparison,
  ToolCallsGrader,
} from './types.js';
