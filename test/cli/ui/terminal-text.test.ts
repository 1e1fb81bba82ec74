import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../../src/cli/ui/format.js';
import { neutralizeControls, terminalSafe, terminalSafeJson } from '../../../src/cli/ui/terminal-text.js';

describe('terminalSafe', () => {
  it('makes every control character visible, so a value stays one inert line', () => {
    expect(terminalSafe('a\u001B]0;title\u0007b')).toBe('a\\x1b]0;title\\x07b');
    expect(terminalSafe('x\r✓ valid\n✓ valid\ty')).toBe('x\\r✓ valid\\n✓ valid\\ty');
    expect(terminalSafe('\u001B[1A\u001B[2J\u009B2J\u007F\u0000')).toBe('\\x1b[1A\\x1b[2J\\x9b2J\\x7f\\x00');
    expect(terminalSafe('\u202Egnp.exe\u2066\u2069\u2028')).toBe('\\u202egnp.exe\\u2066\\u2069\\u2028');
  });

  it('leaves ordinary text, accents, emoji and CJK alone', () => {
    const text = 'ft:gpt-4o-mini:acme:café-ü:AbC12 — 日本語 🎉 ✓';
    expect(terminalSafe(text)).toBe(text);
  });
});

describe('neutralizeControls', () => {
  it("keeps line feeds, tabs and the CLI's own colours, and escapes the rest", () => {
    const own = '\u001B[32m✓\u001B[39m ok\n\tnext';
    expect(neutralizeControls(own)).toBe(own);
    expect(neutralizeControls(`${own}\u001B]0;x\u0007\r\u001B[2J`)).toBe(`${own}\\x1b]0;x\\x07\\r\\x1b[2J`);
  });
});

describe('terminalSafeJson', () => {
  it('escapes DEL, C1, bidi and line separators as \\u and parses to the same value', () => {
    const value = { text: 'a\u007F\u009B\u202E\u2028\u001B' };
    const json = terminalSafeJson(JSON.stringify(value));
    expect(json).toBe('{"text":"a\\u007f\\u009b\\u202e\\u2028\\u001b"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('formatTimestamp on wrong types from a server', () => {
  it('shows ? instead of throwing', () => {
    expect(formatTimestamp(Number.NaN)).toBe('?');
    expect(formatTimestamp('2024' as unknown as number)).toBe('?');
    expect(formatTimestamp(1e20)).toBe('?');
    expect(formatTimestamp(1_721_764_800)).toBe('2024-07-23 20:00:00Z');
  });
});

describe('terminalSafe on wrong types from a server', () => {
  it('shows numbers, objects and null instead of throwing', () => {
    expect(terminalSafe(42)).toBe('42');
    expect(terminalSafe({ nested: '\u001B[2J' })).toBe('{"nested":"\\u001b[2J"}');
    expect(terminalSafe(null)).toBe('null');
    expect(terminalSafe(undefined)).toBe('undefined');
  });
});
