/**
 * A small seeded pseudo-random generator (mulberry32) and an FNV-1a string hash to seed it, shared
 * by every layer that needs reproducible randomness: the dataset split, the simulator's ids, curves
 * and timings, and the test fixtures. The same seed gives the same sequence on every platform, so
 * tests can assert exact values and snapshots stay stable. Not for anything security-related.
 *
 * @module
 */

/** A seeded source of random numbers. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A sample of the standard normal distribution (mean 0, deviation 1). */
  normal(): number;
  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet?: string): string;
  /** A new generator derived from this one and `label`, independent of later draws here. */
  fork(label: string): SeededRandom;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * FNV-1a (32-bit) over the UTF-16 code units: turns labels and string seeds into numeric seeds.
 *
 * @param text - Any text.
 * @param seed - The starting hash. @default 0x811c9dc5 (FNV's offset basis)
 * @returns An unsigned 32-bit integer.
 */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * Creates a seeded generator (mulberry32: tiny, fast, well distributed over 32 bits).
 *
 * @param seed - Any integer (taken modulo 2³²); the same seed gives the same sequence.
 * @returns The generator.
 * @example
 * ```ts
 * const random = createRandom(42);
 * random.next(); // 0.6011037519201636, on every platform
 * ```
 */
export function createRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal: () => {
      // Box-Muller; 1 - next() keeps the logarithm away from 0.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      return radius * Math.cos(2 * Math.PI * next());
    },
    string: (length, alphabet = BASE62) => {
      let text = '';
      for (let index = 0; index < length; index++) text += alphabet[Math.floor(next() * alphabet.length)];
      return text;
    },
    fork: (label) => createRandom(hashString(label, Math.floor(next() * 4294967296))),
  };
}
