/**
 * Finds the code points that the running engine's Unicode tables classify differently from
 * tiktoken's (Unicode 16), by probing tiktoken, and prints the class body for
 * `src/dataset/tokens/unicode-17-additions.ts`.
 *
 * Run: `npx tsx bench/tools/unicode-pin.ts` (needs the dev dependency `tiktoken`).
 * Probes per code point c: `c'T`, `ac'T`, `1c'T`, `AcA`, `acA`, `Aca`, `c1`, `1c`. A letter, mark or
 * digit that tiktoken does not know splits differently around the contraction, the letter run or
 * the digit run, which changes the count.
 */
import cl100kRanks from 'gpt-tokenizer/bpeRanks/cl100k_base';
import o200kRanks from 'gpt-tokenizer/bpeRanks/o200k_base';
import { get_encoding } from 'tiktoken';
import { BpeTokenCounter } from '../../src/dataset/tokens/bpe-token-counter.js';

const PROBES = ["c'T", "ac'T", "1c'T", 'AcA', 'acA', 'Aca', 'c1', '1c', 'cc c'];
const candidate = /[\p{L}\p{N}\p{M}]/u;
const encodings = [
  {
    ours: new BpeTokenCounter('o200k_base', o200kRanks, { cacheSize: 0 }),
    reference: get_encoding('o200k_base'),
  },
  {
    ours: new BpeTokenCounter('cl100k_base', cl100kRanks, { cacheSize: 0 }),
    reference: get_encoding('cl100k_base'),
  },
];
const different: number[] = [];
for (let code = 0; code <= 0x10ffff; code++) {
  if (code >= 0xd800 && code <= 0xdfff) continue;
  const char = String.fromCodePoint(code);
  if (!candidate.test(char)) continue;
  const differs = encodings.some(({ ours, reference }) =>
    PROBES.some((probe) => {
      const text = probe.replaceAll('c', char);
      return ours.count(text) !== reference.encode(text, [], []).length;
    }),
  );
  if (differs) different.push(code);
}
const ranges: string[] = [];
for (let index = 0; index < different.length; ) {
  const first = different[index] as number;
  let last = first;
  while (different[index + 1] === last + 1) last = different[++index] as number;
  index++;
  const hex = (value: number) => `\\u{${value.toString(16).toUpperCase()}}`;
  ranges.push(first === last ? hex(first) : `${hex(first)}-${hex(last)}`);
}
console.log(`${different.length} code points in ${ranges.length} ranges`);
console.log(ranges.join(''));
