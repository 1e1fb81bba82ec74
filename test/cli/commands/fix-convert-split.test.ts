import { link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
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
    expect(self.stderr).toBe(
      `Error: The output ${input} is the input file; fix never modifies its input.\nChoose another path with --out.\n`,
    );
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

describe('input and output checks of fix, convert and split', () => {
  const lines = Array.from({ length: 30 }, (_, index) => example(index));

  it('refuses a directory as an output with one line, even with --force, and writes nothing', async () => {
    const folder = join(dir, 'dir-output');
    await mkdir(join(folder, 'valid'), { recursive: true });
    const input = join(folder, 'all.jsonl');
    await writeFile(input, `${lines.join('\n')}\n`);
    const run = await runCliInProcess(['split', input, '--validation-out', join(folder, 'valid'), '--force']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `Error: The output ${join(folder, 'valid')} is a directory, not a file.\nChoose a file path with --validation-out.\n`,
    );
    expect(run.stderr).not.toContain('.partial');
    // No finished-looking training file next to the refused validation output.
    expect((await readdir(folder)).sort()).toEqual(['all.jsonl', 'valid']);
  });

  it('refuses a hard or symbolic link to the input as a usage error naming the option', async () => {
    const folder = join(dir, 'links');
    await mkdir(folder);
    const input = join(folder, 'all.jsonl');
    await writeFile(input, `${lines.join('\n')}\n`);
    await symlink(input, join(folder, 'soft.jsonl'));
    await link(input, join(folder, 'hard.jsonl'));
    const soft = await runCliInProcess([
      'split',
      input,
      '--train-out',
      join(folder, 'soft.jsonl'),
      '--force',
    ]);
    expect(soft.code).toBe(2);
    expect(soft.stderr).toBe(
      `Error: The output ${join(folder, 'soft.jsonl')} is the input file (a link to it); split never modifies its input.\nChoose another path with --train-out.\n`,
    );
    const hard = await runCliInProcess(['fix', input, '--out', join(folder, 'hard.jsonl'), '--force']);
    expect(hard.code).toBe(2);
    expect(hard.stderr).toContain('is the input file (a link to it); fix never modifies its input.');
    const converted = await runCliInProcess([
      'convert',
      input,
      '--out',
      join(folder, 'hard.jsonl'),
      '--force',
    ]);
    expect(converted.code).toBe(2);
    expect(await readFile(input, 'utf8')).toBe(`${lines.join('\n')}\n`);
    expect((await readdir(folder)).sort()).toEqual(['all.jsonl', 'hard.jsonl', 'soft.jsonl']);
  });

  it("names split's own options in the hint, and a missing output directory up front", async () => {
    const folder = join(dir, 'hints');
    await mkdir(folder);
    const input = join(folder, 'all.jsonl');
    await writeFile(input, `${lines.join('\n')}\n`);
    await writeFile(join(folder, 'all.validation.jsonl'), '');
    const exists = await runCliInProcess(['split', input]);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toBe(
      `Error: ${join(folder, 'all.validation.jsonl')} already exists.\nChoose another path with --validation-out, or add --force to replace it.\n`,
    );
    // The training output was not written although it could have been.
    expect(await readdir(folder)).not.toContain('all.train.jsonl');
    const missing = await runCliInProcess(['fix', input, '--out', join(folder, 'nowhere', 'out.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `Error: The output ${join(folder, 'nowhere', 'out.jsonl')} cannot be written: the directory ${join(folder, 'nowhere')} does not exist.\nCreate it first, or choose another path with --out.\n`,
    );
  });

  it('refuses a directory or a CSV file as the input with one line (exit 2)', async () => {
    const folder = join(dir, 'inputs');
    await mkdir(folder);
    const csv = join(folder, 'data.csv');
    await writeFile(csv, 'prompt,completion\nHello,World\n');
    for (const command of ['fix', 'convert', 'split']) {
      const run = await runCliInProcess([command, csv]);
      expect(run.code, command).toBe(2);
      expect(run.stderr.split('\n')[0], command).toBe(
        `Error: ${csv} looks like CSV (header: prompt, completion), not JSONL; convert it to JSONL first: finetune-kit convert ${csv} --from csv`,
      );
    }
    const directory = await runCliInProcess(['fix', folder]);
    expect(directory.code).toBe(2);
    expect(directory.stderr.split('\n')[0]).toBe(`Error: ${folder} is a directory, not a JSONL file.`);
    expect(await readdir(folder)).toEqual(['data.csv']);
  });

  it('fixes a file with old Mac (CR-only) line endings into one example per line', async () => {
    const input = join(dir, 'mac.jsonl');
    await writeFile(input, `${lines.slice(0, 12).join('\r')}\r`);
    const run = await runCliInProcess(['fix', input, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ read: 12, written: 12 });
    expect(await readFile(join(dir, 'mac.fixed.jsonl'), 'utf8')).toBe(`${lines.slice(0, 12).join('\n')}\n`);
  });
});
