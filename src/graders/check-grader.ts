/**
 * Checks a grader object before it is used, with the rules the fine-tuning API applies (the
 * OpenAPI spec's `Grader*` schemas: required fields, their types and enums; a `multi` grader's
 * graders and formula; template references as OpenAI's graders guide defines them). One set of
 * rules for every caller: the simulator's job creation and its graders `validate` endpoint, the
 * library's local grading and the dataset checks of reinforcement files.
 *
 * Problems are data, not exceptions: each names the path of the offending field (`param`, as the
 * API's 400 errors do) and a message in the API's wording.
 *
 * @module
 */
import { isRecord } from '../internal/is-record.js';
import { parseFormula } from './multi.js';
import { isTemplateProblem, templateReferences } from './template.js';
import { STRING_CHECK_OPERATIONS, TEXT_SIMILARITY_METRICS } from './types.js';

/** One problem of a grader. */
export interface GraderProblem {
  /** The dotted path of the field (`grader.graders.exact.operation`); also the API's `param`. */
  readonly path: string;
  /** What is wrong, in the API's wording. */
  readonly message: string;
  /** `missing_required_parameter` for an absent field, else `null` (as the API's `code`). */
  readonly code: 'missing_required_parameter' | null;
}

/** Options of {@link checkGrader}. */
export interface CheckGraderOptions {
  /**
   * Accept `label_model` as the outer grader. Jobs and the graders API take it only inside a
   * `multi` grader; evals take it anywhere. @default false
   */
  readonly allowLabelModel?: boolean;
}

/** Grader types accepted as a job's grader (spec `FineTuneReinforcementMethod.grader`). */
export const JOB_GRADER_TYPES = [
  'string_check',
  'text_similarity',
  'python',
  'score_model',
  'multi',
] as const;

/** Grader types accepted inside a `multi` grader (spec `GraderMulti.graders`). */
export const NESTED_GRADER_TYPES = [
  'string_check',
  'text_similarity',
  'python',
  'score_model',
  'label_model',
] as const;

/** The variables of the `sample` namespace (OpenAI's graders guide). */
export const SAMPLE_VARIABLES = ['output_text', 'output_json', 'output_tools', 'choices'] as const;

const MESSAGE_ROLES = ['user', 'assistant', 'system', 'developer'];
const CONTENT_TYPES = ['input_text', 'output_text', 'input_image', 'input_audio'];

/** A value as the API quotes it: strings in single quotes, anything else as JSON. */
function showValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

class Collector {
  readonly problems: GraderProblem[] = [];
  missing(path: string): void {
    this.problems.push({
      path,
      message: `Missing required parameter: '${path}'.`,
      code: 'missing_required_parameter',
    });
  }
  invalid(path: string, message: string): void {
    this.problems.push({ path, message: `${message} - '${path}'`, code: null });
  }

