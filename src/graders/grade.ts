/**
 * Grades one sample with any grader, as the graders API's `run` endpoint does: templates are
 * rendered from the sample and the item, `string_check`, `text_similarity` and `multi` are computed
 * here, and the graders that need something outside (a grading model, an embeddings model, a
 * Python runtime) go through functions the caller injects. A grader that cannot run gives a result
 * with `reward` 0 and its error flags set, never a made-up score.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { throwIfAborted } from '../internal/abort.js';
import { checkGrader } from './check-grader.js';
import { gradeWithModel } from './model-graders.js';
import { evaluateFormula, parseFormula } from './multi.js';
import { failedOutcome, type GraderOutcome, NO_GRADER_ERRORS } from './outcome.js';
import { stringCheck } from './string-check.js';
import { renderTemplate, type TemplateContext } from './template.js';
import { cosineSimilarity, textSimilarity } from './text-similarity.js';
import type {
  GradeResult,
  Grader,
  GraderInput,
  GraderRunErrors,
  GraderSample,
  GraderTokenUsage,
  MultiGrader,
  NestedGrader,
} from './types.js';

/** A chat message sent to a grading model (Chat Completions shape, templates rendered). */
export interface GraderModelMessage {
  readonly role: 'user' | 'assistant' | 'system' | 'developer';
  readonly content:
    | string
    | readonly (
        | { readonly type: 'text'; readonly text: string }
        | {
            readonly type: 'image_url';
            readonly image_url: { readonly url: string; readonly detail?: string };
          }
        | {
            readonly type: 'input_audio';
            readonly input_audio: { readonly data: string; readonly format: string };
          }
      )[];
}

/** What a model grader asks its model: a Chat Completions request body, plus the signal. */
export interface GraderModelRequest {
  readonly model: string;
  readonly messages: readonly GraderModelMessage[];
  /** A JSON schema asking for `{ steps, result }`: the score or the label is `result`. */
  readonly response_format: {
    readonly type: 'json_schema';
    readonly json_schema: {
      readonly name: string;
      readonly strict: true;
      readonly schema: Record<string, unknown>;
    };
  };
  readonly temperature?: number;
  readonly top_p?: number;
  readonly seed?: number;
  readonly max_completion_tokens?: number;
  readonly reasoning_effort?: string;
  readonly signal?: AbortSignal;
}

/** A grading model's answer. */
export interface GraderModelResponse {
  /** The message content (JSON when the model followed the response format). */
  readonly text: string;
  /** The model's refusal, when it refused. */
  readonly refusal?: string | null;
  /** The model that answered (a dated snapshot). @default the requested model */
  readonly model?: string;
  readonly usage?: {
    readonly prompt_tokens: number;
    readonly completion_tokens: number;
    readonly total_tokens: number;
    readonly prompt_tokens_details?: { readonly cached_tokens?: number } | null;
  };
}

/** What a Python grader's runner receives. */
export interface PythonGraderRequest {
  /** The grader's source; it defines `grade(sample, item) -> float`. */
  readonly source: string;
  readonly imageTag: string | undefined;
  readonly sample: GraderSample;
  readonly item: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
}

/** Options of {@link gradeSample}. */
export interface GradeSampleOptions {
  /**
   * Calls a grading model for `score_model` and `label_model` graders (e.g. with
   * `client.chat.completions.create`). Without it those graders give a `modelGraderServerError`.
   */
  readonly callModel?: (request: GraderModelRequest) => Promise<GraderModelResponse>;
  /** Runs a Python grader's `grade(sample, item)`. Without it a Python grader gives a `pythonGraderServerError`. */
  readonly runPython?: (request: PythonGraderRequest) => Promise<number>;
  /**
   * Embeds texts for the `cosine` metric (e.g. with `client.embeddings.create`); one vector per
   * text, in order. Without it `cosine` gives an `otherError`.
   */
  readonly embed?: (
    texts: readonly string[],
    signal?: AbortSignal,
  ) => Promise<readonly (readonly number[])[]>;
  /** Cancels the model, embedding and Python calls. */
  readonly signal?: AbortSignal;
}

function renderBoth(
  grader: { input: string; reference: string },
  context: TemplateContext,
): { input: string; reference: string } | GraderOutcome {
  const input = renderTemplate(grader.input, context);
  if (!input.ok) return failedOutcome({ invalidVariableError: true }, input.message);
  const reference = renderTemplate(grader.reference, context);
  if (!reference.ok) return failedOutcome({ invalidVariableError: true }, reference.message);
  return { input: input.text, reference: reference.text };
}

