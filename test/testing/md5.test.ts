import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../src/testing/index.js';
import { Md5 } from '../../src/testing/md5.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('md5Hex', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      '57edf4a22be3c955ac49da2e2107b67a',
    ],
  ])('matches the RFC 1321 test vector for %j', (text, hex) => {
    expect(md5Hex([bytes(text)])).toBe(hex);
  });

  it('gives the same hash whatever the chunking (56/64-byte padding edges included)', () => {
    for (const length of [55, 56, 63, 64, 65, 119, 120, 1000]) {
      const data = bytes('x'.repeat(length));
      const whole = md5Hex([data]);
      const hash = new Md5();
      for (let offset = 0; offset < data.length; offset += 7) hash.update(data.subarray(offset, offset + 7));
      expect(hash.hex(), `length ${length}`).toBe(whole);
    }
    expect(md5Hex([bytes('x'.repeat(56))])).toBe('668a72d5ba17f08e62dabcafad6db14b');
  });
});
