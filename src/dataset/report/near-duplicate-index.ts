/**
 * Locality-sensitive hashing over MinHash sketches (`checks/near-duplicate-sketch.ts`): finds, for
 * each new example, an earlier one whose estimated Jaccard similarity reaches the threshold.
 *
 * The 128 bins are cut into {@link BANDS} bands of {@link ROWS} rows; two examples become candidates
 * when one band agrees entirely, then their full sketches are compared. At similarity 0.8 a pair is
 * a candidate with probability 1 − (1 − 0.8⁸)¹⁶ ≈ 0.95, at 0.9 about 0.9999, at 0.5 about 0.06
 * (and then rejected by the comparison).
 *
 * Memory is bounded: at most {@link MAX_INDEXED_EXAMPLES} examples enter the index (a sketch of 128
 * bytes and 16 band slots of 8 bytes in an open-addressing table at most half full: about 384 bytes
 * per example, 48 MB when full); later examples are still compared with the indexed ones but not
 * added. Each band key keeps only the first example that had it, so a group of near-duplicates is
 * reported against its first member.
 *
 * @module
 */
import { estimateSimilarity, SKETCH_SIZE } from '../checks/near-duplicate-sketch.js';

/** Bands of the LSH. */
export const BANDS = 16;
/** Sketch bins per band. */
export const ROWS = SKETCH_SIZE / BANDS;
/** Examples indexed at most (the memory bound). */
export const MAX_INDEXED_EXAMPLES = 131_072;

/** An earlier example close to the one looked up. */
export interface NearDuplicateMatch {
  /** Its 1-based line. */
  readonly line: number;
  /** Estimated Jaccard similarity. */
  readonly similarity: number;
}

/** The LSH index of one file's sketches. */
export class NearDuplicateIndex {
  #sketches = new Uint8Array(0);
  #lines = new Int32Array(0);
  #count = 0;
  /** Open addressing: band key (never 0) → example ordinal + 1. */
  #keys = new Int32Array(1024);
  #values = new Int32Array(1024);
  #filled = 0;
  readonly #limit: number;

  /** @param limit - Examples indexed at most. @default MAX_INDEXED_EXAMPLES */
  constructor(limit = MAX_INDEXED_EXAMPLES) {
    this.#limit = limit;
  }

  /** Examples in the index. */
  get size(): number {
    return this.#count;
  }

  /**
   * The most similar indexed example at or over `threshold`, or `undefined`.
   *
   * @param sketch - The sketch of the example looked up.
   * @param threshold - Minimum estimated similarity.
   */
  find(sketch: Uint8Array, threshold: number): NearDuplicateMatch | undefined {
    let best: NearDuplicateMatch | undefined;
    const checked: number[] = [];
    for (let band = 0; band < BANDS; band++) {
      const ordinal = this.#lookup(bandKey(sketch, band));
      if (ordinal < 0) continue;
      if (checked.includes(ordinal)) continue;
      checked.push(ordinal);
      const offset = ordinal * SKETCH_SIZE;
      const similarity = estimateSimilarity(sketch, this.#sketches.subarray(offset, offset + SKETCH_SIZE));
      if (similarity >= threshold && (best === undefined || similarity > best.similarity)) {
        best = { line: this.#lines[ordinal]!, similarity };
      }
    }
    return best;
  }

  /**
   * Adds an example, unless the index is full.
   *
   * @param sketch - Its sketch.
   * @param line - Its 1-based line.
   */
  add(sketch: Uint8Array, line: number): void {
    if (this.#count >= this.#limit) return;
    const ordinal = this.#count++;
    if (ordinal >= this.#lines.length) this.#grow();
    this.#sketches.set(sketch, ordinal * SKETCH_SIZE);
    this.#lines[ordinal] = line;
    for (let band = 0; band < BANDS; band++) this.#insert(bandKey(sketch, band), ordinal);
  }

  #grow(): void {
    const capacity = Math.min(this.#limit, Math.max(256, this.#lines.length * 2));
    const sketches = new Uint8Array(capacity * SKETCH_SIZE);
    sketches.set(this.#sketches);
    this.#sketches = sketches;
    const lines = new Int32Array(capacity);
    lines.set(this.#lines);
    this.#lines = lines;
  }

  #lookup(key: number): number {
    const mask = this.#keys.length - 1;
    for (let slot = key & mask; ; slot = (slot + 1) & mask) {
      const found = this.#keys[slot]!;
      if (found === 0) return -1;
      if (found === key) return this.#values[slot]! - 1;
    }
  }

  #insert(key: number, ordinal: number): void {
    if ((this.#filled + 1) * 2 > this.#keys.length) this.#rehash();
    const mask = this.#keys.length - 1;
    for (let slot = key & mask; ; slot = (slot + 1) & mask) {
      const found = this.#keys[slot]!;
      if (found === key) return; // the first example with this band keeps it
      if (found === 0) {
        this.#keys[slot] = key;
        this.#values[slot] = ordinal + 1;
        this.#filled++;
        return;
      }
    }
  }

  #rehash(): void {
    const keys = this.#keys;
    const values = this.#values;
    this.#keys = new Int32Array(keys.length * 2);
    this.#values = new Int32Array(keys.length * 2);
    this.#filled = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      if (keys[slot] !== 0) this.#insert(keys[slot]!, values[slot]! - 1);
    }
  }
}

/** A non-zero 32-bit key for one band of a sketch (the band number is mixed in). */
function bandKey(sketch: Uint8Array, band: number): number {
  let hash = Math.imul(band + 1, 0x9e3779b1);
  const start = band * ROWS;
  for (let row = start; row < start + ROWS; row++) hash = Math.imul(hash ^ sketch[row]!, 0x01000193);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  hash ^= hash >>> 12;
  return hash === 0 ? 1 : hash;
}
