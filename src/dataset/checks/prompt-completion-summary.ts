/**
 * The file-level checks of legacy prompt/completion data (docs/dataset.md), computed in one
 * streaming pass with bounded memory: common prompt and completion prefixes, the prompt separator
 * (common suffix), the completion stop sequence, leading spaces, and identical prompts or
 * completions. Suggestions follow the legacy `prepare_data` tool exactly.
 *
 * Memory: the first prompt and completion (the common affixes are cut from them), a few flags, and
 * up to {@link MAX_DISTINCT_COMPLETIONS} completion hashes to tell classification data apart.
 *
 * @module
 */
import type { ExampleFeatures, IssueDraft } from '../types.js';
import { hashText } from './hash.js';
import { issueDraft } from './issue-draft.js';

/** Prompt separators the legacy tool suggests, in order (`" ->"` only when no prompt has a newline). */
export const PROMPT_SEPARATOR_OPTIONS: readonly string[] = [
  ' ->',
  '\n\n###\n\n',
  '\n\n===\n\n',
  '\n\n---\n\n',
  '\n\n===>\n\n',
  '\n\n--->\n\n',
];
/** The separator suggested when every option already occurs in some prompt. */
export const FALLBACK_PROMPT_SEPARATOR = '\n\n### =>\n\n';
/** Stop sequences the legacy tool suggests, in order. */
export const COMPLETION_STOP_OPTIONS: readonly string[] = [
  '\n',
  '.',
  ' END',
  '***',
  '+++',
  '&&&',
  '$$$',
  '@@@',
  '%%%',
];
/** The stop sequence suggested when every option already occurs in some completion. */
export const FALLBACK_COMPLETION_STOP = ' [END]';
/** A common prompt prefix longer than this is reported. */
export const MAX_PROMPT_PREFIX = 12;
/** A common completion prefix this long or longer is reported. */
export const MIN_COMPLETION_PREFIX = 5;
/** A common prompt suffix longer than this is reported as long. */
export const MAX_SEPARATOR_LENGTH = 10;
/**
 * Distinct completions tracked to detect classification data (fewer distinct completions than a
 * third of the examples). Past this many, the data is treated as generation: classification data
 * has few labels, and a file would need over three times this many examples to be classification.
 */
export const MAX_DISTINCT_COMPLETIONS = 65_536;

/** The accumulator returned by {@link createPromptCompletionSummary}. */
export interface PromptCompletionSummary {
  /**
   * Adds one prompt/completion example (examples without string prompt and completion, and those with
   * an empty completion, are skipped, as the legacy tool drops them first; a whitespace-only
   * completion is not empty there, so it counts).
   *
   * @param features - The example's features (`prompt`, `completion`).
   * @param example - Its 1-based example number, quoted in messages.
   */
  observe(features: ExampleFeatures, example: number): void;
  /** The file-level issues; call once, after the last example. */
  finish(): IssueDraft[];
}

interface AffixState {
  first: string;
  prefix: string;
  suffix: string;
  allSame: boolean;
}

/**
 * Creates the streaming accumulator of the legacy prompt/completion checks.
 *
 * @returns An accumulator with `observe` and `finish`.
 * @example
 * ```ts
 * const summary = createPromptCompletionSummary();
 * summary.observe({ ...features, prompt: 'Review: good', completion: ' positive' }, 1);
 * summary.observe({ ...features, prompt: 'Review: bad', completion: ' negative' }, 2);
 * summary.finish(); // [{ code: 'missing_prompt_separator', message: 'Prompts do not end with a common separator…' }, …]
 * ```
 */
