/**
 * UTF-8 as a "binary string": one UTF-16 code unit per byte (0–255). Rank lookups use these
 * strings as `Map` keys, so a byte sequence is hashed by the engine instead of being decoded with a
 * `TextDecoder` and binary-searched per candidate pair (gpt-tokenizer's slow path on CJK text).
 *
 * @module
 */

/**
 * Encodes a well-formed string as a UTF-8 binary string. Pure ASCII is returned as is (the common
 * case costs one scan and no allocation).
 *
 * @param text - A string without lone surrogates (callers pass `toWellFormed` text).
 * @returns The UTF-8 bytes of `text`, one char code per byte.
 */
export function utf8Binary(text: string): string {
  const length = text.length;
  let index = 0;
  while (index < length && text.charCodeAt(index) < 0x80) index++;
  if (index === length) return text;
  let out = text.slice(0, index);
  let chunk: number[] = [];
  for (; index < length; index++) {
    let code = text.charCodeAt(index);
    if (code < 0x80) {
      chunk.push(code);
    } else if (code < 0x800) {
      chunk.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    } else if (code >= 0xd800 && code <= 0xdbff && index + 1 < length) {
      const low = text.charCodeAt(index + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        index++;
        chunk.push(
          0xf0 | (code >> 18),
          0x80 | ((code >> 12) & 0x3f),
          0x80 | ((code >> 6) & 0x3f),
          0x80 | (code & 0x3f),
        );
      } else {
        chunk.push(0xef, 0xbf, 0xbd);
      }
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // A lone surrogate becomes U+FFFD, as TextEncoder (and so tiktoken's WASM boundary) does.
      chunk.push(0xef, 0xbf, 0xbd);
    } else {
      chunk.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    }
    // Bounded chunks keep `fromCharCode.apply` within the engine's argument limit.
    if (chunk.length >= 8192) {
      out += String.fromCharCode.apply(null, chunk);
      chunk = [];
    }
  }
  return chunk.length > 0 ? out + String.fromCharCode.apply(null, chunk) : out;
}

/**
 * Writes the UTF-8 bytes of `text[start, end)` into `out` (no string is created: the counter's
 * path for non-ASCII pieces missing from its cache, where building a binary string per piece was a
 * tenth of the time on random Hangul, most of it in the garbage collector).
 *
 * @param text - A string; a lone surrogate is written as U+FFFD, as {@link utf8Binary} does.
 * @param out - Room for at least `3 × (end - start)` bytes (no UTF-16 code unit takes more).
 * @returns The number of bytes written.
 */
export function utf8Into(text: string, start: number, end: number, out: Uint8Array): number {
  let length = 0;
  for (let index = start; index < end; index++) {
    let code = text.charCodeAt(index);
    if (code < 0x80) {
      out[length++] = code;
    } else if (code < 0x800) {
      out[length++] = 0xc0 | (code >> 6);
      out[length++] = 0x80 | (code & 0x3f);
    } else if (code >= 0xd800 && code <= 0xdfff) {
      const low = code <= 0xdbff && index + 1 < end ? text.charCodeAt(index + 1) : 0;
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        index++;
        out[length++] = 0xf0 | (code >> 18);
        out[length++] = 0x80 | ((code >> 12) & 0x3f);
        out[length++] = 0x80 | ((code >> 6) & 0x3f);
        out[length++] = 0x80 | (code & 0x3f);
      } else {
        out[length++] = 0xef;
        out[length++] = 0xbf;
        out[length++] = 0xbd;
      }
    } else {
      out[length++] = 0xe0 | (code >> 12);
      out[length++] = 0x80 | ((code >> 6) & 0x3f);
      out[length++] = 0x80 | (code & 0x3f);
    }
  }
  return length;
}

/**
 * Replaces lone surrogates with U+FFFD, the way `TextEncoder` does before text reaches tiktoken.
 *
 * @param text - Any string.
 * @returns `text` itself when it is well-formed, else a repaired copy.
 */
export function toWellFormed(text: string): string {
  const native = text as unknown as { isWellFormed?: () => boolean; toWellFormed?: () => string };
  if (typeof native.isWellFormed === 'function' && typeof native.toWellFormed === 'function') {
    return native.isWellFormed() ? text : native.toWellFormed();
  }
  return LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATE_GLOBAL, '\uFFFD') : text;
}

const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATE_GLOBAL = /\p{Cs}/gu;
