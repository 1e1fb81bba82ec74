import { describe, expect, it } from 'vitest';
import { Dataset, type DatasetIssue, formatIssue } from '../../../src/dataset/index.js';

const lineIssue: DatasetIssue = {
  code: 'invalid_json',
  severity: 'error',
  message: 'Line 3 is not valid JSON: Expecting value: line 1 column 1 (char 0).',
  line: 3,
  details: { column: 1 },
};
const fileIssue: DatasetIssue = {
  code: 'too_few_examples',
  severity: 'error',
  message: 'Training file has 3 example(s), but must have at least 10 examples',
  details: { examples: 3, minimum: 10 },
};

describe('formatIssue', () => {
  it('puts file, line and column first, compiler style', () => {
    expect(formatIssue(lineIssue, { file: 'train.jsonl' })).toBe(
      'train.jsonl:3:1: error invalid_json: Line 3 is not valid JSON: Expecting value: line 1 column 1 (char 0).',
    );
    const withoutColumn: DatasetIssue = { ...lineIssue, details: {} };
    expect(formatIssue(withoutColumn, { file: 'a.jsonl' })).toMatch(/^a\.jsonl:3: error invalid_json: /);
  });

  it('says "line N" without a file name, and prints file-level issues without a line', () => {
    expect(formatIssue(lineIssue)).toMatch(/^line 3:1: error invalid_json: Line 3 /);
    expect(formatIssue(fileIssue)).toBe(
      'error too_few_examples: Training file has 3 example(s), but must have at least 10 examples',
    );
    expect(formatIssue(fileIssue, { file: 'train.jsonl' })).toMatch(
      /^train\.jsonl: error too_few_examples: /,
    );
  });

  it('never prints "undefined" for any issue of a real report', async () => {
    const report = await Dataset.fromString('name,prompt\n{"messages": []}\n\n').validate({
      model: 'gpt-4o-mini',
    });
    expect(report.issues.some((issue) => issue.line === undefined)).toBe(true);
    for (const issue of report.issues) expect(formatIssue(issue)).not.toContain('undefined');
  });
});
