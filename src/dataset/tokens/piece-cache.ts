/**
 * A bounded cache from pre-token text to its token count, looked up by a range of a larger string
 * (no substring is created on a hit) and evicted in O(1): two generations of open-addressing hash
 * tables. New entries go to the young table; when it is full it becomes the old one and the
 * previous old one is dropped whole. A hit in the old table is copied to the young one, so
 * frequent pieces survive every rotation (an approximation of LRU without per-hit bookkeeping).
 *
 * gpt-tokenizer's merge cache evicts one entry at a time with `map.keys().next()`, which scans the
 * holes left by earlier deletions (42 s for 1 M inserts at 100k entries). And a `Map` lookup of a
 * freshly sliced string costs a substring allocation plus a runtime hash call per piece, which is
 * most of the tokenizing time on English text (measured in `bench/`).
 *
 * @module
 */

import { hashRange } from './rank-table.js';

/** Hit/miss counters of a {@link PieceCache}. */
export interface PieceCacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Entries currently held (both generations). */
  readonly size: number;
  /** Maximum entries held at once. */
  readonly capacity: number;
}

// Pieces longer than this are not cached: they are rare, and comparing or storing them costs more
// than recounting (the count of a long piece is dominated by its own merge work anyway).
const MAX_CACHED_LENGTH = 64;

class HashTable {
  readonly hashes: Int32Array;
  readonly values: Int32Array;
  readonly keys: (string | undefined)[];
  readonly mask: number;
  size = 0;

  constructor(slots: number) {
    this.hashes = new Int32Array(slots);
    this.values = new Int32Array(slots);
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }

  find(text: string, start: number, end: number, hash: number): number {
    const { hashes, keys, mask } = this;
    const length = end - start;
    let slot = hash & mask;
    for (;;) {
      const stored = hashes[slot] as number;
      if (stored === 0) return -1;
      if (stored === hash) {
        const key = keys[slot] as string;
        if (key.length === length) {
          let index = 0;
          while (index < length && key.charCodeAt(index) === text.charCodeAt(start + index)) index++;
          if (index === length) return slot;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  insert(key: string, hash: number, value: number): void {
    const { hashes, mask } = this;
    let slot = hash & mask;
    while ((hashes[slot] as number) !== 0) slot = (slot + 1) & mask;
    hashes[slot] = hash;
    this.values[slot] = value;
    this.keys[slot] = key;
    this.size++;
  }
}

/** See the module comment. */
export class PieceCache {
  readonly #generationSize: number;
  readonly #slots: number;
  #young: HashTable;
  #old: HashTable;
  #hits = 0;
  #misses = 0;

  /** @param capacity - Maximum number of entries kept (split over two generations). @default 131072 */
  constructor(capacity = 131_072) {
    this.#generationSize = Math.max(1, Math.floor(capacity / 2));
    // Load factor ≤ 1/2 keeps linear probing short.
    let slots = 4;
    while (slots < this.#generationSize * 2) slots *= 2;
    this.#slots = slots;
    this.#young = new HashTable(slots);
    this.#old = new HashTable(slots);
  }

  /**
   * The cached count of `text[start, end)`, or -1. Counts a hit or a miss.
   *
   * @param hash - `hashRange(text, start, end)`.
   */
  find(text: string, start: number, end: number, hash: number): number {
    const young = this.#young;
    let slot = young.find(text, start, end, hash);
    if (slot >= 0) {
      this.#hits++;
      return young.values[slot] as number;
    }
    const old = this.#old;
    slot = old.size === 0 ? -1 : old.find(text, start, end, hash);
    if (slot >= 0) {
      this.#hits++;
      const value = old.values[slot] as number;
      this.#insert(old.keys[slot] as string, hash, value);
      return value;
    }
    this.#misses++;
    return -1;
  }

  /** The cached count of `key`, or `undefined` (convenience for whole strings). */
  get(key: string): number | undefined {
    const value = this.find(key, 0, key.length, hashRange(key, 0, key.length));
    return value < 0 ? undefined : value;
  }

  /**
   * Stores the count of a piece. Long keys are copied so they do not retain the text they were
   * sliced from (V8 keeps the parent of a sliced string alive).
   *
   * @param key - The piece (a fresh slice is fine).
   * @param value - Its token count.
   * @param hash - `hashRange(key, 0, key.length)`.
   */
  set(key: string, value: number, hash = hashRange(key, 0, key.length)): void {
    if (key.length > MAX_CACHED_LENGTH) return;
    this.#insert(key.length >= 13 ? ` ${key}`.slice(1) : key, hash, value);
  }

  #insert(key: string, hash: number, value: number): void {
    if (this.#young.size >= this.#generationSize) {
      this.#old = this.#young;
      this.#young = new HashTable(this.#slots);
    }
    this.#young.insert(key, hash, value);
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
    this.#young = new HashTable(this.#slots);
    this.#old = new HashTable(this.#slots);
  }
}
