/**
 * A count-only byte-pair tokenizer for one encoding, equal to tiktoken on every string.
 *
 * @module
 */
import type { EncodingName } from '../../models/index.js';
import type { TokenCounter } from '../types.js';
import { countBytePairs } from './byte-pair-count.js';
import { PieceCache, type PieceCacheStats } from './piece-cache.js';
import { pretokenizePattern } from './pretokenize-pattern.js';
import { buildRankTable, type RankData } from './rank-table.js';
import { toWellFormed, utf8Binary } from './utf8-binary.js';

/** Options of {@link BpeTokenCounter}. */
export interface BpeTokenCounterOptions {
  /** Maximum number of distinct pre-tokens whose counts are remembered. `0` disables the cache. @default 32768 */
  readonly cacheSize?: number;
}

/** Work counters of a {@link BpeTokenCounter}, for benchmarks and tuning. */
export interface TokenCounterStats {
  /** Pre-tokens seen. */
  readonly pieces: number;
  /** Pre-tokens answered by the piece cache. */
  readonly cacheHits: number;
  /** Pre-tokens that were a single token (one rank lookup). */
  readonly wholeTokenPieces: number;
  /** Pre-tokens that needed byte-pair merging. */
  readonly mergedPieces: number;
  /** The cache's own view (size, capacity). */
  readonly cache: PieceCacheStats | null;
}

/**
 * Counts tokens of `o200k_base` or `cl100k_base` without building token arrays.
 *
 * Per pre-token: a bounded cache lookup; on a miss, one rank lookup of the whole piece (most pieces
 * are one token); otherwise byte-pair merging over UTF-8 binary strings. Special-token text such as
 * `<|endoftext|>` is counted as plain text, as training data is.
 *
 * @example
 * ```ts
 * const counter = new BpeTokenCounter('o200k_base', ranks);
 * counter.count('hello world'); // 2
 * ```
 */
export class BpeTokenCounter implements TokenCounter {
  readonly encoding: EncodingName;
  readonly #ranks: Map<string, number>;
  readonly #pattern: RegExp;
  readonly #cache: PieceCache | null;
  #pieces = 0;
  #wholeTokenPieces = 0;
  #mergedPieces = 0;

  /**
   * @param encoding - The encoding name (selects the pre-tokenization pattern).
   * @param data - The encoding's rank data (`gpt-tokenizer/bpeRanks/<encoding>`).
   * @param options - Cache size.
   */
  constructor(encoding: EncodingName, data: RankData, options: BpeTokenCounterOptions = {}) {
    this.encoding = encoding;
    this.#ranks = buildRankTable(data);
    this.#pattern = pretokenizePattern(encoding);
    const cacheSize = options.cacheSize ?? 32_768;
    this.#cache = cacheSize > 0 ? new PieceCache(cacheSize) : null;
  }

  /**
   * Number of tokens tiktoken produces for `text`.
   *
   * @param text - Any string; lone surrogates count as U+FFFD, as tiktoken sees them.
   * @returns The token count (0 for an empty string).
   */
  count(text: string): number {
    if (text.length === 0) return 0;
    const source = toWellFormed(text);
    const pattern = this.#pattern;
    const cache = this.#cache;
    pattern.lastIndex = 0;
    let total = 0;
    let pieces = 0;
    let match: RegExpExecArray | null = pattern.exec(source);
    while (match !== null) {
      const piece = match[0];
      pieces++;
      const cached = cache === null ? undefined : cache.get(piece);
      if (cached !== undefined) {
        total += cached;
      } else {
        const tokens = this.#countPiece(piece);
        cache?.set(piece, tokens);
        total += tokens;
      }
      match = pattern.exec(source);
    }
    this.#pieces += pieces;
    return total;
  }

  #countPiece(piece: string): number {
    const bytes = utf8Binary(piece);
    if (this.#ranks.has(bytes)) {
      this.#wholeTokenPieces++;
      return 1;
    }
    this.#mergedPieces++;
    return countBytePairs(bytes, this.#ranks);
  }

  /** Work counters since creation or the last {@link BpeTokenCounter.resetStats}. */
  stats(): TokenCounterStats {
    const cache = this.#cache?.stats() ?? null;
    return {
      pieces: this.#pieces,
      cacheHits: cache?.hits ?? 0,
      wholeTokenPieces: this.#wholeTokenPieces,
      mergedPieces: this.#mergedPieces,
      cache,
    };
  }

  /** Sets the work counters to zero. */
  resetStats(): void {
    this.#pieces = 0;
    this.#wholeTokenPieces = 0;
    this.#mergedPieces = 0;
    this.#cache?.resetStats();
  }
}
