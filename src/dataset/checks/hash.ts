/**
 * Fast, non-cryptographic 64-bit hashing of text and of canonical JSON, for duplicate detection,
 * train/validation overlap and answer diversity. Pure JS (no `node:crypto`), so it runs in workers,
 * browsers and Deno alike.
 *
 * The hash is two 32-bit lanes fed UTF-16 code units two at a time (MurmurHash3's block mixing,
 * then a multiply-xor lane as in cyrb53), with cyrb53's final avalanche, kept at 64 bits. It is not
 * collision-resistant against an attacker; for accidental collisions among n examples the
 * probability is about n² / 2⁶⁵ (3 · 10⁻⁶ for ten million lines).
 *
 * @module
 */

/** An incremental 64-bit hash over UTF-16 code units. */
export class Hash64 {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  /** Feeds one code unit. */
  code(unit: number): void {
    this.h1 = Math.imul(this.h1 ^ unit, 2654435761);
    this.h2 = Math.imul(this.h2 ^ unit, 1597334677);
  }

  /**
   * Feeds every code unit of `text`, two at a time: each 32-bit block is mixed as in MurmurHash3
   * (multiply, rotate, multiply) before it enters the lanes, so high bits reach low bits and the
   * loop runs about twice as fast as one unit per step.
   */
  text(text: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    const length = text.length;
    let index = 0;
    for (; index + 1 < length; index += 2) {
      let block = text.charCodeAt(index) | (text.charCodeAt(index + 1) << 16);
      block = Math.imul(block, 0xcc9e2d51);
      block = (block << 15) | (block >>> 17);
      block = Math.imul(block, 0x1b873593);
      h1 ^= block;
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      h2 = Math.imul(h2 ^ block, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    if (index < length) this.code(text.charCodeAt(index));
  }

  /** Feeds `text` with its length first, so that concatenations cannot collide by construction. */
  framedText(text: string): void {
    const length = text.length;
    this.code(length & 0xffff);
    this.code(length >>> 16);
    this.text(text);
  }

  /**
   * Feeds a number canonically: small integers as two code units (no number-to-text conversion on
   * the hot path), anything else as its shortest decimal text. The two forms carry different tags,
   * and `-0` and `0` hash alike, as JSON equality wants.
   */
  number(value: number): void {
    if (Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) {
      this.code(0x69); // 'i'
      this.code(value & 0xffff);
      this.code((value >>> 16) & 0xffff);
      return;
    }
    this.code(0x66); // 'f'
    this.text(String(value));
    this.code(0x3b); // ';'
  }

  /** The 64-bit digest as 16 lower-case hex digits. Does not reset the state. */
  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return hex64(h2, h1);
  }
}

/** Char codes of the hex digits 0–f. */
const HEX_DIGITS = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** The digits of {@link hex64}, reused: no array per hash. */
const HEX_CODES: number[] = new Array<number>(16).fill(0);

/**
 * `high` then `low` as 16 lower-case hex digits, built as one string: `Number#toString(16)` is slow
 * enough to show in profiles, and joining two-digit pieces made nine strings per hash (three hashes
 * per line of a validation).
 */
function hex64(high: number, low: number): string {
  for (let index = 0; index < 8; index++) {
    const shift = 28 - 4 * index;
    HEX_CODES[index] = HEX_DIGITS[(high >>> shift) & 15]!;
    HEX_CODES[index + 8] = HEX_DIGITS[(low >>> shift) & 15]!;
  }
  return String.fromCharCode.apply(null, HEX_CODES);
}

/**
 * Hashes one string.
 *
 * @param text - Any text.
 * @returns 16 hex digits.
 * @example
 * ```ts
 * hashText('hello') === hashText('hello') // true
 * ```
 */
export function hashText(text: string): string {
  const hash = new Hash64();
  hash.framedText(text);
  return hash.digest();
}

/** Nesting handled by plain recursion; deeper subtrees switch to an explicit stack. */
const RECURSION_LIMIT = 256;

/**
 * Hashes the canonical form of a parsed JSON value: object keys sorted by code unit, numbers in
 * their shortest form (`1.0` and `1` are the same), strings framed by their length. Two values
 * that are equal as JSON data get the same hash whatever their key order or whitespace.
 *
 * Ordinary nesting is walked recursively (fast, no allocations); a subtree deeper than
 * {@link RECURSION_LIMIT} levels is walked with an explicit stack that feeds the same sequence, so a
 * hostile line nested 100,000 levels deep cannot overflow the call stack.
 *
 * @param value - A value produced by `JSON.parse` (other values are hashed by their type only).
 * @returns 16 hex digits.
 */
export function hashCanonicalJson(value: unknown): string {
  // Left over only if an earlier walk threw (it cannot on parsed JSON): start clean regardless.
  keyStack.length = 0;
  const hash = new Hash64();
  feedRecursive(hash, value, 0);
  return hash.digest();
}

function feedScalar(hash: Hash64, item: unknown): void {
  if (item === null) {
    hash.code(0x6e); // 'n'
  } else if (typeof item === 'string') {
    hash.code(0x73); // 's'
    hash.framedText(item);
  } else if (typeof item === 'number') {
    hash.code(0x64); // 'd'
    hash.number(item);
  } else if (typeof item === 'boolean') {
    hash.code(item ? 0x74 : 0x66); // 't' / 'f'
  } else {
    hash.code(0x75); // 'u': undefined and other non-JSON values
  }
}

function feedRecursive(hash: Hash64, item: unknown, depth: number): void {
  if (typeof item !== 'object' || item === null) {
    feedScalar(hash, item);
    return;
  }
  if (depth >= RECURSION_LIMIT) {
    feedIterative(hash, item);
    return;
  }
  if (Array.isArray(item)) {
    hash.code(0x5b); // '['
    for (let index = 0; index < item.length; index++) feedRecursive(hash, item[index], depth + 1);
    hash.code(0x5d); // ']'
    return;
  }
  hash.code(0x7b); // '{'
  const record = item as Record<string, unknown>;
  // The keys go on a stack shared by the whole walk (a nested object's keys above its parent's)
  // instead of an `Object.keys` array per object: that was the largest allocation left in
  // validation after JSON.parse's own (docs/performance.md, "Two cores, third pass").
  const start = keyStack.length;
  for (const key in record) if (Object.hasOwn(record, key)) keyStack.push(key);
  const end = keyStack.length;
  sortKeyRange(keyStack, start, end);
  for (let index = start; index < end; index++) {
    const key = keyStack[index]!;
    hash.code(0x6b); // 'k'
    hash.framedText(key);
    feedRecursive(hash, record[key], depth + 1);
  }
  keyStack.length = start;
  hash.code(0x7d); // '}'
}

/** The own keys of the objects {@link feedRecursive} is inside, innermost last. */
const keyStack: string[] = [];

/** {@link sortKeys} on `keys[start, end)`, in place. */
function sortKeyRange(keys: string[], start: number, end: number): void {
  if (end - start > INSERTION_SORT_KEYS) {
    const sorted = keys.slice(start, end).sort();
    for (let index = start; index < end; index++) keys[index] = sorted[index - start]!;
    return;
  }
  for (let index = start + 1; index < end; index++) {
    const key = keys[index]!;
    let at = index - 1;
    while (at >= start && keys[at]! > key) {
      keys[at + 1] = keys[at]!;
      at--;
    }
    keys[at + 1] = key;
  }
}

/** Objects with more keys than this are sorted by `Array#sort`. */
const INSERTION_SORT_KEYS = 16;

/**
 * Sorts object keys by code unit, in place, as `Array#sort` does. Small arrays (a message's
 * `role` and `content`) are insertion-sorted: `Array#sort` allocates work storage on every call,
 * and that was a third of everything validation allocated (docs/performance.md).
 */
function sortKeys(keys: string[]): string[] {
  sortKeyRange(keys, 0, keys.length);
  return keys;
}

/** Marks the end of an array or object on the explicit stack. */
const CLOSE_ARRAY = Symbol('close-array');
const CLOSE_OBJECT = Symbol('close-object');

/** An object key waiting on the stack to be fed before its value. */
class PendingKey {
  constructor(readonly key: string) {}
}

/** Feeds exactly what {@link feedRecursive} would, without recursion. */
function feedIterative(hash: Hash64, value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === CLOSE_ARRAY) {
      hash.code(0x5d);
    } else if (item === CLOSE_OBJECT) {
      hash.code(0x7d);
    } else if (item instanceof PendingKey) {
      hash.code(0x6b);
      hash.framedText(item.key);
    } else if (typeof item !== 'object' || item === null) {
      feedScalar(hash, item);
    } else if (Array.isArray(item)) {
      hash.code(0x5b);
      stack.push(CLOSE_ARRAY);
      for (let index = item.length - 1; index >= 0; index--) stack.push(item[index]);
    } else {
      hash.code(0x7b);
      stack.push(CLOSE_OBJECT);
      const record = item as Record<string, unknown>;
      const keys = sortKeys(Object.keys(record));
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index] as string;
        stack.push(record[key], new PendingKey(key));
      }
    }
  }
}
