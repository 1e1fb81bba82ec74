import { describe, expect, it } from 'vitest';
import { CsvParser } from '../../../src/dataset/import/csv-parser.js';

/** Parses physical lines as the importer feeds them (terminators already removed). */
function parse(lines: readonly string[], delimiter = ',') {
  const parser = new CsvParser(delimiter);
  const records: { line: number; fields: readonly string[] }[] = [];
  const problems: { line: number; column: number; message: string }[] = [];
  lines.forEach((text, index) => {
    const out = parser.pushLine(text, index + 1);
    records.push(...out.records);
    problems.push(...out.problems);
  });
  const end = parser.end();
  return { records: [...records, ...end.records], problems: [...problems, ...end.problems] };
}

describe('CsvParser (RFC 4180)', () => {
  it('reads quoted delimiters, doubled quotes, line breaks and empty fields', () => {
    const { records, problems } = parse([
      'a,b,c',
      '"x, y","say ""hi""",',
      '"first',
      '',
      'third line",,"end"',
      ',,',
    ]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', ''] },
      { line: 3, fields: ['first\n\nthird line', '', 'end'] },
      { line: 6, fields: ['', '', ''] },
    ]);
    expect(problems).toEqual([]);
  });

  it('skips blank lines between records and reads TSV', () => {
    expect(parse(['p\tr', '', 'a "b"\tc'], '\t').records).toEqual([
      { line: 1, fields: ['p', 'r'] },
      { line: 3, fields: ['a "b"', 'c'] },
    ]);
  });

  it('keeps text after a closing quote and reports where it is', () => {
    const { records, problems } = parse(['"quoted" tail,next']);
    expect(records).toEqual([{ line: 1, fields: ['quoted tail', 'next'] }]);
    expect(problems).toEqual([
      { line: 1, column: 9, message: 'text after the closing quote of field 1 (kept)' },
    ]);
  });

  it('reports a quoted field never closed at the line and column of its quote', () => {
    const { records, problems } = parse(['a,b', 'x,"open', 'still open']);
    expect(records.at(-1)).toEqual({ line: 2, fields: ['x', 'open\nstill open'] });
    expect(problems).toEqual([{ line: 2, column: 3, message: 'a quoted field is never closed (missing ")' }]);
  });
});
