import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/dataset/dataset.js';
import { reportToText } from '../../../src/dataset/report/report-display.js';

const read = (path: string): Promise<string> =>
  readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('docs/notebooks.md', () => {
  it('shows the text form the example notebook’s report cell really displays', async () => {
    const doc = await read('docs/notebooks.md');
    const shown = /displays a table per file[\s\S]*?```text\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(shown).toBeDefined();
    // The notebook's cell, on the date the doc names (the deprecation warnings depend on it), with
    // the paths as the notebook gives them (relative to examples/).
    const training = await read('examples/data/chat-support.jsonl');
    const validation = await read('examples/data/chat-support-validation.jsonl');
    const report = await Dataset.fromString(training, { name: 'data/chat-support.jsonl' }).validate({
      model: 'gpt-4o-mini',
      validationFile: Dataset.fromString(validation, { name: 'data/chat-support-validation.jsonl' }),
      now: new Date('2026-12-06T12:00:00Z'),
    });
    expect(`${reportToText(report)}\n`).toBe(shown);
  });

  it('matches the notebook: the report cell and the chart cell are tagged for the CI check', async () => {
    const notebook = JSON.parse(await read('examples/finetune-kit.ipynb')) as {
      cells: { id?: string; cell_type: string; metadata: { tags?: string[] }; source: string[] }[];
    };
    for (const cell of notebook.cells) expect(cell.id, JSON.stringify(cell.source)).toMatch(/^[\w-]{1,64}$/);
    const tagged = (tag: string) => notebook.cells.filter((cell) => cell.metadata.tags?.includes(tag));
    expect(tagged('report').map((cell) => cell.id)).toEqual(['validate-dataset']);
    expect(tagged('chart').map((cell) => cell.id)).toEqual(['chart', 'evaluate-job']);
    const code = notebook.cells.map((cell) => cell.source.join('')).join('\n');
    // Each cell runs as a script in the kernel, where import.meta is a SyntaxError.
    expect(code).not.toContain('import.meta');
    expect(new Set(notebook.cells.map((cell) => cell.id)).size).toBe(notebook.cells.length);
  });
});
