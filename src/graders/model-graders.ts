/**
 * `score_model` and `label_model` graders: the grader's messages are rendered from the sample and
 * the item and sent to the grading model (through the caller's `callModel`) with a structured-output
 * schema asking for `{ steps, result }`, as OpenAI's graders guide describes model graders: a list
 * of reasoning steps, then the result. The score is `result` (a number within `range`, default
 * `[0, 1]`); the label is `result` (one of `labels`) and passes, reward 1, when it is one of
 * `passing_labels`.
 *
 * A model that answers a bare number or a bare label (no JSON) is read too; anything else, or a
 * score outside the range, is a `modelGraderParseError`; a refusal a `modelGraderRefusalError`; a
 * failed call a `modelGraderServerError`. None of them is turned into a score.
 *
 * @module
 */
import { throwIfAborted } from '../internal/abort.js';
import { isRecord } from '../internal/is-record.js';
import type { GraderModelMessage, GraderModelRequest, GradeSampleOptions } from './grade.js';
import { failedOutcome, type GraderOutcome, NO_GRADER_ERRORS } from './outcome.js';
import { renderTemplate, type TemplateContext } from './template.js';
import type {
  GraderContentPart,
  GraderInputMessage,
  GraderTokenUsage,
  LabelModelGrader,
  ScoreModelGrader,
} from './types.js';

type ContentItem = Exclude<GraderModelMessage['content'], string>[number];

class TemplateFailure extends Error {}

function render(text: string, context: TemplateContext): string {
  const rendered = renderTemplate(text, context);
  if (!rendered.ok) throw new TemplateFailure(rendered.message);
  return rendered.text;
}

function renderPart(part: GraderContentPart, context: TemplateContext): ContentItem | null {
  if (typeof part === 'string') return { type: 'text', text: render(part, context) };
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: render(part.text, context) };
    case 'input_image':
      return part.image_url === undefined
        ? null
        : {
            type: 'image_url',
            image_url: {
              url: render(part.image_url, context),
              ...(part.detail === undefined ? {} : { detail: part.detail }),
            },
          };
    case 'input_audio':
      return { type: 'input_audio', input_audio: part.input_audio };
  }
}

/**
 * A model grader's messages as Chat Completions messages, templates rendered. Text-only content
 * becomes one string.
 */
export function renderGraderMessages(
  input: readonly GraderInputMessage[],
  context: TemplateContext,
): GraderModelMessage[] {
  return input.map((message) => {
    const parts = (
      Array.isArray(message.content) ? message.content : [message.content]
    ) as GraderContentPart[];
    const items = parts.map((part) => renderPart(part, context)).filter((item) => item !== null);
    const textOnly = items.every((item) => item.type === 'text');
    return {
      role: message.role,
      content: textOnly ? items.map((item) => (item as { text: string }).text).join('') : items,
    };
  });
}

/** The structured-output schema of a model grader's answer (a score's range as `minimum` / `maximum`). */
export function graderResponseSchema(grader: ScoreModelGrader | LabelModelGrader): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      steps: {
        type: 'array',
        items: {
          type: 'object',
          properties: { description: { type: 'string' }, conclusion: { type: 'string' } },
          required: ['description', 'conclusion'],
          additionalProperties: false,
        },
      },
      result:
        grader.type === 'score_model'
          ? { type: 'number', minimum: (grader.range ?? [0, 1])[0], maximum: (grader.range ?? [0, 1])[1] }
          : { type: 'string', enum: [...grader.labels] },
    },
    required: ['steps', 'result'],
    additionalProperties: false,
  };
}

/** The chat request of a model grader. */
export function graderModelRequest(
  grader: ScoreModelGrader | LabelModelGrader,
  messages: readonly GraderModelMessage[],
): Omit<GraderModelRequest, 'signal'> {
  const params = grader.type === 'score_model' ? (grader.sampling_params ?? {}) : {};
  return {
    model: grader.model,
    messages,
    response_format: {
      type: 'json_schema',
      json_schema: { name: `${grader.type}_result`, strict: true, schema: graderResponseSchema(grader) },
    },
    ...(typeof params.temperature === 'number' ? { temperature: params.temperature } : {}),
    ...(typeof params.top_p === 'number' ? { top_p: params.top_p } : {}),
    ...(typeof params.seed === 'number' ? { seed: params.seed } : {}),
    ...(typeof params.max_completions_tokens === 'number'
      ? { max_completion_tokens: params.max_completions_tokens }
      : {}),
    ...(typeof params.reasoning_effort === 'string' ? { reasoning_effort: params.reasoning_effort } : {}),
  };
}

