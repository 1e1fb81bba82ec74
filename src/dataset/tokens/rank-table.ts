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
  /**
   * The hash table: slot `i` is `slots[2i]` (the key's hash, 0 for an empty slot) and
   * `slots[2i + 1]` (its rank), side by side so that a probe reads one cache line, not two.
   */
  readonly slots: Int32Array;
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

/** Slots for `keys` keys: a power of two, at least twice as many (short probe runs). */
function slotCount(keys: number): number {
  let slots = 1024;
  while (slots < keys * 2) slots *= 2;
  return slots;
}

/** Inserts (`hash`, `rank`) into the interleaved table `slots` (linear probing; 0 is no hash). */
function insert(slots: Int32Array, hash: number, rank: number): void {
  const key = hash === 0 ? 1 : hash;
  const mask = (slots.length >> 1) - 1;
  let slot = key & mask;
  while ((slots[slot << 1] as number) !== 0) slot = (slot + 1) & mask;
  slots[slot << 1] = key;
  slots[(slot << 1) + 1] = rank;
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
  readonly #slots: Int32Array;
  readonly #mask: number;

  private constructor(shared: SharedRankTable) {
    this.#bytes = shared.bytes;
    this.#starts = shared.starts;
    this.#slots = shared.slots;
    this.#mask = (shared.slots.length >> 1) - 1;
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
    const slots = new Int32Array(allocate(8 * slotCount(tokens)));
    for (let rank = 0; rank < tokens; rank++) {
      const start = starts[rank] as number;
      const end = starts[rank + 1] as number;
      if (end > start) insert(slots, hashBytes(FNV_OFFSET, bytes, start, end), rank);
    }
    return new RankTable({ bytes, starts, slots });
  }

  /**
   * Builds the table from a `.tiktoken` file (one `<base64 bytes> <rank>` per line), the format
   * gpt-tokenizer ships under `gpt-tokenizer/data/`. Unlike its JS rank modules, nothing of the
   * file stays alive once the table is built.
   *
   * One pass over the file's bytes decodes, hashes and indexes each token; when the ranks come in
   * order (they do in gpt-tokenizer's files) the tokens are decoded in place, straight into the
   * shared table, and only a file out of order is laid out again at the end. This build is on the
   * critical path of every validation (workers wait for the table), so it avoids per-line strings
   * and typed-array views: 58 → 50 ms for o200k_base once compiled (docs/performance.md, "Two
   * cores, third pass").
   *
   * @param file - The file's bytes (or its text, which is encoded first).
   * @returns The table, in shared memory where the runtime has it.
   * @throws {TypeError} When a line is malformed or a rank repeats.
   */
  static fromTiktoken(file: string | Uint8Array): RankTable {
    const data = typeof file === 'string' ? new TextEncoder().encode(file) : file;
    const size = data.length;
    let lines = 0;
    for (let index = 0; index < size; index++) if (data[index] === 10) lines++;
    if (size > 0 && data[size - 1] !== 10) lines++;
    // Decoded in place into shared memory sized for the worst case; pages past the end are never
    // touched, so they take no memory.
    const decoded = new Uint8Array(allocate(Math.ceil((size * 3) / 4)));
    const starts = new Int32Array(allocate(4 * (lines + 1)));
    const slots = new Int32Array(allocate(8 * slotCount(lines)));
    const mask = (slots.length >> 1) - 1;
    // Only for a file whose ranks are not 0, 1, 2… in order: where each rank's bytes were decoded.
    let offsets: Int32Array | null = null;
    let lengths: Int32Array | null = null;
    let written = 0;
    let tokens = 0;
    let lineStart = 0;
    while (lineStart < size) {
      let space = lineStart;
      while (space < size && data[space] !== 32 && data[space] !== 10) space++;
      if (space === lineStart && (space === size || data[space] === 10)) {
        lineStart = space + 1; // an empty line
        continue;
      }
      if (space === size || data[space] !== 32)
        throw new TypeError(`Malformed .tiktoken line at offset ${lineStart}.`);
      let rank = 0;
      let digits = 0;
      let lineEnd = space + 1;
      for (; lineEnd < size; lineEnd++) {
        const code = data[lineEnd] as number;
        if (code === 10 || code === 13) break;
        if (code < 48 || code > 57) throw new TypeError(`Malformed rank at offset ${lineEnd}.`);
        rank = rank * 10 + (code - 48);
        digits++;
      }
      if (digits === 0 || rank >= lines) throw new TypeError(`Malformed rank at offset ${space + 1}.`);
      const start = written;
      // Base64, decoded and FNV-1a hashed in the same loop.
      let bits = 0;
      let count = 0;
      let hash = FNV_OFFSET;
      for (let index = lineStart; index < space; index++) {
        const code = data[index] as number;
        if (code === 61) break; // '='
        const value = code < 128 ? (BASE64[code] as number) : -1;
        if (value < 0) throw new TypeError(`Invalid base64 at offset ${index}.`);
        bits = (bits << 6) | value;
        count += 6;
        if (count >= 8) {
          count -= 8;
          const byte = (bits >> count) & 0xff;
          decoded[written++] = byte;
          hash = Math.imul(hash ^ byte, FNV_PRIME);
        }
      }
      if (offsets === null && rank !== tokens) {
        // Out of order: remember every rank's bytes so far, and lay them out at the end.
        offsets = new Int32Array(lines).fill(-1);
        lengths = new Int32Array(lines);
        for (let earlier = 0; earlier < tokens; earlier++) {
          offsets[earlier] = starts[earlier] as number;
          lengths[earlier] =
            (earlier + 1 < tokens ? (starts[earlier + 1] as number) : start) - (starts[earlier] as number);
        }
      }
      if (offsets === null) {
        starts[rank] = start;
      } else {
        if ((offsets[rank] as number) >= 0)
          throw new TypeError(`Rank ${rank} repeats at offset ${space + 1}.`);
        offsets[rank] = start;
        (lengths as Int32Array)[rank] = written - start;
      }
      if (rank + 1 > tokens) tokens = rank + 1;
      if (written > start) {
        // Inline, not a helper: a call here made the whole build a third slower.
        if (hash === 0) hash = 1;
        let slot = hash & mask;
        while ((slots[slot << 1] as number) !== 0) slot = (slot + 1) & mask;
        slots[slot << 1] = hash;
        slots[(slot << 1) + 1] = rank;
      }
      while (lineEnd < size && data[lineEnd] !== 10) lineEnd++;
      lineStart = lineEnd + 1;
    }
    if (offsets === null) {
      starts[tokens] = written;
      return new RankTable({
        bytes: new Uint8Array(decoded.buffer, 0, written),
        starts: new Int32Array(starts.buffer, 0, tokens + 1),
        slots,
      });
    }
    const ordered = new Int32Array(allocate(4 * (tokens + 1)));
    const bytes = new Uint8Array(allocate(written));
    let length = 0;
    for (let rank = 0; rank < tokens; rank++) {
      ordered[rank] = length;
      const offset = offsets[rank] as number;
      if (offset < 0) continue;
      const end = offset + ((lengths as Int32Array)[rank] as number);
      for (let index = offset; index < end; index++) bytes[length++] = decoded[index] as number;
    }
    ordered[tokens] = length;
    return new RankTable({ bytes, starts: ordered, slots });
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
      slots: this.#slots,
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
    const slots = this.#slots;
    const bytes = this.#bytes;
    const starts = this.#starts;
    const mask = this.#mask;
    const length = end - start;
    let slot = hash & mask;
    for (;;) {
      const stored = slots[slot << 1] as number;
      if (stored === 0) return -1;
      if (stored === hash) {
        const rank = slots[(slot << 1) + 1] as number;
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
    const slots = this.#slots;
    const mask = this.#mask;
    let slot = hash & mask;
    for (;;) {
      const stored = slots[slot << 1] as number;
      if (stored === 0) return -1;
      if (stored === hash) {
        const rank = slots[(slot << 1) + 1] as number;
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
    const slots = this.#slots;
    const mask = this.#mask;
    let slot = hash & mask;
    for (;;) {
      const stored = slots[slot << 1] as number;
      if (stored === 0) return -1;
      if (stored === hash) {
        const rank = slots[(slot << 1) + 1] as number;
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
