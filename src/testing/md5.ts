/**
 * Incremental MD5 over byte chunks, in plain TypeScript (Web Crypto has no MD5, and the testing
 * layer avoids Node-only APIs). Used to check `md5` on `POST /uploads/{id}/complete`.
 *
 * @module
 */

/** True on little-endian hosts (all current ones), where words are read in place. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// The four MD5 round functions, unrolled below (RFC 1321 §3.4); `| 0` keeps V8 on 32-bit integers.
const ff = (a: number, b: number, c: number, d: number, x: number, s: number, t: number) => {
  const n = (a + ((b & c) | (~b & d)) + x + t) | 0;
  return (((n << s) | (n >>> (32 - s))) + b) | 0;
};
const gg = (a: number, b: number, c: number, d: number, x: number, s: number, t: number) => {
  const n = (a + ((b & d) | (c & ~d)) + x + t) | 0;
  return (((n << s) | (n >>> (32 - s))) + b) | 0;
};
const hh = (a: number, b: number, c: number, d: number, x: number, s: number, t: number) => {
  const n = (a + (b ^ c ^ d) + x + t) | 0;
  return (((n << s) | (n >>> (32 - s))) + b) | 0;
};
const ii = (a: number, b: number, c: number, d: number, x: number, s: number, t: number) => {
  const n = (a + (c ^ (b | ~d)) + x + t) | 0;
  return (((n << s) | (n >>> (32 - s))) + b) | 0;
};

/** An MD5 hash computed over chunks fed one after another. */
export class Md5 {
  #a = 0x67452301 | 0;
  #b = 0xefcdab89 | 0;
  #c = 0x98badcfe | 0;
  #d = 0x10325476 | 0;
  readonly #buffer = new Uint8Array(64);
  readonly #bufferWords = LITTLE_ENDIAN ? new Int32Array(this.#buffer.buffer) : new Int32Array(16);
  #buffered = 0;
  #length = 0;

