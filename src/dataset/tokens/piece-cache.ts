/**
 * A bounded string → number cache with O(1) eviction: two generations of `Map`s. New entries go to
 * the young generation; when it is full it becomes the old one and the previous old one is dropped
 * whole. A hit in the old generation is copied to the young one, so frequent pieces survive every
 * rotation (an approximation of LRU without per-hit bookkeeping).
 *
 * gpt-tokenizer's merge cache evicts one entry at a time with `map.keys().next()`, which scans the
 * holes left by earlier deletions: 42 s for 1 M inserts at 100k entries. Dropping a whole `Map`
 * costs nothing per entry.
 *
 * @module
 */

/** Hit/miss counters of a {@link PieceCache}. */
export interface PieceCacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Entries currently held (both generations). */
  readonly size: number;
  /** Maximum entries held at once. */
  readonly capacity: number;
}

// V8 makes substrings of 13+ characters "sliced strings" that keep their parent alive; a cached
// piece must not pin a whole message (possibly megabytes) in memory.
const SLICED_STRING_MIN_LENGTH = 13;

/** See the module comment. */
export class PieceCache {
  readonly #generationSize: number;
  #young = new Map<string, number>();
  #old = new Map<string, number>();
  #hits = 0;
  #misses = 0;

  /** @param capacity - Maximum number of entries kept (split over two generations). @default 32768 */
  constructor(capacity = 32_768) {
    this.#generationSize = Math.max(1, Math.floor(capacity / 2));
  }

  /** The cached value, or `undefined`. Counts a hit or a miss. */
  get(key: string): number | undefined {
    let value = this.#young.get(key);
    if (value !== undefined) {
      this.#hits++;
      return value;
    }
    value = this.#old.get(key);
    if (value !== undefined) {
      this.#hits++;
      this.#insert(key, value);
      return value;
    }
    this.#misses++;
    return undefined;
  }

  /** Stores a value; copies long keys so they do not retain the text they were cut from. */
  set(key: string, value: number): void {
    this.#insert(key.length >= SLICED_STRING_MIN_LENGTH ? flatCopy(key) : key, value);
  }

  #insert(key: string, value: number): void {
    if (this.#young.size >= this.#generationSize) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }

  /** Hit and miss counts since creation or the last {@link PieceCache.resetStats}. */
  stats(): PieceCacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      size: this.#young.size + this.#old.size,
      capacity: this.#generationSize * 2,
    };
  }

  /** Sets the hit and miss counters to zero (entries are kept). */
  resetStats(): void {
    this.#hits = 0;
    this.#misses = 0;
  }

  /** Drops every entry. */
  clear(): void {
    this.#young = new Map();
    this.#old = new Map();
  }
}

/** A copy that does not share storage with `text` (concatenation then slicing flattens into new storage). */
function flatCopy(text: string): string {
  return ` ${text}`.slice(1);
}
