/**
 * The remedies of the legacy prompt/completion checks as fixes, as the legacy `prepare_data` tool
 * (openai-python 0.x, `openai/validators.py`) offers them: add a separator to every prompt, add a
 * stop sequence to every completion, start completions with a space, and strip the prefix all
 * prompts (longer than 12 characters) or all completions (5 or more) share.
 *
 * Choosing a separator or stop sequence (`true`) and finding the common prefixes needs the whole
 * file: a first pass over the input collects them in bounded memory (the running common prefixes,
 * a few flags), then the fix pass applies them.
 *
 * @module
 */

import { hashText } from '../checks/hash.js';
import {
  COMPLETION_STOP_OPTIONS,
  FALLBACK_COMPLETION_STOP,
  FALLBACK_PROMPT_SEPARATOR,
  MAX_DISTINCT_COMPLETIONS,
  MAX_PROMPT_PREFIX,
  MIN_COMPLETION_PREFIX,
  PROMPT_SEPARATOR_OPTIONS,
} from '../checks/prompt-completion-summary.js';
import type { DatasetInput } from '../input/dataset-input.js';
import { lowercaseLegacyKeys } from './fix-dataset.js';
import { readRecords } from './read-records.js';

/** The legacy fixes asked for. */
export interface LegacyFixRequest {
  /** A separator to end every prompt with, or `true` for the legacy tool's suggestion. */
  readonly addPromptSeparator?: string | boolean | undefined;
  /** A stop sequence to end every completion with, or `true` for the legacy tool's suggestion. */
  readonly addCompletionStop?: string | boolean | undefined;
  readonly addLeadingSpace?: boolean | undefined;
  readonly stripCommonPrefix?: boolean | undefined;
}

/** What the legacy fixes chose, reported in the fix result. */
export interface LegacyFixChoices {
  /** The separator added to prompts (absent when none was added: open-ended data, or not asked). */
  readonly promptSeparator?: string;
  /** The stop sequence added to completions (not chosen for open-ended or classification data). */
  readonly completionStop?: string;
  /** The prefix removed from every prompt. */
  readonly promptPrefix?: string;
  /** The prefix removed from every completion (a leading space is kept). */
  readonly completionPrefix?: string;
}

/** Which legacy fix changed a value, for the counts. */
export type LegacyFixName =
  | 'addPromptSeparator'
  | 'addCompletionStop'
  | 'addLeadingSpace'
  | 'stripCommonPrefix';

/**
 * True when a first pass over the data is needed (a suggestion to choose or prefixes to find).
 *
 * @param request - The fixes asked for.
 */
export function needsSurvey(request: LegacyFixRequest): boolean {
  return (
    request.addPromptSeparator === true ||
    request.addCompletionStop === true ||
    request.stripCommonPrefix === true
  );
}

/**
 * Reads the input once and decides what the fixes add and strip.
 *
 * @param input - A reusable input.
 * @param request - The fixes asked for.
 * @param signal - Aborts the pass.
 */