  /** Adds bytes. */
  update(bytes: Uint8Array): this {
    this.#length += bytes.length;
    let offset = 0;
    if (this.#buffered > 0) {
      const take = Math.min(64 - this.#buffered, bytes.length);
      this.#buffer.set(bytes.subarray(0, take), this.#buffered);
      this.#buffered += take;
      offset = take;
      if (this.#buffered === 64) {
        this.#blocks(this.#bufferWords, 0, 1);
        this.#buffered = 0;
      }
    }
    const blocks = Math.floor((bytes.length - offset) / 64);
    if (blocks > 0) {
      const start = bytes.byteOffset + offset;
      if (LITTLE_ENDIAN && start % 4 === 0) {
        // Read the words in place: no copy, no per-byte assembly.
        this.#blocks(new Int32Array(bytes.buffer, start, blocks * 16), 0, blocks);
      } else {
        for (let block = 0; block < blocks; block++) {
          this.#buffer.set(bytes.subarray(offset + block * 64, offset + block * 64 + 64));
          this.#blocks(this.#bufferWords, 0, 1);
        }
      }
      offset += blocks * 64;
    }
    if (offset < bytes.length) {
      this.#buffer.set(bytes.subarray(offset), 0);
      this.#buffered = bytes.length - offset;
    }
    return this;
  }

  /** The hash as 32 lower-case hex digits. Call once, after the last `update`. */
  hex(): string {
    const bitLength = this.#length * 8;
    const padding = new Uint8Array((this.#buffered < 56 ? 56 : 120) - this.#buffered + 8);
    padding[0] = 0x80;
    const view = new DataView(padding.buffer);
    view.setUint32(padding.length - 8, bitLength >>> 0, true);
    view.setUint32(padding.length - 4, Math.floor(bitLength / 2 ** 32), true);
    const length = this.#length;
    this.update(padding);
    this.#length = length;
    let hex = '';
    for (const word of [this.#a, this.#b, this.#c, this.#d]) {
      for (let byte = 0; byte < 4; byte++)
        hex += ((word >>> (byte * 8)) & 0xff).toString(16).padStart(2, '0');
    }
    return hex;
  }

  /** Runs `count` 64-byte blocks whose little-endian words start at `words[base]`. */
  #blocks(words: Int32Array, base: number, count: number): void {
    if (!LITTLE_ENDIAN && words === this.#bufferWords) {
      const bytes = this.#buffer;
      for (let index = 0; index < 16; index++) {
        const at = index * 4;
        words[index] = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
      }
    }
    let a0 = this.#a;
    let b0 = this.#b;
    let c0 = this.#c;
    let d0 = this.#d;
    for (let block = 0; block < count; block++) {
      const at = base + block * 16;
      const x0 = words[at + 0]!;
      const x1 = words[at + 1]!;
      const x2 = words[at + 2]!;
      const x3 = words[at + 3]!;
      const x4 = words[at + 4]!;
      const x5 = words[at + 5]!;
      const x6 = words[at + 6]!;
      const x7 = words[at + 7]!;
      const x8 = words[at + 8]!;
      const x9 = words[at + 9]!;
      const x10 = words[at + 10]!;
      const x11 = words[at + 11]!;
      const x12 = words[at + 12]!;
      const x13 = words[at + 13]!;
      const x14 = words[at + 14]!;
      const x15 = words[at + 15]!;
      let a = a0;
      let b = b0;
      let c = c0;
      let d = d0;
      a = ff(a, b, c, d, x0, 7, -680876936);
      d = ff(d, a, b, c, x1, 12, -389564586);
      c = ff(c, d, a, b, x2, 17, 606105819);
      b = ff(b, c, d, a, x3, 22, -1044525330);
      a = ff(a, b, c, d, x4, 7, -176418897);
      d = ff(d, a, b, c, x5, 12, 1200080426);
      c = ff(c, d, a, b, x6, 17, -1473231341);
      b = ff(b, c, d, a, x7, 22, -45705983);
      a = ff(a, b, c, d, x8, 7, 1770035416);
      d = ff(d, a, b, c, x9, 12, -1958414417);
      c = ff(c, d, a, b, x10, 17, -42063);
      b = ff(b, c, d, a, x11, 22, -1990404162);
      a = ff(a, b, c, d, x12, 7, 1804603682);
      d = ff(d, a, b, c, x13, 12, -40341101);
      c = ff(c, d, a, b, x14, 17, -1502002290);
      b = ff(b, c, d, a, x15, 22, 1236535329);
      a = gg(a, b, c, d, x1, 5, -165796510);
      d = gg(d, a, b, c, x6, 9, -1069501632);
      c = gg(c, d, a, b, x11, 14, 643717713);
      b = gg(b, c, d, a, x0, 20, -373897302);
      a = gg(a, b, c, d, x5, 5, -701558691);
      d = gg(d, a, b, c, x10, 9, 38016083);
      c = gg(c, d, a, b, x15, 14, -660478335);
      b = gg(b, c, d, a, x4, 20, -405537848);
      a = gg(a, b, c, d, x9, 5, 568446438);
      d = gg(d, a, b, c, x14, 9, -1019803690);
      c = gg(c, d, a, b, x3, 14, -187363961);
      b = gg(b, c, d, a, x8, 20, 1163531501);
      a = gg(a, b, c, d, x13, 5, -1444681467);
      d = gg(d, a, b, c, x2, 9, -51403784);
      c = gg(c, d, a, b, x7, 14, 1735328473);
      b = gg(b, c, d, a, x12, 20, -1926607734);
      a = hh(a, b, c, d, x5, 4, -378558);
      d = hh(d, a, b, c, x8, 11, -2022574463);
      c = hh(c, d, a, b, x11, 16, 1839030562);
      b = hh(b, c, d, a, x14, 23, -35309556);
      a = hh(a, b, c, d, x1, 4, -1530992060);
      d = hh(d, a, b, c, x4, 11, 1272893353);
      c = hh(c, d, a, b, x7, 16, -155497632);
      b = hh(b, c, d, a, x10, 23, -1094730640);
      a = hh(a, b, c, d, x13, 4, 681279174);
      d = hh(d, a, b, c, x0, 11, -358537222);
      c = hh(c, d, a, b, x3, 16, -722521979);
      b = hh(b, c, d, a, x6, 23, 76029189);
      a = hh(a, b, c, d, x9, 4, -640364487);
      d = hh(d, a, b, c, x12, 11, -421815835);
      c = hh(c, d, a, b, x15, 16, 530742520);
      b = hh(b, c, d, a, x2, 23, -995338651);
      a = ii(a, b, c, d, x0, 6, -198630844);
      d = ii(d, a, b, c, x7, 10, 1126891415);
      c = ii(c, d, a, b, x14, 15, -1416354905);
      b = ii(b, c, d, a, x5, 21, -57434055);
      a = ii(a, b, c, d, x12, 6, 1700485571);
      d = ii(d, a, b, c, x3, 10, -1894986606);
      c = ii(c, d, a, b, x10, 15, -1051523);
      b = ii(b, c, d, a, x1, 21, -2054922799);
      a = ii(a, b, c, d, x8, 6, 1873313359);
      d = ii(d, a, b, c, x15, 10, -30611744);
      c = ii(c, d, a, b, x6, 15, -1560198380);
      b = ii(b, c, d, a, x13, 21, 1309151649);
      a = ii(a, b, c, d, x4, 6, -145523070);
      d = ii(d, a, b, c, x11, 10, -1120210379);
      c = ii(c, d, a, b, x2, 15, 718787259);
      b = ii(b, c, d, a, x9, 21, -343485551);
      a0 = (a0 + a) | 0;
      b0 = (b0 + b) | 0;
      c0 = (c0 + c) | 0;
      d0 = (d0 + d) | 0;
    }
    this.#a = a0;
    this.#b = b0;
    this.#c = c0;
    this.#d = d0;
  }
}

/**
 * MD5 of byte chunks, as hex.
 *
 * @example
 * ```ts
 * md5Hex([new TextEncoder().encode('abc')]) // '900150983cd24fb0d6963f7d28e17f72'
 * ```
 */
export function md5Hex(chunks: Iterable<Uint8Array>): string {
  const hash = new Md5();
  for (const chunk of chunks) hash.update(chunk);
  return hash.hex();
}
