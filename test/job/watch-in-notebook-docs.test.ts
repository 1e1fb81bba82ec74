import { readFile } from 'node:fs/promises';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import { watchInNotebook } from '../../src/job/watch-in-notebook.js';
import { createSimulator } from '../../src/testing/index.js';

const read = (path: string): Promise<string> => readFile(new URL(`../../${path}`, import.meta.url), 'utf8');

interface Notebook {
  metadata: { kernelspec: { name: string } };
  cells: { id?: string; cell_type: string; metadata: { tags?: string[] }; source: string[] }[];
}

describe('docs/notebooks.md: watching a job live', () => {
  it('shows the lines watchInNotebook really prints for the simulated job of the example', async () => {
    const doc = await read('docs/notebooks.md');
    const shown = /one line per status \(real output;[^)]*\):\n\n```text\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(shown).toMatch(/^job ftjob-/);
    const sim = createSimulator({ seed: 42 });
    const client = new OpenAI({ apiKey: 'sk-sim', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
    const job = await FineTuneJob.create(
      client,
      {
        model: 'gpt-4o-mini',
        training_file: new URL('../../examples/data/chat-support.jsonl', import.meta.url).pathname,
        method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 4 } } },
      },
      { clock: sim.clock },
    );
    const lines: string[] = [];
    await watchInNotebook(job, { log: (line) => lines.push(line) });
    // The step (and so the ETA and loss) of the `running` line is where the first poll after the
    // status change landed, which varies with the simulator's timing; the other lines do not.
    const running = / · running · step \d+ \/ 240 \(\d+%\) · ETA \d+m \d\ds · train loss \d\.\d{4}$/;
    // Ids are drawn per simulator run; compare the lines with them blanked out.
    const blank = (line: string) => line.replace(/ftjob-\w+/, 'ftjob-ID').replace(/::\w+$/, '::SUFFIX');
    lines.splice(0, lines.length, ...lines.map(blank));
    const shownLines = (shown ?? '').trimEnd().split('\n').map(blank);
    expect(lines).toHaveLength(shownLines.length);
    lines.forEach((line, index) => {
      if (running.test(line)) expect(shownLines[index]).toMatch(running);
      else expect(line).toBe(shownLines[index]);
    });
    expect(lines.filter((line) => running.test(line))).toHaveLength(1);
  });
});

describe('the example notebooks', () => {
  it('tag a report, a chart and a live cell for the CI check, with ids and no import.meta', async () => {
    for (const [path, kernel] of [
      ['examples/finetune-kit.ipynb', 'deno'],
      ['examples/finetune-kit-node.ipynb', 'tslab'],
    ] as const) {
      const notebook = JSON.parse(await read(path)) as Notebook;
      expect(notebook.metadata.kernelspec.name).toBe(kernel);
      const tagged = (tag: string) => notebook.cells.filter((cell) => cell.metadata.tags?.includes(tag));
      expect(
        tagged('report').map((cell) => cell.id),
        path,
      ).toEqual(['validate-dataset']);
      // The Deno notebook also charts its evaluation of the demo job.
      expect(
        tagged('chart').map((cell) => cell.id),
        path,
      ).toEqual(kernel === 'deno' ? ['chart', 'evaluate-job'] : ['chart']);
      expect(
        tagged('live').map((cell) => cell.id),
        path,
      ).toEqual(['run-job']);
      expect(tagged('live')[0]?.source.join(''), path).toContain('await watchInNotebook(job)');
      expect(new Set(notebook.cells.map((cell) => cell.id)).size).toBe(notebook.cells.length);
      expect(notebook.cells.map((cell) => cell.source.join('')).join('\n')).not.toContain('import.meta');
    }
  });

  it("shows the Node notebook's report and chart with display(), since tslab does not render a cell's value", async () => {
    const notebook = JSON.parse(await read('examples/finetune-kit-node.ipynb')) as Notebook;
    const source = (id: string) => notebook.cells.find((cell) => cell.id === id)?.source.join('') ?? '';
    expect(source('validate-dataset')).toContain('await display(report);');
    expect(source('chart')).toContain('await display(metrics);');
  });
});
