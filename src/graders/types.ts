/**
 * The grader objects of the fine-tuning API (the OpenAPI spec's `GraderStringCheck`,
 * `GraderTextSimilarity`, `GraderPython`, `GraderScoreModel`, `GraderLabelModel` and `GraderMulti`),
 * the sample and item a grader reads, and the result of grading one sample, modelled on the spec's
 * `RunGraderResponse` (in camelCase, with the wire shape beside it).
 *
 * Grader objects keep their wire names (`evaluation_metric`, `calculate_output`): they are sent to
 * the API as they are, and a grader written for reinforcement fine-tuning works here unchanged.
 *
 * @module
 */

/** The comparisons of a `string_check` grader (spec `GraderStringCheck.operation`). */
export const STRING_CHECK_OPERATIONS = ['eq', 'ne', 'like', 'ilike'] as const;

/** A `string_check` comparison: `eq`, `ne`, `like` (contains) or `ilike` (contains, any case). */
export type StringCheckOperation = (typeof STRING_CHECK_OPERATIONS)[number];

/** The metrics of a `text_similarity` grader (spec `GraderTextSimilarity.evaluation_metric`). */
export const TEXT_SIMILARITY_METRICS = [
  'cosine',
  'fuzzy_match',
  'bleu',
  'gleu',
  'meteor',
  'rouge_1',
  'rouge_2',
  'rouge_3',
  'rouge_4',
  'rouge_5',
  'rouge_l',
] as const;

/** A `text_similarity` metric. */
export type TextSimilarityMetric = (typeof TEXT_SIMILARITY_METRICS)[number];

/** Every grader type. `label_model` is only accepted inside a `multi` grader of a job. */
export const GRADER_TYPES = [
  'string_check',
  'text_similarity',
  'python',
  'score_model',
  'label_model',
  'multi',
] as const;

/** A grader type. */
export type GraderType = (typeof GRADER_TYPES)[number];

/** Compares two rendered strings (spec `GraderStringCheck`). Scores 1 or 0. */
export interface StringCheckGrader {
  readonly type: 'string_check';
  readonly name: string;
  /** The text checked; may contain templates such as `{{sample.output_text}}`. */
  readonly input: string;
  /** The text it is checked against; may contain templates such as `{{item.label}}`. */
  readonly reference: string;
  readonly operation: StringCheckOperation;
}

/** Scores the similarity of two rendered strings between 0 and 1 (spec `GraderTextSimilarity`). */
export interface TextSimilarityGrader {
  readonly type: 'text_similarity';
  readonly name: string;
  readonly input: string;
  readonly reference: string;
  readonly evaluation_metric: TextSimilarityMetric;
  /** Evals only (spec `EvalGraderTextSimilarity`): the score at or above which a sample passes. */
  readonly pass_threshold?: number;
}

/** Runs a Python `grade(sample, item) -> float` function (spec `GraderPython`). */
export interface PythonGrader {
  readonly type: 'python';
  readonly name: string;
  readonly source: string;
  readonly image_tag?: string;
}

/** A content part of a model grader's input message (spec `EvalItemContentItem`). */
export type GraderContentPart =
  | string
  | { readonly type: 'input_text'; readonly text: string }
  | { readonly type: 'output_text'; readonly text: string }
  | {
      readonly type: 'input_image';
      readonly image_url?: string;
      readonly file_id?: string | null;
      readonly detail?: string;
    }
  | {
      readonly type: 'input_audio';
      readonly input_audio: { readonly data: string; readonly format: string };
    };

/** A message of a model grader's prompt (spec `EvalItem`); text may contain templates. */
export interface GraderInputMessage {
  readonly type?: 'message';
  readonly role: 'user' | 'assistant' | 'system' | 'developer';
  readonly content: GraderContentPart | readonly GraderContentPart[];
}

/** Sampling parameters of a model grader (spec `GraderScoreModel.sampling_params`). */
export interface GraderSamplingParams {
  readonly seed?: number | null;
  readonly top_p?: number | null;
  readonly temperature?: number | null;
  /** Spelled as the spec spells it. */
  readonly max_completions_tokens?: number | null;
  readonly reasoning_effort?: string | null;
}

/** Asks a model for a score within `range` (spec `GraderScoreModel`). */
export interface ScoreModelGrader {
  readonly type: 'score_model';
  readonly name: string;
  readonly model: string;
  readonly input: readonly GraderInputMessage[];
  /** The range of the score. @default [0, 1] */
  readonly range?: readonly [number, number];
  readonly sampling_params?: GraderSamplingParams;
  /** Evals only (spec `EvalGraderScoreModel`). */
  readonly pass_threshold?: number;
}

/** Asks a model for one of `labels`; passes (1) when it is one of `passing_labels` (spec `GraderLabelModel`). */
export interface LabelModelGrader {
  readonly type: 'label_model';
  readonly name: string;
  readonly model: string;
  readonly input: readonly GraderInputMessage[];
  readonly labels: readonly string[];
  readonly passing_labels: readonly string[];
}

/** A grader that can sit inside a `multi` grader. */
export type NestedGrader =
  | StringCheckGrader
  | TextSimilarityGrader
  | PythonGrader
  | ScoreModelGrader
  | LabelModelGrader;

