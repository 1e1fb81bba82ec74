/**
 * A hand-written pre-tokenizer for any text: at a position it returns the end of the piece that
 * tiktoken's regex (see `pretokenize-pattern.ts`) matches there. It replaces the anchored regex
 * wherever the ASCII scanner (`ascii-pretokenizer.ts`) defers.
 *
 * Why: V8's regex engine keeps one backtracking entry per character of a greedy run, and on a run of
 * a few million non-ASCII letters (`中`, `ب`, `Ä`, emoji) it overflows its stack and throws
 * "Maximum call stack size exceeded". This scanner works in constant stack and linear time on any
 * run. `test/dataset/tokens/unicode-pretokenizer.test.ts` checks it against the regex on random
 * Unicode text, and the parity tests against tiktoken itself.
 *
 * Each alternative of the pattern is written out with the regex's semantics: alternatives in order,
 * greedy quantifiers, and the one place where backtracking matters (`[upper]*[lower]+`: the match
 * takes the last possible start of the lower-case run).
 *
 * Code points are classified lazily, 256 at a time, with the pattern's own class sources, so the
 * classes (including the Unicode 17 letters tiktoken does not know) are exactly the regex's.
 *
 * @module
 */
import { pretokenizeClasses } from './pretokenize-pattern.js';

/** `\p{L}` as tiktoken sees it. */
const LETTER = 1;
/** `\p{N}`. */
const NUMBER = 2;
/** The o200k "upper" class `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`. */
const UPPER = 4;
/** The o200k "lower" class `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`. */
const LOWER = 8;
/** Rust's `\s`. */
const SPACE = 16;
/** `[^\s\p{L}\p{N}]`. */
const OTHER = 32;
/** `[^\r\n\p{L}\p{N}]` (the optional prefix of a letter run). */
const PREFIX = 64;

const APOSTROPHE = 0x27;
const SPACE_CODE = 0x20;
const CR = 0x0d;
const LF = 0x0a;
const SLASH = 0x2f;

/** Class bits per code point, in pages of 256, filled on first use. */
const pages: (Uint8Array | undefined)[] = new Array(0x1100);
let classifiers: readonly (readonly [RegExp, number])[] | null = null;

function buildClassifiers(): readonly (readonly [RegExp, number])[] {
  const c = pretokenizeClasses();
  const exact = (source: string) => new RegExp(`^${source}$`, 'v');
  return [
    [exact(c.letter), LETTER],
    [exact(c.number), NUMBER],
    [exact(c.upper), UPPER],
    [exact(c.lower), LOWER],
    [exact(c.whitespace), SPACE],
    [exact(c.notWhitespaceLetterNumber), OTHER],
    [exact(c.notNewlineLetterNumber), PREFIX],
  ];
}

function fillPage(page: number): Uint8Array {
  classifiers ??= buildClassifiers();
  const bits = new Uint8Array(256);
  for (let offset = 0; offset < 256; offset++) {
    const text = String.fromCodePoint((page << 8) | offset);
    let value = 0;
    for (const [pattern, bit] of classifiers) if (pattern.test(text)) value |= bit;
    bits[offset] = value;
  }
  pages[page] = bits;
  return bits;
}

/**
 * The pattern's class bits of a code point (exported for tests).
 *
 * @param codePoint - 0 to 0x10FFFF.
 */
export function classOf(codePoint: number): number {
  const page = codePoint >> 8;
  return ((pages[page] ?? fillPage(page))[codePoint & 255] as number) | 0;
}

/** The code point at `index` (a surrogate pair read as one). */
function codePointAt(text: string, index: number): number {
  return text.codePointAt(index) as number;
}

function width(codePoint: number): number {
  return codePoint > 0xffff ? 2 : 1;
}

/** End of the run of code points having any of `bits`, from `index`. */
function runEnd(text: string, index: number, length: number, bits: number): number {
  let position = index;
  while (position < length) {
    const code = codePointAt(text, position);
    if ((classOf(code) & bits) === 0) break;
    position += width(code);
  }
  return position;
}

/** The end of `'s|'t|'re|'ve|'m|'ll|'d` (with `ſ` for `s`) at `index`, or `index` when none matches. */
function contractionEnd(text: string, index: number, length: number): number {
  if (index + 1 >= length || text.charCodeAt(index) !== APOSTROPHE) return index;
  const first = text.charCodeAt(index + 1);
  if (first === 0x17f) return index + 2;
  if (first >= 128) return index;
  const lower = first | 0x20;
  if (lower === 115 || lower === 116 || lower === 109 || lower === 100) return index + 2; // s t m d
  if (index + 2 >= length) return index;
  const raw = text.charCodeAt(index + 2);
  if (raw >= 128) return index;
  const second = raw | 0x20;
  if ((lower === 114 || lower === 118) && second === 101) return index + 3; // re ve
  if (lower === 108 && second === 108) return index + 3; // ll
  return index;
}

/**
 * `[upper]*[lower]+` from `index` (without the contraction), or -1: greedy `[upper]*`, then the
 * regex backtracks to the last position where a lower-class code point starts the `+` run.
 */
