/**
 * The vocabulary of one encoding in flat typed arrays: every token's UTF-8 bytes back to back, and
 * an open-addressing hash table from byte sequences to ranks.
 *
 * - Lookups take a range of a larger string, so a piece is found without creating a substring
 *   (a V8 `Map` lookup of a fresh string costs an allocation plus a runtime hash call, which was
 *   most of the tokenizing time on English text).
 * - Keys are bytes, so a token such as `"\ufeff"` (rank 5574 in o200k_base) is found by its bytes,
 *   with no decoder in the way (gpt-tokenizer's `TextDecoder` path strips it as a BOM).
 * - The arrays live in `SharedArrayBuffer`s where available, so worker threads use the table built
 *   once by the main thread: no second copy of the rank data, no second 100 ms build.
 *
 * @module
 */
import { toWellFormed } from './utf8-binary.js';

/**
 * Rank data as gpt-tokenizer ships it (`gpt-tokenizer/bpeRanks/<encoding>`): index = rank, value =
 * the token's text when its bytes are valid UTF-8, else its bytes.
 */
export type RankData = readonly (string | readonly number[])[];

/** The table's arrays, as sent to a worker thread (structured-clone safe; shared memory when available). */
export interface SharedRankTable {
  /** All tokens' bytes, back to back. */
  readonly bytes: Uint8Array;
  /** `starts[rank]` … `starts[rank + 1]` are the bytes of `rank` (length = tokens + 1). */
  readonly starts: Int32Array;
  /** Hash of the key in each slot, 0 for an empty slot. */
  readonly slotHashes: Int32Array;
  /** Rank in each slot. */
  readonly slotRanks: Int32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a over the char codes of `text[start, end)`, never 0 (0 marks an empty slot). For ASCII text
 * and for binary strings the char codes are the UTF-8 bytes, so this is the hash of the bytes.
 */
export function hashRange(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  return hash === 0 ? 1 : hash;
}

function hashBytes(hash: number, bytes: Uint8Array, start: number, end: number): number {
  let value = hash;
  for (let index = start; index < end; index++)
    value = Math.imul(value ^ (bytes[index] as number), FNV_PRIME);
  return value;
}

const BASE64 = new Int8Array(128).fill(-1);
for (let index = 0; index < 64; index++) {
  BASE64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(index)] = index;
}

/** Decodes standard base64 `text[start, end)` into `out` at `offset`; returns the new offset. */
function decodeBase64Into(text: string, start: number, end: number, out: Uint8Array, offset: number): number {
  let bits = 0;
  let count = 0;
  let position = offset;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === 61) break; // '='
    const value = code < 128 ? (BASE64[code] as number) : -1;
    if (value < 0) throw new TypeError(`Invalid base64 at offset ${index}.`);
    bits = (bits << 6) | value;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[position++] = (bits >> count) & 0xff;
    }
  }
  return position;
}

function allocate(byteLength: number): ArrayBuffer | SharedArrayBuffer {
  return typeof SharedArrayBuffer === 'function'
    ? new SharedArrayBuffer(byteLength)
    : new ArrayBuffer(byteLength);
}

/** An encoding's vocabulary. */
export class RankTable {
  readonly #bytes: Uint8Array;
  readonly #starts: Int32Array;
  readonly #slotHashes: Int32Array;
  readonly #slotRanks: Int32Array;
  readonly #mask: number;

  private constructor(shared: SharedRankTable) {
    this.#bytes = shared.bytes;
    this.#starts = shared.starts;
    this.#slotHashes = shared.slotHashes;
    this.#slotRanks = shared.slotRanks;
    this.#mask = shared.slotHashes.length - 1;
  }

