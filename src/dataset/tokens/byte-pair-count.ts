/**
 * Byte-pair merging that only counts. Both variants give exactly the token count of tiktoken's
 * `byte_pair_merge`: repeatedly merge the adjacent pair with the lowest rank, the leftmost one on
 * ties, until no adjacent pair is a token.
 *
 * Parts are tracked by token id, not by byte range: every part is a token (single bytes are, and a
 * merge produces the token whose rank was the pair's rank), so the rank of "part A followed by part
 * B" depends only on (A, B). A bounded integer-keyed pair table answers that after the first time,
 * instead of slicing a substring and hashing it in a `Map` for every candidate pair.
 *
 * - Short pieces use tiktoken's own loop over a small array (rescanning is cheapest when n is small).
 * - Long pieces use a binary heap of (rank, start) over a linked list of parts: O(n log n) instead of
 *   O(n²), so a 1 MB run of one character class costs what its size says. The heap picks the same
 *   pair as the rescan: the minimum by (rank, start) among live pairs is the leftmost lowest rank.
 *
 * @module
 */
import type { RankTable } from './rank-table.js';

/** Work between two pauses of {@link BytePairCounter.countSteps}, in milliseconds. */
const STEP_MS = 50;

function now(): number {
  return performance.now();
}

/** Pieces longer than this many bytes go through the heap (below it the rescan is faster). */
export const HEAP_MERGE_THRESHOLD = 256;

const NO_RANK = 0x7fffffff;
// rank < 2^18 and start < 2^32, so rank * 2^32 + start is exact in a double and orders by (rank, start).
const RANK_SCALE = 4294967296;
const PAIR_SLOTS = 1 << 18;

/** Counts tokens of pre-tokens by byte-pair merging; one instance per encoding (not thread-safe, like all JS). */
export class BytePairCounter {
  readonly #table: RankTable;
  readonly #byteRank = new Int32Array(256);
  // Open-addressing table (left, right) → merged rank or NO_RANK; cleared whole when half full.
  readonly #pairLeft = new Int32Array(PAIR_SLOTS).fill(-1);
  readonly #pairRight = new Int32Array(PAIR_SLOTS);
  readonly #pairRank = new Int32Array(PAIR_SLOTS);
  #pairs = 0;
  #partToken = new Int32Array(512);
  #partRank = new Int32Array(512);

  /** @param table - The encoding's rank table. */
  constructor(table: RankTable) {
    this.#table = table;
    for (let byte = 0; byte < 256; byte++) {
      const rank = table.find(String.fromCharCode(byte));
      if (rank < 0) throw new Error(`Rank data has no token for byte ${byte}.`);
      this.#byteRank[byte] = rank;
    }
  }

