import { describe, expect, it } from 'vitest';
import { formatBytes, formatInteger, formatUsd } from '../../../src/dataset/report/format-number.js';

describe('format-number', () => {
  it('formats integers with thousands separators', () => {
    expect(formatInteger(0)).toBe('0');
    expect(formatInteger(1234567)).toBe('1,234,567');
  });

  it('formats dollars, with two significant digits under a cent', () => {
    expect(formatUsd(0.49398)).toBe('$0.49');
    expect(formatUsd(0.002544)).toBe('$0.0025');
    expect(formatUsd(0)).toBe('$0.00');
  });

  it('formats bytes in decimal units', () => {
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(612_000_000)).toBe('612.0 MB');
    expect(formatBytes(8_590_000_000)).toBe('8.59 GB');
  });
});