/**
 * The graders of a `multi` grader with the names its formula uses: the keys of a map, or the
 * `name` of each grader of an array or of a single grader object (the spec says nothing of names
 * there; the formula may also use a grader's `type` when no other grader has that type).
 */
export function multiGraderEntries(grader: MultiGrader): [string, NestedGrader][] {
  const graders: unknown = grader.graders;
  if (Array.isArray(graders)) return graders.map((item: NestedGrader) => [item.name, item]);
  if (typeof (graders as { type?: unknown }).type === 'string')
    return [[(graders as NestedGrader).name, graders as NestedGrader]];
  return Object.entries(graders as Record<string, NestedGrader>);
}

function addUsage(a: GraderTokenUsage | null | undefined, b: GraderTokenUsage | null | undefined) {
  if (!a) return b ?? null;
  if (!b) return a;
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
  };
}

function mergeErrors(a: GraderRunErrors, b: GraderRunErrors): GraderRunErrors {
  const merged: Record<string, boolean | string | null> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const current = merged[key];
    merged[key] = typeof value === 'boolean' ? Boolean(current) || value : (current ?? value);
  }
  return merged as unknown as GraderRunErrors;
}

function formulaScores(
  grader: MultiGrader,
  entries: readonly [string, NestedGrader][],
  subRewards: Readonly<Record<string, number>>,
): Record<string, number> {
  const isMap =
    !Array.isArray(grader.graders) && typeof (grader.graders as { type?: unknown }).type !== 'string';
  if (isMap) return { ...subRewards };
  const scores: Record<string, number> = {};
  for (const [name, nested] of entries) {
    const sameType = entries.filter(([, other]) => other.type === nested.type).length;
    if (sameType === 1) scores[nested.type] = subRewards[name] ?? Number.NaN;
  }
  return { ...scores, ...subRewards };
}

async function runMulti(
  grader: MultiGrader,
  context: TemplateContext,
  options: GradeSampleOptions,
): Promise<GraderOutcome> {
  const entries = multiGraderEntries(grader);
  const isMap =
    !Array.isArray(grader.graders) && typeof (grader.graders as { type?: unknown }).type !== 'string';
  const parsed = parseFormula(grader.calculate_output, isMap ? entries.map(([name]) => name) : null);
  if (!parsed.ok) return failedOutcome({ formulaParseError: true }, `calculate_output: ${parsed.message}`);
  const subRewards: Record<string, number> = {};
  let errors = NO_GRADER_ERRORS;
  let errorMessage: string | null = null;
  let tokenUsage: GraderTokenUsage | null = null;
  let sampledModelName: string | null = null;
  const usagePerModel: Record<string, GraderTokenUsage> = {};
  for (const [name, nested] of entries) {
    const outcome = await runGrader(nested, context, options);
    subRewards[name] = outcome.reward;
    errors = mergeErrors(errors, outcome.errors);
    errorMessage ??= outcome.errorMessage === null ? null : `${name}: ${outcome.errorMessage}`;
    tokenUsage = addUsage(tokenUsage, outcome.tokenUsage);
    sampledModelName ??= outcome.sampledModelName ?? null;
    for (const [model, usage] of Object.entries(outcome.usagePerModel ?? {}))
      usagePerModel[model] = addUsage(usagePerModel[model], usage) as GraderTokenUsage;
  }
  const scores = formulaScores(grader, entries, subRewards);
  const shared = { subRewards, tokenUsage, sampledModelName, usagePerModel };
  const unknown = parsed.variables.find((name) => !Object.hasOwn(scores, name));
  if (unknown !== undefined) {
    return {
      ...failedOutcome(
        { ...errors, formulaParseError: true },
        `calculate_output: unknown name '${unknown}' (graders: ${Object.keys(scores).join(', ')})`,
      ),
      ...shared,
    };
  }
  const value = evaluateFormula(parsed.formula, scores);
  if (!Number.isFinite(value)) {
    return {
      ...failedOutcome(
        { ...errors, formulaParseError: true },
        errorMessage ?? `calculate_output gives ${value} for ${JSON.stringify(subRewards)}`,
      ),
      ...shared,
    };
  }
  return { reward: value, errors, errorMessage, ...shared };
}

