/**
 * The public shapes of an evaluation: examples, answers, graders, options and results.
 *
 * @module
 */
import type { Grader } from '../graders/types.js';
import type { JobClock } from '../job/clock.js';
import type { RetryContext, RetryOptions } from '../job/retry.js';
import type { ModelTableOverrides } from '../models/resolve-model.js';

/** A tool call as evaluation compares it: the function name and its arguments as sent (JSON text). */
export interface EvalToolCall {
  readonly name: string;
  readonly arguments: string;
}

/** A chat message of a prompt, in the wire shape of chat completions. */
export type EvalMessage = Readonly<Record<string, unknown>> & { readonly role: string };

/**
 * One example to evaluate: the prompt (every message before the last assistant message) and the
 * reference (that message). Built from a chat JSONL line by the evaluation; fields other than
 * `messages` and `tools` of the line are the grader's `item`.
 */
export interface EvalExample {
  /** 0-based position among the examples evaluated. */
  readonly index: number;
  /** 1-based line of the JSONL file, when the example came from one. */
  readonly line: number | null;
  /** The prompt: the messages before the reference. */
  readonly messages: readonly EvalMessage[];
  /** The example's `tools`, sent with the prompt. */
  readonly tools: readonly unknown[] | null;
  /** The reference answer's text (`''` when it only calls tools). */
  readonly referenceText: string;
  /** The reference answer's tool calls, or `null` when it calls none. */
  readonly referenceToolCalls: readonly EvalToolCall[] | null;
  /** The grader's `{{item.*}}` namespace: the line's other fields plus `reference_answer`. */
  readonly item: Readonly<Record<string, unknown>>;
  /** A hash of the whole example (prompt and reference): part of the cache key. */
  readonly hash: string;
}

/** A model's answer to one prompt. */
export interface EvalAnswer {
  /** The text answer, `null` when the model only called tools. */
  readonly content: string | null;
  /** The tool calls, `null` when there were none. */
  readonly toolCalls: readonly EvalToolCall[] | null;
  /** The refusal text, when the model refused. */
  readonly refusal: string | null;
  /** `stop`, `length`, `tool_calls`, … */
  readonly finishReason: string | null;
}

/** Token usage of one or more chat completions. */
export interface EvalUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Prompt tokens served from the prompt cache (`prompt_tokens_details.cached_tokens`). */
  readonly cachedTokens: number;
}

/**
 * An answer as the answer cache stores it: what came back and what it cost. Plain JSON.
 */
export interface CachedAnswer {
  readonly model: string;
  readonly answer: EvalAnswer;
  readonly usage: EvalUsage;
  /** Wall time of the request that produced it, in ms. */
  readonly latencyMs: number;
  /** ISO time the answer was received. */
  readonly receivedAt: string;
}

/**
 * Where answers are kept between runs, keyed by model, example and request. `cacheDir` uses a
 * file cache on Node; pass your own (a `Map` wrapper, a key-value store) anywhere else.
 *
 * @example
 * ```ts
 * const memory = new Map<string, CachedAnswer>();
 * const cache: AnswerCache = { get: (key) => memory.get(key), set: (key, value) => void memory.set(key, value) };
 * ```
 */
export interface AnswerCache {
  /** The cached answer for `key`, or `undefined`. */
  get(key: string): CachedAnswer | undefined | Promise<CachedAnswer | undefined>;
  /** Stores an answer; awaited before the answer counts as done, so an abort loses nothing stored. */
  set(key: string, value: CachedAnswer): void | Promise<void>;
}

/** Evaluation-only grader: the answer parsed as JSON equals the reference parsed as JSON. */
export interface JsonEqualGrader {
  readonly type: 'json_equal';
  /** @default 'json_equal' */
  readonly name?: string;
}

/**
 * Evaluation-only grader: the answer's tool calls equal the reference's, compared as calls (the
 * same function names with equal JSON arguments, in any order).
 */
