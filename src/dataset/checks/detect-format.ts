/**
 * Format detection for one example (one JSON object), from its top-level keys.
 *
 * - `messages` → chat or reinforcement. The method decides when given. Without a method, a line is
 *   reinforcement when it has a `developer` message or top-level keys beyond the supervised ones
 *   (grader fields such as `reference_answer`), has no `system` message, and ends with a user
 *   message (the prompt the model answers during training); otherwise it is chat. Pass `method` to
 *   remove the guesswork.
 * - `prompt` + `completion` (any letter case) → prompt_completion.
 * - `input` / `preferred_output` / `non_preferred_output` (also the 2025 spec's `*_completion`
 *   names and TRL's `chosen` / `rejected`) → preference.
 * - Keys of two formats at once → `ambiguous_format`; none → `unknown_format`, with a hint when the
 *   keys look like another tool's format (ShareGPT, Alpaca, Gemini, plain text).
 *
 * @module
 */
import type { ExampleFormat, IssueDraft, TrainingMethod } from '../types.js';
import { isJsonObject, issueDraft, type JsonObject, quoteList } from './issue-draft.js';

/** Top-level keys a supervised chat example may carry. */
export const CHAT_EXAMPLE_KEYS: ReadonlySet<string> = new Set([
  'messages',
  'tools',
  'parallel_tool_calls',
  'functions',
]);
/** Keys reserved by reinforcement data; every other key is a grader field. */
export const REINFORCEMENT_RESERVED_KEYS: ReadonlySet<string> = new Set(['messages', 'tools']);
/** The three keys of a preference example. */
export const PREFERENCE_KEYS: readonly string[] = ['input', 'preferred_output', 'non_preferred_output'];
/** Names other tools and older specs use for preference outputs. */
export const PREFERENCE_ALIAS_KEYS: ReadonlySet<string> = new Set([
  'preferred_completion',
  'non_preferred_completion',
  'chosen',
  'rejected',
]);

/** The result of {@link detectExampleFormat}. */
export interface FormatDetection {
  /** The detected format, or `null` for unknown and ambiguous lines. */
  readonly format: ExampleFormat | null;
  /** `unknown_format` or `ambiguous_format`, when the format could not be decided. */
  readonly issues: readonly IssueDraft[];
}

/** A family of keys seen on a line; `messages` is chat or reinforcement, decided later. */
type Candidate = 'messages' | 'prompt_completion' | 'preference';

const METHOD_FORMATS: Readonly<Record<TrainingMethod, readonly ExampleFormat[]>> = {
  supervised: ['chat', 'prompt_completion'],
  dpo: ['preference'],
  reinforcement: ['reinforcement'],
};

/** Key sets of other tools' formats, with the advice to give, and the importer that reads them. */
const FOREIGN_FORMATS: readonly {
  readonly keys: readonly string[];
  readonly hint: string;
  readonly importer?: 'sharegpt' | 'alpaca';
}[] = [
  { keys: ['conversations'], hint: 'this looks like ShareGPT data', importer: 'sharegpt' },
  {
    keys: ['contents'],
    hint: "this looks like Gemini data: rename 'contents' to 'messages' and each {role, parts} to {role, content}",
  },
  { keys: ['instruction', 'output'], hint: 'this looks like Alpaca data', importer: 'alpaca' },
  {
    keys: ['question', 'answer'],
    hint: 'convert each question/answer pair into a user message and an assistant message',
  },
  { keys: ['text'], hint: 'plain-text (pre-training style) lines are not supported: use chat messages' },
];

/**
 * Detects the format of one parsed example.
 *
 * @param example - The parsed JSON object.
 * @param method - The fine-tuning method, when known; it decides between chat and reinforcement.
 * @returns The format and, when it is `null`, why.
 * @example
 * ```ts
 * detectExampleFormat({ messages: [{ role: 'user', content: 'Hi' }] }).format // 'chat'
 * detectExampleFormat({ prompt: 'a', completion: 'b' }).format              // 'prompt_completion'
 * ```
 */
