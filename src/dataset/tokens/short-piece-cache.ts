/**
 * A cache for short ASCII pieces keyed by the piece itself packed into two integers (7 bits per
 * character, up to 7 characters, plus the length): no hashing of strings, no key comparison, no
 * pointers to chase. About 80% of the pieces of English text are this short, so this table
 * answers most pieces; longer and non-ASCII pieces go to {@link PieceCache}.
 *
 * Eviction is O(1) amortised: when half full, the table is cleared whole (frequent pieces come
 * back within a few hundred pieces).
 *
 * @module
 */

/** Longest piece (in characters) this cache takes. */
export const SHORT_PIECE_MAX_LENGTH = 7;

/** See the module comment. */
export class ShortPieceCache {
  readonly #low: Int32Array;
  readonly #high: Int32Array;
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
    this.#low = new Int32Array(size);
    this.#high = new Int32Array(size);
    this.#values = new Int32Array(size);
    this.#mask = size - 1;
    this.#limit = size >> 1;
  }

  /**
   * The cached count of the ASCII piece packed as (`low`, `high`), or -1.
   *
   * @param low - Characters 0–3, 7 bits each.
   * @param high - The length (3 bits) and characters 4–6, 7 bits each; never 0.
   */
  find(low: number, high: number): number {
    const mask = this.#mask;
    let slot = (Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) >>> 15) & mask;
    for (;;) {
      const stored = this.#high[slot] as number;
      if (stored === 0) {
        this.#misses++;
        return -1;
      }
      if (stored === high && this.#low[slot] === low) {
        this.#hits++;
        return this.#values[slot] as number;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Stores the count of a packed piece (see {@link ShortPieceCache.find}). */
  set(low: number, high: number, value: number): void {
    if (this.#size >= this.#limit) {
      this.#high.fill(0);
      this.#size = 0;
    }
    const mask = this.#mask;
    let slot = (Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) >>> 15) & mask;
    while ((this.#high[slot] as number) !== 0) slot = (slot + 1) & mask;
    this.#low[slot] = low;
    this.#high[slot] = high;
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
