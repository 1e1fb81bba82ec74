/**
 * Incremental MD5 over byte chunks, in plain TypeScript (Web Crypto has no MD5, and the testing
 * layer avoids Node-only APIs). Used to check `md5` on `POST /uploads/{id}/complete`.
 *
 * @module
 */

const SHIFTS = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9,
  14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15,
  21, 6, 10, 15, 21,
];

const CONSTANTS = Array.from(
  { length: 64 },
  (_, index) => Math.floor(Math.abs(Math.sin(index + 1)) * 2 ** 32) >>> 0,
);

/** An MD5 hash computed over chunks fed one after another. */
export class Md5 {
  #a = 0x67452301;
  #b = 0xefcdab89;
  #c = 0x98badcfe;
  #d = 0x10325476;
  readonly #buffer = new Uint8Array(64);
  #buffered = 0;
  #length = 0;
  readonly #words = new Uint32Array(16);

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
        this.#block(this.#buffer, 0);
        this.#buffered = 0;
      }
    }
    for (; offset + 64 <= bytes.length; offset += 64) this.#block(bytes, offset);
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

  #block(bytes: Uint8Array, offset: number): void {
    const words = this.#words;
    for (let index = 0; index < 16; index++) {
      const at = offset + index * 4;
      words[index] =
        ((bytes[at] ?? 0) |
          ((bytes[at + 1] ?? 0) << 8) |
          ((bytes[at + 2] ?? 0) << 16) |
          ((bytes[at + 3] ?? 0) << 24)) >>>
        0;
    }
    let a = this.#a;
    let b = this.#b;
    let c = this.#c;
    let d = this.#d;
    for (let round = 0; round < 64; round++) {
      let f: number;
      let g: number;
      if (round < 16) {
        f = (b & c) | (~b & d);
        g = round;
      } else if (round < 32) {
        f = (d & b) | (~d & c);
        g = (5 * round + 1) % 16;
      } else if (round < 48) {
        f = b ^ c ^ d;
        g = (3 * round + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * round) % 16;
      }
      const shift = SHIFTS[round] ?? 0;
      const sum = (a + f + (CONSTANTS[round] ?? 0) + (words[g] ?? 0)) >>> 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) >>> 0;
    }
    this.#a = (this.#a + a) >>> 0;
    this.#b = (this.#b + b) >>> 0;
    this.#c = (this.#c + c) >>> 0;
    this.#d = (this.#d + d) >>> 0;
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
