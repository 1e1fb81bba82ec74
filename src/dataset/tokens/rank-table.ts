/**
 * The vocabulary of one encoding: UTF-8 byte sequences ↔ ranks, in an open-addressing hash table
 * that can be probed with a range of a larger string, so a piece is looked up without creating a
 * substring (V8 `Map` lookups of fresh strings cost an allocation plus a runtime hash call each,
 * which was most of the tokenizing time on English text).
 *
 * @module
 */
import { utf8Binary } from './utf8-binary.js';

/**
 * Rank data as gpt-tokenizer ships it (`gpt-tokenizer/bpeRanks/<encoding>`): index = rank, value =
 * the token's text when its bytes are valid UTF-8, else its bytes.
 */
export type RankData = readonly (string | readonly number[])[];

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a over the char codes of `text[start, end)`, never 0 (0 marks an empty slot). For ASCII
 * text the char codes are the UTF-8 bytes, so the hash of a piece is the hash of its bytes.
 */
export function hashRange(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  return hash === 0 ? 1 : hash;
}

/** Continues an FNV-1a hash over more text (for concatenations). */
function hashMore(hash: number, text: string): number {
  let value = hash;
  for (let index = 0; index < text.length; index++)
    value = Math.imul(value ^ text.charCodeAt(index), FNV_PRIME);
  return value;
}

/** An encoding's vocabulary, keyed by UTF-8 binary strings (one char per byte). */
export class RankTable {
  /** Rank → UTF-8 binary string. */
  readonly bytes: readonly string[];
  readonly #hashes: Int32Array;
  readonly #ranks: Int32Array;
  readonly #mask: number;

  /**
   * Builds the table. ASCII tokens keep their string from the rank data; others are converted to
   * UTF-8 binary strings, so a token such as `"\ufeff"` (rank 5574 in o200k_base) is found by its
   * bytes, with no decoder in the way.
   *
   * @param data - The encoding's rank data.
   */
  constructor(data: RankData) {
    const bytes = new Array<string>(data.length);
    let slots = 1024;
    while (slots < data.length * 2) slots *= 2;
    this.#hashes = new Int32Array(slots);
    this.#ranks = new Int32Array(slots);
    this.#mask = slots - 1;
    for (let rank = 0; rank < data.length; rank++) {
      const value = data[rank];
      const key =
        value === undefined
          ? ''
          : typeof value === 'string'
            ? utf8Binary(value)
            : String.fromCharCode.apply(null, value as number[]);
      bytes[rank] = key;
      if (key === '') continue;
      const hash = hashRange(key, 0, key.length);
      let slot = hash & this.#mask;
      while ((this.#hashes[slot] as number) !== 0) slot = (slot + 1) & this.#mask;
      this.#hashes[slot] = hash;
      this.#ranks[slot] = rank;
    }
    this.bytes = bytes;
  }

  /**
   * The rank of the byte sequence `text[start, end)` (a binary string range), or -1.
   *
   * @param hash - `hashRange(text, start, end)`.
   */
  findRange(text: string, start: number, end: number, hash: number): number {
    const hashes = this.#hashes;
    const mask = this.#mask;
    const length = end - start;
    let slot = hash & mask;
    for (;;) {
      const stored = hashes[slot] as number;
      if (stored === 0) return -1;
      if (stored === hash) {
        const rank = this.#ranks[slot] as number;
        const key = this.bytes[rank] as string;
        if (key.length === length) {
          let index = 0;
          while (index < length && key.charCodeAt(index) === text.charCodeAt(start + index)) index++;
          if (index === length) return rank;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The rank of a whole binary string, or -1. */
  find(key: string): number {
    return this.findRange(key, 0, key.length, hashRange(key, 0, key.length));
  }

  /** The rank of the concatenation `left + right` (binary strings), or -1, without concatenating. */
  findConcat(left: string, right: string): number {
    let hash = hashMore(hashMore(FNV_OFFSET, left), right);
    if (hash === 0) hash = 1;
    const hashes = this.#hashes;
    const mask = this.#mask;
    const split = left.length;
    const length = split + right.length;
    let slot = hash & mask;
    for (;;) {
      const stored = hashes[slot] as number;
      if (stored === 0) return -1;
      if (stored === hash) {
        const rank = this.#ranks[slot] as number;
        const key = this.bytes[rank] as string;
        if (key.length === length) {
          let index = 0;
          while (index < split && key.charCodeAt(index) === left.charCodeAt(index)) index++;
          if (index === split) {
            while (index < length && key.charCodeAt(index) === right.charCodeAt(index - split)) index++;
            if (index === length) return rank;
          }
        }
      }
      slot = (slot + 1) & mask;
    }
  }
}
