/**
 * Token counts of one fine-tuning example with the cookbook framing (docs/internals/dataset-rules.md#example-framing). The core
 * used by the public `countExampleTokens` and by validation (possibly in a worker thread): it takes
 * a ready counter and normalised framing, so the hot path does no option handling.
 *
 * @module
 */

import { isRecord } from '../../internal/is-record.js';
import type { ExampleTokens, TokenCounter, TokenFraming } from '../types.js';
import { countImagePartTokens } from './image-tokens.js';
import { countToolDefinitionTokens } from './tool-definition-tokens.js';

/** The cookbook framing: 3 per message, 1 per name, 3 for the reply priming, tools counted. */
export const DEFAULT_TOKEN_FRAMING: TokenFraming = Object.freeze({
  tokensPerMessage: 3,
  tokensPerName: 1,
  replyPriming: 3,
  countToolDefinitions: true,
  assistantTokensTrainableOnly: false,
});

/** How image parts are counted. */
export interface ImageTokenOptions {
  /** Count image parts (docs/internals/dataset-rules.md#images). When false they count 0. @default true */
  readonly countImages?: boolean;
  /** Tokens for an image whose size cannot be read offline (remote URL, broken data URL). @default 0 */
  readonly unmeasurableImageTokens?: number;
}

const ZERO: ExampleTokens = Object.freeze({ total: 0, assistant: 0, messages: 0 });

/**
 * Counts one example of any format. Never throws on malformed values: whatever is a string where
 * text is expected is counted, everything else counts 0.
 *
 * - chat and reinforcement (`messages`): `replyPriming + Σ_m [tokensPerMessage + Σ string values
 *   (role, content, name, tool_call_id, …) + content parts + tool_calls + function_call + (name ?
 *   tokensPerName : 0)]`, plus top-level `tools` / `functions` definitions (docs/internals/dataset-rules.md#tool-definitions) when enabled.
 *   Reinforcement grader fields (other top-level keys) are not sent to the model and count 0.
 * - preference (`input` + `preferred_output`): the input messages and the preferred output messages
 *   framed as one conversation (the preferred answer is the trained completion), plus `input.tools`.
 * - prompt/completion: `tok(prompt) + tok(completion)`, no framing.
 *
 * @param example - A parsed JSONL line (any value).
 * @param counter - The counter of the model's encoding.
 * @param framing - The framing constants. @default DEFAULT_TOKEN_FRAMING
 * @param images - How image parts are counted.
 * @returns Total, assistant and message counts.
 */
export function exampleTokenCounts(
  example: unknown,
  counter: TokenCounter,
  framing: TokenFraming = DEFAULT_TOKEN_FRAMING,
  images: ImageTokenOptions = {},
): ExampleTokens {
  if (!isRecord(example)) return ZERO;
  const tally: Tally = { total: 0, assistant: 0, messages: 0 };
  const imageTokens = images.countImages === false ? null : (images.unmeasurableImageTokens ?? 0);
  if (Array.isArray(example.messages)) {
    addMessages(tally, example.messages, counter, framing, imageTokens);
    tally.total += framing.replyPriming + definitionTokens(example, counter, framing);
    return tally;
  }
  if (isRecord(example.input) || 'preferred_output' in example) {
    const input = isRecord(example.input) ? example.input : {};
    if (Array.isArray(input.messages)) addMessages(tally, input.messages, counter, framing, imageTokens);
    if (Array.isArray(example.preferred_output)) {
      addMessages(tally, example.preferred_output, counter, framing, imageTokens);
    }
    tally.total += framing.replyPriming + definitionTokens(input, counter, framing);
    return tally;
  }
  if ('prompt' in example || 'completion' in example) {
    const prompt = typeof example.prompt === 'string' ? counter.count(example.prompt) : 0;
    const completion = typeof example.completion === 'string' ? counter.count(example.completion) : 0;
    return { total: prompt + completion, assistant: completion, messages: 0 };
  }
  return ZERO;
}

interface Tally {
  total: number;
  assistant: number;
  messages: number;
}