  /** The rank of the token made of token `left` followed by token `right`, or NO_RANK. */
  #pair(left: number, right: number): number {
    const mask = PAIR_SLOTS - 1;
    let slot = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) >>> 14;
    for (;;) {
      slot &= mask;
      const stored = this.#pairLeft[slot] as number;
      if (stored === -1) break;
      if (stored === left && this.#pairRight[slot] === right) return this.#pairRank[slot] as number;
      slot++;
    }
    const found = this.#table.findPair(left, right);
    const rank = found < 0 ? NO_RANK : found;
    if (this.#pairs >= PAIR_SLOTS >> 1) {
      this.#pairLeft.fill(-1);
      this.#pairs = 0;
      slot = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) >>> 14;
    }
    this.#pairLeft[slot] = left;
    this.#pairRight[slot] = right;
    this.#pairRank[slot] = rank;
    this.#pairs++;
    return rank;
  }

  /**
   * Counts the tokens of one pre-token.
   *
   * @param piece - The pre-token's UTF-8 bytes as a binary string (one char per byte).
   * @returns The number of tokens tiktoken produces for `piece`.
   */
  count(piece: string): number {
    const length = piece.length;
    if (length <= 1) return length;
    return length > HEAP_MERGE_THRESHOLD ? this.countByHeap(piece) : this.countByRescan(piece);
  }

  /**
   * {@link BytePairCounter.count} of the bytes `bytes[0, length)` (the counter's path for non-ASCII
   * pieces: no binary string is built for short ones).
   */
  countBytes(bytes: Uint8Array, length: number): number {
    if (length <= 1) return length;
    if (length > HEAP_MERGE_THRESHOLD) {
      let piece = '';
      for (let start = 0; start < length; start += 8192) {
        piece += String.fromCharCode.apply(
          null,
          bytes.subarray(start, Math.min(length, start + 8192)) as unknown as number[],
        );
      }
      return this.countByHeap(piece);
    }
    this.#reserve(length);
    const tokens = this.#partToken;
    const byteRank = this.#byteRank;
    for (let index = 0; index < length; index++) tokens[index] = byteRank[bytes[index] as number] as number;
    return this.#rescan(length);
  }

  #reserve(length: number): void {
    if (this.#partToken.length < length) {
      this.#partToken = new Int32Array(2 * length);
      this.#partRank = new Int32Array(2 * length);
    }
  }

  /** tiktoken's loop: parts hold (token, rank of merging with the next part); rescan for the minimum. */
  countByRescan(piece: string): number {
    const length = piece.length;
    if (length <= 1) return length;
    this.#reserve(length);
    const tokens = this.#partToken;
    const byteRank = this.#byteRank;
    for (let index = 0; index < length; index++)
      tokens[index] = byteRank[piece.charCodeAt(index) & 0xff] as number;
    return this.#rescan(length);
  }

  /** The rescan loop over `#partToken[0, length)`, filled with the bytes' ranks. */
  #rescan(length: number): number {
    const tokens = this.#partToken;
    const pairRanks = this.#partRank;
    let minRank = NO_RANK;
    let minIndex = -1;
    for (let index = 0; index < length - 1; index++) {
      const rank = this.#pair(tokens[index] as number, tokens[index + 1] as number);
      pairRanks[index] = rank;
      if (rank < minRank) {
        minRank = rank;
        minIndex = index;
      }
    }
    pairRanks[length - 1] = NO_RANK;
    let parts = length;
    while (minRank !== NO_RANK) {
      const index = minIndex;
      tokens[index] = minRank;
      // A plain loop: pieces here are short (a few to 256 bytes), where two `copyWithin` builtin
      // calls per merge cost more than the copy (random Hangul: about 0.42 -> 0.37 CPU-s per 5 MB).
      for (let move = index + 1; move < parts - 1; move++) {
        tokens[move] = tokens[move + 1] as number;
        pairRanks[move] = pairRanks[move + 1] as number;
      }
      parts--;
      if (index > 0) pairRanks[index - 1] = this.#pair(tokens[index - 1] as number, minRank);
      pairRanks[index] = index + 1 < parts ? this.#pair(minRank, tokens[index + 1] as number) : NO_RANK;
      minRank = NO_RANK;
      minIndex = -1;
      for (let scan = 0; scan < parts - 1; scan++) {
        const rank = pairRanks[scan] as number;
        if (rank < minRank) {
          minRank = rank;
          minIndex = scan;
        }
      }
    }
    return parts;
  }

  /** Heap-based merge over a doubly linked list of parts, identified by their start byte. */
  countByHeap(piece: string): number {
    const steps = this.countSteps(piece, Number.POSITIVE_INFINITY);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * {@link BytePairCounter.count}, pausing (`yield`) about every `stepMs` milliseconds of work on a
   * long piece, so that an async caller can let the event loop run and honour an abort in the
   * middle of a piece of millions of bytes (a run of one letter is one piece: tens of seconds of
   * merging). Time-based, because the cost of a merge varies tenfold with cache misses and load.
   *
   * @param piece - The pre-token's UTF-8 bytes as a binary string.
   * @param stepMs - Work between pauses; `Infinity` never pauses. @default 50
   * @returns The token count (the generator's return value).
   */
  *countSteps(piece: string, stepMs = STEP_MS): Generator<void, number, undefined> {
    const length = piece.length;
    if (length <= HEAP_MERGE_THRESHOLD) return this.count(piece);
    const pausing = Number.isFinite(stepMs);
    let stepEnd = pausing ? now() + stepMs : Number.POSITIVE_INFINITY;
    let tick = 0;
    const next = new Int32Array(length);
    const previous = new Int32Array(length);
    const token = new Int32Array(length);
    const pairRank = new Int32Array(length);
    const alive = new Uint8Array(length);
    // Each merge pushes up to two entries, and superseded ones stay until popped: up to 3n in all.
    // The heap starts at n + 16 and, when full, drops its stale entries (most of them by then)
    // instead of reserving 3n up front: 25 bytes of state per byte of the piece instead of 41.
    let heap = new Float64Array(length + 16);
    let heapSize = 0;
    const siftDown = (from: number, key: number): void => {
      let parent = from;
      for (;;) {
        let child = 2 * parent + 1;
        if (child >= heapSize) break;
        const right = child + 1;
        if (right < heapSize && (heap[right] as number) < (heap[child] as number)) child = right;
        if ((heap[child] as number) >= key) break;
        heap[parent] = heap[child] as number;
        parent = child;
      }
      heap[parent] = key;
    };
    // Pauses are checked every 16,384 iterations of each loop (reading the clock costs).
    function* compact(): Generator<void, void, undefined> {
      let kept = 0;
      for (let index = 0; index < heapSize; index++) {
        const key = heap[index] as number;
        const start = key % RANK_SCALE;
        if (alive[start] === 1 && pairRank[start] === (key - start) / RANK_SCALE) heap[kept++] = key;
        if (pausing && (++tick & 16_383) === 0 && now() >= stepEnd) {
          yield;
          stepEnd = now() + stepMs;
        }
      }
      heapSize = kept;
      for (let index = (kept >> 1) - 1; index >= 0; index--) {
        siftDown(index, heap[index] as number);
        if (pausing && (++tick & 16_383) === 0 && now() >= stepEnd) {
          yield;
          stepEnd = now() + stepMs;
        }
      }
      if (heapSize > (heap.length * 3) >> 2) {
        const grown = new Float64Array(Math.ceil(heap.length * 1.5));
        grown.set(heap.subarray(0, heapSize));
        heap = grown;
      }
    }
    const push = (key: number): void => {
      let child = heapSize++;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        const parentKey = heap[parent] as number;
        if (parentKey <= key) break;
        heap[child] = parentKey;
        child = parent;
      }
      heap[child] = key;
    };
    const pop = (): number => {
      const top = heap[0] as number;
      const last = heap[--heapSize] as number;
      if (heapSize > 0) siftDown(0, last);
      return top;
    };

    const byteRank = this.#byteRank;
    for (let start = 0; start < length; start++) {
      next[start] = start + 1;
      previous[start] = start - 1;
      alive[start] = 1;
      token[start] = byteRank[piece.charCodeAt(start) & 0xff] as number;
      if (pausing && (++tick & 16_383) === 0 && now() >= stepEnd) {
        yield;
        stepEnd = now() + stepMs;
      }
    }
    for (let start = 0; start < length - 1; start++) {
      const rank = this.#pair(token[start] as number, token[start + 1] as number);
      pairRank[start] = rank;
      if (rank !== NO_RANK) push(rank * RANK_SCALE + start);
      if (pausing && (++tick & 16_383) === 0 && now() >= stepEnd) {
        yield;
        stepEnd = now() + stepMs;
      }
    }
    pairRank[length - 1] = NO_RANK;

    let parts = length;
    while (heapSize > 0) {
      if (pausing && (++tick & 16_383) === 0 && now() >= stepEnd) {
        yield;
        stepEnd = now() + stepMs;
      }
      // An iteration pushes at most two entries.
      if (heapSize + 2 > heap.length) yield* compact();
      const key = pop();
      const start = key % RANK_SCALE;
      const rank = (key - start) / RANK_SCALE;
      // Stale entry: the part was merged away, or its pair changed (a pair only ever grows, so an
      // equal rank means the entry is current).
      if (alive[start] === 0 || pairRank[start] !== rank) continue;
      const removed = next[start] as number;
      alive[removed] = 0;
      const after = next[removed] as number;
      next[start] = after;
      if (after < length) previous[after] = start;
      token[start] = rank;
      parts--;
      const newRank = after < length ? this.#pair(rank, token[after] as number) : NO_RANK;
      pairRank[start] = newRank;
      if (newRank !== NO_RANK) push(newRank * RANK_SCALE + start);
      const before = previous[start] as number;
      if (before >= 0) {
        const beforeRank = this.#pair(token[before] as number, rank);
        pairRank[before] = beforeRank;
        if (beforeRank !== NO_RANK) push(beforeRank * RANK_SCALE + before);
      }
    }
    return parts;
  }
}