export interface ToolCallsGrader {
  readonly type: 'tool_calls';
  /** @default 'tool_calls' */
  readonly name?: string;
  /** Score the share of matching calls instead of 1 for all, 0 otherwise. @default false */
  readonly partial?: boolean;
}

/**
 * Presets: `exact` (tool calls as calls, JSON answers as JSON, text with `string_check` `eq`),
 * `similarity` (tool calls as calls, text with `text_similarity` `fuzzy_match`), `json`
 * (`json_equal`), `tool_calls`.
 */
export type GraderPreset = 'exact' | 'similarity' | 'json' | 'tool_calls';

/** Any grader an evaluation accepts: a fine-tuning API grader object, an evaluation grader or a preset. */
export type EvalGrader = Grader | JsonEqualGrader | ToolCallsGrader | GraderPreset;

/** A model to evaluate, with an optional short label for tables and charts. */
export interface EvalModel {
  readonly model: string;
  /** @default a short form of the model id (`ckpt-step-20`, `ft:…:abc123`, the base name) */
  readonly label?: string;
}

/** Sampling parameters of the evaluated chat completions. */
export interface EvalSamplingParams {
  /** @default 0 */
  readonly temperature?: number;
  /** Cap on each answer's tokens. @default unset (the model's own limit) */
  readonly max_completion_tokens?: number;
  readonly top_p?: number;
  readonly seed?: number;
  /** Sent as is, e.g. `{ type: 'json_schema', json_schema: { … } }`. */
  readonly response_format?: Readonly<Record<string, unknown>>;
}

/** An example as given in code: a chat example (`messages`, optional `tools`, other fields for graders). */
export interface EvalExampleInput {
  readonly messages: readonly Readonly<Record<string, unknown>>[];
  readonly tools?: readonly unknown[];
  readonly [field: string]: unknown;
}

/** Something with the `lines()` of a `Dataset`. */
export interface DatasetLike {
  lines(options?: { signal?: AbortSignal }): AsyncIterable<{
    readonly line: number;
    readonly kind: string;
    readonly value?: unknown;
  }>;
}

/** The data of an evaluation: a chat JSONL path (Node), a `Dataset`, or examples. */
export type EvalData = string | DatasetLike | Iterable<EvalExampleInput> | AsyncIterable<EvalExampleInput>;

/** A progress report, after each answer. */
export interface EvaluateProgress {
  /** Answers done (requested or read from the cache). */
  readonly done: number;
  /** Answers to do in all, `null` while the data is still being read. */
  readonly total: number | null;
  /** Models evaluated (each example is asked of each). */
  readonly models: number;
  /** Of `done`, answers read from the cache. */
  readonly cached: number;
  /** Of `done`, answers that failed (a request the API refused). */
  readonly failed: number;
  /** The model and example of the answer just done. */
  readonly model: string;
  readonly exampleIndex: number;
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Models to evaluate: fine-tuned models, checkpoints (`…:ckpt-step-N`), base models. */
  readonly models: readonly (string | EvalModel)[];
  /** The examples. */
  readonly data: EvalData;
  /** Graders; the first is the primary one (the ranking, win/tie/loss, charts). @default ['exact'] */
  readonly graders?: readonly EvalGrader[];
  /** The model others are compared with (paired difference, wins). @default none */
  readonly baseline?: string;
  /** Requests in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Evaluate only the first `limit` examples. @default all */
  readonly limit?: number;
  /** A directory for the answer cache (Node only). Re-runs pay only for missing answers. */
  readonly cacheDir?: string;
  /** Your own answer cache (takes precedence over `cacheDir`). */
  readonly cache?: AnswerCache;
  /** Sampling parameters of every request. @default `{ temperature: 0 }` */
  readonly samplingParams?: EvalSamplingParams;
  /** How transient failures (429 with `Retry-After`, 5xx, connection errors) are retried. */
  readonly retry?: RetryOptions;
  /** Told before each retry wait. */
  readonly onRetry?: (context: RetryContext) => void;
  /** Told after each answer. A throwing listener is ignored. */
  readonly onProgress?: (progress: EvaluateProgress) => void;
  /** Time and sleeping for retry waits (tests pass the simulator's clock). @default the system clock */
  readonly clock?: JobClock;
  /** Bootstrap resamples. @default 1000 */
  readonly resamples?: number;
  /** Confidence level of the intervals. @default 0.95 */
  readonly confidence?: number;
  /** Seed of the bootstrap. @default 42 */
  readonly seed?: number;
  /** Extra model table entries (prices of models the built-in table lacks). */
  readonly modelTable?: ModelTableOverrides;
  /** Stops the evaluation; answers already received stay in the cache. */
  readonly signal?: AbortSignal;
}