function addMessages(
  tally: Tally,
  messages: readonly unknown[],
  counter: TokenCounter,
  framing: TokenFraming,
  imageTokens: number | null,
): void {
  for (const message of messages) {
    if (!isRecord(message)) continue;
    tally.messages++;
    let framed = framing.tokensPerMessage;
    let answer = 0;
    const prompt = message.role === 'system' || message.role === 'developer';
    for (const key in message) {
      const value = message[key];
      if (typeof value === 'string') {
        const tokens = prompt && key === 'content' ? countPrompt(value, counter) : counter.count(value);
        framed += tokens;
        if (key === 'content') answer += tokens;
        if (key === 'name') framed += framing.tokensPerName;
      } else if (key === 'content') {
        const tokens = countContentParts(value, counter, imageTokens);
        framed += tokens;
        answer += tokens;
      } else if (key === 'tool_calls') {
        const tokens = countToolCalls(value, counter);
        framed += tokens;
        answer += tokens;
      } else if (key === 'function_call') {
        const tokens = countFunctionCall(value, counter);
        framed += tokens;
        answer += tokens;
      }
    }
    tally.total += framed;
    if (message.role === 'assistant' && !(framing.assistantTokensTrainableOnly && message.weight === 0)) {
      tally.assistant += answer;
    }
  }
}

/** Distinct system and developer prompts remembered per counter. */
const PROMPT_MEMO_SIZE = 8;
/** Longer prompts are counted every time (the memo keeps its strings alive). */
const PROMPT_MEMO_MAX_CHARS = 1 << 20;

/** The last prompts a counter counted, in a ring. */
interface PromptMemo {
  readonly texts: string[];
  readonly tokens: number[];
  next: number;
}

const promptMemos = new WeakMap<TokenCounter, PromptMemo>();

/**
 * `counter.count(text)` for a system or developer prompt, remembered: most datasets repeat one
 * prompt (or a few) on every line, often the longest text of a short exchange. Comparing the
 * string with the few remembered ones costs a length check, or a memory compare when the
 * lengths are equal, against about 100 MB/s for counting it again.
 */
function countPrompt(text: string, counter: TokenCounter): number {
  if (text.length > PROMPT_MEMO_MAX_CHARS) return counter.count(text);
  let memo = promptMemos.get(counter);
  if (memo === undefined) {
    memo = { texts: [], tokens: [], next: 0 };
    promptMemos.set(counter, memo);
  }
  const texts = memo.texts;
  for (let index = 0; index < texts.length; index++) {
    if (texts[index] === text) return memo.tokens[index] as number;
  }
  const tokens = counter.count(text);
  texts[memo.next] = text;
  memo.tokens[memo.next] = tokens;
  memo.next = (memo.next + 1) % PROMPT_MEMO_SIZE;
  return tokens;
}

/** Σ tok(part.text) over text parts, plus image parts when counted. */
function countContentParts(content: unknown, counter: TokenCounter, imageTokens: number | null): number {
  if (!Array.isArray(content)) return 0;
  let total = 0;
  for (const part of content) {
    if (!isRecord(part)) continue;
    if (typeof part.text === 'string') total += counter.count(part.text);
    else if (imageTokens !== null && (part.type === 'image_url' || 'image_url' in part)) {
      total += countImagePartTokens(part, imageTokens);
    }
  }
  return total;
}

/** Σ_calls tok(function.name) + tok(function.arguments). */
function countToolCalls(toolCalls: unknown, counter: TokenCounter): number {
  if (!Array.isArray(toolCalls)) return 0;
  let total = 0;
  for (const call of toolCalls) {
    if (isRecord(call)) total += countFunctionCall(call.function, counter);
  }
  return total;
}

/** tok(name) + tok(arguments). */
function countFunctionCall(call: unknown, counter: TokenCounter): number {
  if (!isRecord(call)) return 0;
  return (
    (typeof call.name === 'string' ? counter.count(call.name) : 0) +
    (typeof call.arguments === 'string' ? counter.count(call.arguments) : 0)
  );
}

/** Tokens of the `tools` and deprecated `functions` definitions an example (or a DPO input) carries. */
function definitionTokens(
  holder: Record<string, unknown>,
  counter: TokenCounter,
  framing: TokenFraming,
): number {
  if (!framing.countToolDefinitions) return 0;
  return (
    countToolDefinitionTokens(holder.tools, counter) + countToolDefinitionTokens(holder.functions, counter)
  );
}
