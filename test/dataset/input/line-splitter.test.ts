import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstInvalidUtf8Offset,
  type LineRegion,
  LineSplitter,
  MAX_REGION_BYTES,
  regionLines,
  type SourceLine,
} from '../../../src/dataset/input/line-splitter.js';

const encoder = new TextEncoder();

function split(
  bytes: Uint8Array,
  cuts: readonly number[] = [],
): { lines: SourceLine[]; splitter: LineSplitter } {
  const splitter = new LineSplitter();
  const lines: SourceLine[] = [];
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    lines.push(...splitter.push(bytes.subarray(start, cut)));
    start = cut;
  }
  lines.push(...splitter.push(bytes.subarray(start)), ...splitter.end());
  return { lines, splitter };
}

const texts = (lines: SourceLine[]) => lines.map((line) => line.text);

describe('LineSplitter', () => {
  it('numbers lines from 1 and drops the terminators', () => {
    const { lines, splitter } = split(encoder.encode('{"a":1}\n{"a":2}\n'));
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"a":2}' },
    ]);
    expect(splitter.totals).toEqual({ bytes: 16, lines: 2, bom: false, crlfLines: 0, crLines: 0 });
  });

  it('emits a final line without a newline, and no empty line after a trailing newline', () => {
    expect(texts(split(encoder.encode('a\nb')).lines)).toEqual(['a', 'b']);
    expect(texts(split(encoder.encode('a\nb\n')).lines)).toEqual(['a', 'b']);
    expect(texts(split(encoder.encode('a\n\n')).lines)).toEqual(['a', '']);
    expect(split(new Uint8Array()).lines).toEqual([]);
  });

  it('strips CRLF and counts it, also when \\r and \\n arrive in different chunks', () => {
    const bytes = encoder.encode('a\r\nb\r\nc\n');
    for (const cut of [1, 2, 3, 4, 5]) {
      const { lines, splitter } = split(bytes, [cut]);
      expect(texts(lines)).toEqual(['a', 'b', 'c']);
      expect(splitter.totals.crlfLines).toBe(2);
    }
  });

  it('keeps a lone \\r inside a line (only \\n ends a line)', () => {
    expect(texts(split(encoder.encode('a\rb\n')).lines)).toEqual(['a\rb']);
  });

  it('reads a file whose lines end in a lone \\r as lines, wherever the chunks are cut', () => {
    const bytes = encoder.encode('{"a":1}\r{"a":2}\r\r{"a":3}\r');
    for (const cut of [0, 7, 8, 9, 16, 17, 18, bytes.length - 1]) {
      const { lines, splitter } = split(bytes, [cut]);
      expect(texts(lines)).toEqual(['{"a":1}', '{"a":2}', '', '{"a":3}']);
      expect(splitter.totals).toMatchObject({ lines: 4, crLines: 4, crlfLines: 0, bytes: bytes.length });
    }
  });

  it('keeps a \\r that is JSON whitespace inside a value in a LF file', () => {
    const { lines, splitter } = split(encoder.encode('{"a":\r1}\n{"b":2}\n'), [6]);
    expect(texts(lines)).toEqual(['{"a":\r1}', '{"b":2}']);
    expect(splitter.totals.crLines).toBe(0);
  });

  it('splits a CR file with a BOM and a final line without terminator', () => {
    const { lines, splitter } = split(encoder.encode('\uFEFF[1]\r{"a":1}'), [1, 5]);
    expect(texts(lines)).toEqual(['[1]', '{"a":1}']);
    expect(splitter.totals).toMatchObject({ bom: true, crLines: 1 });
  });

  it('strips a leading BOM even when it arrives one byte at a time', () => {
    const bytes = encoder.encode('\uFEFF{"a":1}\n{"b":2}');
    const { lines, splitter } = split(bytes, [1, 2, 3]);
    expect(texts(lines)).toEqual(['{"a":1}', '{"b":2}']);
    expect(splitter.totals.bom).toBe(true);
    expect(splitter.totals.bytes).toBe(bytes.length);
  });

  it('keeps a BOM that is not at the start of the input', () => {
    const { lines, splitter } = split(encoder.encode('x\n\uFEFFy\n'));
    expect(texts(lines)).toEqual(['x', '\uFEFFy']);
    expect(splitter.totals.bom).toBe(false);
  });

  it('reassembles multi-byte characters split across chunks', () => {
    const bytes = encoder.encode('{"t":"héllo 🌍 世界"}\n{"t":"ok"}\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(texts(split(bytes, [cut]).lines)).toEqual(['{"t":"héllo 🌍 世界"}', '{"t":"ok"}']);
    }
  });

  it('reports invalid UTF-8 with the file byte offset and keeps validating later lines', () => {
    // line 1: 4 bytes + \n; line 2: "ab" then 0xFF at file offset 7; line 3 valid.
    const bytes = new Uint8Array([...encoder.encode('good\nab'), 0xff, ...encoder.encode('c\nfine\n')]);
    for (const cuts of [[], [3], [6, 8], [7]]) {
      const { lines } = split(bytes, cuts);
      expect(lines).toEqual([
        { line: 1, text: 'good' },
        { line: 2, text: 'ab\uFFFDc', invalidUtf8: { byteOffset: 7, lineByteOffset: 2 } },
        { line: 3, text: 'fine' },
      ]);
    }
  });

  it('counts the BOM in byte offsets of invalid UTF-8', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0x0a]);
    expect(split(bytes).lines).toEqual([
      { line: 1, text: 'a\uFFFD', invalidUtf8: { byteOffset: 4, lineByteOffset: 4 } },
    ]);
  });

  it('refuses input after end()', () => {
    const splitter = new LineSplitter();
    splitter.end();
    expect(() => splitter.push(new Uint8Array([1]))).toThrow(/after end/);
  });

  it('gives the same lines for any chunking of any bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(300), { maxLength: 8 }),
        (bytes, cuts) => {
          const whole = split(bytes);
          const chunked = split(
            bytes,
            cuts.map((cut) => cut % (bytes.length + 1)),
          );
          expect(chunked.lines).toEqual(whole.lines);
          expect(chunked.splitter.totals).toEqual(whole.splitter.totals);
        },
      ),
    );
  });

  it('numbers lines exactly like counting line-break bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0x0a, 0x0d, 0x61, 0xc3, 0xa9, 0xff, 0x7b), { maxLength: 200 }),
        (values) => {
          const bytes = Uint8Array.from(values);
          // A lone \r ends lines only when the input's first line break is one, before `{`, `[` or `\r`.
          const first = values.findIndex((value) => value === 0x0a || value === 0x0d);
          const crFile =
            first >= 0 && values[first] === 0x0d && [0x7b, 0x5b, 0x0d].includes(values[first + 1] ?? -1);
          const isBreak = (value: number | undefined, next: number | undefined) =>
            value === 0x0a || (crFile && value === 0x0d && next !== 0x0a);
          const breaks = values.filter((value, index) => isBreak(value, values[index + 1])).length;
          const expected = breaks + (values.length > 0 && !isBreak(values.at(-1), undefined) ? 1 : 0);
          const { lines } = split(bytes, [Math.floor(values.length / 3)]);
          expect(lines.length).toBe(expected);
          expect(lines.map((line) => line.line)).toEqual(
            Array.from({ length: expected }, (_, index) => index + 1),
          );
        },
      ),
    );
  });
});

