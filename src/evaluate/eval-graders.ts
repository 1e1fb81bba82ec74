/**
 * The graders of an evaluation: the fine-tuning API's grader objects (computed by the graders
 * layer exactly as the graders API defines them), plus what only an evaluation against reference
 * answers needs: JSON equality for structured answers, tool calls compared as calls, and the
 * presets `exact` and `similarity`, which pick the right comparison for each reference.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { checkGrader } from '../graders/check-grader.js';
import { type GradeSampleOptions, gradeSample } from '../graders/grade.js';
import type { Grader, GraderSample, GraderTokenUsage } from '../graders/types.js';
import { isRecord } from '../internal/is-record.js';
import type { EvalAnswer, EvalExample, EvalGrader, EvalToolCall } from './types.js';

/** A grader ready to score: its name, what it is, and how it scores. */
export interface ResolvedGrader {
  readonly name: string;
  /** The grader as given (a preset's name, or the object). */
  readonly definition: EvalGrader;
  readonly kind: 'api' | 'json_equal' | 'tool_calls' | 'exact' | 'similarity';
  readonly partial: boolean;
}

const EXACT_TEXT: Grader = {
  type: 'string_check',
  name: 'exact',
  input: '{{sample.output_text}}',
  reference: '{{item.reference_answer}}',
  operation: 'eq',
};

const SIMILAR_TEXT: Grader = {
  type: 'text_similarity',
  name: 'similarity',
  input: '{{sample.output_text}}',
  reference: '{{item.reference_answer}}',
  evaluation_metric: 'fuzzy_match',
};

/**
 * Checks the graders and gives each its name.
 *
 * @throws {FinetuneKitUsageError} For an unknown preset, a malformed grader (`option` is its path)
 *   or two graders with the same name.
 */
export function resolveGraders(graders: readonly EvalGrader[]): ResolvedGrader[] {
  if (graders.length === 0)
    throw new FinetuneKitUsageError('options.graders must not be empty.', 'options.graders');
  const resolved = graders.map((grader, index): ResolvedGrader => {
    const path = `options.graders.${index}`;
    if (typeof grader === 'string') {
      if (grader === 'exact' || grader === 'similarity')
        return { name: grader, definition: grader, kind: grader, partial: grader === 'similarity' };
      if (grader === 'json') return { name: 'json', definition: grader, kind: 'json_equal', partial: false };
      if (grader === 'tool_calls')
        return { name: 'tool_calls', definition: grader, kind: 'tool_calls', partial: false };
      throw new FinetuneKitUsageError(
        `${path} must be a grader object or one of exact, similarity, json, tool_calls; got "${grader}".`,
        path,
      );
    }
    if (!isRecord(grader))
      throw new FinetuneKitUsageError(`${path} must be a grader object or a preset name.`, path);
    if (grader.type === 'json_equal')
      return { name: grader.name ?? 'json_equal', definition: grader, kind: 'json_equal', partial: false };
    if (grader.type === 'tool_calls') {
      return {
        name: grader.name ?? 'tool_calls',
        definition: grader,
        kind: 'tool_calls',
        partial: grader.partial === true,
      };
    }
    const problem = checkGrader(grader, path, { allowLabelModel: true })[0];
    if (problem) throw new FinetuneKitUsageError(`${problem.path}: ${problem.message}`, problem.path);
    return { name: (grader as Grader).name, definition: grader, kind: 'api', partial: false };
  });
  const seen = new Set<string>();
  for (const [index, grader] of resolved.entries()) {
    if (seen.has(grader.name)) {
      throw new FinetuneKitUsageError(
        `options.graders.${index} has the name "${grader.name}" of an earlier grader; names must be unique.`,
        `options.graders.${index}`,
      );
    }
    seen.add(grader.name);
  }
  return resolved;
}

