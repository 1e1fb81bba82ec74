/**
 * Incremental MD5 (RFC 1321) in plain TypeScript. The Uploads API accepts an optional `md5` of the
 * whole file at completion; `crypto.subtle` has no MD5 and `node:crypto` is not available in every
 * runtime, so the job layer carries its own. It hashes a part at a time, so memory stays flat.
 *
 * @module
 */

// Per-round shift amounts.
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21] as const;

// K[i] = floor(abs(sin(i + 1)) × 2^32).
const K = Uint32Array.from(
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
  #a = 0x67452301;
  #b = 0xefcdab89;
  #c = 0x98badcfe;
  #d = 0x10325476;
  readonly #block = new Uint8Array(64);
  readonly #words = new Uint32Array(16);
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
    view.setUint32(0, this.#a, true);
    view.setUint32(4, this.#b, true);
    view.setUint32(8, this.#c, true);
    view.setUint32(12, this.#d, true);
    return Array.from(out, (byte) => byte.toString(16).padStart(2, '0')).join('');
  }

  #compress(bytes: Uint8Array, offset: number): void {
    const words = this.#words;
    for (let index = 0; index < 16; index += 1) {
      const base = offset + index * 4;
      words[index] =
        ((bytes[base] as number) |
          ((bytes[base + 1] as number) << 8) |
          ((bytes[base + 2] as number) << 16) |
          ((bytes[base + 3] as number) << 24)) >>>
        0;
    }
    let a = this.#a;
    let b = this.#b;
    let c = this.#c;
    let d = this.#d;
    for (let index = 0; index < 64; index += 1) {
      let f: number;
      let g: number;
      if (index < 16) {
        f = (b & c) | (~b & d);
        g = index;
      } else if (index < 32) {
        f = (d & b) | (~d & c);
        g = (5 * index + 1) % 16;
      } else if (index < 48) {
        f = b ^ c ^ d;
        g = (3 * index + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * index) % 16;
      }
      const shift = SHIFTS[(index >> 4) * 4 + (index % 4)] as number;
      const sum = (a + f + (K[index] as number) + (words[g] as number)) >>> 0;
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