/**
 * Combines graders with a formula (spec `GraderMulti`). `graders` is a map from the name the formula
 * uses to a grader (as OpenAI's guides show); a single grader object (the spec's schema) is accepted
 * too, its formula name being its `type`.
 */
export interface MultiGrader {
  readonly type: 'multi';
  readonly name: string;
  readonly graders: Readonly<Record<string, NestedGrader>> | NestedGrader;
  /** An arithmetic formula over the sub-graders' names, e.g. `0.5 * exact + 0.5 * similar`. */
  readonly calculate_output: string;
}

/** Any grader. */
export type Grader = NestedGrader | MultiGrader;

/**
 * The `sample` namespace of templates: what the model produced.
 *
 * The graders API takes the sample as one string (`model_sample`); `output_json` is then its JSON
 * parse when it is valid JSON. Fine-tuning and evals fill the other fields from the model's answer.
 */
export interface GraderSample {
  /** The model's answer as text. */
  readonly output_text?: string;
  /** The answer parsed as JSON, when it is JSON. */
  readonly output_json?: unknown;
  /** The tool calls of the answer. */
  readonly output_tools?: readonly unknown[];
  /** The answer's choices, when several were sampled. */
  readonly choices?: readonly unknown[];
}

/** What a grader reads: the model's sample and the dataset item. */
export interface GraderInput {
  readonly sample: GraderSample;
  /** The dataset item (`{{item.*}}`). @default {} */
  readonly item?: Readonly<Record<string, unknown>>;
}

/** Error flags of a grading run (spec `RunGraderResponse.metadata.errors`, in camelCase). */
export interface GraderRunErrors {
  readonly formulaParseError: boolean;
  readonly sampleParseError: boolean;
  readonly truncatedObservationError: boolean;
  readonly unresponsiveRewardError: boolean;
  /** A template names a variable the sample or item does not have. */
  readonly invalidVariableError: boolean;
  readonly otherError: boolean;
  readonly pythonGraderServerError: boolean;
  readonly pythonGraderServerErrorType: string | null;
  readonly pythonGraderRuntimeError: boolean;
  readonly pythonGraderRuntimeErrorDetails: string | null;
  readonly modelGraderServerError: boolean;
  readonly modelGraderRefusalError: boolean;
  readonly modelGraderParseError: boolean;
  readonly modelGraderServerErrorDetails: string | null;
}

/** Token usage of a model grader's calls. */
export interface GraderTokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
  readonly cachedTokens: number;
}

/**
 * The result of grading one sample (spec `RunGraderResponse`, camelCase).
 *
 * When a grader fails (a bad formula, a missing variable, a model that answers no score, Python
 * without a runner), `reward` is 0 and `errors` says why; the reason in words is in `errorMessage`.
 */
export interface GradeResult {
  /** The score, in the grader's range (0..1 for most graders). */
  readonly reward: number;
  /** The grader's name. */
  readonly name: string;
  /** The grader's type; an open string, as a newer API may report a type this version does not know. */
  readonly type: GraderType | (string & {});
  /** A `multi` grader's sub-grader scores by their formula names; `{}` for other graders. */
  readonly subRewards: Readonly<Record<string, number>>;
  readonly errors: GraderRunErrors;
  /** The first error in words, `null` when there was none. */
  readonly errorMessage: string | null;
  /** Wall time of the grading, in seconds. */
  readonly executionTime: number;
  /** Extra scores a grader reports (a `label_model`'s label, a `score_model`'s raw answer). */
  readonly scores: Readonly<Record<string, unknown>>;
  /** The tokens the model graders used, `null` when no model was called. */
  readonly tokenUsage: GraderTokenUsage | null;
  /** The model a model grader called, `null` otherwise. */
  readonly sampledModelName: string | null;
  /** Token usage per grading model. */
  readonly modelGraderTokenUsagePerModel: Readonly<Record<string, GraderTokenUsage>>;
}

/** The wire shape of {@link GraderRunErrors} (spec `RunGraderResponse.metadata.errors`). */
export interface RunGraderErrorsWire {
  formula_parse_error: boolean;
  sample_parse_error: boolean;
  truncated_observation_error: boolean;
  unresponsive_reward_error: boolean;
  invalid_variable_error: boolean;
  other_error: boolean;
  python_grader_server_error: boolean;
  python_grader_server_error_type: string | null;
  python_grader_runtime_error: boolean;
  python_grader_runtime_error_details: string | null;
  model_grader_server_error: boolean;
  model_grader_refusal_error: boolean;
  model_grader_parse_error: boolean;
  model_grader_server_error_details: string | null;
}

/** The wire shape of a token usage (as the API's examples show it). */
export interface GraderTokenUsageWire {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cached_tokens: number;
}

/** The response of `POST /fine_tuning/alpha/graders/run` (spec `RunGraderResponse`). */
export interface RunGraderResponseWire {
  reward: number;
  metadata: {
    name: string;
    type: string;
    errors: RunGraderErrorsWire;
    execution_time: number;
    scores: Record<string, unknown>;
    /** An integer in the spec, an object in the API reference's example: both are read. */
    token_usage: GraderTokenUsageWire | number | null;
    sampled_model_name: string | null;
  };
  sub_rewards: Record<string, unknown>;
  model_grader_token_usage_per_model: Record<string, unknown>;
}
