/**
 * Every Unicode scalar value, in contexts that expose its regex class (letter run, contraction,
 * digit run, whitespace run), counted by our tokenizer and by tiktoken in both encodings. This is
 * what pins the Unicode-17 additions and the Rust whitespace class; it takes a minute or two.
 */
import { get_encoding } from 'tiktoken';
import { describe, expect, it } from 'vitest';
import { loadTokenCounter } from '../../src/dataset/tokens/load-token-counter.js';

const FULL_PROBES = ["c'T", "ac'T", "1c'T", 'AcA', 'acA', 'Aca', 'c1', '1c', 'cc c', ' c\n', 'c  x', '  c'];
const LIGHT_PROBES = ["c'T", 'acA', '1c', '  c'];
const interesting = /[\p{L}\p{N}\p{M}\s\p{Z}\p{Cf}]/u;

describe('Unicode sweep against tiktoken', () => {
  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    it(`classifies every code point as tiktoken does (${encoding})`, async () => {
      const ours = await loadTokenCounter(encoding);
      const reference = get_encoding(encoding);
      const mismatches: string[] = [];
      try {
        for (let code = 0; code <= 0x10ffff; code++) {
          if (code >= 0xd800 && code <= 0xdfff) continue;
          const char = String.fromCodePoint(code);
          const probes = interesting.test(char) ? FULL_PROBES : LIGHT_PROBES;
          for (const probe of probes) {
            const text = probe.replaceAll('c', char);
            if (ours.count(text) !== reference.encode(text, [], []).length) {
              mismatches.push(`U+${code.toString(16).toUpperCase()} in ${JSON.stringify(probe)}`);
              break;
            }
          }
        }
      } finally {
        reference.free();
      }
      expect(mismatches.slice(0, 50)).toEqual([]);
    });
  }
});
