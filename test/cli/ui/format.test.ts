import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDecimal,
  formatDuration,
  formatInteger,
  formatPercent,
  formatTimestamp,
  formatUsd,
  plural,
} from '../../../src/cli/ui/format.js';

describe('format', () => {
  it('groups thousands and rounds', () => {
    expect(formatInteger(0)).toBe('0');
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatInteger(-4306.4)).toBe('-4,306');
  });

  it('formats money with cents, and small amounts with more precision', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.49398)).toBe('$0.49');
    expect(formatUsd(0.999)).toBe('$1.00');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.0012)).toBe('$0.0012');
  });

  it('formats sizes, durations, percentages, timestamps and plurals', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(512 * 1024 * 1024)).toBe('512 MB');
    expect(formatDuration(999)).toBe('1s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(7_620_000)).toBe('2h 07m');
    expect(formatPercent(0.4231)).toBe('42.3%');
    expect(formatDecimal(1.23456)).toBe('1.235');
    expect(formatDecimal(2)).toBe('2');
    expect(formatTimestamp(1721764800)).toBe('2024-07-23 20:00:00Z');
    expect(plural(1, 'example')).toBe('1 example');
    expect(plural(1200, 'example')).toBe('1,200 examples');
  });
});