  /**
   * Builds the table from gpt-tokenizer's rank data.
   *
   * @param data - The encoding's rank data.
   * @returns The table, in shared memory where the runtime has it.
   */
  static fromRankData(data: RankData): RankTable {
    const encoder = new TextEncoder();
    const tokens = data.length;
    const starts = new Int32Array(allocate(4 * (tokens + 1)));
    let scratch = new Uint8Array(8 * tokens + 1024);
    let length = 0;
    for (let rank = 0; rank < tokens; rank++) {
      starts[rank] = length;
      const value = data[rank];
      if (value === undefined) continue;
      if (scratch.length - length < 4 * (typeof value === 'string' ? value.length : value.length) + 16) {
        const grown = new Uint8Array(2 * scratch.length);
        grown.set(scratch.subarray(0, length));
        scratch = grown;
      }
      if (typeof value === 'string') {
        length += encoder.encodeInto(toWellFormed(value), scratch.subarray(length)).written;
      } else {
        for (const byte of value) scratch[length++] = byte;
      }
    }
    starts[tokens] = length;
    const bytes = new Uint8Array(allocate(length));
    bytes.set(scratch.subarray(0, length));
    return RankTable.#index(bytes, starts);
  }

  /** Builds the hash table over tokens laid out in `bytes` / `starts`. */
  static #index(bytes: Uint8Array, starts: Int32Array): RankTable {
    const tokens = starts.length - 1;
    let slots = 1024;
    while (slots < tokens * 2) slots *= 2;
    const slotHashes = new Int32Array(allocate(4 * slots));
    const slotRanks = new Int32Array(allocate(4 * slots));
    const mask = slots - 1;
    for (let rank = 0; rank < tokens; rank++) {
      const start = starts[rank] as number;
      const end = starts[rank + 1] as number;
      if (end === start) continue;
      let hash = hashBytes(FNV_OFFSET, bytes, start, end);
      if (hash === 0) hash = 1;
      let slot = hash & mask;
      while ((slotHashes[slot] as number) !== 0) slot = (slot + 1) & mask;
      slotHashes[slot] = hash;
      slotRanks[slot] = rank;
    }
    return new RankTable({ bytes, starts, slotHashes, slotRanks });
  }

  /**
   * Builds the table from a `.tiktoken` file (one `<base64 bytes> <rank>` per line), the format
   * gpt-tokenizer ships under `gpt-tokenizer/data/`. Unlike its JS rank modules, nothing of the
   * text stays alive once the table is built.
   *
   * @param text - The file's content.
   * @returns The table, in shared memory where the runtime has it.
   * @throws {TypeError} When a line is malformed.
   */
  static fromTiktoken(text: string): RankTable {
    // Typed arrays sized by a first pass over the newlines: no per-line strings or numbers on the
    // heap, so building leaves little garbage behind (this runs on every thread's first count).
    let lines = 0;
    for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) lines++;
    if (text.length > 0 && !text.endsWith('\n')) lines++;
    const offsets = new Int32Array(lines).fill(-1);
    const lengths = new Int32Array(lines);
    const scratch = new Uint8Array(Math.ceil((text.length * 3) / 4));
    let written = 0;
    let tokens = 0;
    let lineStart = 0;
    while (lineStart < text.length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      if (lineEnd > lineStart) {
        const space = text.indexOf(' ', lineStart);
        if (space < 0 || space > lineEnd)
          throw new TypeError(`Malformed .tiktoken line at offset ${lineStart}.`);
        let rank = 0;
        let digits = 0;
        for (let index = space + 1; index < lineEnd; index++) {
          const code = text.charCodeAt(index);
          if (code === 13) break;
          if (code < 48 || code > 57) throw new TypeError(`Malformed rank at offset ${index}.`);
          rank = rank * 10 + (code - 48);
          digits++;
        }
        if (digits === 0 || rank >= lines) throw new TypeError(`Malformed rank at offset ${space + 1}.`);
        const start = written;
        written = decodeBase64Into(text, lineStart, space, scratch, written);
        offsets[rank] = start;
        lengths[rank] = written - start;
        if (rank + 1 > tokens) tokens = rank + 1;
      }
      lineStart = lineEnd + 1;
    }
    const starts = new Int32Array(allocate(4 * (tokens + 1)));
    const bytes = new Uint8Array(allocate(written));
    let length = 0;
    for (let rank = 0; rank < tokens; rank++) {
      starts[rank] = length;
      const offset = offsets[rank] as number;
      if (offset < 0) continue;
      const size = lengths[rank] as number;
      bytes.set(scratch.subarray(offset, offset + size), length);
      length += size;
    }
    starts[tokens] = length;
    return RankTable.#index(bytes, starts);
  }

  /**
   * Rebuilds a table from arrays received from another thread (no copy when they are shared).
   *
   * @param shared - {@link RankTable.shared} of the original.
   */
  static fromShared(shared: SharedRankTable): RankTable {
    return new RankTable(shared);
  }

  /** The arrays, to send to a worker thread. */
  get shared(): SharedRankTable {
    return {
      bytes: this.#bytes,
      starts: this.#starts,
      slotHashes: this.#slotHashes,
      slotRanks: this.#slotRanks,
    };
  }

  /** Number of tokens (ranks). */
  get size(): number {
    return this.#starts.length - 1;
  }

  /**
   * The rank of the byte sequence `text[start, end)` (ASCII text or a binary string: one char code
   * per byte), or -1.
   *
   * @param hash - `hashRange(text, start, end)`.
   */
  findRange(text: string, start: number, end: number, hash: number): number {
    const slotHashes = this.#slotHashes;
    const bytes = this.#bytes;
    const starts = this.#starts;
    const mask = this.#mask;
    const length = end - start;
    let slot = hash & mask;
    for (;;) {
      const stored = slotHashes[slot] as number;
      if (stored === 0) return -1;
      if (stored === hash) {
        const rank = this.#slotRanks[slot] as number;
        const offset = starts[rank] as number;
        if ((starts[rank + 1] as number) - offset === length) {
          let index = 0;
          while (index < length && (bytes[offset + index] as number) === text.charCodeAt(start + index))
            index++;
          if (index === length) return rank;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The rank of the byte sequence `bytes[0, length)`, or -1. */
  findBytes(bytes: Uint8Array, length: number): number {
    let hash = hashBytes(FNV_OFFSET, bytes, 0, length);
    if (hash === 0) hash = 1;
    const tokenBytes = this.#bytes;
    const starts = this.#starts;
    const mask = this.#mask;
    let slot = hash & mask;
    for (;;) {
      const stored = this.#slotHashes[slot] as number;
      if (stored === 0) return -1;
      if (stored === hash) {
        const rank = this.#slotRanks[slot] as number;
        const offset = starts[rank] as number;
        if ((starts[rank + 1] as number) - offset === length) {
          let index = 0;
          while (index < length && tokenBytes[offset + index] === bytes[index]) index++;
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

  /** The rank of the token whose bytes are those of `left` followed by those of `right`, or -1. */
  findPair(left: number, right: number): number {
    const bytes = this.#bytes;
    const starts = this.#starts;
    const leftStart = starts[left] as number;
    const leftEnd = starts[left + 1] as number;
    const rightStart = starts[right] as number;
    const rightEnd = starts[right + 1] as number;
    let hash = hashBytes(hashBytes(FNV_OFFSET, bytes, leftStart, leftEnd), bytes, rightStart, rightEnd);
    if (hash === 0) hash = 1;
    const split = leftEnd - leftStart;
    const length = split + rightEnd - rightStart;
    const mask = this.#mask;
    let slot = hash & mask;
    for (;;) {
      const stored = this.#slotHashes[slot] as number;
      if (stored === 0) return -1;
      if (stored === hash) {
        const rank = this.#slotRanks[slot] as number;
        const offset = starts[rank] as number;
        if ((starts[rank + 1] as number) - offset === length) {
          let index = 0;
          while (index < split && bytes[offset + index] === bytes[leftStart + index]) index++;
          if (index === split) {
            while (index < length && bytes[offset + index] === bytes[rightStart + index - split]) index++;
            if (index === length) return rank;
          }
        }
      }
      slot = (slot + 1) & mask;
    }
  }
}
