/**
 * A hand-written pre-tokenizer for the ASCII parts of a text: at a position it either returns the
 * end of the piece that tiktoken's regex would match there, or `-1` when a non-ASCII character
 * could change the answer (the caller then asks the regex, at that position, with the sticky flag).
 * A returned piece is always pure ASCII (so its UTF-8 bytes are its char codes).
 * The regex matches at every position and each match depends only on the text from its start, so
 * mixing the two gives exactly the regex's pieces; `test/dataset/tokens/ascii-pretokenizer.test.ts`
 * checks that against the regex on random text.
 *
 * Why: irregexp with Unicode property classes runs at about 80 MB/s and allocates a match array and
 * a substring per piece; this scanner runs several times faster on English text and lets the caller
 * look pieces up by range, without creating strings.
 *
 * The rules below are the regex alternatives specialised to ASCII, in the regex's order
 * (see `pretokenize-pattern.ts`); comments name the alternative each branch takes.
 *
 * @module
 */

const UPPER = 1;
const LOWER = 2;
const LETTER = UPPER | LOWER;
const DIGIT = 4;
const SPACE = 8; // Rust `\s` within ASCII: \t \n \v \f \r and space
const NEWLINE = 16; // \r \n
const OTHER = 32; // not \s, not a letter, not a digit

const CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  if (code >= 65 && code <= 90) CLASS[code] = UPPER;
  else if (code >= 97 && code <= 122) CLASS[code] = LOWER;
  else if (code >= 48 && code <= 57) CLASS[code] = DIGIT;
  else if (code === 10 || code === 13) CLASS[code] = SPACE | NEWLINE;
  else if ((code >= 9 && code <= 13) || code === 32) CLASS[code] = SPACE;
  else CLASS[code] = OTHER;
}

const APOSTROPHE = 39;
const LONG_S = 0x17f; // ſ: folds to s in tiktoken's case-insensitive contractions

/**
 * The end of `'s|'t|'re|'ve|'m|'ll|'d` (case-insensitive) at `index`, `index` when none matches, or
 * -1 for `'ſ` (a contraction under Unicode case folding, but not ASCII: the regex takes it).
 */
function contractionEnd(text: string, index: number, length: number): number {
  if (index + 1 >= length || text.charCodeAt(index) !== APOSTROPHE) return index;
  const first = text.charCodeAt(index + 1);
  if (first === LONG_S) return -1;
  const lower = first | 0x20;
  if (first >= 128) return index;
  if (lower === 115 || lower === 116 || lower === 109 || lower === 100) return index + 2; // s t m d
  if (index + 2 >= length) return index;
  const second = text.charCodeAt(index + 2) | 0x20;
  if (text.charCodeAt(index + 2) >= 128) return index;
  if ((lower === 114 || lower === 118) && second === 101) return index + 3; // re ve
  if (lower === 108 && second === 108) return index + 3; // ll
  return index;
}

/** End of a run of characters of `kind`, or -1 when the run stops at a non-ASCII character. */
function runEnd(text: string, index: number, length: number, kind: number): number {
  let position = index;
  while (position < length) {
    const code = text.charCodeAt(position);
    if (code >= 128) return -1;
    if (((CLASS[code] as number) & kind) === 0) break;
    position++;
  }
  return position;
}

/** `\p{N}{1,3}`. */
function digitsEnd(text: string, index: number, length: number): number {
  let position = index + 1;
  const limit = Math.min(length, index + 3);
  while (position < limit) {
    const code = text.charCodeAt(position);
    if (code >= 128) return -1;
    if (((CLASS[code] as number) & DIGIT) === 0) break;
    position++;
  }
  return position;
}

/** `\s*[\r\n]+ | \s+(?!\S) | \s+` on an ASCII whitespace run starting at `index`. */
function whitespaceEnd(text: string, index: number, length: number): number {
  let position = index;
  let lastNewline = -1;
  while (position < length) {
    const code = text.charCodeAt(position);
    if (code >= 128) return -1; // U+0085, U+00A0, U+3000… may continue the run
    const kind = CLASS[code] as number;
    if ((kind & SPACE) === 0) break;
    if ((kind & NEWLINE) !== 0) lastNewline = position;
    position++;
  }
  // `\s*[\r\n]+`: \s* backtracks to the last newline of the run.
  if (lastNewline >= 0) return lastNewline + 1;
  // `\s+(?!\S)`: at the end of the text the whole run, else all but its last character.
  if (position === length) return position;
  if (position - 1 > index) return position - 1;
  // `\s+`
  return position;
}

