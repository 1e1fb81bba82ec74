/**
 * The token-limit fixes: drop or truncate examples over the model's limit per example, counted
 * exactly as validation counts them for `example_too_long` (the model's encoding, the same framing
 * and formula), so a fixed file raises no `example_too_long`.
 *
 * Truncation removes whole trailing messages of a chat example, never part of one, and never cuts
 * inside a tool-call exchange: the kept conversation ends with an assistant message that is not
 * followed by its `tool` results, and keeps at least one trained (weight ≠ 0) assistant message.
 * An example with no such shorter form, and every over-long example of another format (preference,
 * prompt/completion, reinforcement: cutting them would change the trained answer), is dropped.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../../errors.js';
import { exampleTokenCounts } from '../tokens/example-tokens.js';
import { loadTokenCounter } from '../tokens/index.js';
import type { TokenCounter } from '../types.js';
import { normalizeValidateOptions } from '../validate-options.js';

/** What to do with one example. */
export type TokenLimitVerdict =
  | { readonly action: 'keep' }
  | { readonly action: 'drop'; readonly reason: string }
  | { readonly action: 'truncate'; readonly value: Record<string, unknown>; readonly reason: string };

/** Judges examples against the model's limit. */
export type TokenLimitFixer = (value: Record<string, unknown>) => TokenLimitVerdict;

/**
 * Loads the model's token counter and returns the judge.
 *
 * @param model - The model name (alias, snapshot or `ft:` name).
 * @param truncate - Truncate chat examples when possible (else drop every over-long example).
 * @param signal - Aborts loading the encoding.
 * @param tokenCounter - A counter to use instead of the model's encoding (tests, custom models).
 * @throws {FinetuneKitUsageError} When the model is unknown (`option` is `options.model`).
 */
export async function createTokenLimitFixer(
  model: string,
  truncate: boolean,
  signal: AbortSignal | undefined,
  tokenCounter?: TokenCounter,
): Promise<TokenLimitFixer> {
  const settings = normalizeValidateOptions({ model });
  const resolved = settings.model;
  if (!resolved) {
    throw new FinetuneKitUsageError(
      `fix(options): options.model "${model}" is not a model finetune-kit knows, so its token limit is unknown.`,
      'options.model',
    );
  }
  const counter = tokenCounter ?? (await loadTokenCounter(settings.encoding, signal ? { signal } : {}));
  const { framing } = settings;
  const limit = resolved.maxTokensPerExample;
  const name = resolved.snapshot;
  const count = (value: unknown) => exampleTokenCounts(value, counter, framing).total;

  return (value) => {
    const total = count(value);
    if (total <= limit) return { action: 'keep' };
    const over = `${total} tokens, over the ${limit}-token limit of ${name}`;
    const messages = value.messages;
    if (!truncate || !Array.isArray(messages)) return { action: 'drop', reason: over };
    for (let end = messages.length - 1; end > 0; end--) {
      if (!isAssistant(messages[end])) continue;
      // Never end between an assistant's tool calls and their results.
      if (roleOf(messages[end + 1]) === 'tool') continue;
      const kept = messages.slice(0, end + 1);
      // Shorter prefixes hold no more trained answers than this one: none can do better.
      if (!kept.some((message) => isAssistant(message) && (message as { weight?: unknown }).weight !== 0))
        break;
      const tokens = count({ ...value, messages: kept });
      if (tokens <= limit) {
        const removed = messages.length - kept.length;
        return {
          action: 'truncate',
          value: { ...value, messages: kept },
          reason: `${over}: cut after messages[${end}], ${removed} trailing message${removed === 1 ? '' : 's'} removed (${tokens} tokens)`,
        };
      }
    }
    return {
      action: 'drop',
      reason: `${over}; no shorter conversation ending with a trained assistant answer fits`,
    };
  };
}

function roleOf(message: unknown): unknown {
  return typeof message === 'object' && message !== null ? (message as { role?: unknown }).role : undefined;
}

function isAssistant(message: unknown): boolean {
  return roleOf(message) === 'assistant';
}