export function createPromptCompletionSummary(): PromptCompletionSummary {
  let examples = 0;
  let prompts: AffixState | null = null;
  let completions: AffixState | null = null;
  let allPromptsEmpty = true;
  let anyPromptHasNewline = false;
  const separatorUsed = PROMPT_SEPARATOR_OPTIONS.map(() => false);
  const stopUsed = COMPLETION_STOP_OPTIONS.map(() => false);
  /** Longest prompt suffix (within the common suffix) that also occurs earlier in the same prompt. */
  let suffixRecurrence = 0;
  let suffixRecurrenceExample = 0;
  let noLeadingSpace = 0;
  let firstNoLeadingSpace = 0;
  const distinctCompletions = new Set<string>();
  let distinctOverflow = false;

  return {
    observe(features, example) {
      const { prompt, completion } = features;
      if (typeof prompt !== 'string' || typeof completion !== 'string' || completion === '') return;
      examples++;
      prompts = updateAffixes(prompts, prompt);
      completions = updateAffixes(completions, completion);
      if (prompt !== '') allPromptsEmpty = false;
      if (!anyPromptHasNewline && prompt.includes('\n')) anyPromptHasNewline = true;
      PROMPT_SEPARATOR_OPTIONS.forEach((option, index) => {
        if (!separatorUsed[index] && prompt.includes(option)) separatorUsed[index] = true;
      });
      COMPLETION_STOP_OPTIONS.forEach((option, index) => {
        if (!stopUsed[index] && completion.includes(option)) stopUsed[index] = true;
      });
      const recurrence = longestRecurringSuffix(prompt, prompts.suffix.length);
      if (recurrence > suffixRecurrence) {
        suffixRecurrence = recurrence;
        suffixRecurrenceExample = example;
      }
      if (!completion.startsWith(' ')) {
        if (noLeadingSpace === 0) firstNoLeadingSpace = example;
        noLeadingSpace++;
      }
      if (!distinctOverflow) {
        distinctCompletions.add(hashText(completion));
        if (distinctCompletions.size > MAX_DISTINCT_COMPLETIONS) {
          distinctOverflow = true;
          distinctCompletions.clear();
        }
      }
    },

    finish() {
      const issues: IssueDraft[] = [];
      if (examples < 2 || prompts === null || completions === null) return issues;
      const promptState: AffixState = prompts;
      const completionState: AffixState = completions;
      const openEnded = allPromptsEmpty;
      const classification = !distinctOverflow && distinctCompletions.size < examples / 3;

      if (!openEnded) {
        if (promptState.allSame) {
          issues.push(
            issueDraft(
              'identical_prompts',
              `All ${examples} prompts are identical: ${show(promptState.first)}. Set the prompts to "" if you want open-ended generation.`,
            ),
          );
        } else {
          if (promptState.prefix.length > MAX_PROMPT_PREFIX) {
            issues.push(
              issueDraft(
                'common_prompt_prefix',
                `All prompts start with ${show(promptState.prefix)} (${promptState.prefix.length} characters); removing it saves tokens without changing what the model learns.`,
              ),
            );
          }
          checkSeparator(promptState.suffix, issues);
        }
      }

      if (completionState.prefix.length >= MIN_COMPLETION_PREFIX && !completionState.allSame) {
        const keepSpace = completionState.prefix.startsWith(' ') ? ' (keep the leading space)' : '';
        issues.push(
          issueDraft(
            'common_completion_prefix',
            `All completions start with ${show(completionState.prefix)}; remove it${keepSpace} and add it back after generation: it adds nothing to learn.`,
          ),
        );
      }
      // As the legacy validator (`common_completion_suffix_validator`): open-ended and
      // classification data are not judged on their completions' endings, so a classification
      // file of one label or three open-ended rows with one answer are not errors here.
      const judgeEndings = !openEnded && !classification;
      if (judgeEndings && completionState.allSame) {
        issues.push(
          issueDraft(
            'identical_completions',
            `All ${examples} completions are identical: ${show(completionState.first)}; the model can learn nothing from the prompts.`,
          ),
        );
      } else if (judgeEndings && completionState.suffix === '') {
        const stop = COMPLETION_STOP_OPTIONS.find((_, index) => !stopUsed[index]) ?? FALLBACK_COMPLETION_STOP;
        issues.push(
          issueDraft(
            'missing_completion_stop',
            `Completions do not end with a common stop sequence, so the model cannot learn where to stop; add ${show(stop)} to every completion and pass stop=[${show(stop)}] at inference.`,
          ),
        );
      }
      if (noLeadingSpace > 0) {
        issues.push(
          issueDraft(
            'completion_no_leading_space',
            `${noLeadingSpace} of ${examples} completions do not start with a space (first: example ${firstNoLeadingSpace}); a leading space tends to work better with the tokenizer.`,
          ),
        );
      }
      return issues;

      function checkSeparator(suffix: string, found: IssueDraft[]): void {
        if (suffix === '') {
          const separator =
            PROMPT_SEPARATOR_OPTIONS.find(
              (option, index) => !separatorUsed[index] && !(option === ' ->' && anyPromptHasNewline),
            ) ?? FALLBACK_PROMPT_SEPARATOR;
          found.push(
            issueDraft(
              'missing_prompt_separator',
              `Prompts do not end with a common separator, so the model cannot tell where the completion begins; add ${show(separator)} to every prompt (and to prompts at inference).`,
            ),
          );
          return;
        }
        const reasons: string[] = [];
        if (suffix.length > MAX_SEPARATOR_LENGTH)
          reasons.push(
            `it is ${suffix.length} characters long; a shorter one such as "\\n\\n###\\n\\n" works as well`,
          );
        if (suffixRecurrence >= suffix.length) {
          reasons.push(
            `it also occurs earlier inside a prompt (first: example ${suffixRecurrenceExample}), so the model may stop the prompt early`,
          );
        }
        if (reasons.length > 0) {
          found.push(
            issueDraft(
              'long_prompt_separator',
              `All prompts end with the separator ${show(suffix)}, but ${reasons.join('; and ')}.`,
            ),
          );
        }
      }
    },
  };
}

function updateAffixes(state: AffixState | null, text: string): AffixState {
  if (state === null) return { first: text, prefix: text, suffix: text, allSame: true };
  if (state.allSame && text !== state.first) state.allSame = false;
  state.prefix = state.prefix.slice(0, commonPrefixLength(state.prefix, text));
  state.suffix = state.suffix.slice(state.suffix.length - commonSuffixLength(state.suffix, text));
  return state;
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  while (index < limit && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  return index;
}

function commonSuffixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  while (index < limit && a.charCodeAt(a.length - 1 - index) === b.charCodeAt(b.length - 1 - index)) index++;
  return index;
}

/**
 * The longest `l ≤ max` such that the last `l` characters of `text` also occur in the text before
 * them. If a suffix recurs, every shorter suffix does too (it ends inside the same occurrence), so
 * a binary search over `l` is exact: O(log max) substring searches.
 */
function longestRecurringSuffix(text: string, max: number): number {
  let low = 0;
  let high = Math.min(max, Math.floor(text.length / 2));
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const suffix = text.slice(text.length - middle);
    if (text.slice(0, text.length - middle).includes(suffix)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** A string as JSON, cut for messages, so separators such as "\n\n###\n\n" are visible. */
function show(text: string): string {
  const json = JSON.stringify(text);
  return json.length > 60 ? `${json.slice(0, 59)}…"` : json;
}
