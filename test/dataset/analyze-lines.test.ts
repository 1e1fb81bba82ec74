import { describe, expect, it } from 'vitest';
import { analyzeLines, analyzeRegion, isBlank, LONG_LINE_CHARS } from '../../src/dataset/analyze-lines.js';
import { regionLines } from '../../src/dataset/input/line-splitter.js';
import { DEFAULT_TOKEN_FRAMING, tokenCounterSync } from '../../src/dataset/tokens/index.js';
import type { AnalyzeContext } from '../../src/dataset/types.js';
import { chatLines } from './helpers/datasets.js';

const context: AnalyzeContext = { profile: 'openai', framing: DEFAULT_TOKEN_FRAMING };

describe('analyzeLines', () => {
  it('returns one plain, structured-clone-safe result per line, in order', () => {
    const lines = [
      { line: 1, text: chatLines(1)[0]! },
      { line: 2, text: '  ' },
      { line: 3, text: '{"a": }' },
      { line: 4, text: '[1]' },
      { line: 5, text: '{"x":1}', invalidUtf8: { byteOffset: 120, lineByteOffset: 3 } },
      { line: 6, text: '', serializeError: 'Do not know how to serialize a BigInt' },
    ];
    const results = analyzeLines(lines, context, tokenCounterSync('o200k_base'));
    expect(structuredClone(results)).toEqual(results);
    expect(results.map((result) => [result.line, result.kind])).toEqual([
      [1, 'example'],
      [2, 'blank'],
      [3, 'invalid'],
      [4, 'invalid'],
      [5, 'example'],
      [6, 'invalid'],
    ]);
    expect(results[0]).toMatchObject({ format: 'chat', issues: [], features: { hash: expect.any(String) } });
    expect(results[0]?.tokens?.total).toBeGreaterThan(0);
    expect(results[1]?.issues.map((issue) => issue.code)).toEqual(['blank_line']);
    expect(results[2]?.issues).toEqual([
      {
        code: 'invalid_json',
        message: 'Line 3 is not valid JSON: Expecting value: line 1 column 7 (char 6).',
        details: { column: 7 },
      },
    ]);
    expect(results[3]?.issues[0]?.code).toBe('not_an_object');
    expect(results[4]?.issues[0]).toEqual({
      code: 'invalid_utf8',
      message:
        'Line 5 is not valid UTF-8 at byte 4 of the line (byte offset 120 in the file); re-save the file as UTF-8.',
      details: { byteOffset: 120 },
    });
    expect(results[4]?.issues.map((issue) => issue.code)).toContain('unknown_format');
    expect(results[5]?.issues[0]?.code).toBe('invalid_json');
  });

  it('reports a line too long to hold without parsing it', () => {
    const [result] = analyzeLines(
      [{ line: 4, text: '[{"messages": [', oversizedBytes: 300_000_000 }],
      context,
      null,
    );
    expect(result).toMatchObject({ kind: 'invalid', line: 4 });
    expect(result?.issues).toEqual([
      {
        code: 'invalid_json',
        message:
          'Line 4 has 300.0 MB, more than any single example can hold; it was not parsed: the file looks like one JSON array written on a single line; write one example per line.',
      },
    ]);
  });

  it('includes values only when asked, and can skip blank-line issues', () => {
    const [line] = chatLines(1);
    expect('value' in analyzeLines([{ line: 1, text: line! }], context, null)[0]!).toBe(false);
    expect(
      analyzeLines([{ line: 1, text: line! }], context, null, { includeValues: true })[0]?.value,
    ).toEqual(JSON.parse(line!));
    expect(
      analyzeLines([{ line: 1, text: '' }], context, null, { reportBlankLines: false })[0]?.issues,
    ).toEqual([]);
    expect(analyzeLines([{ line: 1, text: line! }], context, null)[0]?.tokens).toBeNull();
  });
});

