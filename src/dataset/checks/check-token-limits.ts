/**
 * Per-example token-limit checks (docs/dataset.md): an example over the model's limit is
 * truncated from the end; when even the first trained assistant token lies past the limit, the
 * example trains nothing.
 *
 * @module
 */
import { exampleTokenCounts } from '../tokens/example-tokens.js';
import type { ExampleFormat, ExampleTokens, TokenCounter } from '../types.js';
import type { MessageFacts } from './check-message.js';
import type { ExampleScope } from './example-scope.js';
import { childPath, formatCount, isJsonObject, type JsonObject } from './issue-draft.js';

/**
 * Reports `example_too_long` and `assistant_truncated`. Needs the model (for its limit); does
 * nothing without one.
 *
 * @param example - The parsed example.
 * @param format - Its format.
 * @param tokens - Its token counts.
 * @param messages - Facts of its messages (input messages for preference data), for the position of the first trained answer.
 * @param counter - The token counter (the prefix before the answer is counted only when over the limit).
 * @param scope - The example's scope.
 */
export function checkTokenLimits(
  example: JsonObject,
  format: ExampleFormat,
  tokens: ExampleTokens,
  messages: readonly (MessageFacts | null)[],
  counter: TokenCounter,
  scope: ExampleScope,
): void {
  const model = scope.context.model;
  if (model === undefined) return;
  const limit = model.maxTokensPerExample;
  if (tokens.total <= limit) return;
  const over = tokens.total - limit;
  scope.add(
    'example_too_long',
    `The example has ${formatCount(tokens.total)} tokens, over the ${formatCount(limit)}-token limit of ${model.snapshot}: it will be truncated from the end, dropping ${formatCount(over)} token${over === 1 ? '' : 's'}.`,
    {},
    { tokens: tokens.total, limit },
  );
  const answer = firstAnswerStart(example, format, messages, counter, scope);
  if (answer !== null && answer.start >= limit) {
    scope.add(
      'assistant_truncated',
      `The first trained answer (${answer.path}) starts at token ${formatCount(answer.start + 1)}, past the ${formatCount(limit)}-token limit: truncation removes every trained answer, so the example trains nothing.`,
      answer.messageIndex === undefined
        ? { path: answer.path }
        : { path: answer.path, messageIndex: answer.messageIndex },
    );
  }
}

interface AnswerStart {
  /** Tokens before the first trained answer token. */
  readonly start: number;
  readonly path: string;
  readonly messageIndex?: number;
}

/**
 * Tokens before the first trained assistant token: the framing of everything before it, counted
 * with the same formula as the total (so tool definitions, names and images count alike).
 */
function firstAnswerStart(
  example: JsonObject,
  format: ExampleFormat,
  messages: readonly (MessageFacts | null)[],
  counter: TokenCounter,
  scope: ExampleScope,
): AnswerStart | null {
  const framing = scope.context.framing;
  const answerHeader = framing.tokensPerMessage + counter.count('assistant');
  switch (format) {
    case 'chat': {
      const index = messages.findIndex((facts) => facts?.role === 'assistant' && facts.weight !== 0);
      if (index < 0 || !Array.isArray(example.messages)) return null;
      const before = exampleTokenCounts(
        { ...example, messages: example.messages.slice(0, index) },
        counter,
        framing,
      );
      return {
        start: before.total - framing.replyPriming + answerHeader,
        path: childPath('messages', index),
        messageIndex: index,
      };
    }
    case 'preference': {
      if (!isJsonObject(example.input)) return null;
      const before = exampleTokenCounts({ input: example.input }, counter, framing);
      return { start: before.total - framing.replyPriming + answerHeader, path: 'preferred_output[0]' };
    }
    case 'prompt_completion': {
      const prompt = typeof example.prompt === 'string' ? example.prompt : null;
      return prompt === null ? null : { start: counter.count(prompt), path: 'completion' };
    }
    default:
      // Reinforcement samples carry no trained answer: the model writes it during training.
      return null;
  }
}
