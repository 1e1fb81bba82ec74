/**
 * Loading token counters: lazily, once per encoding per process (or worker thread).
 *
 * @module
 */
import { FinetuneKitUsageError } from '../../errors.js';
import { raceAbort, throwIfAborted } from '../../internal/abort.js';
import type { EncodingName } from '../../models/index.js';
import type { TokenCounter } from '../types.js';
import { BpeTokenCounter } from './bpe-token-counter.js';
import { loadRankTable, loadRankTableSync } from './rank-data-loader.js';

/** What an abort while loading says: `Loading the tokenizer was aborted.` */
const LOADING = 'Loading the tokenizer';

/** Options of {@link loadTokenCounter}. */
export interface LoadTokenCounterOptions {
  /** Aborts the load (before or after the rank data arrives; building the table is synchronous). */
  readonly signal?: AbortSignal;
}

const ENCODINGS: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];
const counters = new Map<EncodingName, BpeTokenCounter>();
const pending = new Map<EncodingName, Promise<BpeTokenCounter>>();

function assertEncoding(encoding: string): asserts encoding is EncodingName {
  if (!ENCODINGS.includes(encoding as EncodingName)) {
    throw new FinetuneKitUsageError(
      `Unknown encoding "${encoding}": expected one of ${ENCODINGS.join(', ')}.`,
      'encoding',
    );
  }
}

/**
 * Loads the token counter of an encoding (gpt-tokenizer's rank data, parsed into a flat table;
 * see `rank-data-loader.ts`).
 * Concurrent and later calls share one counter per encoding.
 *
 * @param encoding - `o200k_base` (gpt-4o, gpt-4.1, o4-mini, gpt-5 families) or `cl100k_base` (gpt-3.5, gpt-4).
 * @param options - An `AbortSignal`.
 * @returns A counter whose `count(text)` equals tiktoken's token count.
 * @throws {FinetuneKitUsageError} For an unknown encoding name.
 * @throws {FinetuneKitAbortError} When `options.signal` aborts.
 * @example
 * ```ts
 * const counter = await loadTokenCounter('o200k_base');
 * counter.count('hello world'); // 2
 * ```
 */
export async function loadTokenCounter(
  encoding: EncodingName,
  options: LoadTokenCounterOptions = {},
): Promise<TokenCounter> {
  assertEncoding(encoding);
  const { signal } = options;
  throwIfAborted(signal, LOADING);
  const loaded = counters.get(encoding);
  if (loaded) return loaded;
  let promise = pending.get(encoding);
  if (!promise) {
    promise = loadRankTable(encoding).then((table) => {
      const existing = counters.get(encoding);
      if (existing) return existing;
      const counter = new BpeTokenCounter(encoding, table);
      counters.set(encoding, counter);
      return counter;
    });
    pending.set(encoding, promise);
    promise.then(
      () => pending.delete(encoding),
      () => pending.delete(encoding),
    );
  }
  const counter = await (signal ? raceAbort(promise, signal, LOADING) : promise);
  throwIfAborted(signal, LOADING);
  return counter;
}

/**
 * The token counter of an encoding, synchronously. Returns the counter loaded earlier by
 * {@link loadTokenCounter}; otherwise loads it now on Node (reads gpt-tokenizer's `.tiktoken` data
 * file synchronously and builds the table, once: tens of milliseconds).
 *
 * @param encoding - `o200k_base` or `cl100k_base`.
 * @returns The counter.
 * @throws {FinetuneKitUsageError} For an unknown encoding, or on a runtime without synchronous module
 *   loading (browsers) when `loadTokenCounter(encoding)` was not awaited first.
 */
export function tokenCounterSync(encoding: EncodingName): TokenCounter {
  assertEncoding(encoding);
  const loaded = counters.get(encoding);
  if (loaded) return loaded;
  const table = loadRankTableSync(encoding);
  if (!table) {
    throw new FinetuneKitUsageError(
      `The ${encoding} tokenizer is not loaded and this runtime cannot load it synchronously: ` +
        `await loadTokenCounter('${encoding}') once before counting.`,
      'encoding',
    );
  }
  const counter = new BpeTokenCounter(encoding, table);
  counters.set(encoding, counter);
  return counter;
}

/**
 * The counter of an encoding if it is already loaded, without loading anything.
 *
 * @param encoding - `o200k_base` or `cl100k_base`.
 * @returns The counter, or `undefined`.
 */
export function loadedTokenCounter(encoding: EncodingName): TokenCounter | undefined {
  return counters.get(encoding);
}
