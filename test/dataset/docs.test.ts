import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DATASET_ISSUE_CODES, Dataset, formatIssue } from '../../src/dataset/index.js';
import { FIX_FOR_CODE } from '../../src/dataset/report/issue-collector.js';

describe('docs/dataset.md', () => {
  it('documents every issue code with its default severity and fix', async () => {
    const doc = await readFile(new URL('../../docs/dataset.md', import.meta.url), 'utf8');
    for (const [code, definition] of Object.entries(DATASET_ISSUE_CODES)) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      expect(row, code).toBeDefined();
      expect(row!.split('|')[2]!.trim(), code).toBe(definition.severity);
      const fix = FIX_FOR_CODE[code as keyof typeof FIX_FOR_CODE];
      if (fix && fix !== 'split') expect(row, code).toContain(`fix \`${fix}\``);
    }
  });
});

describe('README Quick start', () => {
  it('prints every issue of an invalid file on one line, file-level issues without "line undefined"', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const quickStart = /## Quick start\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(quickStart).toContain("import { Dataset, FineTuneJob, formatIssue } from 'finetune-kit';");
    // The README's own printing statement, run on a report with line and file-level issues.
    const printing = quickStart
      .split('\n')
      .find((line) => line.includes('for (const issue of report.issues)'));
    expect(printing).toBeDefined();
    const report = await Dataset.fromString('{"messages": [\n').validate({ model: 'gpt-4o-mini' });
    const printed: string[] = [];
    const console = { error: (line: string) => printed.push(line) };
    new Function('report', 'formatIssue', 'console', printing!)(report, formatIssue, console);
    expect(printed).toHaveLength(report.issues.length);
    expect(printed).toContain(
      'train.jsonl:1:15: error invalid_json: Line 1 is not valid JSON: Expecting value: line 1 column 15 (char 14).',
    );
    expect(printed).toContain(
      'train.jsonl: error too_few_examples: Training file has 1 example(s), but must have at least 10 examples',
    );
    for (const line of printed) expect(line).not.toContain('undefined');
  });
});
