/**
 * Template strings of graders: `{{ namespace.path }}` is replaced by a value of the sample or the
 * dataset item (OpenAI's graders guide, "Templating"). The only namespaces are `sample` and `item`;
 * nested values are reached with a JSON-path-like path (`item.answer.city`, `item.choices[0]`,
 * `sample.output_json.score`). Strings are inserted as they are, other values as JSON.
 *
 * A reference to something the sample or item does not have is an error (the graders API's
 * `invalid_variable_error`), never an empty string: a typo in a template would otherwise score
 * every sample as a mismatch without a word.
 *
 * @module
 */
import { isRecord } from '../internal/is-record.js';
import type { GraderSample } from './types.js';

/** The namespaces a template may name. */
export const TEMPLATE_NAMESPACES = ['sample', 'item'] as const;

/** A parsed `{{ … }}` reference. */
export interface TemplateReference {
  /** The text between the braces, trimmed (`item.answer`). */
  readonly expression: string;
  readonly namespace: 'sample' | 'item';
  /** Property names and array indexes below the namespace. */
  readonly path: readonly (string | number)[];
}

/** A `{{ … }}` reference that cannot be parsed, with the reason. */
export interface TemplateSyntaxProblem {
  readonly expression: string;
  readonly message: string;
}

/** What the templates of a grader read: the sample and the item. */
export interface TemplateContext {
  readonly sample: GraderSample;
  readonly item: Readonly<Record<string, unknown>>;
}

/** The outcome of rendering a template. */
export type RenderResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly expression: string; readonly message: string };

const REFERENCE = /\{\{([^{}]*)\}\}/g;
const SEGMENT = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[\s*"([^"]*)"\s*\]|\[\s*'([^']*)'\s*\])/;

/**
 * Parses one reference (the text between `{{` and `}}`).
 *
 * @param expression - E.g. `item.answer` or ` sample.output_json.labels[0] `.
 * @returns The reference, or the reason it cannot be read.
 */
export function parseTemplateReference(expression: string): TemplateReference | TemplateSyntaxProblem {
  const trimmed = expression.trim();
  const head = /^([A-Za-z_]\w*)/.exec(trimmed);
  const namespace = head?.[1];
  if (namespace !== 'sample' && namespace !== 'item') {
    return {
      expression: trimmed,
      message: `unknown namespace '${namespace ?? trimmed}' in {{${trimmed}}} (use sample.… or item.…)`,
    };
  }
  const path: (string | number)[] = [];
  let rest = trimmed.slice(namespace.length);
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    if (match === null) return { expression: trimmed, message: `cannot read the path of {{${trimmed}}}` };
    const [whole, name, index, doubleQuoted, singleQuoted] = match;
    path.push(index !== undefined ? Number(index) : (name ?? doubleQuoted ?? singleQuoted ?? ''));
    rest = rest.slice(whole.length);
  }
  if (path.length === 0)
    return { expression: trimmed, message: `{{${trimmed}}} names a namespace, not a variable` };
  return { expression: trimmed, namespace, path };
}

/**
 * Every `{{ … }}` reference of a string, parsed.
 *
 * @param text - A grader's input, reference or message text.
 * @returns The references in order, problems included.
 */
export function templateReferences(text: string): (TemplateReference | TemplateSyntaxProblem)[] {
  return [...text.matchAll(REFERENCE)].map((match) => parseTemplateReference(match[1] ?? ''));
}

/** True when a parsed reference is a problem. */
export function isTemplateProblem(
  value: TemplateReference | TemplateSyntaxProblem,
): value is TemplateSyntaxProblem {
  return 'message' in value;
}

function lookUp(
  context: TemplateContext,
  reference: TemplateReference,
): { found: true; value: unknown } | { found: false } {
  let value: unknown = reference.namespace === 'sample' ? context.sample : context.item;
  for (const key of reference.path) {
    if (typeof key === 'number') {
      if (!Array.isArray(value) || key >= value.length) return { found: false };
      value = value[key];
    } else {
      if (!isRecord(value) || !Object.hasOwn(value, key)) return { found: false };
      value = value[key];
    }
  }
  return value === undefined ? { found: false } : { found: true, value };
}

/** How a value is written into a template: strings as they are, everything else as JSON. */
export function templateValueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Replaces every `{{ … }}` of `text` with the value it names.
 *
 * @param text - The template.
 * @param context - The sample and the item.
 * @returns The rendered text, or the first reference that could not be resolved.
 * @example
 * ```ts
 * renderTemplate('{{item.city}}', { sample: {}, item: { city: 'Paris' } }); // { ok: true, text: 'Paris' }
 * ```
 */
export function renderTemplate(text: string, context: TemplateContext): RenderResult {
  let failure: { expression: string; message: string } | undefined;
  const rendered = text.replace(REFERENCE, (whole, expression: string) => {
    if (failure !== undefined) return whole;
    const reference = parseTemplateReference(expression);
    if (isTemplateProblem(reference)) {
      failure = reference;
      return whole;
    }
    const found = lookUp(context, reference);
    if (!found.found) {
      failure = {
        expression: reference.expression,
        message: `{{${reference.expression}}} names nothing in the ${reference.namespace}`,
      };
      return whole;
    }
    return templateValueText(found.value);
  });
  return failure === undefined ? { ok: true, text: rendered } : { ok: false, ...failure };
}
