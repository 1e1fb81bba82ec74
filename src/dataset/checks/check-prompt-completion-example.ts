/**
 * Per-example checks of legacy prompt/completion data (docs/dataset.md): the two keys and
 * their letter case, extra columns, string values, empty completions, long examples, and
 * upper-case-heavy text. The file-level legacy checks live in `prompt-completion-summary.ts`.
 *
 * @module
 */
import type { ExampleScope } from './example-scope.js';
import { childPath, clip, describeValue, formatCount, type JsonObject, quoteList } from './issue-draft.js';

/** The legacy CLI's bound on prompt + completion characters. */
export const MAX_EXAMPLE_CHARS = 10_000;
/**
 * Fields with fewer letters are not judged for upper case: a label such as " POSITIVE" or " A" is
 * upper-case by nature. The legacy CLI judged whole columns, so short labels were diluted there.
 */
export const MIN_LETTERS_FOR_CASE_CHECK = 12;

/** The prompt and completion text found, for the features and the file-level summary. */
export interface PromptCompletionFacts {
  readonly prompt: string | null;
  readonly completion: string | null;
}

/**
 * Checks a prompt/completion example.
 *
 * @param example - The parsed example.
 * @param scope - The example's scope.
 * @returns The prompt and completion when they are strings.
 */
export function checkPromptCompletionExample(
  example: JsonObject,
  scope: ExampleScope,
): PromptCompletionFacts {
  const found: Record<'prompt' | 'completion', string | undefined> = {
    prompt: undefined,
    completion: undefined,
  };
  const extras: string[] = [];
  for (const key of Object.keys(example)) {
    const lower = key.toLowerCase();
    if (key === 'prompt' || key === 'completion') {
      found[key] = key;
    } else if (
      (lower === 'prompt' || lower === 'completion') &&
      !Object.hasOwn(example, lower) &&
      found[lower] === undefined
    ) {
      found[lower] = key;
      scope.add('key_case_mismatch', `Key '${clip(key, 40)}' must be lower-case '${lower}'.`, {
        path: childPath('', key),
      });
    } else {
      extras.push(key);
    }
  }
  if (extras.length > 0) {
    const duplicates = extras.filter((key) => /prompt|completion/i.test(key));
    scope.add(
      'extra_columns',
      `Remove additional columns/keys: ${quoteList(extras.slice(0, 8).map((key) => clip(key, 40)))}${extras.length > 8 ? ', …' : ''}${
        duplicates.length > 0
          ? `; ${quoteList(duplicates.map((key) => clip(key, 40)))} look like duplicates of prompt/completion`
          : ''
      }.`,
      { path: childPath('', extras[0] as string) },
    );
  }

  const prompt = readField(example, found.prompt, 'prompt', scope);
  let completion: string | null = null;
  if (found.completion === undefined) {
    scope.add(
      'invalid_prompt_completion',
      "`completion` column/key is missing. Please name your keys 'prompt' and 'completion'.",
    );
  } else {
    const value = example[found.completion];
    const path = childPath('', found.completion);
    if (value === null || value === '') {
      scope.add(
        'empty_completion',
        `${path}: the completion is ${value === null ? 'null' : 'empty'}; the example teaches nothing.`,
        { path },
      );
      completion = typeof value === 'string' ? value : null;
    } else if (typeof value === 'string' && value.trim() === '') {
      // The legacy validator drops only "" and null; whitespace is a (poor) answer it trains on.
      scope.add(
        'whitespace_completion',
        `${path}: the completion is only whitespace; the model learns to answer with nothing visible.`,
        { path },
      );
      completion = value;
    } else if (typeof value !== 'string') {
      scope.add('invalid_prompt_completion', `${path}: must be a string, got ${describeValue(value)}.`, {
        path,
      });
    } else {
      completion = value;
    }
  }

  // Open-ended data (empty prompts) is not bounded by the legacy validator; an empty prompt marks
  // the example as such here, as one example cannot see whether all prompts are empty.
  if (prompt !== null && prompt !== '' && completion !== null) {
    const length = prompt.length + completion.length;
    if (length > MAX_EXAMPLE_CHARS) {
      scope.add(
        'long_example_chars',
        `Prompt and completion total ${formatCount(length)} characters, over ${formatCount(MAX_EXAMPLE_CHARS)}; examples that long are usually truncated or wasteful.`,
      );
    }
  }
  for (const [field, text] of [
    ['prompt', prompt],
    ['completion', completion],
  ] as const) {
    if (text === null) continue;
    const { upper, lower } = countLetters(text);
    if (upper + lower >= MIN_LETTERS_FOR_CASE_CHECK && upper * 2 > lower) {
      const path = found[field] === undefined ? field : childPath('', found[field]);
      scope.add(
        'uppercase_heavy',
        `${path}: ${upper} of ${upper + lower} letters are upper-case (over a third); lower-case text usually fine-tunes better.`,
        { path },
      );
    }
  }
  return { prompt, completion };
}

function readField(
  example: JsonObject,
  key: string | undefined,
  name: 'prompt',
  scope: ExampleScope,
): string | null {
  if (key === undefined) {
    scope.add(
      'invalid_prompt_completion',
      `\`${name}\` column/key is missing. Please name your keys 'prompt' and 'completion'.`,
    );
    return null;
  }
  const value = example[key];
  if (typeof value !== 'string') {
    const path = childPath('', key);
    scope.add('invalid_prompt_completion', `${path}: must be a string, got ${describeValue(value)}.`, {
      path,
    });
    return null;
  }
  return value;
}

const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;

/** Counts upper- and lower-case letters (any script with case). */
function countLetters(text: string): { upper: number; lower: number } {
  let upper = 0;
  let lower = 0;
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code < 128) {
      if (code >= 65 && code <= 90) upper++;
      else if (code >= 97 && code <= 122) lower++;
    } else if ((code >= 0x2e80 && code < 0xa640) || (code >= 0xac00 && code < 0xd800)) {
      // CJK, kana and Hangul have no letter case: skip the Unicode property tests on them.
    } else if (UPPER.test(character)) upper++;
    else if (LOWER.test(character)) lower++;
  }
  return { upper, lower };
}