export async function surveyLegacyFixes(
  input: DatasetInput,
  request: LegacyFixRequest,
  signal: AbortSignal | undefined,
): Promise<LegacyFixChoices> {
  let examples = 0;
  let promptPrefix: string | null = null;
  let completionPrefix: string | null = null;
  let firstPrompt = '';
  let firstCompletion = '';
  let samePrompts = true;
  let sameCompletions = true;
  let anyPrompt = false;
  let promptNewline = false;
  const separatorUsed = PROMPT_SEPARATOR_OPTIONS.map(() => false);
  const stopUsed = COMPLETION_STOP_OPTIONS.map(() => false);
  const distinct = new Set<string>();
  let overflow = false;
  for await (const record of readRecords(input, signal, () => {})) {
    if (record.kind !== 'example') continue;
    const value = lowercaseLegacyKeys(record.value);
    const { prompt, completion } = value;
    // As the legacy tool: only string pairs with a non-empty completion count.
    if (typeof prompt !== 'string' || typeof completion !== 'string' || completion === '') continue;
    if (examples === 0) {
      firstPrompt = prompt;
      firstCompletion = completion;
    }
    examples++;
    promptPrefix =
      promptPrefix === null ? prompt : promptPrefix.slice(0, commonPrefixLength(promptPrefix, prompt));
    completionPrefix =
      completionPrefix === null
        ? completion
        : completionPrefix.slice(0, commonPrefixLength(completionPrefix, completion));
    if (prompt !== firstPrompt) samePrompts = false;
    if (completion !== firstCompletion) sameCompletions = false;
    if (prompt !== '') anyPrompt = true;
    if (prompt.includes('\n')) promptNewline = true;
    PROMPT_SEPARATOR_OPTIONS.forEach((option, index) => {
      if (prompt.includes(option)) separatorUsed[index] = true;
    });
    COMPLETION_STOP_OPTIONS.forEach((option, index) => {
      if (completion.includes(option)) stopUsed[index] = true;
    });
    if (!overflow) {
      distinct.add(hashText(completion));
      if (distinct.size > MAX_DISTINCT_COMPLETIONS) {
        overflow = true;
        distinct.clear();
      }
    }
  }
  const openEnded = !anyPrompt;
  const classification = !overflow && distinct.size < examples / 3;
  const choices: { -readonly [K in keyof LegacyFixChoices]: LegacyFixChoices[K] } = {};
  if (request.addPromptSeparator === true && !openEnded && examples > 0) {
    choices.promptSeparator =
      PROMPT_SEPARATOR_OPTIONS.find(
        (option, index) => !separatorUsed[index] && !(option === ' ->' && promptNewline),
      ) ?? FALLBACK_PROMPT_SEPARATOR;
  }
  if (request.addCompletionStop === true && !openEnded && !classification && examples > 0) {
    choices.completionStop =
      COMPLETION_STOP_OPTIONS.find((_, index) => !stopUsed[index]) ?? FALLBACK_COMPLETION_STOP;
  }
  if (request.stripCommonPrefix === true && examples >= 2) {
    if (promptPrefix !== null && promptPrefix.length > MAX_PROMPT_PREFIX && !samePrompts) {
      choices.promptPrefix = promptPrefix;
    }
    if (completionPrefix !== null && completionPrefix.length >= MIN_COMPLETION_PREFIX && !sameCompletions) {
      choices.completionPrefix = completionPrefix;
    }
  }
  return choices;
}

/**
 * Applies the legacy fixes to one prompt/completion example.
 *
 * @param value - The example (keys already lower-cased).
 * @param request - The fixes asked for (explicit separator and stop strings are used as given).
 * @param choices - What the survey chose.
 * @returns The new example and the fixes that changed it, or `null` when nothing changed.
 */
export function applyLegacyFixes(
  value: Record<string, unknown>,
  request: LegacyFixRequest,
  choices: LegacyFixChoices,
): { value: Record<string, unknown>; fixes: LegacyFixName[] } | null {
  if (typeof value.prompt !== 'string' || typeof value.completion !== 'string' || value.completion === '')
    return null;
  let prompt: string = value.prompt;
  let completion: string = value.completion;
  const fixes: LegacyFixName[] = [];
  if (choices.promptPrefix !== undefined && prompt.startsWith(choices.promptPrefix)) {
    prompt = prompt.slice(choices.promptPrefix.length);
    fixes.push('stripCommonPrefix');
  }
  if (choices.completionPrefix !== undefined && completion.startsWith(choices.completionPrefix)) {
    // As the legacy tool: a prefix that starts with a space leaves that one space.
    completion = `${choices.completionPrefix.startsWith(' ') ? ' ' : ''}${completion.slice(choices.completionPrefix.length)}`;
    if (!fixes.includes('stripCommonPrefix')) fixes.push('stripCommonPrefix');
  }
  const separator =
    typeof request.addPromptSeparator === 'string' ? request.addPromptSeparator : choices.promptSeparator;
  if (separator && !prompt.endsWith(separator)) {
    prompt += separator;
    fixes.push('addPromptSeparator');
  }
  if (request.addLeadingSpace === true && !completion.startsWith(' ')) {
    completion = ` ${completion}`;
    fixes.push('addLeadingSpace');
  }
  const stop =
    typeof request.addCompletionStop === 'string' ? request.addCompletionStop : choices.completionStop;
  if (stop && !completion.endsWith(stop)) {
    completion += stop;
    fixes.push('addCompletionStop');
  }
  return fixes.length === 0 ? null : { value: { ...value, prompt, completion }, fixes };
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  while (index < limit && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  return index;
}