describe('isBlank', () => {
  it('is true only for JSON whitespace', () => {
    expect(isBlank('')).toBe(true);
    expect(isBlank(' \t\r')).toBe(true);
    expect(isBlank('\u00a0')).toBe(false);
    expect(isBlank(' {}')).toBe(false);
  });
});

describe('analyzeLines on internal defects', () => {
  it('turns an error thrown inside a check into an example_check_failed issue on that line only', () => {
    const counter = {
      encoding: 'o200k_base' as const,
      count(text: string): number {
        if (text.includes('boom')) throw new RangeError('Maximum call stack size exceeded\n    at somewhere');
        return text.length;
      },
    };
    const [good] = chatLines(1);
    const bad = JSON.stringify({ messages: [{ role: 'user', content: 'boom' }] });
    const results = analyzeLines(
      [
        { line: 1, text: good! },
        { line: 2, text: bad },
        { line: 3, text: good! },
      ],
      context,
      counter,
    );
    expect(results.map((result) => result.kind)).toEqual(['example', 'invalid', 'example']);
    expect(results[1]?.issues).toEqual([
      {
        code: 'example_check_failed',
        message:
          'Line 2 could not be fully checked: internal error RangeError: Maximum call stack size exceeded at somewhere (please report this to finetune-kit with the line).',
      },
    ]);
    expect(results[2]?.tokens?.total).toBe(results[0]?.tokens?.total);
  });
});

describe('analyzeLines messages', () => {
  it('writes line breaks quoted from the data as escapes, so each message stays one line', () => {
    // A key with an escaped CR (a byte flip turned "pa" into "p\\" in the fuzz suite).
    const text = JSON.stringify({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'ok' },
      ],
      tools: [{ type: 'function', function: { name: 'f', 'p\rameters': {}, 'x\u2028y': 1 } }],
    });
    const [result] = analyzeLines([{ line: 4, text }], context, null);
    const messages = result!.issues.map((issue) => issue.message);
    expect(messages.some((message) => message.includes("'p\\rameters'"))).toBe(true);
    expect(messages.some((message) => message.includes("'x\\u2028y'"))).toBe(true);
    for (const message of messages) expect(message).not.toMatch(/[\n\v\f\r\u0085\u2028\u2029]/);
  });
});

describe('analyzeRegion', () => {
  const counter = tokenCounterSync('o200k_base');
  const example = (content: string) =>
    JSON.stringify({
      messages: [
        { role: 'user', content },
        { role: 'assistant', content: 'ok' },
      ],
    });
  const region = (texts: readonly string[], firstLine = 7) => {
    const bytes = new TextEncoder().encode(texts.join('\r\n'));
    const longestLine = Math.max(...texts.map((text) => new TextEncoder().encode(text).length + 1));
    return { bytes, firstLine, byteOffset: 100, lines: texts.length, longestLine };
  };

  it('gives the results analyzeLines gives for the decoded lines, and the CRLF count', () => {
    const texts = [example('héllo'), '', '{"messages": [', example('世界'), '[1]'];
    const lines = regionLines(region(texts)).lines;
    expect(lines.map((line) => line.line)).toEqual([7, 8, 9, 10, 11]);
    expect(analyzeRegion(region(texts), context, counter, {})).toEqual({
      results: analyzeLines(lines, context, counter, {}),
      crlfLines: 4,
    });
  });

  it('counts a long line in steps on the calling thread, with the same results', async () => {
    const texts = [example('short'), example('a'.repeat(LONG_LINE_CHARS + 10)), example('after')];
    const expected = analyzeLines(regionLines(region(texts)).lines, context, counter, {});
    const stepped = analyzeRegion(region(texts), context, counter, {}, {});
    expect(stepped).toBeInstanceOf(Promise);
    await expect(stepped).resolves.toEqual({ results: expected, crlfLines: 2 });
    // Without steps (a worker), the same results at once.
    expect(analyzeRegion(region(texts), context, counter, {})).toEqual({ results: expected, crlfLines: 2 });
  });
});
