/**
 * A cache for short ASCII pieces keyed by the piece itself, packed into four integers (7 bits per
 * character, up to 15 characters, plus the length): no hashing of strings, no key comparison, no
 * pointers to chase. Nearly every piece of English text and code is this short; longer and
 * non-ASCII pieces go to {@link PieceCache}.
 *
 * Eviction is O(1) amortised: when half full, the table is cleared whole (frequent pieces come
 * back within a few hundred pieces).
 *
 * @module
 */

/** Longest piece (in characters) this cache takes. */
export const SHORT_PIECE_MAX_LENGTH = 15;

/** See the module comment. */
export class ShortPieceCache {
  readonly #keys: Int32Array;
  readonly #values: Int32Array;
  readonly #mask: number;
  readonly #limit: number;
  #size = 0;
  #hits = 0;
  #misses = 0;

  /** @param slots - Table slots, a power of two (half of them are used before a clear). @default 131072 */
  constructor(slots = 131_072) {
    let size = 16;
    while (size < slots) size *= 2;
    this.#keys = new Int32Array(4 * size);
    this.#values = new Int32Array(size);
    this.#mask = size - 1;
    this.#limit = size >> 1;
  }

  /**
   * The cached count of the packed ASCII piece, or -1.
   *
   * @param a - Characters 0–3, 7 bits each.
   * @param b - Characters 4–7.
   * @param c - Characters 8–11.
   * @param d - The length (4 bits) and characters 12–14; never 0.
   */
  find(a: number, b: number, c: number, d: number): number {
    const keys = this.#keys;
    const mask = this.#mask;
    let slot = slotOf(a, b, c, d, mask);
    for (;;) {
      const base = slot << 2;
      const stored = keys[base + 3] as number;
      if (stored === 0) {
        this.#misses++;
        return -1;
      }
      if (stored === d && keys[base] === a && keys[base + 1] === b && keys[base + 2] === c) {
        this.#hits++;
        return this.#values[slot] as number;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Stores the count of a packed piece (see {@link ShortPieceCache.find}). */
  set(a: number, b: number, c: number, d: number, value: number): void {
    const keys = this.#keys;
    if (this.#size >= this.#limit) {
      keys.fill(0);
      this.#size = 0;
    }
    const mask = this.#mask;
    let slot = slotOf(a, b, c, d, mask);
    while ((keys[(slot << 2) + 3] as number) !== 0) slot = (slot + 1) & mask;
    const base = slot << 2;
    keys[base] = a;
    keys[base + 1] = b;
    keys[base + 2] = c;
    keys[base + 3] = d;
    this.#values[slot] = value;
    this.#size++;
  }

  /** Hits, misses and entries. */
  stats(): { readonly hits: number; readonly misses: number; readonly size: number } {
    return { hits: this.#hits, misses: this.#misses, size: this.#size };
  }

  /** Sets the hit and miss counters to zero. */
  resetStats(): void {
    this.#hits = 0;
    this.#misses = 0;
  }
}

function slotOf(a: number, b: number, c: number, d: number, mask: number): number {
  let hash = Math.imul(a ^ Math.imul(d, 0x9e3779b1), 0x85ebca6b);
  hash = Math.imul(hash ^ b ^ (hash >>> 15), 0xc2b2ae35);
  hash = Math.imul(hash ^ c ^ (hash >>> 13), 0x27d4eb2f);
  return (hash ^ (hash >>> 16)) & mask;
}
