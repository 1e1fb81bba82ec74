/**
 * A count-only byte-pair tokenizer for one encoding, equal to tiktoken on every string.
 *
 * @module
 */
import type { EncodingName } from '../../models/index.js';
import type { TokenCounter } from '../types.js';
import { cl100kPieceEnd, o200kPieceEnd } from './ascii-pretokenizer.js';
import { BytePairCounter } from './byte-pair-count.js';
import { PieceCache, type PieceCacheStats } from './piece-cache.js';
import { hashRange, type RankData, RankTable } from './rank-table.js';
import { SHORT_PIECE_MAX_LENGTH, ShortPieceCache } from './short-piece-cache.js';
import { cl100kUnicodePieceEnd, o200kUnicodePieceEnd } from './unicode-pretokenizer.js';
import { toWellFormed, utf8Binary, utf8Into } from './utf8-binary.js';

/** Characters of text counted between two pauses of {@link BpeTokenCounter.countSteps}. */
const STEP_CHARS = 262_144;
/** Non-ASCII lookups per measurement of their cache hit rate. */
const NON_ASCII_WINDOW = 16_384;
/** Non-ASCII pieces up to this many characters are encoded into a reused buffer. */
const SCRATCH_CHARS = 4096;
/** Pieces longer than this are merged in steps by {@link BpeTokenCounter.countSteps}. */
const LONG_PIECE_CHARS = 65_536;

/** Classes of ASCII characters for the word fast path of `#countPieces`. */
const ANY_LETTER = 1;
const LOWER_OR_APOSTROPHE = 2;
const CHAR_CLASS = new Uint8Array(128);
for (let code = 65; code <= 90; code++) CHAR_CLASS[code] = ANY_LETTER;
for (let code = 97; code <= 122; code++) CHAR_CLASS[code] = ANY_LETTER | LOWER_OR_APOSTROPHE;
CHAR_CLASS[39] = LOWER_OR_APOSTROPHE;

/** Options of {@link BpeTokenCounter}. */
export interface BpeTokenCounterOptions {
  /** Maximum number of distinct pre-tokens whose counts are remembered. `0` disables the cache. @default 131072 */
  readonly cacheSize?: number;
}

