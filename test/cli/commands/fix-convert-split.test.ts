import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEscaped } from '../../../src/cli/commands/convert.js';
import { Dataset } from '../../../src/dataset/index.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import { runCliProcess } from '../helpers/run-cli-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const example = (index: number) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `Where is order ${index}?` },
      { role: 'assistant', content: `Order ${index} ships tomorrow.` },
    ],
  });

describe('finetune-kit fix', () => {
  it('writes a repaired copy, lists what it dropped, and never overwrites without --force (spawned)', async () => {
    const input = join(dir, 'raw.jsonl');
    const lines = ['\uFEFF' + example(1), example(2), '', '{"messages": [', example(2), example(3)];
    await writeFile(input, lines.join('\r\n'));
    const run = await runCliProcess(['fix', input, '--dedupe']);
    expect(run.code).toBe(0);
    const output = join(dir, 'raw.fixed.jsonl');
    expect(run.stdout).toContain(`✓ Wrote ${output}: 3 lines of 6`);
    expect(run.stdout).toMatch(/line 3 +blank_line/);
    expect(run.stdout).toMatch(/line 4 +invalid_json/);
    expect(run.stdout).toMatch(/line 5 +duplicate_example +duplicate of line 2/);
    expect(await readFile(output, 'utf8')).toBe(`${example(1)}\n${example(2)}\n${example(3)}\n`);
    expect((await readFile(input, 'utf8')).startsWith('\uFEFF')).toBe(true);

    const again = await runCliInProcess(['fix', input]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      `Error: ${output} already exists.\nChoose another path with --out, or add --force to replace it.`,
    );
    const json = await runCliInProcess(['fix', input, '--force', '--json']);
    const result = JSON.parse(json.stdout) as { written: number; dropped: { line: number; code: string }[] };
    expect(result.written).toBe(4);
    expect(result.dropped.map((line) => line.code)).toEqual(['blank_line', 'invalid_json']);
    const self = await runCliInProcess(['fix', input, '--out', input]);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('is an input file; fix never modifies its input.');
  });
});

describe('finetune-kit convert', () => {
  it('turns prompt/completion into chat with a system prompt and stripped separators', async () => {
    const output = join(dir, 'chat.jsonl');
    const run = await runCliProcess([
      'convert',
      'examples/data/prompt-completion.jsonl',
      '--out',
      output,
      '--system',
      'Classify the review.',
      '--prompt-suffix',
      '\\n\\n###\\n\\n',
      '--completion-suffix',
      '\\n',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('20 examples converted to chat, 0 chat examples kept');
    const first = JSON.parse((await readFile(output, 'utf8')).split('\n')[0] ?? '') as {
      messages: { role: string; content: string }[];
    };
    expect(first.messages).toEqual([
      { role: 'system', content: 'Classify the review.' },
      { role: 'user', content: 'The tent kept us dry through a whole night of storms.' },
      { role: 'assistant', content: 'positive' },
    ]);
    const report = await Dataset.fromFile(output).validate({ model: 'gpt-4o-mini' });
    expect(report.format).toBe('chat');
    expect(report.countsBySeverity.error).toBe(0);
  });

  it('reads \\n, \\t and \\\\ escapes in separators', () => {
    expect(readEscaped('\\n\\n###\\n\\n')).toBe('\n\n###\n\n');
    expect(readEscaped(' ->')).toBe(' ->');
    expect(readEscaped('a\\tb\\\\n')).toBe('a\tb\\n');
    expect(readEscaped(undefined)).toBeUndefined();
  });
});

describe('finetune-kit split', () => {
  it('splits deterministically by seed and reports both files', async () => {
    const train = join(dir, 'train.jsonl');
    const validation = join(dir, 'valid.jsonl');
    const args = [
      'split',
      'examples/data/chat-support.jsonl',
      '--train-out',
      train,
      '--validation-out',
      validation,
    ];
    const first = await runCliProcess([...args, '--seed', '7', '--json']);
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ ok: true, train: 48, validation: 12, seed: 7 });
    const chosen = await readFile(validation, 'utf8');
    const second = await runCliInProcess([...args, '--seed', '7', '--force']);
    expect(second.stdout).toContain(`✓ ${validation}: 12 examples (seed 7)`);
    expect(await readFile(validation, 'utf8')).toBe(chosen);
    const sized = await runCliInProcess([...args, '--validation-size', '5', '--force', '--json']);
    expect(JSON.parse(sized.stdout)).toMatchObject({ train: 55, validation: 5 });
    const same = await runCliInProcess([
      'split',
      'examples/data/chat-support.jsonl',
      '--train-out',
      train,
      '--validation-out',
      train,
    ]);
    expect(same.code).toBe(2);
    const fraction = await runCliInProcess(['split', 'x.jsonl', '--validation-fraction', '1.5']);
    expect(fraction.stderr).toContain('--validation-fraction must be a number from 0 to 1 (got 1.5).');
  });
});
