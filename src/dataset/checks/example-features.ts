/**
 * Builds the {@link ExampleFeatures} of one example from the facts its checks gathered: hashes for
 * duplicates, overlap, system prompts and answers; refusal and image counts; grader fields; the
 * legacy prompt and completion.
 *
 * @module
 */
import type { ExampleFeatures } from '../types.js';
import type { MessageFacts } from './check-message.js';
import { looksLikeRefusal } from './check-message.js';
import { Hash64, hashText } from './hash.js';

/** Facts of one example, whatever its format. */
export interface FeatureFacts {
  /** Hash of the canonical JSON of the whole example. */
  readonly hash: string;
  /** Messages whose system prompt and refusals count (input messages for preference data). */
  readonly messages: readonly (MessageFacts | null)[];
  /** The message whose answer is the example's final answer, when there is one. */
  readonly answer: MessageFacts | null;
  /** Extra assistant messages (the preferred output of preference data). */
  readonly extraAssistant: MessageFacts | null;
  /** Role whose text is the system prompt: `system`, or `developer` for reinforcement data. */
  readonly systemRole: 'system' | 'developer';
  readonly images: number;
  readonly graderFields?: readonly string[];
  readonly prompt?: string | null;
  readonly completion?: string | null;
}

/**
 * Features of a chat, preference or reinforcement example.
 *
 * @param facts - What the checks found.
 * @returns The features.
 */
export function conversationFeatures(facts: FeatureFacts): ExampleFeatures {
  let systemHash: Hash64 | null = null;
  let refusals = 0;
  let assistantMessages = 0;
  for (const message of facts.messages) {
    if (message === null) continue;
    if (message.role === facts.systemRole && message.content.text !== null) {
      systemHash ??= new Hash64();
      systemHash.framedText(message.content.text);
    } else if (message.role === 'assistant') {
      assistantMessages++;
      if (message.isRefusal) refusals++;
    }
  }
  if (facts.extraAssistant?.role === 'assistant') {
    assistantMessages++;
    if (facts.extraAssistant.isRefusal) refusals++;
  }
  const answer = facts.answer?.answer ?? null;
  const features: ExampleFeatures = {
    hash: facts.hash,
    systemPromptHash: systemHash === null ? null : systemHash.digest(),
    answerHash: answer === null ? null : hashText(answer),
    refusals,
    assistantMessages,
    images: facts.images,
    multimodal: facts.images > 0,
  };
  return facts.graderFields === undefined ? features : { ...features, graderFields: facts.graderFields };
}

/**
 * Features of a prompt/completion example.
 *
 * @param hash - Hash of the canonical JSON of the example.
 * @param prompt - The prompt text, when it is a string.
 * @param completion - The completion text, when it is a string.
 * @returns The features; `prompt` and `completion` feed the file-level legacy checks.
 */
export function promptCompletionFeatures(
  hash: string,
  prompt: string | null,
  completion: string | null,
): ExampleFeatures {
  const features: { -readonly [K in keyof ExampleFeatures]: ExampleFeatures[K] } = {
    hash,
    systemPromptHash: null,
    answerHash: completion === null ? null : hashText(completion),
    refusals: completion !== null && looksLikeRefusal(completion) ? 1 : 0,
    assistantMessages: completion === null ? 0 : 1,
    images: 0,
    multimodal: false,
  };
  if (prompt !== null) features.prompt = prompt;
  if (completion !== null) features.completion = completion;
  return features;
}

/**
 * Features of an example whose format is unknown: only the hash (duplicates still count).
 *
 * @param hash - Hash of the canonical JSON of the example.
 */
export function bareFeatures(hash: string): ExampleFeatures {
  return {
    hash,
    systemPromptHash: null,
    answerHash: null,
    refusals: 0,
    assistantMessages: 0,
    images: 0,
    multimodal: false,
  };
}
