/**
 * Byte-pair merging that only counts. Both variants give exactly the token count of tiktoken's
 * `byte_pair_merge`: repeatedly merge the adjacent pair with the lowest rank, the leftmost one on
 * ties, until no adjacent pair is a token.
 *
 * - Short pieces use tiktoken's own loop over a small array (rescanning is cheapest when n is small).
 * - Long pieces use a binary heap of (rank, start) over a linked list of parts: O(n log n) instead of
 *   O(n²), so a 1 MB run of one character class costs what its size says. The heap picks the same
 *   pair as the rescan: the minimum by (rank, start) among live pairs is the leftmost lowest rank.
 *
 * @module
 */

/** Pieces longer than this many bytes go through the heap. Measured in `bench/`: below it the rescan wins. */
export const HEAP_MERGE_THRESHOLD = 256;

const NO_RANK = 0x7fffffff;
// rank < 2^18 and start < 2^32, so rank * 2^32 + start is exact in a double and orders by (rank, start).
const RANK_SCALE = 4294967296;

let partStart = new Int32Array(512);
let partRank = new Int32Array(512);

/**
 * Counts the tokens of one pre-token by byte-pair merging.
 *
 * @param piece - The pre-token's UTF-8 bytes as a binary string (one char per byte), non-empty.
 * @param ranks - Binary string → rank.
 * @returns The number of tokens tiktoken produces for `piece`.
 */
export function countBytePairs(piece: string, ranks: ReadonlyMap<string, number>): number {
  const length = piece.length;
  if (length <= 1) return length;
  return length > HEAP_MERGE_THRESHOLD ? countByHeap(piece, ranks) : countByRescan(piece, ranks);
}

/** tiktoken's loop: parts hold (start, rank of the pair starting there); rescan for the minimum. */
export function countByRescan(piece: string, ranks: ReadonlyMap<string, number>): number {
  const length = piece.length;
  if (length <= 1) return length;
  if (partStart.length < length + 1) {
    partStart = new Int32Array(2 * length + 2);
    partRank = new Int32Array(2 * length + 2);
  }
  const starts = partStart;
  const pairRanks = partRank;
  let minRank = NO_RANK;
  let minIndex = -1;
  for (let index = 0; index < length - 1; index++) {
    const rank = ranks.get(piece.slice(index, index + 2)) ?? NO_RANK;
    if (rank < minRank) {
      minRank = rank;
      minIndex = index;
    }
    starts[index] = index;
    pairRanks[index] = rank;
  }
  starts[length - 1] = length - 1;
  pairRanks[length - 1] = NO_RANK;
  starts[length] = length;
  pairRanks[length] = NO_RANK;
  let parts = length + 1;
  while (minRank !== NO_RANK) {
    const index = minIndex;
    // Ranks of the pairs that now include the merged part; read before parts[index + 1] is removed.
    if (index > 0) {
      pairRanks[index - 1] =
        index + 2 < parts
          ? (ranks.get(piece.slice(starts[index - 1] as number, starts[index + 2] as number)) ?? NO_RANK)
          : NO_RANK;
    }
    pairRanks[index] =
      index + 3 < parts
        ? (ranks.get(piece.slice(starts[index] as number, starts[index + 3] as number)) ?? NO_RANK)
        : NO_RANK;
    starts.copyWithin(index + 1, index + 2, parts);
    pairRanks.copyWithin(index + 1, index + 2, parts);
    parts--;
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
  return parts - 1;
}

/** Heap-based merge over a doubly linked list of parts, identified by their start byte. */
export function countByHeap(piece: string, ranks: ReadonlyMap<string, number>): number {
  const length = piece.length;
  if (length <= 1) return length;
  // next[s] = start of the part after the part starting at s (length for the last part).
  const next = new Int32Array(length);
  const previous = new Int32Array(length);
  const pairRank = new Int32Array(length);
  const alive = new Uint8Array(length);
  // Each merge pushes at most two entries: n - 1 initial pairs + 2 per merge (≤ n - 1 merges).
  const heap = new Float64Array(3 * length);
  let heapSize = 0;

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
    let parent = 0;
    for (;;) {
      let child = 2 * parent + 1;
      if (child >= heapSize) break;
      const right = child + 1;
      if (right < heapSize && (heap[right] as number) < (heap[child] as number)) child = right;
      if ((heap[child] as number) >= last) break;
      heap[parent] = heap[child] as number;
      parent = child;
    }
    heap[parent] = last;
    return top;
  };
  const rankAfter = (start: number): number => {
    const second = next[start] as number;
    if (second >= length) return NO_RANK;
    const end = second + 1 < length ? (next[second] as number) : length;
    return ranks.get(piece.slice(start, end)) ?? NO_RANK;
  };

  for (let start = 0; start < length; start++) {
    next[start] = start + 1;
    previous[start] = start - 1;
    alive[start] = 1;
  }
  for (let start = 0; start < length - 1; start++) {
    const rank = ranks.get(piece.slice(start, start + 2)) ?? NO_RANK;
    pairRank[start] = rank;
    if (rank !== NO_RANK) push(rank * RANK_SCALE + start);
  }
  pairRank[length - 1] = NO_RANK;

  let parts = length;
  while (heapSize > 0) {
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
    parts--;
    const newRank = rankAfter(start);
    pairRank[start] = newRank;
    if (newRank !== NO_RANK) push(newRank * RANK_SCALE + start);
    const before = previous[start] as number;
    if (before >= 0) {
      const beforeRank = rankAfter(before);
      pairRank[before] = beforeRank;
      if (beforeRank !== NO_RANK) push(beforeRank * RANK_SCALE + before);
    }
  }
  return parts;
}