function upperThenLowerEnd(text: string, index: number, length: number): number {
  let position = index;
  let lastLower = -1;
  while (position < length) {
    const code = codePointAt(text, position);
    const bits = classOf(code);
    if ((bits & UPPER) === 0) {
      if ((bits & LOWER) !== 0) lastLower = position;
      break;
    }
    if ((bits & LOWER) !== 0) lastLower = position;
    position += width(code);
  }
  if (lastLower < 0) return -1;
  return runEnd(text, lastLower, length, LOWER);
}

/** `[^\s\p{L}\p{N}]+` from `index`, then `[\r\n/]*` (o200k) or `[\r\n]*` (cl100k). */
function otherRunEnd(text: string, index: number, length: number, slash: boolean): number {
  let position = runEnd(text, index, length, OTHER);
  while (position < length) {
    const code = text.charCodeAt(position);
    if (code === LF || code === CR || (slash && code === SLASH)) position++;
    else break;
  }
  return position;
}

/** `\p{N}{1,3}` from `index` (a number). */
function digitsEnd(text: string, index: number, length: number): number {
  let position = index;
  for (let count = 0; count < 3 && position < length; count++) {
    const code = codePointAt(text, position);
    if ((classOf(code) & NUMBER) === 0) break;
    position += width(code);
  }
  return position;
}

/** `\s*[\r\n]+ | \s+(?!\S) | \s+` from `index` (a whitespace code point; all are in the BMP). */
function whitespaceEnd(text: string, index: number, length: number): number {
  let position = index;
  let lastNewline = -1;
  while (position < length) {
    const code = text.charCodeAt(position);
    if (code === CR || code === LF) lastNewline = position;
    else if (code >= 0xd800 || (classOf(code) & SPACE) === 0) break;
    position++;
  }
  if (lastNewline >= 0) return lastNewline + 1;
  if (position === length) return position;
  if (position - 1 > index) return position - 1;
  return position;
}

/** The piece's common tail: numbers, punctuation runs, whitespace. */
function commonEnd(
  text: string,
  index: number,
  length: number,
  code: number,
  bits: number,
  slash: boolean,
): number {
  if ((bits & NUMBER) !== 0) return digitsEnd(text, index, length);
  const next = index + width(code);
  if (code === SPACE_CODE && next < length && (classOf(codePointAt(text, next)) & OTHER) !== 0)
    return otherRunEnd(text, next, length, slash);
  if ((bits & OTHER) !== 0) return otherRunEnd(text, index, length, slash);
  if ((bits & SPACE) !== 0) return whitespaceEnd(text, index, length);
  return next; // unreachable: every code point is a letter, number, space or other
}

/**
 * o200k_base: the end of the piece that starts at `index`.
 *
 * @param text - Well-formed text (no lone surrogates).
 * @param index - Start of the piece (< `length`).
 * @param length - `text.length`.
 * @returns The end (exclusive) of the piece, always > `index`.
 */
export function o200kUnicodePieceEnd(text: string, index: number, length: number): number {
  const code = codePointAt(text, index);
  const bits = classOf(code);
  const next = index + width(code);
  // `[^\r\n\p{L}\p{N}]?[upper]*[lower]+(contraction)?`: with the prefix, then without.
  if ((bits & PREFIX) !== 0 && next < length) {
    const end = upperThenLowerEnd(text, next, length);
    if (end >= 0) return contractionEnd(text, end, length);
  }
  const lowerEnd = upperThenLowerEnd(text, index, length);
  if (lowerEnd >= 0) return contractionEnd(text, lowerEnd, length);
  // `[^\r\n\p{L}\p{N}]?[upper]+[lower]*(contraction)?`
  if ((bits & PREFIX) !== 0 && next < length && (classOf(codePointAt(text, next)) & UPPER) !== 0) {
    return contractionEnd(text, runEnd(text, runEnd(text, next, length, UPPER), length, LOWER), length);
  }
  if ((bits & UPPER) !== 0) {
    return contractionEnd(text, runEnd(text, runEnd(text, index, length, UPPER), length, LOWER), length);
  }
  return commonEnd(text, index, length, code, bits, true);
}

/**
 * cl100k_base: the end of the piece that starts at `index`.
 *
 * @param text - Well-formed text (no lone surrogates).
 * @param index - Start of the piece (< `length`).
 * @param length - `text.length`.
 * @returns The end (exclusive) of the piece, always > `index`.
 */
export function cl100kUnicodePieceEnd(text: string, index: number, length: number): number {
  const code = codePointAt(text, index);
  // `(?i:'s|'t|'re|'ve|'m|'ll|'d)` comes first.
  if (code === APOSTROPHE) {
    const end = contractionEnd(text, index, length);
    if (end !== index) return end;
  }
  const bits = classOf(code);
  const next = index + width(code);
  // `[^\r\n\p{L}\p{N}]?\p{L}+`
  if ((bits & PREFIX) !== 0 && next < length && (classOf(codePointAt(text, next)) & LETTER) !== 0)
    return runEnd(text, next, length, LETTER);
  if ((bits & LETTER) !== 0) return runEnd(text, index, length, LETTER);
  return commonEnd(text, index, length, code, bits, false);
}
