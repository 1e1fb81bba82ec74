import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../../src/dataset/input/locate-json-error.js';

// Expected messages come from CPython 3.11 `json.loads` (the wording of OpenAI's server errors).
const PYTHON_CASES: readonly [string, string][] = [
  ['', 'Expecting value: line 1 column 1 (char 0)'],
  ['{', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
  ['[', 'Expecting value: line 1 column 2 (char 1)'],
  ['{"a": 1 "b": 2}', "Expecting ',' delimiter: line 1 column 9 (char 8)"],
  ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
  ['{a:1}', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
  ['[1,]', 'Expecting value: line 1 column 4 (char 3)'],
  ['{"a":1,}', 'Expecting property name enclosed in double quotes: line 1 column 8 (char 7)'],
  ['"abc', 'Unterminated string starting at: line 1 column 1 (char 0)'],
  ['"a\\qb"', 'Invalid \\escape: line 1 column 3 (char 2)'],
  ['"\\u12g4"', 'Invalid \\uXXXX escape: line 1 column 3 (char 2)'],
  ['{"a":1} x', 'Extra data: line 1 column 9 (char 8)'],
  ['{"t":"é"} ,', 'Extra data: line 1 column 11 (char 10)'],
  ['{"t":"🌍" x}', "Expecting ',' delimiter: line 1 column 10 (char 9)"],
  ['"a\tb"', 'Invalid control character at: line 1 column 3 (char 2)'],
  ['tru', 'Expecting value: line 1 column 1 (char 0)'],
  ['01', 'Extra data: line 1 column 2 (char 1)'],
  ['-', 'Expecting value: line 1 column 1 (char 0)'],
  [
    '{"messages": [{"role": "user", "content": "hi"} {"role": "assistant"}]}',
    "Expecting ',' delimiter: line 1 column 49 (char 48)",
  ],
  ['[1 2]', "Expecting ',' delimiter: line 1 column 4 (char 3)"],
  ['{"a":[1,{"b":}]}', 'Expecting value: line 1 column 14 (char 13)'],
];

describe('locateJsonError', () => {
  it.each(PYTHON_CASES)('words %j like Python json', (text, message) => {
    expect(JSON.parse.bind(null, text)).toThrow(SyntaxError);
    expect(locateJsonError(text)?.message).toBe(message);
  });

  it('returns typed fields and counts lines inside a multi-line text', () => {
    expect(locateJsonError('{\n  "a": 1\n  "b": 2\n}')).toEqual({
      reason: "Expecting ',' delimiter",
      char: 13,
      line: 3,
      column: 3,
      message: "Expecting ',' delimiter: line 3 column 3 (char 13)",
    });
  });

  it('returns null for valid JSON, including deep nesting', () => {
    expect(locateJsonError('{"a":[1,2.5e-3,true,false,null,"x\\u00e9\\n"],"b":{}}')).toBeNull();
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(locateJsonError(deep)).toBeNull();
    expect(locateJsonError('['.repeat(100_000))?.reason).toBe('Expecting value');
  });

  it('finds an error exactly when JSON.parse fails', () => {
    const jsonish = fc.stringMatching(/^[{}[\]",:0-9a-z \\.e+-]{0,30}$/);
    fc.assert(
      fc.property(fc.oneof(jsonish, fc.json(), fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const location = locateJsonError(text);
        expect(location === null).toBe(valid);
        if (location) expect(location.char).toBeLessThanOrEqual([...text].length);
      }),
      { numRuns: 2000 },
    );
  });
});
