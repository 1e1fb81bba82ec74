import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-fix-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const REVIEWS = [
  ['The tent kept us dry through a whole night of storms.', 'positive'],
  ['Zip broke on the first day.', 'negative'],
  ['Packs small and pitches in five minutes', 'positive'],
  ['Smelled of chemicals for a week.', 'negative'],
];

describe('finetune-kit fix: legacy remedies and token limits', () => {
  it('adds the suggested separator, stop and leading space, strips the prefix, and says what it chose', async () => {
    const input = join(dir, 'legacy.jsonl');
    await writeFile(
      input,
      REVIEWS.map(([review, label]) =>
        JSON.stringify({ prompt: `Classify the sentiment of this review: ${review}`, completion: label }),
      ).join('\n'),
    );
    const run = await runCliInProcess([
      'fix',
      input,
      '--add-prompt-separator',
      'auto',
      '--add-completion-stop',
      '\\n',
      '--add-leading-space',
      '--strip-common-prefix',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/addPromptSeparator +4 lines/);
    expect(run.stdout).toMatch(/promptPrefix +"Classify the sentiment of this review: "/);
    const first = (await readFile(join(dir, 'legacy.fixed.jsonl'), 'utf8')).split('\n')[0];
    expect(JSON.parse(first!)).toEqual({
      prompt: 'The tent kept us dry through a whole night of storms. ->',
      completion: ' positive\n',
    });
  });

  it('truncates an over-long conversation for --model and lists the changed line', async () => {
    const input = join(dir, 'long.jsonl');
    const huge = 'Every shipment, invoice and refund of the quarter, in full. '.repeat(7_000);
    const long = {
      messages: [
        { role: 'user', content: 'Summarise the report.' },
        { role: 'assistant', content: 'Shipments, invoices and refunds.' },
        { role: 'user', content: huge },
        { role: 'assistant', content: 'Done.' },
      ],
    };
    await writeFile(input, `${JSON.stringify(long)}\n`);
    const run = await runCliInProcess(['fix', input, '--truncate', '--model', 'gpt-4o-mini', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { changed: { line: number; fix: string; reason: string }[] };
    expect(result.changed).toEqual([
      {
        line: 1,
        fix: 'truncate',
        reason: expect.stringContaining('cut after messages[1], 2 trailing messages removed'),
      },
    ]);
    const dropped = await runCliInProcess([
      'fix',
      input,
      '--drop-over-limit',
      '--out',
      join(dir, 'none.jsonl'),
    ]);
    expect(dropped.stdout).toMatch(/line 1 +example_too_long +\d+ tokens, over the 65536-token limit/);
  });
});