describe('firstInvalidUtf8Offset', () => {
  it('agrees with the fatal TextDecoder on arbitrary bytes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const offset = firstInvalidUtf8Offset(bytes);
        const valid = (() => {
          try {
            decoder.decode(bytes);
            return true;
          } catch {
            return false;
          }
        })();
        expect(offset === bytes.length).toBe(valid);
        if (!valid) expect(() => decoder.decode(bytes.subarray(0, offset))).not.toThrow();
      }),
    );
  });

  it('rejects overlong forms, surrogates and code points above U+10FFFF', () => {
    expect(firstInvalidUtf8Offset(Uint8Array.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8Offset(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8Offset(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8Offset(Uint8Array.from([0xe2, 0x82]))).toBe(0);
    expect(firstInvalidUtf8Offset(encoder.encode('ok €'))).toBe(6);
  });
});

describe('LineSplitter with maxLineBytes', () => {
  it('reports an over-long line by length with a prefix, holding no more than the limit', () => {
    const long = `[${'{"a":1},'.repeat(100)}{"a":1}]`;
    const bytes = encoder.encode(`{"ok":1}\n${long}\n{"ok":2}`);
    for (const cuts of [[], [12], [3, 40, 200, 600]]) {
      const splitter = new LineSplitter({ maxLineBytes: 64 });
      const lines: SourceLine[] = [];
      let start = 0;
      for (const cut of [...cuts, bytes.length]) {
        lines.push(...splitter.push(bytes.subarray(start, cut)));
        start = cut;
      }
      lines.push(...splitter.end());
      expect(lines.map((line) => [line.line, line.oversizedBytes])).toEqual([
        [1, undefined],
        [2, long.length],
        [3, undefined],
      ]);
      expect(long.startsWith(lines[1]!.text)).toBe(true);
      expect(lines[2]?.text).toBe('{"ok":2}');
      expect(splitter.totals.bytes).toBe(bytes.length);
    }
  });

  it('handles an over-long first and last line', () => {
    const splitter = new LineSplitter({ maxLineBytes: 4 });
    const lines = [...splitter.push(encoder.encode('\uFEFF123456\n1234567')), ...splitter.end()];
    expect(lines).toEqual([
      { line: 1, text: '123456', oversizedBytes: 9 },
      { line: 2, text: '1234567', oversizedBytes: 7 },
    ]);
    expect(splitter.totals.bom).toBe(true);
  });
});

/** Splits with `pushRegion`, taking a region whenever decoded lines come (or every `takeEvery` chunks), and decodes the regions. */
function splitWithRegions(
  bytes: Uint8Array,
  cuts: readonly number[],
  options: { readonly takeEvery?: number; readonly buffer?: (length: number) => Uint8Array | null } = {},
): { lines: SourceLine[]; splitter: LineSplitter; regions: LineRegion[] } {
  const splitter = new LineSplitter();
  const lines: SourceLine[] = [];
  const regions: LineRegion[] = [];
  const take = () => {
    const region = splitter.takeRegion(options.buffer ?? null);
    if (region === null) return;
    regions.push(region);
    const decoded = regionLines(region);
    expect(decoded.lines.length).toBe(region.lines);
    splitter.countCrlfLines(decoded.crlfLines);
    lines.push(...decoded.lines);
  };
  let start = 0;
  let chunk = 0;
  for (const cut of [...cuts, bytes.length].sort((a, b) => a - b)) {
    const decoded = splitter.pushRegion(bytes.subarray(start, cut));
    start = cut;
    if (decoded.length > 0 || ++chunk % (options.takeEvery ?? 1) === 0) take();
    lines.push(...decoded);
  }
  take();
  lines.push(...splitter.end());
  return { lines, splitter, regions };
}

describe('LineSplitter regions (lines handed on as bytes)', () => {
  it('gives exactly the lines and totals of push, for any chunking of any bytes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 40 }),
            fc.constantFrom(
              encoder.encode('{"a":"héllo 🌍 世界"}\n'),
              encoder.encode('{"b":2}\r\n'),
              Uint8Array.of(0x7b, 0xff, 0x7d, 0x0a),
              Uint8Array.of(0x0a),
            ),
          ),
          { maxLength: 20 },
        ),
        fc.array(fc.nat(400), { maxLength: 10 }),
        fc.integer({ min: 1, max: 4 }),
        (parts, cuts, takeEvery) => {
          const bytes = Uint8Array.from(parts.flatMap((part) => [...part]));
          const valid = cuts.map((cut) => cut % (bytes.length + 1));
          const plain = split(bytes, valid);
          const regions = splitWithRegions(bytes, valid, { takeEvery });
          expect(regions.lines).toEqual(plain.lines);
          expect(regions.splitter.totals).toEqual(plain.splitter.totals);
          for (const region of regions.regions) {
            const lengths: number[] = [];
            let start = 0;
            for (let index = 0; index <= region.bytes.length; index++) {
              if (index === region.bytes.length || region.bytes[index] === 0x0a) {
                lengths.push(index - start);
                start = index + 1;
              }
            }
            expect(region.longestLine).toBe(Math.max(...lengths));
          }
        },
      ),
    );
  });

  it('hands complete lines on as one region, numbered and placed in the input', () => {
    const bytes = encoder.encode('{"a":1}\n{"b":2}\r\n{"c":"é"}\n{"d"');
    const { regions, lines, splitter } = splitWithRegions(bytes, [8, 20], { takeEvery: 2 });
    // The first line always comes decoded (BOM and line-ending checks); the rest as one region.
    expect(regions).toHaveLength(1);
    expect(regions[0]).toMatchObject({ firstLine: 2, byteOffset: 8, lines: 2 });
    expect(new TextDecoder().decode(regions[0]?.bytes)).toBe('{"b":2}\r\n{"c":"é"}');
    expect(texts(lines)).toEqual(['{"a":1}', '{"b":2}', '{"c":"é"}', '{"d"']);
    expect(splitter.totals).toMatchObject({ lines: 4, crlfLines: 1, bytes: bytes.length });
  });

  it('locates invalid UTF-8 inside a region by its byte offset in the file', () => {
    const bytes = Uint8Array.from([
      ...encoder.encode('{"a":1}\n{"b":"'),
      0xc3,
      0x28,
      ...encoder.encode('"}\n{"c":3}\n'),
    ]);
    const { lines, regions } = splitWithRegions(bytes, [9]);
    expect(regions.length).toBeGreaterThan(0);
    expect(lines[1]).toMatchObject({ line: 2, invalidUtf8: { byteOffset: 14, lineByteOffset: 6 } });
    expect(lines.map((line) => line.line)).toEqual([1, 2, 3]);
  });

  it('copies a region into the memory it is given, or into its own copy', () => {
    const bytes = encoder.encode('{"a":1}\n{"b":2}\n{"c":3}\n');
    const slot = new Uint8Array(new SharedArrayBuffer(64));
    const given = splitWithRegions(bytes, [8], { buffer: (length) => slot.subarray(0, length) });
    expect(given.regions[0]?.bytes.buffer).toBe(slot.buffer);
    const refused = splitWithRegions(bytes, [8], { buffer: () => null });
    expect(refused.regions[0]?.bytes.buffer).not.toBe(slot.buffer);
    expect(refused.lines).toEqual(given.lines);
  });

  it('decodes lone-CR files, first lines and lines longer than a region as push does', () => {
    const cr = encoder.encode('{"a":1}\r{"b":2}\r');
    expect(splitWithRegions(cr, [3, 9]).regions).toEqual([]);
    const long = encoder.encode(`{"a":1}\n{"t":"${'x'.repeat(MAX_REGION_BYTES)}"}\n{"b":2}\n`);
    const { regions, lines } = splitWithRegions(long, [8, 65_544, 131_080]);
    expect(lines.map((line) => line.text.length)).toEqual([7, MAX_REGION_BYTES + 8, 7]);
    for (const region of regions) expect(region.bytes.length).toBeLessThanOrEqual(MAX_REGION_BYTES);
  });
});
