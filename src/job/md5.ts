/**
 * Incremental MD5 (RFC 1321) in plain TypeScript. The Uploads API accepts an optional `md5` of the
 * whole file at completion; `crypto.subtle` has no MD5 and `node:crypto` is not available in every
 * runtime, so the job layer carries its own. It hashes a part at a time, so memory stays flat.
 *
 * @module
 */

// Per-round shift amounts.
const ROUND_1 = [7, 12, 17, 22] as const;
const ROUND_2 = [5, 9, 14, 20] as const;
const ROUND_3 = [4, 11, 16, 23] as const;
const ROUND_4 = [6, 10, 15, 21] as const;

// K[i] = floor(abs(sin(i + 1)) × 2^32).
const K = Int32Array.from(
  { length: 64 },
  (_, index) => Math.floor(Math.abs(Math.sin(index + 1)) * 2 ** 32) >>> 0,
);

/**
 * An incremental MD5 hash.
 *
 * @example
 * ```ts
 * const md5 = new Md5();
 * md5.update(new TextEncoder().encode('abc'));
 * md5.digestHex(); // '900150983cd24fb0d6963f7d28e17f72'
 * ```
 */
export class Md5 {
  // State words are kept as int32 (`| 0`) so the engine keeps them unboxed.
  #a = 0x67452301 | 0;
  #b = 0xefcdab89 | 0;
  #c = 0x98badcfe | 0;
  #d = 0x10325476 | 0;
  readonly #block = new Uint8Array(64);
  readonly #words = new Int32Array(16);
  #blockLength = 0;
  #totalBytes = 0;
  #finished = false;

  /**
   * Adds bytes to the hash.
   *
   * @throws {Error} After {@link digestHex} was called.
   */
  update(bytes: Uint8Array): this {
    if (this.#finished) throw new Error('Md5.update() called after digestHex().');
    this.#totalBytes += bytes.length;
    let offset = 0;
    if (this.#blockLength > 0) {
      const take = Math.min(64 - this.#blockLength, bytes.length);
      this.#block.set(bytes.subarray(0, take), this.#blockLength);
      this.#blockLength += take;
      offset = take;
      if (this.#blockLength < 64) return this;
      this.#compress(this.#block, 0);
      this.#blockLength = 0;
    }
    for (; offset + 64 <= bytes.length; offset += 64) this.#compress(bytes, offset);
    if (offset < bytes.length) {
      this.#block.set(bytes.subarray(offset), 0);
      this.#blockLength = bytes.length - offset;
    }
    return this;
  }

  /** Finishes the hash and returns it as 32 lowercase hex digits. */
  digestHex(): string {
    if (!this.#finished) {
      const bitLength = this.#totalBytes * 8;
      const padding = new Uint8Array(
        this.#blockLength < 56 ? 64 - this.#blockLength : 128 - this.#blockLength,
      );
      padding[0] = 0x80;
      const view = new DataView(padding.buffer);
      // Length in bits, little-endian 64-bit (split because bit operators are 32-bit).
      view.setUint32(padding.length - 8, bitLength >>> 0, true);
      view.setUint32(padding.length - 4, Math.floor(bitLength / 2 ** 32) >>> 0, true);
      this.update(padding);
      this.#finished = true;
    }
    const out = new Uint8Array(16);
    const view = new DataView(out.buffer);
    view.setUint32(0, this.#a >>> 0, true);
    view.setUint32(4, this.#b >>> 0, true);
    view.setUint32(8, this.#c >>> 0, true);
    view.setUint32(12, this.#d >>> 0, true);
    return Array.from(out, (byte) => byte.toString(16).padStart(2, '0')).join('');
  }

  #compress(bytes: Uint8Array, offset: number): void {
    const words = this.#words;
    for (let index = 0, base = offset; index < 16; index += 1, base += 4) {
      words[index] =
        (bytes[base] as number) |
        ((bytes[base + 1] as number) << 8) |
        ((bytes[base + 2] as number) << 16) |
        ((bytes[base + 3] as number) << 24);
    }
    let a = this.#a;
    let b = this.#b;
    let c = this.#c;
    let d = this.#d;
    // Four branch-free rounds (the hot loop of large uploads with `md5: true`).
    for (let index = 0; index < 16; index += 1) {
      const sum = (a + ((b & c) | (~b & d)) + (K[index] as number) + (words[index] as number)) | 0;
      const shift = ROUND_1[index & 3] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    for (let index = 16; index < 32; index += 1) {
      const sum =
        (a + ((d & b) | (~d & c)) + (K[index] as number) + (words[(5 * index + 1) & 15] as number)) | 0;
      const shift = ROUND_2[index & 3] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    for (let index = 32; index < 48; index += 1) {
      const sum = (a + (b ^ c ^ d) + (K[index] as number) + (words[(3 * index + 5) & 15] as number)) | 0;
      const shift = ROUND_3[index & 3] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    for (let index = 48; index < 64; index += 1) {
      const sum = (a + (c ^ (b | ~d)) + (K[index] as number) + (words[(7 * index) & 15] as number)) | 0;
      const shift = ROUND_4[index & 3] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    this.#a = (this.#a + a) | 0;
    this.#b = (this.#b + b) | 0;
    this.#c = (this.#c + c) | 0;
    this.#d = (this.#d + d) | 0;
  }
}
