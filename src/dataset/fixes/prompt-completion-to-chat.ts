/**
 * Conversion of legacy prompt/completion data to chat data, for models that train only on chat
 * (every model still fine-tunable).
 *
 * @module
 */
import { FinetuneKitUsageError } from '../../errors.js';
import type { DatasetInput } from '../input/dataset-input.js';
import type { DroppedLine } from './fix-dataset.js';
import { lowercaseLegacyKeys } from './fix-dataset.js';
import { readRecords } from './read-records.js';

/** Options of the prompt/completion → chat conversion. */
export interface PromptCompletionToChatOptions {
  /** A system message to put first in every converted example. */
  readonly systemPrompt?: string;
  /** A separator to remove from the end of prompts, e.g. `" ->"` or `"\n\n###\n\n"`. */
  readonly promptSuffix?: string;
  /** A stop sequence to remove from the end of completions, e.g. `"\n"` or `" END"`. */
  readonly completionSuffix?: string;
  /** Trim whitespace around prompt and completion (legacy completions start with a space). @default true */
  readonly trim?: boolean;
  /** Aborts the run. */
  readonly signal?: AbortSignal;
}

/** What a conversion did. */
export interface ConversionResult {
  /** Records read (lines, or elements of a JSON array file). */
  readonly read: number;
  /** Lines written. */
  readonly written: number;
  /** Prompt/completion examples converted to chat. */
  readonly converted: number;
  /** Chat examples kept as they were. */
  readonly kept: number;
  /** Lines left out, in input order. */
  readonly dropped: readonly DroppedLine[];
}

/**
 * Streams the converted lines: each `{prompt, completion}` becomes `{messages: [system?, user,
 * assistant]}`; chat lines pass unchanged; blank, invalid and other lines are dropped and listed.
 *
 * @param input - The dataset input.
 * @param options - See {@link PromptCompletionToChatOptions}.
 * @returns A producer for `DatasetOutput`.
 * @throws {FinetuneKitUsageError} When an option has the wrong type; `option` is its path.
 */
export function promptCompletionToChatLines(
  input: DatasetInput,
  options: PromptCompletionToChatOptions = {},
) {
  if (typeof options !== 'object' || options === null)
    throw new FinetuneKitUsageError('promptCompletionToChat(options): options must be an object.', 'options');
  for (const name of ['systemPrompt', 'promptSuffix', 'completionSuffix'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'string') {
      throw new FinetuneKitUsageError(
        `promptCompletionToChat(options): options.${name} must be a string.`,
        `options.${name}`,
      );
    }
  }
  if (options.trim !== undefined && typeof options.trim !== 'boolean') {
    throw new FinetuneKitUsageError(
      'promptCompletionToChat(options): options.trim must be a boolean.',
      'options.trim',
    );
  }
  const trim = options.trim ?? true;
  const clean = (text: string, suffix: string | undefined) => {
    let result = trim ? text.trim() : text;
    const trimmedSuffix = suffix !== undefined && trim ? suffix.trim() : suffix;
    if (trimmedSuffix && result.endsWith(trimmedSuffix)) result = result.slice(0, -trimmedSuffix.length);
    return trim ? result.trim() : result;
  };
  return async function* produce(): AsyncGenerator<string, ConversionResult, undefined> {
    const dropped: DroppedLine[] = [];
    let read = 0;
    let written = 0;
    let converted = 0;
    let kept = 0;
    for await (const record of readRecords(input, options.signal, () => {})) {
      read++;
      if (record.kind === 'blank') {
        dropped.push({ line: record.line, code: 'blank_line', reason: 'blank line' });
        continue;
      }
      if (record.kind === 'invalid') {
        dropped.push({ line: record.line, code: record.code, reason: record.reason });
        continue;
      }
      const value = lowercaseLegacyKeys(record.value);
      if ('messages' in value && !('prompt' in value)) {
        kept++;
        written++;
        yield record.text ?? JSON.stringify(value);
        continue;
      }
      if (!('prompt' in value) || !('completion' in value)) {
        dropped.push({
          line: record.line,
          code: 'unknown_format',
          reason: 'neither prompt/completion nor chat',
        });
        continue;
      }
      const { prompt, completion } = value;
      if (typeof prompt !== 'string' || (typeof completion !== 'string' && completion !== null)) {
        dropped.push({
          line: record.line,
          code: 'invalid_prompt_completion',
          reason: 'prompt or completion is not a string',
        });
        continue;
      }
      const answer = completion === null ? '' : clean(completion, options.completionSuffix);
      if (answer.length === 0) {
        // Named as validation names it: only "" and null are empty_completion.
        const blank = typeof completion === 'string' && completion !== '' && completion.trim() === '';
        dropped.push(
          blank
            ? { line: record.line, code: 'whitespace_completion', reason: 'whitespace-only completion' }
            : { line: record.line, code: 'empty_completion', reason: 'empty completion' },
        );
        continue;
      }
      const messages: { role: string; content: string }[] = [];
      if (options.systemPrompt !== undefined)
        messages.push({ role: 'system', content: options.systemPrompt });
      messages.push({ role: 'user', content: clean(prompt, options.promptSuffix) });
      messages.push({ role: 'assistant', content: answer });
      converted++;
      written++;
      yield JSON.stringify({ messages });
    }
    return { read, written, converted, kept, dropped };
  };
}