/** `[^\s\p{L}\p{N}]+` from `index`, then `[\r\n/]*` (o200k) or `[\r\n]*` (cl100k). */
function otherRunEnd(text: string, index: number, length: number, slash: boolean): number {
  let position = runEnd(text, index, length, OTHER);
  if (position < 0) return -1;
  while (position < length) {
    const code = text.charCodeAt(position);
    if (code === 10 || code === 13 || (slash && code === 47)) position++;
    else break;
  }
  return position;
}

/**
 * o200k_base: the end of the piece starting at `index`, or -1 to defer to the regex.
 *
 * @param text - Well-formed text.
 * @param index - Start of the piece (< `length`).
 * @param length - `text.length`.
 * @returns The end (exclusive) of the piece, or -1.
 */
export function o200kPieceEnd(text: string, index: number, length: number): number {
  const code = text.charCodeAt(index);
  if (code >= 128) return -1;
  const kind = CLASS[code] as number;
  if ((kind & LETTER) !== 0) return o200kLettersEnd(text, index, length);
  if ((kind & DIGIT) !== 0) return digitsEnd(text, index, length);
  if ((kind & NEWLINE) !== 0) return whitespaceEnd(text, index, length);
  // `code` is a valid optional prefix `[^\r\n\p{L}\p{N}]` of the two letter alternatives.
  if (index + 1 < length) {
    const next = text.charCodeAt(index + 1);
    if (next >= 128) return -1;
    if (((CLASS[next] as number) & LETTER) !== 0) return o200kLettersEnd(text, index + 1, length);
    // ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
    if (code === 32 && ((CLASS[next] as number) & OTHER) !== 0)
      return otherRunEnd(text, index + 1, length, true);
  }
  if ((kind & OTHER) !== 0) return otherRunEnd(text, index, length, true);
  return whitespaceEnd(text, index, length);
}

/**
 * `[UPPER]*[LOWER]+(contraction)?` else `[UPPER]+[LOWER]*(contraction)?` from the first letter.
 * In ASCII the classes are A–Z and a–z; a non-ASCII character after a run (é, a combining mark)
 * could extend it, so the scanner defers.
 */
function o200kLettersEnd(text: string, letters: number, length: number): number {
  const upperEnd = runEnd(text, letters, length, UPPER);
  if (upperEnd < 0) return -1;
  const lowerEnd = runEnd(text, upperEnd, length, LOWER);
  if (lowerEnd < 0) return -1;
  return contractionEnd(text, lowerEnd, length);
}

/**
 * cl100k_base: the end of the piece starting at `index`, or -1 to defer to the regex.
 *
 * @param text - Well-formed text.
 * @param index - Start of the piece (< `length`).
 * @param length - `text.length`.
 * @returns The end (exclusive) of the piece, or -1.
 */
export function cl100kPieceEnd(text: string, index: number, length: number): number {
  const code = text.charCodeAt(index);
  if (code >= 128) return -1;
  // `(?i:'s|'t|'re|'ve|'m|'ll|'d)` comes first.
  if (code === APOSTROPHE) {
    const end = contractionEnd(text, index, length);
    if (end !== index) return end;
  }
  const kind = CLASS[code] as number;
  if ((kind & LETTER) !== 0) return runEnd(text, index, length, LETTER);
  if ((kind & DIGIT) !== 0) return digitsEnd(text, index, length);
  if ((kind & NEWLINE) !== 0) return whitespaceEnd(text, index, length);
  if (index + 1 < length) {
    const next = text.charCodeAt(index + 1);
    if (next >= 128) return -1;
    // `[^\r\n\p{L}\p{N}]?\p{L}+`
    if (((CLASS[next] as number) & LETTER) !== 0) return runEnd(text, index + 1, length, LETTER);
    // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
    if (code === 32 && ((CLASS[next] as number) & OTHER) !== 0)
      return otherRunEnd(text, index + 1, length, false);
  }
  if ((kind & OTHER) !== 0) return otherRunEnd(text, index, length, false);
  return whitespaceEnd(text, index, length);
}