/** Work counters of a {@link BpeTokenCounter}, for benchmarks and tuning. */
export interface TokenCounterStats {
  /** Pre-tokens seen. */
  readonly pieces: number;
  /** Pre-tokens answered by a cache (short-piece cache and piece cache). */
  readonly cacheHits: number;
  /** The short-piece cache's own view. */
  readonly shortCache: { readonly hits: number; readonly misses: number; readonly size: number } | null;
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
 * Pre-tokens come from a hand-written ASCII scanner, or from a hand-written Unicode scanner with
 * the semantics of tiktoken's pattern where non-ASCII text is involved (linear, no regex stack). Per pre-token: a bounded cache lookup by range (no
 * substring on a hit); on a miss, one rank lookup of the whole piece (most pieces are one token),
 * otherwise byte-pair merging over UTF-8 binary strings. Special-token text such as
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
  readonly #table: RankTable;
  readonly #merger: BytePairCounter;
  readonly #pieceEnd: (text: string, index: number, length: number) => number;
  readonly #unicodePieceEnd: (text: string, index: number, length: number) => number;
  readonly #cache: PieceCache | null;
  readonly #short: ShortPieceCache | null;
  /** o200k_base splits words by case (`[A-Z]*[a-z]+`); cl100k_base takes any run of letters. */
  readonly #casedWords: boolean;
  #pieces = 0;
  /** Where the last `#countPieces` stopped, and the end of the long piece it stopped before (or -1). */
  #stoppedAt = 0;
  #longPieceEnd = -1;
  #wholeTokenPieces = 0;
  #mergedPieces = 0;
  /** Whether non-ASCII pieces missing from the cache are stored (see `#adaptNonAsciiStores`). */
  #storeNonAscii = true;
  #nonAsciiLookups = 0;
  #nonAsciiHits = 0;
  /** Windows left before storing is tried again, while it is off. */
  #storeRetryIn = 0;
  /** UTF-8 bytes of the non-ASCII piece being counted (three bytes at most per UTF-16 unit). */
  readonly #scratch = new Uint8Array(3 * SCRATCH_CHARS);

  /**
   * @param encoding - The encoding name (selects the pre-tokenization pattern).
   * @param data - The encoding's rank data (`gpt-tokenizer/bpeRanks/<encoding>`), or a table built
   *   before (e.g. shared by the main thread with a worker).
   * @param options - Cache size.
   */
  constructor(encoding: EncodingName, data: RankData | RankTable, options: BpeTokenCounterOptions = {}) {
    this.encoding = encoding;
    const table = data instanceof RankTable ? data : RankTable.fromRankData(data);
    this.#table = table;
    this.#merger = new BytePairCounter(table);
    this.#pieceEnd = encoding === 'o200k_base' ? o200kPieceEnd : cl100kPieceEnd;
    this.#unicodePieceEnd = encoding === 'o200k_base' ? o200kUnicodePieceEnd : cl100kUnicodePieceEnd;
    this.#casedWords = encoding === 'o200k_base';
    const cacheSize = options.cacheSize ?? 131_072;
    this.#cache = cacheSize > 0 ? new PieceCache(cacheSize) : null;
    this.#short = cacheSize > 0 ? new ShortPieceCache(cacheSize) : null;
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
    return this.#countPieces(source, 0, source.length, false);
  }

  /**
   * {@link BpeTokenCounter.count} in steps: the generator pauses (`yield`) about every 256 K
   * characters of text and every million merges of a long piece, and returns the same count.
   * Validation drives it from an async loop on huge lines, so that the event loop keeps running
   * (an abort takes effect mid-line) while a 200 MB line is counted.
   *
   * @param text - Any string.
   * @returns A generator whose return value is the token count.
   */
  *countSteps(text: string): Generator<void, number, undefined> {
    const source = toWellFormed(text);
    const length = source.length;
    let total = 0;
    let start = 0;
    while (start < length) {
      total += this.#countPieces(source, start, Math.min(length, start + STEP_CHARS), true);
      start = this.#stoppedAt;
      const longEnd = this.#longPieceEnd;
      if (longEnd > start) {
        // A piece too long to merge in one go (no token is this long, so it always merges).
        this.#longPieceEnd = -1;
        this.#pieces++;
        this.#mergedPieces++;
        total += yield* this.#merger.countSteps(utf8Binary(source.slice(start, longEnd)));
        start = longEnd;
      }
      yield;
    }
    return total;
  }

  /**
   * Counts the pieces from `start` (a piece boundary) until one ends at or after `stop`; sets
   * `#stoppedAt` to where it stopped. With `stopBeforeLong`, stops before a piece longer than
   * `LONG_PIECE_CHARS` and sets `#longPieceEnd` to its end.
   */
  #countPieces(source: string, from: number, stop: number, stopBeforeLong: boolean): number {
    const length = source.length;
    const pieceEnd = this.#pieceEnd;
    const unicodePieceEnd = this.#unicodePieceEnd;
    const cache = this.#cache;
    const short = this.#short;
    const casedWords = this.#casedWords;
    let total = 0;
    let pieces = 0;
    let start = from;
    while (start < stop) {
      pieces++;
      if (short !== null) {
        // The commonest piece of prose, an optional space and then a word, is scanned and packed
        // in one pass (about a fifth of the counting time on English text): `[a-z]+` and
        // `[A-Z][a-z]+` for o200k_base, `[A-Za-z]+` for cl100k_base, up to 12 characters in all,
        // when the next character ends the piece whatever follows it (ASCII, not a letter, and for
        // o200k_base not an apostrophe, which may start a contraction that joins the word).
        // Anything else goes the general way below, from the same start.
        let position = start;
        let code = source.charCodeAt(position);
        let a = 0;
        let packed = 0;
        if (code === 32) {
          a = 32;
          packed = 1;
          code = ++position < length ? source.charCodeAt(position) : 0;
        }
        if (casedWords && code >= 65 && code <= 90) {
          a |= code << (7 * packed);
          packed++;
          code = ++position < length ? source.charCodeAt(position) : 0;
          if (code < 97 || code > 122) code = -1; // `[A-Z]` alone or `[A-Z]{2}`: the general way
        }
        if (code >= 97 ? code <= 122 : !casedWords && code >= 65 && code <= 90) {
          let b = 0;
          let c = 0;
          do {
            const shift = 7 * (packed & 3);
            if (packed < 4) a |= code << shift;
            else if (packed < 8) b |= code << shift;
            else c |= code << shift;
            packed++;
            code = ++position < length ? source.charCodeAt(position) : 0;
          } while (packed < 12 && (code >= 97 ? code <= 122 : !casedWords && code >= 65 && code <= 90));
          if (
            position === length ||
            (code < 128 &&
              ((CHAR_CLASS[code] as number) & (casedWords ? LOWER_OR_APOSTROPHE : ANY_LETTER)) === 0)
          ) {
            let tokens = short.find(a, b, c, packed);
            if (tokens < 0) {
              tokens = this.#countAscii(source, start, position, hashRange(source, start, position));
              short.set(a, b, c, packed, tokens);
            }
            total += tokens;
            start = position;
            continue;
          }
        }
      }
      let end = pieceEnd(source, start, length);
      // The ASCII scanner's pieces are pure ASCII (char codes are bytes); -1 means it defers.
      const ascii = end >= 0;
      if (!ascii) {
        // Non-ASCII context: the Unicode scanner (the regex itself overflows its backtracking
        // stack on runs of a few million letters).
        end = unicodePieceEnd(source, start, length);
      }
      if (stopBeforeLong && end - start > LONG_PIECE_CHARS) {
        pieces--;
        this.#longPieceEnd = end;
        break;
      }
      if (ascii) {
        // An ASCII piece: its char codes are its bytes.
        if (short !== null && end - start <= SHORT_PIECE_MAX_LENGTH) {
          // Packed into four integers: an exact key without hashing or comparing strings.
          let a = 0;
          let b = 0;
          let c = 0;
          let d = end - start;
          for (let index = start, position = 0; index < end; index++, position++) {
            const code = source.charCodeAt(index);
            const shift = 7 * (position & 3);
            if (position < 4) a |= code << shift;
            else if (position < 8) b |= code << shift;
            else if (position < 12) c |= code << shift;
            else d |= code << (shift + 4);
          }
          let tokens = short.find(a, b, c, d);
          if (tokens < 0) {
            tokens = this.#countAscii(source, start, end, hashRange(source, start, end));
            short.set(a, b, c, d, tokens);
          }
          total += tokens;
        } else {
          // The range-keyed cache answers most longer pieces without a substring.
          const hash = hashRange(source, start, end);
          let tokens = cache === null ? -1 : cache.find(source, start, end, hash);
          if (tokens < 0) {
            tokens = this.#countAscii(source, start, end, hash);
            cache?.set(source.slice(start, end), tokens, hash);
          }
          total += tokens;
        }
      } else {
        const hash = hashRange(source, start, end);
        let tokens = cache === null ? -1 : cache.find(source, start, end, hash);
        if (tokens < 0) {
          tokens = this.#countRange(source, start, end);
          if (this.#storeNonAscii) cache?.set(source.slice(start, end), tokens, hash);
        } else this.#nonAsciiHits++;
        if (++this.#nonAsciiLookups === NON_ASCII_WINDOW) this.#adaptNonAsciiStores();
        total += tokens;
      }
      start = end;
    }
    this.#pieces += pieces;
    this.#stoppedAt = start;
    return total;
  }

  /**
   * Called every {@link NON_ASCII_WINDOW} non-ASCII lookups. On text where such pieces almost never
   * repeat (random Hangul syllables, runs of rare Han characters) storing them costs a substring,
   * an insertion and a churn of cache generations for nothing: below a quarter of hits, stores
   * stop, and are tried again one window in eight. Counts do not depend on it (the cache only
   * remembers counts); realistic CJK text has 95–99% hits and never turns it off.
   */
  #adaptNonAsciiStores(): void {
    const hitRate = this.#nonAsciiHits / this.#nonAsciiLookups;
    this.#nonAsciiLookups = 0;
    this.#nonAsciiHits = 0;
    if (this.#storeNonAscii) {
      if (hitRate < 0.25) {
        this.#storeNonAscii = false;
        this.#storeRetryIn = 7;
      }
    } else if (--this.#storeRetryIn <= 0) {
      this.#storeNonAscii = true;
    }
  }

  /** An uncached ASCII piece: one vocabulary probe by range, else byte-pair merging. */
  #countAscii(source: string, start: number, end: number, hash: number): number {
    if (this.#table.findRange(source, start, end, hash) >= 0) {
      this.#wholeTokenPieces++;
      return 1;
    }
    this.#mergedPieces++;
    return this.#merger.count(source.slice(start, end));
  }

  /**
   * An uncached non-ASCII piece: its UTF-8 bytes written into a reused buffer (no binary string),
   * one vocabulary probe, else byte-pair merging over the bytes.
   */
  #countRange(source: string, start: number, end: number): number {
    if (end - start > SCRATCH_CHARS) return this.#countPiece(source.slice(start, end));
    const bytes = this.#scratch;
    const length = utf8Into(source, start, end, bytes);
    if (this.#table.findBytes(bytes, length) >= 0) {
      this.#wholeTokenPieces++;
      return 1;
    }
    this.#mergedPieces++;
    return this.#merger.countBytes(bytes, length);
  }

  #countPiece(piece: string): number {
    const bytes = utf8Binary(piece);
    if (this.#table.find(bytes) >= 0) {
      this.#wholeTokenPieces++;
      return 1;
    }
    this.#mergedPieces++;
    return this.#merger.count(bytes);
  }

  /** The vocabulary table (shareable with worker threads through {@link RankTable.shared}). */
  get table(): RankTable {
    return this.#table;
  }

  /** Work counters since creation or the last {@link BpeTokenCounter.resetStats}. */
  stats(): TokenCounterStats {
    const cache = this.#cache?.stats() ?? null;
    const short = this.#short?.stats() ?? null;
    return {
      pieces: this.#pieces,
      cacheHits: (cache?.hits ?? 0) + (short?.hits ?? 0),
      shortCache: short,
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
    this.#short?.resetStats();
  }
}