/** A mean with its bootstrap confidence interval. */
export interface Estimate {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** A model's paired comparison with the baseline on one grader. */
export interface PairedComparison extends Estimate {
  /** Examples where the model scored higher than the baseline. */
  readonly wins: number;
  readonly ties: number;
  readonly losses: number;
}

/** The eval's own cost for one model. */
export interface EvalCost {
  /** USD for every answer (cached ones were paid in an earlier run), or `null` when unknown. */
  readonly usd: number | null;
  /** USD of the requests made in this run, or `null` when unknown. */
  readonly usdThisRun: number | null;
  /** Why the cost is unknown, `null` when it is known. */
  readonly unavailable: string | null;
}

/** One model's results. */
export interface ModelEvaluation {
  readonly model: string;
  readonly label: string;
  /** What the model is: a base model, a checkpoint, or a fine-tuned model. */
  readonly kind: 'base' | 'checkpoint' | 'fine_tuned';
  /** The checkpoint step, for checkpoints. */
  readonly step: number | null;
  /** Examples answered (failed requests count as score 0). */
  readonly examples: number;
  /** Requests the API refused (each scores 0). */
  readonly failed: number;
  /** Mean score per grader name, with its interval. */
  readonly scores: Readonly<Record<string, Estimate>>;
  /** Paired difference to the baseline per grader, `null` for the baseline itself or without one. */
  readonly vsBaseline: Readonly<Record<string, PairedComparison>> | null;
  /** Latency of the requests in ms (cached answers keep the latency of their request). */
  readonly latencyMs: { readonly p50: number; readonly p95: number } | null;
  readonly usage: EvalUsage;
  /** Answers read from the cache. */
  readonly cachedAnswers: number;
  readonly cost: EvalCost;
}

/** One model's answer to one example, with its scores. */
export interface ExampleAnswer {
  readonly answer: EvalAnswer | null;
  /** Why there is no answer (the API's refusal of the request). */
  readonly error: string | null;
  /** Score per grader name. */
  readonly scores: Readonly<Record<string, number>>;
  /** Grader errors per grader name (a missing template variable, a model grader's failure). */
  readonly graderErrors: Readonly<Record<string, string>>;
  readonly latencyMs: number | null;
  readonly cached: boolean;
}

/** One example with every model's answer. */
export interface ExampleResult {
  readonly index: number;
  readonly line: number | null;
  /** The last user message of the prompt (for tables). */
  readonly prompt: string;
  readonly referenceText: string;
  readonly referenceToolCalls: readonly EvalToolCall[] | null;
  /** By model id. */
  readonly answers: Readonly<Record<string, ExampleAnswer>>;
}

/** What the training losses say, for {@link evaluateJob}: the loss-best checkpoint. */
export interface LossRanking {
  /** The model `Metrics.bestCheckpoint` recommends, `null` when it has none. */
  readonly model: string | null;
  readonly criterion: string | null;
  readonly value: number | null;
  /** False when the evaluation's best fine-tuned model is another one. */
  readonly agrees: boolean | null;
}
