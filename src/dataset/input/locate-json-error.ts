/**
 * Finds where and why a text is not valid JSON, in the words of Python's `json` module, which is
 * what OpenAI's file validation uses: "Expecting ',' delimiter: line 1 column 79 (char 78)".
 *
 * `JSON.parse` error messages differ between engines and some carry no position at all, so this
 * small scanner (RFC 8259, the grammar `JSON.parse` accepts) runs only after `JSON.parse` failed.
 * It is iterative, so deep nesting cannot overflow the stack.
 *
 * @module
 */

/** Where a JSON text first goes wrong. */
export interface JsonErrorLocation {
  /** The reason, as Python's `json` module words it, e.g. `Expecting ',' delimiter`. */
  readonly reason: string;
  /** 0-based index in characters (code points, as Python counts them). */
  readonly char: number;
  /** 1-based line inside the text (always 1 for a JSONL line). */
  readonly line: number;
  /** 1-based column in characters on that line. */
  readonly column: number;
  /** `reason: line L column C (char N)`, as in OpenAI's server message. */
  readonly message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** One open container on the scanner's stack. */
interface Frame {
  readonly kind: 'object' | 'array';
}

/**
 * Locates the first syntax error in `text`.
 *
 * @param text - A text that `JSON.parse` rejected.
 * @returns The location, or `null` when the text is valid JSON.
 * @example
 * ```ts
 * locateJsonError('{"a": 1 "b": 2}')?.message // "Expecting ',' delimiter: line 1 column 9 (char 8)"
 * ```
 */
export function locateJsonError(text: string): JsonErrorLocation | null {
  const fail = (reason: string, index: number) => describe(text, reason, index);
  const stack: Frame[] = [];
  let index = skipWhitespace(text, 0);

  // Parse one value starting at `index`; containers push a frame and are finished by the loop below.
  for (;;) {
    // --- a value is expected at `index`
    const char = text.charCodeAt(index);
    if (char === 0x7b /* { */) {
      index = skipWhitespace(text, index + 1);
      if (text.charCodeAt(index) === 0x7d /* } */) {
        index++;
      } else {
        if (text.charCodeAt(index) !== 0x22)
          return fail('Expecting property name enclosed in double quotes', index);
        const key = scanString(text, index);
        if (typeof key !== 'number') return fail(key.reason, key.index);
        index = skipWhitespace(text, key);
        if (text.charCodeAt(index) !== 0x3a /* : */) return fail("Expecting ':' delimiter", index);
        index = skipWhitespace(text, index + 1);
        stack.push({ kind: 'object' });
        continue;
      }
    } else if (char === 0x5b /* [ */) {
      index = skipWhitespace(text, index + 1);
      if (text.charCodeAt(index) === 0x5d /* ] */) {
        index++;
      } else {
        stack.push({ kind: 'array' });
        continue;
      }
    } else if (char === 0x22 /* " */) {
      const end = scanString(text, index);
      if (typeof end !== 'number') return fail(end.reason, end.index);
      index = end;
    } else if (text.startsWith('true', index)) index += 4;
    else if (text.startsWith('false', index)) index += 5;
    else if (text.startsWith('null', index)) index += 4;
    else {
      NUMBER.lastIndex = index;
      if (!NUMBER.test(text)) return fail('Expecting value', index);
      index = NUMBER.lastIndex;
    }

    // --- a value ended just before `index`: close containers or continue them
    for (;;) {
      index = skipWhitespace(text, index);
      const frame = stack.at(-1);
      if (!frame) {
        return index < text.length ? fail('Extra data', index) : null;
      }
      const next = text.charCodeAt(index);
      if (frame.kind === 'array') {
        if (next === 0x5d /* ] */) {
          stack.pop();
          index++;
          continue;
        }
        if (next !== 0x2c /* , */) return fail("Expecting ',' delimiter", index);
        index = skipWhitespace(text, index + 1);
        break;
      }
      if (next === 0x7d /* } */) {
        stack.pop();
        index++;
        continue;
      }
      if (next !== 0x2c) return fail("Expecting ',' delimiter", index);
      index = skipWhitespace(text, index + 1);
      if (text.charCodeAt(index) !== 0x22)
        return fail('Expecting property name enclosed in double quotes', index);
      const key = scanString(text, index);
      if (typeof key !== 'number') return fail(key.reason, key.index);
      index = skipWhitespace(text, key);
      if (text.charCodeAt(index) !== 0x3a) return fail("Expecting ':' delimiter", index);
      index = skipWhitespace(text, index + 1);
      break;
    }
  }
}

function skipWhitespace(text: string, from: number): number {
  let index = from;
  for (;;) {
    const char = text.charCodeAt(index);
    if (char === 0x20 || char === 0x09 || char === 0x0a || char === 0x0d) index++;
    else return index;
  }
}

/** Scans a string starting at its opening quote; returns the index after the closing quote or an error. */
function scanString(text: string, quote: number): number | { reason: string; index: number } {
  let index = quote + 1;
  for (;;) {
    // Jump to the next quote, backslash or control character.
    const char = text.charCodeAt(index);
    if (Number.isNaN(char)) return { reason: 'Unterminated string starting at', index: quote };
    if (char === 0x22) return index + 1;
    if (char < 0x20) return { reason: 'Invalid control character at', index };
    if (char === 0x5c /* \ */) {
      const escaped = text[index + 1];
      if (escaped === undefined) return { reason: 'Unterminated string starting at', index: quote };
      if (escaped === 'u') {
        if (!HEX4.test(text.slice(index + 2, index + 6)))
          return { reason: 'Invalid \\uXXXX escape', index: index + 1 };
        index += 6;
        continue;
      }
      if (!'"\\/bfnrt'.includes(escaped)) return { reason: 'Invalid \\escape', index };
      index += 2;
      continue;
    }
    index++;
  }
}

/** Builds the location for a UTF-16 index, counting characters as code points like Python. */
function describe(text: string, reason: string, utf16Index: number): JsonErrorLocation {
  let char = 0;
  let line = 1;
  let lineStartChar = 0;
  for (let index = 0; index < utf16Index && index < text.length; index++) {
    const code = text.charCodeAt(index);
    // A surrogate pair is one character.
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = text.charCodeAt(index + 1);
      if (low >= 0xdc00 && low <= 0xdfff) index++;
    }
    char++;
    if (code === 0x0a) {
      line++;
      lineStartChar = char;
    }
  }
  const column = char - lineStartChar + 1;
  return { reason, char, line, column, message: `${reason}: line ${line} column ${column} (char ${char})` };
}
