import { describe, expect, it } from 'vitest';
import { createColors, shouldUseColor, stripAnsi } from '../../../src/cli/ui/colors.js';

describe('shouldUseColor', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true };

  it('colours a terminal and not a pipe by default', () => {
    expect(shouldUseColor({}, tty)).toBe(true);
    expect(shouldUseColor({}, pipe)).toBe(false);
    expect(shouldUseColor({ TERM: 'dumb' }, tty)).toBe(false);
  });

  it('respects NO_COLOR when present and non-empty', () => {
    expect(shouldUseColor({ NO_COLOR: '1' }, tty)).toBe(false);
    expect(shouldUseColor({ NO_COLOR: '' }, tty)).toBe(true);
  });

  it('lets FORCE_COLOR override NO_COLOR and the TTY check, and flags override both', () => {
    expect(shouldUseColor({ FORCE_COLOR: '1', NO_COLOR: '1' }, pipe)).toBe(true);
    expect(shouldUseColor({ FORCE_COLOR: '0' }, tty)).toBe(false);
    expect(shouldUseColor({ FORCE_COLOR: 'false' }, tty)).toBe(false);
    expect(shouldUseColor({ FORCE_COLOR: '1' }, tty, false)).toBe(false);
    expect(shouldUseColor({ NO_COLOR: '1' }, pipe, true)).toBe(true);
  });
});

describe('createColors', () => {
  it('wraps text in escape codes only when enabled', () => {
    expect(createColors(true).error('x')).toBe('\u001B[31mx\u001B[39m');
    expect(createColors(false).error('x')).toBe('x');
    expect(stripAnsi(createColors(true).bold(createColors(true).success('ok')))).toBe('ok');
  });
});