async function runGrader(
  grader: Grader,
  context: TemplateContext,
  options: GradeSampleOptions,
): Promise<GraderOutcome> {
  throwIfAborted(options.signal, 'Grading');
  switch (grader.type) {
    case 'string_check': {
      const texts = renderBoth(grader, context);
      if (!('input' in texts)) return texts;
      return {
        reward: stringCheck(texts.input, texts.reference, grader.operation),
        errors: NO_GRADER_ERRORS,
        errorMessage: null,
      };
    }
    case 'text_similarity': {
      const texts = renderBoth(grader, context);
      if (!('input' in texts)) return texts;
      if (grader.evaluation_metric !== 'cosine') {
        return {
          reward: textSimilarity(texts.input, texts.reference, grader.evaluation_metric),
          errors: NO_GRADER_ERRORS,
          errorMessage: null,
        };
      }
      if (options.embed === undefined)
        return failedOutcome(
          { otherError: true },
          'the cosine metric needs embeddings: pass an embed function (the API embeds with an OpenAI embeddings model)',
        );
      const vectors = await options.embed([texts.input, texts.reference], options.signal);
      const [a, b] = vectors;
      if (a === undefined || b === undefined)
        return failedOutcome({ otherError: true }, 'embed returned fewer than two vectors');
      return { reward: cosineSimilarity(a, b), errors: NO_GRADER_ERRORS, errorMessage: null };
    }
    case 'python': {
      if (options.runPython === undefined)
        return failedOutcome(
          { pythonGraderServerError: true, pythonGraderServerErrorType: 'no_python_runner' },
          'python graders run on the graders API (or with a runPython function); none was given',
        );
      try {
        const reward = await options.runPython({
          source: grader.source,
          imageTag: grader.image_tag,
          sample: context.sample,
          item: context.item,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        if (typeof reward !== 'number' || !Number.isFinite(reward))
          return failedOutcome(
            {
              pythonGraderRuntimeError: true,
              pythonGraderRuntimeErrorDetails: `grade() returned ${String(reward)}`,
            },
            `grade() returned ${String(reward)}, not a number`,
          );
        return { reward, errors: NO_GRADER_ERRORS, errorMessage: null };
      } catch (error) {
        throwIfAborted(options.signal, 'Grading');
        const details = error instanceof Error ? error.message : String(error);
        return failedOutcome(
          { pythonGraderRuntimeError: true, pythonGraderRuntimeErrorDetails: details },
          `the python grader failed: ${details}`,
        );
      }
    }
    case 'score_model':
    case 'label_model':
      return gradeWithModel(grader, context, options);
    case 'multi':
      return runMulti(grader, context, options);
  }
}

/** The `sample` namespace of a raw model answer, as the graders API builds it from `model_sample`. */
export function sampleFromText(text: string): GraderSample {
  try {
    return { output_text: text, output_json: JSON.parse(text) as unknown };
  } catch {
    return { output_text: text };
  }
}

/**
 * Grades one sample.
 *
 * @param grader - Any grader; it is checked first, as the API checks it.
 * @param input - The model's sample and the dataset item.
 * @param options - The functions for graders that need a model or Python, and the signal.
 * @returns The reward, sub-rewards, error flags and usage. Failures of the grader (a missing template
 *   variable, an unparsable model answer) are results with `reward` 0 and flags set.
 * @throws {FinetuneKitUsageError} When the grader is malformed (`option` is the path of the problem).
 * @throws {FinetuneKitAbortError} When `signal` aborts.
 * @example
 * ```ts
 * const result = await gradeSample(
 *   { type: 'string_check', name: 'exact', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' },
 *   { sample: { output_text: 'Paris' }, item: { answer: 'Paris' } },
 * );
 * result.reward; // 1
 * ```
 */
export async function gradeSample(
  grader: Grader,
  input: GraderInput,
  options: GradeSampleOptions = {},
): Promise<GradeResult> {
  const problems = checkGrader(grader, 'grader', { allowLabelModel: true });
  const problem = problems[0];
  if (problem !== undefined)
    throw new FinetuneKitUsageError(`${problem.path}: ${problem.message}`, problem.path);
  const started = Date.now();
  const outcome = await runGrader(grader, { sample: input.sample, item: input.item ?? {} }, options);
  return {
    reward: outcome.reward,
    name: grader.name,
    type: grader.type,
    subRewards: outcome.subRewards ?? {},
    errors: outcome.errors,
    errorMessage: outcome.errorMessage,
    executionTime: (Date.now() - started) / 1000,
    scores: outcome.scores ?? {},
    tokenUsage: outcome.tokenUsage ?? null,
    sampledModelName: outcome.sampledModelName ?? null,
    modelGraderTokenUsagePerModel: outcome.usagePerModel ?? {},
  };
}
