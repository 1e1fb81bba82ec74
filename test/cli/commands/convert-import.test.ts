import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/dataset/index.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-import-'));
  for (const name of ['faq.csv', 'sharegpt-problems.jsonl', 'trl-preference.jsonl']) {
    await copyFile(
      fileURLToPath(new URL(`../../fixtures/dataset/import/${name}`, import.meta.url)),
      join(dir, name),
    );
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('finetune-kit convert --from', () => {
  it('imports a CSV file with a column mapping into JSONL that validates clean', async () => {
    const input = join(dir, 'faq.csv');
    const run = await runCliInProcess([
      'convert',
      input,
      '--from',
      'csv',
      '--prompt-column',
      'question',
      '--response-column',
      'answer',
      '--system',
      'Answer in one sentence.',
    ]);
    expect(run.code).toBe(0);
    const output = join(dir, 'faq.openai.jsonl');
    expect(run.stdout).toContain(`✓ Wrote ${output}: 10 examples from 10 csv records`);
    const report = await Dataset.fromFile(output).validate({ model: 'gpt-4o-mini' });
    expect(report.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  });

  it('lists the records it skipped with their source line (and --json has them as data)', async () => {
    const input = join(dir, 'sharegpt-problems.jsonl');
    const run = await runCliInProcess([
      'convert',
      input,
      '--from',
      'sharegpt',
      '--out',
      join(dir, 'sg.jsonl'),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Source problems (3 skipped, 0 worked around)');
    expect(run.stdout).toMatch(
      /line 3 +skipped +conversations\[3\]\.from: 'bot' is not one of human\|gpt\|system\|function_call\|observation/,
    );
    const json = await runCliInProcess([
      'convert',
      input,
      '--from',
      'sharegpt',
      '--out',
      join(dir, 'sg2.jsonl'),
      '--json',
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      format: 'sharegpt',
      read: 6,
      written: 3,
      issues: [{ line: 3, path: 'conversations[3].from' }, { line: 4 }, { line: 6 }],
    });
  });

  it('is what validate suggests for ShareGPT data', async () => {
    const input = join(dir, 'sharegpt-problems.jsonl');
    const run = await runCliInProcess(['validate', input]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Convert with \`finetune-kit convert ${input} --from sharegpt\`.`);
  });

  it('turns TRL preference data into DPO examples', async () => {
    const run = await runCliInProcess(['convert', join(dir, 'trl-preference.jsonl'), '--from', 'trl']);
    expect(run.code).toBe(0);
    const first = JSON.parse(
      (await readFile(join(dir, 'trl-preference.openai.jsonl'), 'utf8')).split('\n')[0]!,
    );
    expect(Object.keys(first)).toEqual(['input', 'preferred_output', 'non_preferred_output']);
  });

  it('fails (exit 1) when nothing could be converted, and refuses an unknown format (exit 2)', async () => {
    const input = join(dir, 'faq.csv');
    const missing = await runCliInProcess([
      'convert',
      input,
      '--from',
      'csv',
      '--prompt-column',
      'prompt',
      '--out',
      join(dir, 'none.jsonl'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      'the header has no column "prompt" (prompt); its columns: "question", "answer", "category"',
    );
    const unknown = await runCliInProcess(['convert', input, '--from', 'yaml']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe(
      'Error: --from must be one of sharegpt, alpaca, trl, csv, tsv, json; got "yaml".',
    );
  });
});
