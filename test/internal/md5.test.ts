import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Md5, md5Hex } from '../../src/internal/md5.js';
import * as jobEntry from '../../src/job/index.js';
import * as testingEntry from '../../src/testing/index.js';

const encode = (text: string) => new TextEncoder().encode(text);
const nodeMd5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

describe('Md5', () => {
  it.each([
    // RFC 1321 appendix A.5
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      '57edf4a22be3c955ac49da2e2107b67a',
    ],
    // Padding edges: 56 bytes need a second padding block, 64 fill one block exactly.
    ['The quick brown fox jumps over the lazy dog', '9e107d9d372bb6826bd81d3542a419d6'],
    ['a'.repeat(56), '3b0c8ac703f828b04c6c197006d17218'],
    ['a'.repeat(64), '014842d480b571495a4a0363793f7367'],
    ['x'.repeat(56), '668a72d5ba17f08e62dabcafad6db14b'],
  ])('hashes %j as the test vectors say', (text, hex) => {
    expect(new Md5().update(encode(text)).digestHex()).toBe(hex);
    expect(md5Hex([encode(text)])).toBe(hex);
  });

  it('equals node:crypto for any bytes split into any chunks, at any alignment (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 700 }),
        fc.array(fc.integer({ min: 0, max: 700 }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (bytes, cuts, shift) => {
          // Copy behind `shift` leading bytes, so the words of a block are not 4-byte aligned.
          const backing = new Uint8Array(bytes.length + shift);
          backing.set(bytes, shift);
          const data = backing.subarray(shift);
          const md5 = new Md5();
          const points = [...new Set(cuts.map((cut) => Math.min(cut, data.length)))].sort((a, b) => a - b);
          let start = 0;
          for (const point of [...points, data.length]) {
            md5.update(data.subarray(start, point));
            start = point;
          }
          expect(md5.digestHex()).toBe(nodeMd5(bytes));
        },
      ),
    );
  });

  it('gives the same hash whatever the chunking around the 56/64-byte padding edges', () => {
    for (const length of [55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const data = encode('x'.repeat(length));
      const hash = new Md5();
      for (let offset = 0; offset < data.length; offset += 7) hash.update(data.subarray(offset, offset + 7));
      expect(hash.digestHex(), `length ${length}`).toBe(nodeMd5(data));
    }
  });

  it('hashes a multi-megabyte message fed in large aligned chunks like node:crypto', () => {
    const data = new Uint8Array(3 * 1024 * 1024 + 13);
    for (let index = 0; index < data.length; index++) data[index] = (index * 2654435761) >>> 24;
    const chunks = [data.subarray(0, 1 << 20), data.subarray(1 << 20, 3 << 20), data.subarray(3 << 20)];
    expect(md5Hex(chunks)).toBe(nodeMd5(data));
  });

  it('refuses updates after the digest and returns the same digest again', () => {
    const md5 = new Md5();
    md5.update(encode('abc'));
    expect(md5.digestHex()).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(() => md5.update(encode('x'))).toThrow(/after digestHex/);
    expect(md5.digestHex()).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('is plumbing: neither finetune-kit/job nor finetune-kit/testing exports it', () => {
    expect(Object.keys(jobEntry)).not.toContain('Md5');
    expect(Object.keys(testingEntry)).not.toContain('md5Hex');
  });
});
