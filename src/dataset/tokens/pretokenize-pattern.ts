/**
 * The pre-tokenization patterns of `o200k_base` and `cl100k_base`, translated from tiktoken's Rust
 * patterns so that JavaScript splits text exactly where tiktoken does.
 *
 * Three differences between the regex engines have to be undone:
 * - Rust's `\s` is Unicode `White_Space`: it contains U+0085 (NEXT LINE) and not U+FEFF (BOM);
 *   JavaScript's `\s` is the other way round. Both classes are written out explicitly.
 * - tiktoken's `(?i:'s|'t|…)` uses Unicode simple case folding, so `'ſ` (U+017F) is a contraction;
 *   the case-insensitive class keeps that.
 * - Node's ICU knows characters that tiktoken's Unicode tables (16.0) do not: letters, marks and
 *   digits added in Unicode 17 are unassigned for tiktoken. They are subtracted from every property
 *   class (`v`-flag set difference), see {@link UNICODE_17_ADDITIONS}.
 *
 * @module
 */
import type { EncodingName } from '../../models/index.js';
import { UNICODE_17_ADDITIONS } from './unicode-17-additions.js';

/** Rust's `\s`: Unicode `White_Space` (U+0085 yes, U+FEFF no). */
const WHITESPACE = String.raw`\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000`;

/** tiktoken's `(?i:'s|'t|'re|'ve|'m|'ll|'d)` with Unicode case folding (`ſ` folds to `s`). */
const CONTRACTION = "'(?:[sSſ]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])";

/** The character classes of both patterns, as `v`-flag class sources. */
export interface PretokenizeClasses {
  readonly letter: string;
  readonly number: string;
  readonly upper: string;
  readonly lower: string;
  readonly notWhitespaceLetterNumber: string;
  readonly notNewlineLetterNumber: string;
  readonly whitespace: string;
  readonly notWhitespace: string;
}

/**
 * Builds the `v`-flag class pieces. `X` is the set of code points tiktoken treats as unassigned
 * although the running engine knows them (Unicode 17 additions). Exported for the hand-written
 * scanner (`unicode-pretokenizer.ts`), which classifies code points with exactly these classes.
 */
export function pretokenizeClasses(): PretokenizeClasses {
  return classes();
}

function classes(): {
  letter: string;
  number: string;
  upper: string;
  lower: string;
  notWhitespaceLetterNumber: string;
  notNewlineLetterNumber: string;
  whitespace: string;
  notWhitespace: string;
} {
  const pinned = UNICODE_17_ADDITIONS.length > 0 ? `[${UNICODE_17_ADDITIONS}]` : '';
  const minus = pinned ? `--${pinned}` : '';
  const plus = pinned ? pinned : '';
  return {
    letter: `[\\p{L}${minus}]`,
    number: `[\\p{N}${minus}]`,
    upper: `[[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]${minus}]`,
    lower: `[[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]${minus}]`,
    notWhitespaceLetterNumber: `[[^${WHITESPACE}\\p{L}\\p{N}]${plus}]`,
    notNewlineLetterNumber: `[[^\\r\\n\\p{L}\\p{N}]${plus}]`,
    whitespace: `[${WHITESPACE}]`,
    notWhitespace: `[^${WHITESPACE}]`,
  };
}

/**
 * tiktoken's o200k_base pattern:
 * `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|…)?|
 *  [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|…)?|
 *  \p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
 */
function o200kSource(): string {
  const c = classes();
  return [
    `${c.notNewlineLetterNumber}?${c.upper}*${c.lower}+(?:${CONTRACTION})?`,
    `${c.notNewlineLetterNumber}?${c.upper}+${c.lower}*(?:${CONTRACTION})?`,
    `${c.number}{1,3}`,
    ` ?${c.notWhitespaceLetterNumber}+[\\r\\n\\/]*`,
    `${c.whitespace}*[\\r\\n]+`,
    `${c.whitespace}+(?!${c.notWhitespace})`,
    `${c.whitespace}+`,
  ].join('|');
}

/**
 * tiktoken's cl100k_base pattern:
 * `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|
 *  \s*[\r\n]+|\s+(?!\S)|\s+`
 */
function cl100kSource(): string {
  const c = classes();
  return [
    CONTRACTION,
    `${c.notNewlineLetterNumber}?${c.letter}+`,
    `${c.number}{1,3}`,
    ` ?${c.notWhitespaceLetterNumber}+[\\r\\n]*`,
    `${c.whitespace}*[\\r\\n]+`,
    `${c.whitespace}+(?!${c.notWhitespace})`,
    `${c.whitespace}+`,
  ].join('|');
}

/**
 * A fresh global regular expression that splits text into tiktoken's pre-tokens for `encoding`.
 * Each call returns a new object (it has `lastIndex` state), so callers can keep one per counter.
 *
 * @param encoding - `o200k_base` or `cl100k_base`.
 * @param sticky - Anchor matches at `lastIndex` (`y`) instead of searching (`g`). @default false
 * @returns A `gv`- or `yv`-flagged regular expression.
 */
export function pretokenizePattern(encoding: EncodingName, sticky = false): RegExp {
  return new RegExp(encoding === 'o200k_base' ? o200kSource() : cl100kSource(), sticky ? 'yv' : 'gv');
}
