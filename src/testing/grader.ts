/**
 * The grader of a reinforcement fine-tuning job (`method.reinforcement.grader`): checked loosely at
 * creation, as the server would refuse a malformed one (the graders of docs/internals/api-behaviour.md#graders and the
 * spec's `Grader*` schemas: required fields, their types and enums), and summarised into the graders
 * that metrics events report on.
 *
 * Loosely means: unknown extra fields, template strings and the content of `input` messages are not
 * checked; the server's deeper checks (does the model exist, does the Python code run) are not
 * simulated.
 *
 * @module
 */
import { isRecord } from '../internal/is-record.js';
import { invalidRequest, missingParameter, showValue } from './api-error.js';

/** Grader types accepted as a job's grader (spec `FineTuneReinforcementMethod.grader`). */
export const GRADER_TYPES = ['string_check', 'text_similarity', 'python', 'score_model', 'multi'] as const;

/** Grader types accepted inside a `multi` grader (spec `GraderMulti.graders`). */
const NESTED_GRADER_TYPES = [
  'string_check',
  'text_similarity',
  'python',
  'score_model',
  'label_model',
] as const;

const STRING_CHECK_OPERATIONS = ['eq', 'ne', 'like', 'ilike'] as const;

const SIMILARITY_METRICS = [
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

/** A grader that scores samples, as metrics events name it. */
export interface GraderSummary {
  readonly name: string;
  readonly type: string;
  /** The grading model of `score_model` / `label_model` graders, else `null`. */
  readonly model: string | null;
}

function requireString(grader: Record<string, unknown>, key: string, path: string): string {
  const value = grader[key];
  if (value === undefined || value === null || value === '') throw missingParameter(`${path}.${key}`);
  if (typeof value !== 'string')
    throw invalidRequest(`${showValue(value)} is not of type 'string' - '${path}.${key}'`, `${path}.${key}`);
  return value;
}

function requireOneOf(
  grader: Record<string, unknown>,
  key: string,
  path: string,
  allowed: readonly string[],
) {
  const value = requireString(grader, key, path);
  if (!allowed.includes(value)) {
    throw invalidRequest(
      `${showValue(value)} is not one of [${allowed.map((item) => `'${item}'`).join(', ')}] - '${path}.${key}'`,
      `${path}.${key}`,
    );
  }
}

function requireArray(grader: Record<string, unknown>, key: string, path: string): unknown[] {
  const value = grader[key];
  if (value === undefined || value === null) throw missingParameter(`${path}.${key}`);
  if (!Array.isArray(value))
    throw invalidRequest(`${showValue(value)} is not of type 'array' - '${path}.${key}'`, `${path}.${key}`);
  if (value.length === 0) throw invalidRequest(`[] is too short - '${path}.${key}'`, `${path}.${key}`);
  return value;
}

function checkStringArray(values: unknown[], path: string): string[] {
  values.forEach((value, index) => {
    if (typeof value !== 'string')
      throw invalidRequest(
        `${showValue(value)} is not of type 'string' - '${path}.${index}'`,
        `${path}.${index}`,
      );
  });
  return values as string[];
}

/** The graders of a `multi` grader, given as a map (as the guides show) or an array (as the spec's example). */
function nestedGraders(grader: Record<string, unknown>, path: string): [string, unknown][] {
  const value = grader.graders;
  if (value === undefined || value === null) throw missingParameter(`${path}.graders`);
  if (!Array.isArray(value) && !isRecord(value))
    throw invalidRequest(
      `${showValue(value)} is not of type 'object' - '${path}.graders'`,
      `${path}.graders`,
    );
  // One grader object given directly (the spec's schema) has a `type`; a map of graders does not.
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : typeof value.type === 'string'
      ? [['0', value]]
      : Object.entries(value);
  if (entries.length === 0)
    throw invalidRequest(`${showValue(value)} has no graders - '${path}.graders'`, `${path}.graders`);
  return entries;
}

/**
 * Checks a grader the way the server would before creating the job.
 *
 * @param value - The grader as sent.
 * @param path - Where it sits in the request, for messages and `param`.
 * @param nested - True inside a `multi` grader (allows `label_model`, refuses `multi`).
 * @throws {SimulatedApiError} 400 naming the first field that is missing or wrong.
 */
export function checkGrader(value: unknown, path = 'method.reinforcement.grader', nested = false): void {
  if (value === undefined || value === null) throw missingParameter(path);
  if (!isRecord(value)) throw invalidRequest(`${showValue(value)} is not of type 'object' - '${path}'`, path);
  requireOneOf(value, 'type', path, nested ? NESTED_GRADER_TYPES : GRADER_TYPES);
  requireString(value, 'name', path);
  switch (value.type) {
    case 'string_check':
      requireString(value, 'input', path);
      requireString(value, 'reference', path);
      requireOneOf(value, 'operation', path, STRING_CHECK_OPERATIONS);
      return;
    case 'text_similarity':
      requireString(value, 'input', path);
      requireString(value, 'reference', path);
      requireOneOf(value, 'evaluation_metric', path, SIMILARITY_METRICS);
      return;
    case 'python':
      requireString(value, 'source', path);
      if (value.image_tag !== undefined) requireString(value, 'image_tag', path);
      return;
    case 'score_model': {
      requireString(value, 'model', path);
      requireArray(value, 'input', path);
      const range = value.range;
      if (
        range !== undefined &&
        !(
          Array.isArray(range) &&
          range.length === 2 &&
          range.every((item) => typeof item === 'number' && Number.isFinite(item)) &&
          (range[0] as number) < (range[1] as number)
        )
      ) {
        throw invalidRequest(
          `${showValue(range)} is not a valid range [min, max] - '${path}.range'`,
          `${path}.range`,
        );
      }
      if (value.sampling_params !== undefined && !isRecord(value.sampling_params)) {
        throw invalidRequest(
          `${showValue(value.sampling_params)} is not of type 'object' - '${path}.sampling_params'`,
          `${path}.sampling_params`,
        );
      }
      return;
    }
    case 'label_model': {
      requireString(value, 'model', path);
      requireArray(value, 'input', path);
      const labels = checkStringArray(requireArray(value, 'labels', path), `${path}.labels`);
      const passing = checkStringArray(requireArray(value, 'passing_labels', path), `${path}.passing_labels`);
      const stray = passing.find((label) => !labels.includes(label));
      if (stray !== undefined) {
        throw invalidRequest(
          `'${stray}' is not one of the labels - '${path}.passing_labels'`,
          `${path}.passing_labels`,
        );
      }
      return;
    }
    default: {
      // multi
      requireString(value, 'calculate_output', path);
      for (const [key, grader] of nestedGraders(value, path))
        checkGrader(grader, `${path}.graders.${key}`, true);
    }
  }
}

/**
 * The graders metrics events report on: a `multi` grader's graders, or the grader itself.
 *
 * @param grader - A grader that passed {@link checkGrader}.
 * @returns One entry per scoring grader, in order.
 */
export function graderSummaries(grader: Record<string, unknown>): GraderSummary[] {
  const graders =
    grader.type === 'multi'
      ? nestedGraders(grader, 'grader').map(([, nested]) => nested as Record<string, unknown>)
      : [grader];
  return graders.map((item) => ({
    name: String(item.name),
    type: String(item.type),
    model: typeof item.model === 'string' ? item.model : null,
  }));
}