export function detectExampleFormat(example: JsonObject, method?: TrainingMethod): FormatDetection {
  let hasMessages = false;
  let prompts: string[] | null = null;
  let preferences: string[] | null = null;
  // One pass over the own keys: this runs once per line, so no array at all for the usual line.
  for (const key in example) {
    if (!Object.hasOwn(example, key)) continue;
    if (key === 'messages') {
      hasMessages = true;
      continue;
    }
    let prompt = false;
    if (key.length === 6 || key.length === 10) {
      const lower = key.toLowerCase();
      prompt = lower === 'prompt' || lower === 'completion';
    }
    if (prompt) {
      prompts = prompts ?? [];
      prompts.push(key);
    } else if (PREFERENCE_KEYS.includes(key) || PREFERENCE_ALIAS_KEYS.has(key)) {
      preferences = preferences ?? [];
      preferences.push(key);
    }
  }
  // The usual line: `messages` and no key of another format.
  if (hasMessages && prompts === null && preferences === null)
    return { format: messagesFormat(example, method), issues: [] };
  const promptKeys = prompts ?? [];
  const preferenceKeys = preferences ?? [];
  const hasPreferenceOutput = preferenceKeys.some((key) => key !== 'input');
  // TRL's preference format carries a `prompt` next to `chosen` / `rejected`: that prompt belongs to
  // the preference example and is no sign of prompt/completion data.
  const trlPrompt = hasPreferenceOutput && !promptKeys.some((key) => key.toLowerCase() === 'completion');

  const candidates: Candidate[] = [];
  if (hasMessages) candidates.push('messages');
  if (promptKeys.length > 0 && !trlPrompt) candidates.push('prompt_completion');
  // `input` alone counts only as an object (preference input holds messages): next to `messages` it
  // is more likely a grader field, and as a string it is Alpaca's `input` column.
  if (hasPreferenceOutput || (!hasMessages && isJsonObject(example.input))) candidates.push('preference');

  if (candidates.length === 0) return { format: null, issues: [unknownFormat(Object.keys(example))] };

  if (candidates.length === 1) {
    const only = candidates[0] as Candidate;
    return { format: only === 'messages' ? messagesFormat(example, method) : only, issues: [] };
  }

  // Several formats' keys on one line. Reinforcement data may carry any extra key as a grader field,
  // so a line with `messages` is reinforcement data whatever else it holds when the method says so;
  // a DPO method picks the preference reading. Otherwise the line is ambiguous.
  if (hasMessages && method === 'reinforcement') return { format: 'reinforcement', issues: [] };
  if (method === 'dpo' && candidates.includes('preference')) return { format: 'preference', issues: [] };

  const described = candidates.map((candidate) =>
    candidate === 'messages'
      ? "chat ('messages')"
      : candidate === 'prompt_completion'
        ? `prompt/completion (${quoteList(promptKeys)})`
        : `preference (${quoteList(preferenceKeys)})`,
  );
  const allowed = method ? METHOD_FORMATS[method] : undefined;
  return {
    format: null,
    issues: [
      issueDraft(
        'ambiguous_format',
        `Keys of several formats on one line: ${described.join(' and ')}; keep the keys of one format${
          allowed ? ` (method '${method}' expects ${allowed.join(' or ')} data)` : ''
        }.`,
      ),
    ],
  };
}

function unknownFormat(keys: readonly string[]): IssueDraft {
  const lowerKeys = new Set(keys.map((key) => key.toLowerCase()));
  const foreign = FOREIGN_FORMATS.find((candidate) => candidate.keys.every((key) => lowerKeys.has(key)));
  const found =
    keys.length === 0
      ? 'the object is empty'
      : `found keys ${quoteList(keys.slice(0, 8))}${keys.length > 8 ? ', …' : ''}`;
  const message = `Unexpected file format, expected either prompt/completion pairs or chat messages (or preference input/preferred_output/non_preferred_output): ${found}${
    foreign ? `; ${foreign.hint}` : ''
  }.`;
  // Data an importer reads gets it as its remedy (`Dataset.convertFrom`, `convert --from`).
  return foreign?.importer
    ? {
        code: 'unknown_format',
        message,
        remedy: { kind: 'conversion', conversion: 'convertFrom', format: foreign.importer },
      }
    : issueDraft('unknown_format', message);
}

/** Chat or reinforcement for a line whose only format keys are `messages`. */
function messagesFormat(example: JsonObject, method: TrainingMethod | undefined): ExampleFormat {
  if (method === 'reinforcement') return 'reinforcement';
  if (method === 'supervised' || method === 'dpo') return 'chat';
  return guessChatOrReinforcement(example);
}

/**
 * Chat or reinforcement, for a line with `messages` when no method is given. Reinforcement needs a
 * positive sign (a `developer` message, or grader fields), no `system` message (not allowed in
 * reinforcement data) and a final user message (a supervised example ends with the answer).
 */
function guessChatOrReinforcement(example: JsonObject): ExampleFormat {
  const messages = Array.isArray(example.messages) ? example.messages : [];
  let hasDeveloper = false;
  let hasSystem = false;
  for (const message of messages) {
    if (!isJsonObject(message)) continue;
    if (message.role === 'developer') hasDeveloper = true;
    else if (message.role === 'system') hasSystem = true;
  }
  const last = messages[messages.length - 1];
  const endsWithUser = isJsonObject(last) && last.role === 'user';
  let hasGraderFields = false;
  for (const key in example) {
    if (!CHAT_EXAMPLE_KEYS.has(key) && Object.hasOwn(example, key)) {
      hasGraderFields = true;
      break;
    }
  }
  return (hasDeveloper || hasGraderFields) && !hasSystem && endsWithUser ? 'reinforcement' : 'chat';
}
