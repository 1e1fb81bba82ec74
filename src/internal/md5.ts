/**
 * Incremental MD5 (RFC 1321) in plain TypeScript, shared by the job layer (the optional `md5` of a
 * multipart upload) and the simulator (which checks it). `crypto.subtle` has no MD5 and `node:crypto`
 * is not in every runtime, so finetune-kit carries its own. It hashes a chunk at a time: memory stays
 * flat whatever the file size.
 *
 * Speed: the 64 steps are written out with their constants (generated from RFC 1321 §3.4, checked
 * against its test vectors and node:crypto) rather than looped or called through helper functions,
 * because V8 stops inlining small helpers after its per-function budget and a loop reads the shift and
 * constant tables on every step. Aligned input on little-endian hosts (all current ones) is read as
 * 32-bit words in place, without copying.
 *
 * @module
 */

/** True on little-endian hosts, where a block's words can be read in place. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * An incremental MD5 hash: feed bytes with {@link Md5.update}, then read {@link Md5.digestHex} once.
 *
 * @example
 * ```ts
 * const md5 = new Md5();
 * md5.update(new TextEncoder().encode('a')).update(new TextEncoder().encode('bc'));
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
  readonly #blockWords = LITTLE_ENDIAN ? new Int32Array(this.#block.buffer) : new Int32Array(16);
  #blockLength = 0;
  #totalBytes = 0;
  #digest: string | null = null;

  /**
   * Adds bytes to the hash.
   *
   * @param bytes - The next bytes of the message; any length, any alignment.
   * @returns This hash, for chaining.
   * @throws {Error} After {@link Md5.digestHex} was called.
   */
  update(bytes: Uint8Array): this {
    if (this.#digest !== null) throw new Error('Md5.update() called after digestHex().');
    this.#add(bytes);
    return this;
  }

  /**
   * Finishes the hash.
   *
   * @returns The digest as 32 lower-case hex digits; the same string on every later call.
   */
  digestHex(): string {
    if (this.#digest !== null) return this.#digest;
    const bitLength = this.#totalBytes * 8;
    const padding = new Uint8Array(this.#blockLength < 56 ? 64 - this.#blockLength : 128 - this.#blockLength);
    padding[0] = 0x80;
    const view = new DataView(padding.buffer);
    // Length in bits, little-endian 64-bit (split because bit operators are 32-bit).
    view.setUint32(padding.length - 8, bitLength >>> 0, true);
    view.setUint32(padding.length - 4, Math.floor(bitLength / 2 ** 32) >>> 0, true);
    this.#add(padding);
    let hex = '';
    for (const word of [this.#a, this.#b, this.#c, this.#d]) {
      for (let byte = 0; byte < 32; byte += 8) hex += ((word >>> byte) & 0xff).toString(16).padStart(2, '0');
    }
    this.#digest = hex;
    return hex;
  }

  #add(bytes: Uint8Array): void {
    this.#totalBytes += bytes.length;
    let offset = 0;
    if (this.#blockLength > 0) {
      const take = Math.min(64 - this.#blockLength, bytes.length);
      this.#block.set(bytes.subarray(0, take), this.#blockLength);
      this.#blockLength += take;
      offset = take;
      if (this.#blockLength < 64) return;
      this.#bufferedBlock();
      this.#blockLength = 0;
    }
    const blocks = Math.floor((bytes.length - offset) / 64);
    if (blocks > 0) {
      const start = bytes.byteOffset + offset;
      if (LITTLE_ENDIAN && start % 4 === 0) {
        this.#blocks(new Int32Array(bytes.buffer, start, blocks * 16), blocks);
      } else {
        for (let block = 0; block < blocks; block += 1) {
          this.#block.set(bytes.subarray(offset + block * 64, offset + block * 64 + 64));
          this.#bufferedBlock();
        }
      }
      offset += blocks * 64;
    }
    if (offset < bytes.length) {
      this.#block.set(bytes.subarray(offset), 0);
      this.#blockLength = bytes.length - offset;
    }
  }

  /** Hashes the 64 bytes in `#block`. */
  #bufferedBlock(): void {
    const words = this.#blockWords;
    if (!LITTLE_ENDIAN) {
      const bytes = this.#block;
      for (let index = 0, at = 0; index < 16; index += 1, at += 4) {
        words[index] =
          (bytes[at] as number) |
          ((bytes[at + 1] as number) << 8) |
          ((bytes[at + 2] as number) << 16) |
          ((bytes[at + 3] as number) << 24);
      }
    }
    this.#blocks(words, 1);
  }

  /** Hashes `count` 64-byte blocks given as little-endian words. */
  #blocks(words: Int32Array, count: number): void {
    let a0 = this.#a;
    let b0 = this.#b;
    let c0 = this.#c;
    let d0 = this.#d;
    for (let at = 0, end = count * 16; at < end; at += 16) {
      const x0 = words[at] as number;
      const x1 = words[at + 1] as number;
      const x2 = words[at + 2] as number;
      const x3 = words[at + 3] as number;
      const x4 = words[at + 4] as number;
      const x5 = words[at + 5] as number;
      const x6 = words[at + 6] as number;
      const x7 = words[at + 7] as number;
      const x8 = words[at + 8] as number;
      const x9 = words[at + 9] as number;
      const x10 = words[at + 10] as number;
      const x11 = words[at + 11] as number;
      const x12 = words[at + 12] as number;
      const x13 = words[at + 13] as number;
      const x14 = words[at + 14] as number;
      const x15 = words[at + 15] as number;
      let a = a0;
      let b = b0;
      let c = c0;
      let d = d0;
      let n: number;
      n = (a + ((b & c) | (~b & d)) + x0 + -680876936) | 0;
      a = (((n << 7) | (n >>> 25)) + b) | 0;
      n = (d + ((a & b) | (~a & c)) + x1 + -389564586) | 0;
      d = (((n << 12) | (n >>> 20)) + a) | 0;
      n = (c + ((d & a) | (~d & b)) + x2 + 606105819) | 0;
      c = (((n << 17) | (n >>> 15)) + d) | 0;
      n = (b + ((c & d) | (~c & a)) + x3 + -1044525330) | 0;
      b = (((n << 22) | (n >>> 10)) + c) | 0;
      n = (a + ((b & c) | (~b & d)) + x4 + -176418897) | 0;
      a = (((n << 7) | (n >>> 25)) + b) | 0;
      n = (d + ((a & b) | (~a & c)) + x5 + 1200080426) | 0;
      d = (((n << 12) | (n >>> 20)) + a) | 0;
      n = (c + ((d & a) | (~d & b)) + x6 + -1473231341) | 0;
      c = (((n << 17) | (n >>> 15)) + d) | 0;
      n = (b + ((c & d) | (~c & a)) + x7 + -45705983) | 0;
      b = (((n << 22) | (n >>> 10)) + c) | 0;
      n = (a + ((b & c) | (~b & d)) + x8 + 1770035416) | 0;
      a = (((n << 7) | (n >>> 25)) + b) | 0;
      n = (d + ((a & b) | (~a & c)) + x9 + -1958414417) | 0;
      d = (((n << 12) | (n >>> 20)) + a) | 0;
      n = (c + ((d & a) | (~d & b)) + x10 + -42063) | 0;
      c = (((n << 17) | (n >>> 15)) + d) | 0;
      n = (b + ((c & d) | (~c & a)) + x11 + -1990404162) | 0;
      b = (((n << 22) | (n >>> 10)) + c) | 0;
      n = (a + ((b & c) | (~b & d)) + x12 + 1804603682) | 0;
      a = (((n << 7) | (n >>> 25)) + b) | 0;
      n = (d + ((a & b) | (~a & c)) + x13 + -40341101) | 0;
      d = (((n << 12) | (n >>> 20)) + a) | 0;
      n = (c + ((d & a) | (~d & b)) + x14 + -1502002290) | 0;
      c = (((n << 17) | (n >>> 15)) + d) | 0;
      n = (b + ((c & d) | (~c & a)) + x15 + 1236535329) | 0;
      b = (((n << 22) | (n >>> 10)) + c) | 0;
      n = (a + ((b & d) | (c & ~d)) + x1 + -165796510) | 0;
      a = (((n << 5) | (n >>> 27)) + b) | 0;
      n = (d + ((a & c) | (b & ~c)) + x6 + -1069501632) | 0;
      d = (((n << 9) | (n >>> 23)) + a) | 0;
      n = (c + ((d & b) | (a & ~b)) + x11 + 643717713) | 0;
      c = (((n << 14) | (n >>> 18)) + d) | 0;
      n = (b + ((c & a) | (d & ~a)) + x0 + -373897302) | 0;
      b = (((n << 20) | (n >>> 12)) + c) | 0;
      n = (a + ((b & d) | (c & ~d)) + x5 + -701558691) | 0;
      a = (((n << 5) | (n >>> 27)) + b) | 0;
      n = (d + ((a & c) | (b & ~c)) + x10 + 38016083) | 0;
      d = (((n << 9) | (n >>> 23)) + a) | 0;
      n = (c + ((d & b) | (a & ~b)) + x15 + -660478335) | 0;
      c = (((n << 14) | (n >>> 18)) + d) | 0;
      n = (b + ((c & a) | (d & ~a)) + x4 + -405537848) | 0;
      b = (((n << 20) | (n >>> 12)) + c) | 0;
      n = (a + ((b & d) | (c & ~d)) + x9 + 568446438) | 0;
      a = (((n << 5) | (n >>> 27)) + b) | 0;
      n = (d + ((a & c) | (b & ~c)) + x14 + -1019803690) | 0;
      d = (((n << 9) | (n >>> 23)) + a) | 0;
      n = (c + ((d & b) | (a & ~b)) + x3 + -187363961) | 0;
      c = (((n << 14) | (n >>> 18)) + d) | 0;
      n = (b + ((c & a) | (d & ~a)) + x8 + 1163531501) | 0;
      b = (((n << 20) | (n >>> 12)) + c) | 0;
      n = (a + ((b & d) | (c & ~d)) + x13 + -1444681467) | 0;
      a = (((n << 5) | (n >>> 27)) + b) | 0;
      n = (d + ((a & c) | (b & ~c)) + x2 + -51403784) | 0;
      d = (((n << 9) | (n >>> 23)) + a) | 0;
      n = (c + ((d & b) | (a & ~b)) + x7 + 1735328473) | 0;
      c = (((n << 14) | (n >>> 18)) + d) | 0;
      n = (b + ((c & a) | (d & ~a)) + x12 + -1926607734) | 0;
      b = (((n << 20) | (n >>> 12)) + c) | 0;
      n = (a + (b ^ c ^ d) + x5 + -378558) | 0;
      a = (((n << 4) | (n >>> 28)) + b) | 0;
      n = (d + (a ^ b ^ c) + x8 + -2022574463) | 0;
      d = (((n << 11) | (n >>> 21)) + a) | 0;
      n = (c + (d ^ a ^ b) + x11 + 1839030562) | 0;
      c = (((n << 16) | (n >>> 16)) + d) | 0;
      n = (b + (c ^ d ^ a) + x14 + -35309556) | 0;
      b = (((n << 23) | (n >>> 9)) + c) | 0;
      n = (a + (b ^ c ^ d) + x1 + -1530992060) | 0;
      a = (((n << 4) | (n >>> 28)) + b) | 0;
      n = (d + (a ^ b ^ c) + x4 + 1272893353) | 0;
      d = (((n << 11) | (n >>> 21)) + a) | 0;
      n = (c + (d ^ a ^ b) + x7 + -155497632) | 0;
      c = (((n << 16) | (n >>> 16)) + d) | 0;
      n = (b + (c ^ d ^ a) + x10 + -1094730640) | 0;
      b = (((n << 23) | (n >>> 9)) + c) | 0;
      n = (a + (b ^ c ^ d) + x13 + 681279174) | 0;
      a = (((n << 4) | (n >>> 28)) + b) | 0;
      n = (d + (a ^ b ^ c) + x0 + -358537222) | 0;
      d = (((n << 11) | (n >>> 21)) + a) | 0;
      n = (c + (d ^ a ^ b) + x3 + -722521979) | 0;
      c = (((n << 16) | (n >>> 16)) + d) | 0;
      n = (b + (c ^ d ^ a) + x6 + 76029189) | 0;
      b = (((n << 23) | (n >>> 9)) + c) | 0;
      n = (a + (b ^ c ^ d) + x9 + -640364487) | 0;
      a = (((n << 4) | (n >>> 28)) + b) | 0;
      n = (d + (a ^ b ^ c) + x12 + -421815835) | 0;
      d = (((n << 11) | (n >>> 21)) + a) | 0;
      n = (c + (d ^ a ^ b) + x15 + 530742520) | 0;
      c = (((n << 16) | (n >>> 16)) + d) | 0;
      n = (b + (c ^ d ^ a) + x2 + -995338651) | 0;
      b = (((n << 23) | (n >>> 9)) + c) | 0;
      n = (a + (c ^ (b | ~d)) + x0 + -198630844) | 0;
      a = (((n << 6) | (n >>> 26)) + b) | 0;
      n = (d + (b ^ (a | ~c)) + x7 + 1126891415) | 0;
      d = (((n << 10) | (n >>> 22)) + a) | 0;
      n = (c + (a ^ (d | ~b)) + x14 + -1416354905) | 0;
      c = (((n << 15) | (n >>> 17)) + d) | 0;
      n = (b + (d ^ (c | ~a)) + x5 + -57434055) | 0;
      b = (((n << 21) | (n >>> 11)) + c) | 0;
      n = (a + (c ^ (b | ~d)) + x12 + 1700485571) | 0;
      a = (((n << 6) | (n >>> 26)) + b) | 0;
      n = (d + (b ^ (a | ~c)) + x3 + -1894986606) | 0;
      d = (((n << 10) | (n >>> 22)) + a) | 0;
      n = (c + (a ^ (d | ~b)) + x10 + -1051523) | 0;
      c = (((n << 15) | (n >>> 17)) + d) | 0;
      n = (b + (d ^ (c | ~a)) + x1 + -2054922799) | 0;
      b = (((n << 21) | (n >>> 11)) + c) | 0;
      n = (a + (c ^ (b | ~d)) + x8 + 1873313359) | 0;
      a = (((n << 6) | (n >>> 26)) + b) | 0;
      n = (d + (b ^ (a | ~c)) + x15 + -30611744) | 0;
      d = (((n << 10) | (n >>> 22)) + a) | 0;
      n = (c + (a ^ (d | ~b)) + x6 + -1560198380) | 0;
      c = (((n << 15) | (n >>> 17)) + d) | 0;
      n = (b + (d ^ (c | ~a)) + x13 + 1309151649) | 0;
      b = (((n << 21) | (n >>> 11)) + c) | 0;
      n = (a + (c ^ (b | ~d)) + x4 + -145523070) | 0;
      a = (((n << 6) | (n >>> 26)) + b) | 0;
      n = (d + (b ^ (a | ~c)) + x11 + -1120210379) | 0;
      d = (((n << 10) | (n >>> 22)) + a) | 0;
      n = (c + (a ^ (d | ~b)) + x2 + 718787259) | 0;
      c = (((n << 15) | (n >>> 17)) + d) | 0;
      n = (b + (d ^ (c | ~a)) + x9 + -343485551) | 0;
      b = (((n << 21) | (n >>> 11)) + c) | 0;

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
 * MD5 of a message given as byte chunks, in one call.
 *
 * @param chunks - The message's bytes, in order (one `Uint8Array` per chunk; pass `[bytes]` for one).
 * @returns The digest as 32 lower-case hex digits.
 * @example
 * ```ts
 * md5Hex([new TextEncoder().encode('abc')]); // '900150983cd24fb0d6963f7d28e17f72'
 * ```
 */
export function md5Hex(chunks: Iterable<Uint8Array>): string {
  const hash = new Md5();
  for (const chunk of chunks) hash.update(chunk);
  return hash.digestHex();
}