/** The `result` of a model's answer: from `{ "result": … }`, or the bare answer. */
export function parseGraderAnswer(text: string): unknown {
  const trimmed = text.trim();
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (isRecord(parsed)) return parsed.result;
    return parsed;
  } catch {
    return trimmed.replace(/^["']|["']$/g, '');
  }
}

/** Runs a `score_model` or `label_model` grader through `options.callModel`. */
export async function gradeWithModel(
  grader: ScoreModelGrader | LabelModelGrader,
  context: TemplateContext,
  options: GradeSampleOptions,
): Promise<GraderOutcome> {
  let messages: GraderModelMessage[];
  try {
    messages = renderGraderMessages(grader.input, context);
  } catch (error) {
    if (error instanceof TemplateFailure) return failedOutcome({ invalidVariableError: true }, error.message);
    throw error;
  }
  if (options.callModel === undefined)
    return failedOutcome(
      { modelGraderServerError: true, modelGraderServerErrorDetails: 'no callModel function was given' },
      `${grader.type} graders need a grading model: pass a callModel function`,
    );
  const request = {
    ...graderModelRequest(grader, messages),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  let response: Awaited<ReturnType<NonNullable<GradeSampleOptions['callModel']>>>;
  try {
    response = await options.callModel(request);
  } catch (error) {
    throwIfAborted(options.signal, 'Grading');
    const details = error instanceof Error ? error.message : String(error);
    return failedOutcome(
      { modelGraderServerError: true, modelGraderServerErrorDetails: details },
      `the grading model ${grader.model} failed: ${details}`,
    );
  }
  const sampledModelName = response.model ?? grader.model;
  const usage: GraderTokenUsage | null = response.usage
    ? {
        promptTokens: response.usage.prompt_tokens,
        completionTokens: response.usage.completion_tokens,
        totalTokens: response.usage.total_tokens,
        cachedTokens: response.usage.prompt_tokens_details?.cached_tokens ?? 0,
      }
    : null;
  const shared = {
    tokenUsage: usage,
    sampledModelName,
    usagePerModel: usage === null ? {} : { [sampledModelName]: usage },
  };
  if (typeof response.refusal === 'string' && response.refusal !== '') {
    return {
      ...failedOutcome({ modelGraderRefusalError: true }, `the grading model refused: ${response.refusal}`),
      ...shared,
    };
  }
  const result = parseGraderAnswer(response.text);
  if (grader.type === 'score_model') {
    const [min, max] = grader.range ?? [0, 1];
    const score =
      typeof result === 'number' ? result : typeof result === 'string' ? Number(result) : Number.NaN;
    if (
      !Number.isFinite(score) ||
      (typeof result === 'string' && result.trim() === '') ||
      score < min ||
      score > max
    ) {
      return {
        ...failedOutcome(
          { modelGraderParseError: true },
          `the grading model answered ${JSON.stringify(response.text.slice(0, 200))}, not a score in [${min}, ${max}]`,
        ),
        ...shared,
      };
    }
    return {
      reward: score,
      errors: NO_GRADER_ERRORS,
      errorMessage: null,
      scores: { result: score },
      ...shared,
    };
  }
  if (typeof result !== 'string' || !grader.labels.includes(result)) {
    return {
      ...failedOutcome(
        { modelGraderParseError: true },
        `the grading model answered ${JSON.stringify(response.text.slice(0, 200))}, not one of the labels ${grader.labels.join(', ')}`,
      ),
      ...shared,
    };
  }
  return {
    reward: grader.passing_labels.includes(result) ? 1 : 0,
    errors: NO_GRADER_ERRORS,
    errorMessage: null,
    scores: { label: result },
    ...shared,
  };
}