/** The grader's `{{sample.*}}` namespace for an answer, as fine-tuning fills it. */
export function sampleOf(answer: EvalAnswer): GraderSample {
  const text = answer.content ?? '';
  const tools = (answer.toolCalls ?? []).map((call) => ({
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
  const json = parseJson(text);
  return {
    output_text: text,
    ...(json.ok ? { output_json: json.value } : {}),
    output_tools: tools,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: answer.content,
          ...(tools.length ? { tool_calls: tools } : {}),
        },
        finish_reason: answer.finishReason,
      },
    ],
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * JSON equality: objects equal with their keys in any order, arrays in order, numbers by value.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

/** 1 when the answer text and the reference text parse as equal JSON, else 0. */
export function jsonEqualScore(
  answerText: string,
  referenceText: string,
): { score: number; error: string | null } {
  const reference = parseJson(referenceText.trim());
  if (!reference.ok) return { score: 0, error: 'the reference answer is not JSON' };
  const answer = parseJson(answerText.trim());
  if (!answer.ok) return { score: 0, error: null };
  return { score: jsonEqual(answer.value, reference.value) ? 1 : 0, error: null };
}

function sameCall(a: EvalToolCall, b: EvalToolCall): boolean {
  if (a.name !== b.name) return false;
  const left = parseJson(a.arguments);
  const right = parseJson(b.arguments);
  if (left.ok && right.ok) return jsonEqual(left.value, right.value);
  return a.arguments.trim() === b.arguments.trim();
}

/**
 * Tool calls compared as calls: equal names and JSON-equal arguments, in any order. Without
 * `partial` the score is 1 when both lists match one to one, else 0; with it, the matched calls
 * over the longer list. No calls on either side is a match.
 */
export function toolCallsScore(
  answer: readonly EvalToolCall[] | null,
  reference: readonly EvalToolCall[] | null,
  partial = false,
): number {
  const answered = answer ?? [];
  const expected = reference ?? [];
  if (answered.length === 0 && expected.length === 0) return 1;
  const unmatched = [...answered];
  let matched = 0;
  for (const call of expected) {
    const position = unmatched.findIndex((candidate) => sameCall(candidate, call));
    if (position >= 0) {
      unmatched.splice(position, 1);
      matched++;
    }
  }
  const longer = Math.max(answered.length, expected.length);
  if (partial) return matched / longer;
  return matched === expected.length && answered.length === expected.length ? 1 : 0;
}

function looksLikeJson(text: string): boolean {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return false;
  return parseJson(trimmed).ok;
}

/** One grader's verdict on one answer. */
export interface Verdict {
  readonly score: number;
  readonly error: string | null;
  /** Tokens a model grader used, by grading model. */
  readonly usage: Readonly<Record<string, GraderTokenUsage>>;
}

/**
 * Scores one answer with one grader. A missing answer (a refused request) scores 0.
 *
 * @throws {FinetuneKitAbortError} When `options.signal` aborts a model grader.
 */
export async function scoreAnswer(
  grader: ResolvedGrader,
  example: EvalExample,
  answer: EvalAnswer,
  options: GradeSampleOptions,
): Promise<Verdict> {
  const none = {};
  switch (grader.kind) {
    case 'tool_calls':
      return {
        score: toolCallsScore(answer.toolCalls, example.referenceToolCalls, grader.partial),
        error: null,
        usage: none,
      };
    case 'json_equal': {
      const verdict = jsonEqualScore(answer.content ?? '', example.referenceText);
      return { ...verdict, usage: none };
    }
    case 'exact':
    case 'similarity': {
      if (example.referenceToolCalls)
        return {
          score: toolCallsScore(answer.toolCalls, example.referenceToolCalls, grader.partial),
          error: null,
          usage: none,
        };
      if (grader.kind === 'exact' && looksLikeJson(example.referenceText))
        return { ...jsonEqualScore(answer.content ?? '', example.referenceText), usage: none };
      return runApiGrader(grader.kind === 'exact' ? EXACT_TEXT : SIMILAR_TEXT, example, answer, options);
    }
    case 'api':
      return runApiGrader(grader.definition as Grader, example, answer, options);
  }
}

async function runApiGrader(
  grader: Grader,
  example: EvalExample,
  answer: EvalAnswer,
  options: GradeSampleOptions,
): Promise<Verdict> {
  const result = await gradeSample(grader, { sample: sampleOf(answer), item: example.item }, options);
  return { score: result.reward, error: result.errorMessage, usage: result.modelGraderTokenUsagePerModel };
}