  string(grader: Record<string, unknown>, key: string, path: string): string | undefined {
    const value = grader[key];
    if (value === undefined || value === null || value === '') {
      this.missing(`${path}.${key}`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.invalid(`${path}.${key}`, `${showValue(value)} is not of type 'string'`);
      return undefined;
    }
    return value;
  }

  oneOf(grader: Record<string, unknown>, key: string, path: string, allowed: readonly string[]) {
    const value = this.string(grader, key, path);
    if (value === undefined || allowed.includes(value)) return value;
    this.invalid(
      `${path}.${key}`,
      `${showValue(value)} is not one of [${allowed.map((item) => `'${item}'`).join(', ')}]`,
    );
    return undefined;
  }

  array(grader: Record<string, unknown>, key: string, path: string): unknown[] | undefined {
    const value = grader[key];
    if (value === undefined || value === null) {
      this.missing(`${path}.${key}`);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.invalid(`${path}.${key}`, `${showValue(value)} is not of type 'array'`);
      return undefined;
    }
    if (value.length === 0) {
      this.invalid(`${path}.${key}`, '[] is too short');
      return undefined;
    }
    return value;
  }

  stringArray(values: unknown[], path: string): string[] | undefined {
    let ok = true;
    values.forEach((value, index) => {
      if (typeof value !== 'string') {
        this.invalid(`${path}.${index}`, `${showValue(value)} is not of type 'string'`);
        ok = false;
      }
    });
    return ok ? (values as string[]) : undefined;
  }

  /** Every `{{ … }}` of `text` names `sample.<variable>` or `item.<path>`. */
  templates(text: string | undefined, path: string): void {
    if (text === undefined) return;
    for (const reference of templateReferences(text)) {
      if (isTemplateProblem(reference)) {
        this.invalid(path, `invalid template: ${reference.message}`);
      } else if (
        reference.namespace === 'sample' &&
        !(SAMPLE_VARIABLES as readonly unknown[]).includes(reference.path[0])
      ) {
        this.invalid(
          path,
          `invalid template: {{${reference.expression}}}: the sample has ${SAMPLE_VARIABLES.join(', ')}`,
        );
      }
    }
  }

  /** The messages of a model grader (spec `EvalItem`): role, content, templates in text. */
  messages(values: unknown[], path: string): void {
    values.forEach((message, index) => {
      const at = `${path}.${index}`;
      if (!isRecord(message)) {
        this.invalid(at, `${showValue(message)} is not of type 'object'`);
        return;
      }
      this.oneOf(message, 'role', at, MESSAGE_ROLES);
      if (message.type !== undefined && message.type !== 'message')
        this.invalid(`${at}.type`, `${showValue(message.type)} is not one of ['message']`);
      const content = message.content;
      if (content === undefined || content === null) {
        this.missing(`${at}.content`);
        return;
      }
      const parts = Array.isArray(content) ? content : [content];
      parts.forEach((part, partIndex) => {
        const partPath = Array.isArray(content) ? `${at}.content.${partIndex}` : `${at}.content`;
        if (typeof part === 'string') {
          this.templates(part, partPath);
          return;
        }
        if (!isRecord(part)) {
          this.invalid(partPath, `${showValue(part)} is not a valid content item`);
          return;
        }
        const type = this.oneOf(part, 'type', partPath, CONTENT_TYPES);
        if (type === 'input_text' || type === 'output_text')
          this.templates(this.string(part, 'text', partPath), `${partPath}.text`);
        if (type === 'input_image' && typeof part.image_url === 'string')
          this.templates(part.image_url, `${partPath}.image_url`);
      });
    });
  }
}

/** The graders of a `multi` grader with their path keys and formula names. */
function nestedEntries(
  value: unknown,
  path: string,
  collector: Collector,
): { key: string; name: string; grader: unknown }[] | undefined {
  // Formula names: a map's keys. The spec's array and single-object forms say nothing of names, so
  // their formulas are checked for syntax only (name: '').
  if (value === undefined || value === null) {
    collector.missing(`${path}.graders`);
    return undefined;
  }
  if (!Array.isArray(value) && !isRecord(value)) {
    collector.invalid(`${path}.graders`, `${showValue(value)} is not of type 'object'`);
    return undefined;
  }
  // One grader object given directly (the spec's schema) has a `type`; a map of graders does not.
  const entries = Array.isArray(value)
    ? value.map((grader, index) => ({ key: String(index), name: '', grader }))
    : typeof value.type === 'string'
      ? [{ key: '0', name: '', grader: value as unknown }]
      : Object.entries(value).map(([key, grader]) => ({ key, name: key, grader }));
  if (entries.length === 0) {
    collector.invalid(`${path}.graders`, `${showValue(value)} has no graders`);
    return undefined;
  }
  return entries;
}

function check(value: unknown, path: string, allowed: readonly string[], collector: Collector): void {
  if (value === undefined || value === null) {
    collector.missing(path);
    return;
  }
  if (!isRecord(value)) {
    collector.invalid(path, `${showValue(value)} is not of type 'object'`);
    return;
  }
  const type = collector.oneOf(value, 'type', path, allowed);
  collector.string(value, 'name', path);
  switch (type) {
    case 'string_check':
      collector.templates(collector.string(value, 'input', path), `${path}.input`);
      collector.templates(collector.string(value, 'reference', path), `${path}.reference`);
      collector.oneOf(value, 'operation', path, STRING_CHECK_OPERATIONS);
      return;
    case 'text_similarity':
      collector.templates(collector.string(value, 'input', path), `${path}.input`);
      collector.templates(collector.string(value, 'reference', path), `${path}.reference`);
      collector.oneOf(value, 'evaluation_metric', path, TEXT_SIMILARITY_METRICS);
      return;
    case 'python': {
      const source = collector.string(value, 'source', path);
      if (source !== undefined && !/^[ \t]*(?:async[ \t]+)?def[ \t]+grade[ \t]*\(/m.test(source))
        collector.invalid(`${path}.source`, 'the source defines no grade(sample, item) function');
      if (value.image_tag !== undefined) collector.string(value, 'image_tag', path);
      return;
    }
    case 'score_model': {
      collector.string(value, 'model', path);
      const input = collector.array(value, 'input', path);
      if (input !== undefined) collector.messages(input, `${path}.input`);
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
        collector.invalid(`${path}.range`, `${showValue(range)} is not a valid range [min, max]`);
      }
      if (value.sampling_params !== undefined && !isRecord(value.sampling_params)) {
        collector.invalid(
          `${path}.sampling_params`,
          `${showValue(value.sampling_params)} is not of type 'object'`,
        );
      }
      return;
    }
    case 'label_model': {
      collector.string(value, 'model', path);
      const input = collector.array(value, 'input', path);
      if (input !== undefined) collector.messages(input, `${path}.input`);
      const labelValues = collector.array(value, 'labels', path);
      const labels = labelValues && collector.stringArray(labelValues, `${path}.labels`);
      const passingValues = collector.array(value, 'passing_labels', path);
      const passing = passingValues && collector.stringArray(passingValues, `${path}.passing_labels`);
      const stray = labels && passing?.find((label) => !labels.includes(label));
      if (stray !== undefined)
        collector.invalid(`${path}.passing_labels`, `'${stray}' is not one of the labels`);
      return;
    }
    case 'multi': {
      const formula = collector.string(value, 'calculate_output', path);
      const entries = nestedEntries(value.graders, path, collector);
      if (entries === undefined) return;
      for (const entry of entries)
        check(entry.grader, `${path}.graders.${entry.key}`, NESTED_GRADER_TYPES, collector);
      if (formula !== undefined) {
        const named = entries.every((entry) => entry.name !== '');
        const parsed = parseFormula(formula, named ? entries.map((entry) => entry.name) : null);
        if (!parsed.ok) collector.invalid(`${path}.calculate_output`, `invalid formula: ${parsed.message}`);
      }
      return;
    }
    default:
  }
}

/**
 * Checks a grader as the fine-tuning API does before using it.
 *
 * @param value - The grader as sent.
 * @param path - Where it sits (`grader` for the graders API, `method.reinforcement.grader` for a
 *   job), the first segment of every problem's path. @default 'grader'
 * @param options - What the outer grader may be.
 * @returns Every problem found, in field order; `[]` for a valid grader.
 * @example
 * ```ts
 * checkGrader({ type: 'string_check', name: 'exact', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'equals' });
 * // [{ path: 'grader.operation', message: "'equals' is not one of ['eq', 'ne', 'like', 'ilike'] - 'grader.operation'", code: null }]
 * ```
 */
export function checkGrader(
  value: unknown,
  path = 'grader',
  options: CheckGraderOptions = {},
): GraderProblem[] {
  const collector = new Collector();
  check(
    value,
    path,
    options.allowLabelModel ? [...JOB_GRADER_TYPES, 'label_model'] : JOB_GRADER_TYPES,
    collector,
  );
  return collector.problems;
}
