/**
 * The merge ranks of one encoding as a `Map` from UTF-8 binary strings to ranks.
 *
 * @module
 */
import { utf8Binary } from './utf8-binary.js';

/**
 * Rank data as gpt-tokenizer ships it (`gpt-tokenizer/bpeRanks/<encoding>`): index = rank, value =
 * the token's text when its bytes are valid UTF-8, else its bytes.
 */
export type RankData = readonly (string | readonly number[])[];

/**
 * Builds the lookup table used for whole-piece and byte-pair lookups. Keys are UTF-8 binary strings
 * (see `utf8Binary`), so ASCII tokens share their string with the rank data and a token such as
 * `"\ufeff"` (rank 5574 in o200k_base) is found by its bytes, with no decoder in the way.
 *
 * @param data - The encoding's rank data.
 * @returns A map from binary string to rank.
 */
export function buildRankTable(data: RankData): Map<string, number> {
  const table = new Map<string, number>();
  for (let rank = 0; rank < data.length; rank++) {
    const value = data[rank];
    if (value === undefined) continue;
    table.set(
      typeof value === 'string' ? utf8Binary(value) : String.fromCharCode.apply(null, value as number[]),
      rank,
    );
  }
  return table;
}
