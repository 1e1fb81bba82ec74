/**
 * The MinHash sketch of one example's text, for the near-duplicate checks. Computed where the
 * example is parsed (possibly in a worker), so the main thread only compares sketches.
 *
 * The text is what the model learns from and is asked about: every string of the example except
 * system and developer messages (many examples share one long system prompt, which would make them
 * all look alike), tool definitions and bookkeeping fields (`role`, `type`, ids). It is split into
 * lower-case words (letters and digits; any non-ASCII character counts as a letter), and the set of
 * word 3-shingles is summarised by one-permutation MinHash (Li, Owen and Zhang, 2012) with
 * {@link SKETCH_SIZE} bins and rotation densification (Shrivastava and Li, 2014): one hash per
 * shingle instead of 128, and two sketches agree in a bin with probability equal to the Jaccard
 * similarity of the two shingle sets. Each bin keeps the low 8 bits of its minimum (b-bit MinHash),
 * so a sketch is {@link SKETCH_SIZE} bytes.
 *
 * Why 3-word shingles and not the 5 of web-page deduplication: examples are short. One changed word
 * in a 40-word example changes 5 of 36 five-word shingles (Jaccard 0.76, under the default 0.8
 * threshold) but only 3 of 38 three-word shingles (Jaccard 0.85).
 *
 * @module
 */

/** Bins of a sketch (the "permutations" of classic MinHash). */
export const SKETCH_SIZE = 128;
/** Words per shingle. */
export const SHINGLE_WORDS = 3;

/** The value of a bin no shingle fell into (bins hold 25-bit values). */
const EMPTY_BIN = 0x7fffffff;

/** Keys whose values are not training text. */
const SKIPPED_KEYS = new Set([
  'role',
  'type',
  'id',
  'tool_call_id',
  'tools',
  'functions',
  'weight',
  'name',
  'parallel_tool_calls',
  'detail',
  'image_url',
  'input_audio',
  'file',
]);

/** Roles whose messages are left out (shared instructions, not examples). */
const SKIPPED_ROLES = new Set(['system', 'developer']);

/**
 * Word hashes of the example being sketched: one buffer reused by every call (sketching is
 * synchronous), of int32 values so that V8 keeps them unboxed.
 */
class WordBuffer {
  values = new Int32Array(4096);
  length = 0;

  push(hash: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = hash;
  }
}

const WORDS = new WordBuffer();

/** Collects the words of every training string of a value into `words` as 32-bit hashes. */
function collectWords(value: unknown, words: WordBuffer): void {
  if (typeof value === 'string') {
    wordHashes(value, words);
  } else if (Array.isArray(value)) {
    for (const item of value) collectWords(item, words);
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.role === 'string' && SKIPPED_ROLES.has(record.role)) return;
    for (const key of Object.keys(record)) if (!SKIPPED_KEYS.has(key)) collectWords(record[key], words);
  }
}

/** FNV-1a over the lower-cased word characters; one hash per word. */
function wordHashes(text: string, words: WordBuffer): void {
  let hash = 0x811c9dc5 | 0;
  let inWord = false;
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index);
    const isWord =
      (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code > 127;
    if (isWord) {
      if (code >= 65 && code <= 90) code += 32;
      hash = Math.imul(hash ^ code, 0x01000193);
      inWord = true;
    } else if (inWord) {
      words.push(hash);
      hash = 0x811c9dc5 | 0;
      inWord = false;
    }
  }
  if (inWord) words.push(hash);
}

/** MurmurHash3's finaliser: spreads every input bit over the output. */
function mix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash; // int32: unboxed in V8, unlike a uint32 over 2³¹
}

/**
 * The sketch of the text of a parsed example.
 *
 * @param value - A parsed example.
 * @returns {@link SKETCH_SIZE} bytes, or `null` when the example has no words.
 */
export function exampleSketch(value: unknown): Uint8Array | null {
  WORDS.length = 0;
  collectWords(value, WORDS);
  return sketchWords(WORDS.values, WORDS.length);
}

/**
 * The sketch of a sequence of word hashes (texts shorter than a shingle are one shingle).
 *
 * @param words - 32-bit word hashes in text order.
 * @param count - How many of `words` to use. @default words.length
 * @returns The sketch, or `null` for no words.
 */
export function sketchWords(words: ArrayLike<number>, count = words.length): Uint8Array | null {
  if (count === 0) return null;
  const minimums = new Int32Array(SKETCH_SIZE).fill(EMPTY_BIN);
  const shingles = Math.max(1, count - SHINGLE_WORDS + 1);
  const width = Math.min(SHINGLE_WORDS, count);
  for (let start = 0; start < shingles; start++) {
    let hash = 0x9e3779b9 | 0;
    for (let offset = 0; offset < width; offset++)
      hash = Math.imul(hash ^ words[start + offset]!, 0x5bd1e995);
    hash = mix(hash);
    // The top 7 bits pick the bin, the other 25 are the value within it.
    const bin = hash >>> 25;
    const rest = hash & 0x1ffffff;
    if (rest < minimums[bin]!) minimums[bin] = rest;
  }
  const sketch = new Uint8Array(SKETCH_SIZE);
  for (let bin = 0; bin < SKETCH_SIZE; bin++) {
    let source = bin;
    let distance = 0;
    // An empty bin borrows the next filled bin's value, salted by the distance (rotation).
    while (minimums[source] === EMPTY_BIN) {
      source = (source + 1) % SKETCH_SIZE;
      distance++;
    }
    sketch[bin] = mix(minimums[source]! + Math.imul(distance, 0x9e3779b1)) & 0xff;
  }
  return sketch;
}

/**
 * The Jaccard similarity two sketches estimate: the share of agreeing bins, corrected for the
 * 1/256 chance that two different 8-bit values agree.
 *
 * @param a - A sketch.
 * @param b - Another sketch.
 * @returns An estimate in [0, 1].
 */
export function estimateSimilarity(a: Uint8Array, b: Uint8Array): number {
  let equal = 0;
  for (let bin = 0; bin < SKETCH_SIZE; bin++) if (a[bin] === b[bin]) equal++;
  const share = equal / SKETCH_SIZE;
  return Math.max(0, (share - 1 / 256) / (1 - 1 / 256));
}
