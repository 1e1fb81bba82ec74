import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Md5 } from '../../src/job/md5.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('Md5', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['The quick brown fox jumps over the lazy dog', '9e107d9d372bb6826bd81d3542a419d6'],
    ['a'.repeat(56), '3b0c8ac703f828b04c6c197006d17218'],
    ['a'.repeat(64), '014842d480b571495a4a0363793f7367'],
  ])('hashes %j as RFC 1321 test vectors say', (text, hex) => {
    expect(new Md5().update(encode(text)).digestHex()).toBe(hex);
  });

  it('equals node:crypto for any bytes split into any chunks (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 6 }),
        (bytes, cuts) => {
          const md5 = new Md5();
          const points = [...new Set(cuts.map((cut) => Math.min(cut, bytes.length)))].sort((a, b) => a - b);
          let start = 0;
          for (const point of [...points, bytes.length]) {
            md5.update(bytes.subarray(start, point));
            start = point;
          }
          expect(md5.digestHex()).toBe(createHash('md5').update(bytes).digest('hex'));
        },
      ),
    );
  });

  it('refuses updates after the digest', () => {
    const md5 = new Md5();
    md5.digestHex();
    expect(() => md5.update(encode('x'))).toThrow(/after digestHex/);
    expect(md5.digestHex()).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });
});
