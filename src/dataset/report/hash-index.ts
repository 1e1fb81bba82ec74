/**
 * A compact hash table from 64-bit hashes to numbers, on typed arrays: about 17–34 bytes per entry
 * (at most half full), where a `Map<string, number>` of hex strings takes 80 or more. Used to find
 * duplicate examples, train/validation overlap and repeated answers in files of millions of lines.
 *
 * @module
 */

/**
 * Splits a 16-hex-digit hash (as produced by the dataset checks) into two 32-bit halves. Any other
 * string is first reduced to 64 bits with a simple two-lane multiply-xorshift hash.
 *
 * @param hash - A hash string.
 * @returns `[high, low]` 32-bit unsigned halves.
 */
export function hashHalves(hash: string): [number, number] {
  if (hash.length === 16) {
    const high = hexValue(hash, 0);
    const low = hexValue(hash, 8);
    if (high >= 0 && low >= 0) return [high, low];
  }
  let h1 = 0x9e3779b9;
  let h2 = 0x85ebca6b;
  for (let index = 0; index < hash.length; index++) {
    const unit = hash.charCodeAt(index);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  return [(h1 ^ (h2 >>> 15)) >>> 0, (h2 ^ (h1 >>> 13)) >>> 0];
}

/** The 32-bit value of 8 hex digits at `start`, or -1 when one is not a hex digit (no regex, no slice: this runs per example). */
function hexValue(text: string, start: number): number {
  let value = 0;
  for (let index = start; index < start + 8; index++) {
    const code = text.charCodeAt(index);
    let digit: number;
    if (code >= 0x30 && code <= 0x39) digit = code - 0x30;
    else if (code >= 0x61 && code <= 0x66) digit = code - 0x57;
    else if (code >= 0x41 && code <= 0x46) digit = code - 0x37;
    else return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * Open-addressing table (linear probing, grows at half load) mapping 64-bit hashes to a number:
 * the first line seen, or a count.
 *
 * @example
 * ```ts
 * const index = new HashIndex();
 * index.setIfAbsent('00ff00ff00ff00ff', 3); // undefined: new
 * index.setIfAbsent('00ff00ff00ff00ff', 9); // 3: seen before, at line 3
 * ```
 */
export class HashIndex {
  #keys: Uint32Array;
  #used: Uint8Array;
  #values: Float64Array;
  #size = 0;

  /** @param capacity - Initial number of slots (rounded up to a power of two). @default 1024 */
  constructor(capacity = 1024) {
    let slots = 16;
    while (slots < capacity) slots *= 2;
    this.#keys = new Uint32Array(slots * 2);
    this.#used = new Uint8Array(slots);
    this.#values = new Float64Array(slots);
  }

  /** Number of distinct hashes stored. */
  get size(): number {
    return this.#size;
  }

  /**
   * Stores `value` for `hash` unless the hash is already present.
   *
   * @returns The stored value when the hash was present (the value is then unchanged), else `undefined`.
   */
  setIfAbsent(hash: string, value: number): number | undefined {
    const slot = this.#find(hash, true);
    if (this.#found) return this.#values[slot];
    this.#values[slot] = value;
    return undefined;
  }

  /**
   * Adds `delta` to the number stored for `hash` (0 when absent).
   *
   * @returns The new value.
   */
  add(hash: string, delta = 1): number {
    const slot = this.#find(hash, true);
    const value = (this.#found ? this.#values[slot]! : 0) + delta;
    this.#values[slot] = value;
    return value;
  }

  /** The value stored for `hash`, or `undefined`. */
  get(hash: string): number | undefined {
    const slot = this.#find(hash, false);
    return this.#found ? this.#values[slot] : undefined;
  }

  /** The largest stored value, or 0 when empty (e.g. the count of the most common answer). */
  maxValue(): number {
    let max = 0;
    for (let index = 0; index < this.#values.length; index++) {
      if (this.#used[index] === 1 && this.#values[index]! > max) max = this.#values[index]!;
    }
    return max;
  }

  /** Whether the last {@link HashIndex.#find} found the hash (a field, so lookups allocate nothing). */
  #found = false;

  /** The slot of `hash`: where it is, or where it was inserted (`insert`) or would go. */
  #find(hash: string, insert: boolean): number {
    const [high, low] = hashHalves(hash);
    if (insert && (this.#size + 1) * 2 > this.#values.length) this.#grow();
    const mask = this.#values.length - 1;
    let index = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
    for (;;) {
      if (this.#used[index] === 0) {
        this.#found = false;
        if (!insert) return index;
        this.#used[index] = 1;
        this.#keys[index * 2] = high;
        this.#keys[index * 2 + 1] = low;
        this.#size++;
        return index;
      }
      if (this.#keys[index * 2] === high && this.#keys[index * 2 + 1] === low) {
        this.#found = true;
        return index;
      }
      index = (index + 1) & mask;
    }
  }

  #grow(): void {
    const oldKeys = this.#keys;
    const oldUsed = this.#used;
    const oldValues = this.#values;
    const slots = oldValues.length * 2;
    this.#keys = new Uint32Array(slots * 2);
    this.#used = new Uint8Array(slots);
    this.#values = new Float64Array(slots);
    const mask = slots - 1;
    for (let old = 0; old < oldValues.length; old++) {
      if (oldUsed[old] === 0) continue;
      const high = oldKeys[old * 2]!;
      const low = oldKeys[old * 2 + 1]!;
      let index = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
      while (this.#used[index] === 1) index = (index + 1) & mask;
      this.#used[index] = 1;
      this.#keys[index * 2] = high;
      this.#keys[index * 2 + 1] = low;
      this.#values[index] = oldValues[old]!;
    }
  }
}
