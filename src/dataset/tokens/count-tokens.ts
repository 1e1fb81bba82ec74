/**
 * The synchronous public counting API: `countTokens`, `countExampleTokens`, `countExampleTokenDetails`.
 *
 * @module
 */
import { FinetuneKitUsageError, UnknownModelError } from '../../errors.js';
import {
  type EncodingName,
  encodingForModel,
  type ModelTableOverrides,
  modelTable,
} from '../../models/index.js';
import type { ExampleTokens, TokenCounter, TokenFraming } from '../types.js';
import { DEFAULT_TOKEN_FRAMING, exampleTokenCounts, type ImageTokenOptions } from './example-tokens.js';
import { tokenCounterSync } from './load-token-counter.js';

/** Which tokenizer to use: a model name (resolved through the model table), an encoding, or a counter. */
export type TokenizerSelector =
  | { readonly model: string; readonly models?: ModelTableOverrides }
  | { readonly encoding: EncodingName }
  | { readonly counter: TokenCounter };

/** Options of {@link countExampleTokens} and {@link countExampleTokenDetails}. */
export type CountExampleTokensOptions = TokenizerSelector &
  ImageTokenOptions & {
    /** Framing constants; missing ones take the cookbook defaults (3 per message, 1 per name, 3 priming). */
    readonly framing?: Partial<TokenFraming>;
  };

/**
 * The counter for a model, encoding or counter selector (loaded synchronously on first use).
 *
 * @param selector - `{ model }`, `{ encoding }` or `{ counter }`.
 * @returns The counter.
 * @throws {UnknownModelError} When no encoding rule matches the model name.
 * @throws {FinetuneKitUsageError} When the selector names neither a model, an encoding nor a counter.
 */
export function resolveTokenCounter(selector: TokenizerSelector): TokenCounter {
  if (typeof selector !== 'object' || selector === null) {
    throw new FinetuneKitUsageError(
      'Token counting needs `{ model }`, `{ encoding }` or `{ counter }`.',
      'options',
    );
  }
  if ('counter' in selector && selector.counter !== undefined) return selector.counter;
  if ('encoding' in selector && selector.encoding !== undefined) return tokenCounterSync(selector.encoding);
  if ('model' in selector && typeof selector.model === 'string') {
    const options = selector.models ? { models: selector.models } : {};
    const encoding = encodingForModel(selector.model, options);
    if (!encoding) throw new UnknownModelError(selector.model, Object.keys(modelTable(selector.models)));
    return tokenCounterSync(encoding);
  }
  throw new FinetuneKitUsageError(
    'Token counting needs `{ model }`, `{ encoding }` or `{ counter }`.',
    'options.model',
  );
}

/**
 * Counts the tokens of a text exactly as tiktoken does (special-token text such as `<|endoftext|>`
 * counts as plain text).
 *
 * @param text - Any string.
 * @param options - `{ model: 'gpt-4o-mini' }`, `{ encoding: 'o200k_base' }` or `{ counter }`.
 * @returns The token count.
 * @throws {UnknownModelError} For a model name no encoding rule matches.
 * @throws {FinetuneKitUsageError} For bad options.
 * @example
 * ```ts
 * countTokens('hello world', { model: 'gpt-4o-mini' }); // 2
 * ```
 */
export function countTokens(text: string, options: TokenizerSelector): number {
  if (typeof text !== 'string') throw new FinetuneKitUsageError('countTokens expects a string.', 'text');
  return resolveTokenCounter(options).count(text);
}

/**
 * Tokens of one fine-tuning example (chat, reinforcement, preference or prompt/completion) with the
 * cookbook framing: `3 + Σ_messages (3 + tokens of every string value + 1 per name)`, tool calls,
 * content parts and `tools` definitions included (see docs/dataset.md for the full formula).
 * Never throws on malformed examples; it counts what is countable.
 *
 * @param example - A parsed JSONL line.
 * @param options - The tokenizer (`model`, `encoding` or `counter`), framing and image options.
 * @returns The total token count of the example.
 * @throws {UnknownModelError} For a model name no encoding rule matches.
 * @example
 * ```ts
 * countExampleTokens({ messages: [{ role: 'user', content: 'Hi' }] }, { model: 'gpt-4o-mini' }); // 9
 * ```
 */
export function countExampleTokens(example: unknown, options: CountExampleTokensOptions): number {
  return countExampleTokenDetails(example, options).total;
}

/**
 * Like {@link countExampleTokens}, with the assistant-token and message counts.
 *
 * @param example - A parsed JSONL line.
 * @param options - As for {@link countExampleTokens}.
 * @returns `{ total, assistant, messages }`.
 * @throws {UnknownModelError} For a model name no encoding rule matches.
 */
export function countExampleTokenDetails(
  example: unknown,
  options: CountExampleTokensOptions,
): ExampleTokens {
  const counter = resolveTokenCounter(options);
  const framing = options.framing ? normalizeFraming(options.framing) : DEFAULT_TOKEN_FRAMING;
  return exampleTokenCounts(example, counter, framing, options);
}

/**
 * Fills missing framing constants with the cookbook defaults and checks the given ones.
 *
 * @param framing - Partial framing.
 * @returns Complete, frozen framing.
 * @throws {FinetuneKitUsageError} When a constant is not a finite number (or a flag not a boolean).
 */
export function normalizeFraming(framing: Partial<TokenFraming> = {}): TokenFraming {
  const merged = { ...DEFAULT_TOKEN_FRAMING, ...definedOnly(framing) };
  for (const key of ['tokensPerMessage', 'tokensPerName', 'replyPriming'] as const) {
    if (typeof merged[key] !== 'number' || !Number.isFinite(merged[key])) {
      throw new FinetuneKitUsageError(`framing.${key} must be a finite number.`, `framing.${key}`);
    }
  }
  for (const key of ['countToolDefinitions', 'assistantTokensTrainableOnly'] as const) {
    if (typeof merged[key] !== 'boolean') {
      throw new FinetuneKitUsageError(`framing.${key} must be a boolean.`, `framing.${key}`);
    }
  }
  return Object.freeze(merged);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
