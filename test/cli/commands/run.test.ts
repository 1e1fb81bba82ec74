import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/run-cli-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-cli-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('finetune-kit run --simulate (the demo)', () => {
  it('validates, uploads, trains, analyses, evaluates the checkpoints and writes the reports, with no key', async () => {
    const out = join(dir, 'demo-output');
    const run = await runCliProcess([
      'run',
      'examples/data/chat-support.jsonl',
      '--validation-file',
      'examples/data/chat-support-validation.jsonl',
      '--suffix',
      'support',
      '--simulate',
      '--speed',
      '5000',
      '--out',
      out,
    ]);
    expect(run.stderr).toContain(' SIMULATOR  Nothing leaves this machine');
    expect(run.code).toBe(0);
    const sections = [...run.stdout.matchAll(/━━ (\d)\. ([^━]+?) ━/g)].map(
      (match) => `${match[1]} ${match[2]}`,
    );
    expect(sections).toEqual([
      '1 Validate and estimate',
      '2 Upload and create the job',
      '3 Train',
      '4 Metrics',
      '5 Evaluate the checkpoints',
      '6 Reports',
    ]);
    expect(run.stdout).toContain('Training file: examples/data/chat-support.jsonl  ✓ valid');
    expect(run.stdout).toContain('Validation file: examples/data/chat-support-validation.jsonl  ✓ valid');
    expect(run.stdout).toMatch(/cost +\$\d+\.\d\d at \$3 per 1M training tokens/);
    expect(run.stderr).toMatch(/Uploaded chat-support\.jsonl → file-\w+ \(33 KB via the Files API\)/);
    expect(run.stdout).toMatch(/info {3}Fine-tuning job started/);
    expect(run.stdout).toMatch(/step 180\/180 \(100%\)/);
    expect(run.stdout).toMatch(/✓ ftjob-\w+ succeeded in /);
    expect(run.stdout).toMatch(/fine-tuned model {2}ft:gpt-4o-mini-2024-07-18:sim-org:support:\w+/);
    expect(run.stdout).toContain('Diagnostics');
    expect(run.stdout).toMatch(/Best checkpoint\n {2}★ step \d+/);
    // The base model, each checkpoint and the final model answer the validation prompts.
    expect(run.stdout).toMatch(/4 models × 12 examples · 95% bootstrap intervals/);
    expect(run.stdout).toMatch(/gpt-4o-mini-2024-07-18 \(baseline\) +\d\.\d{3} \[/);
    expect(run.stdout).toMatch(/ckpt-step-60 +\d\.\d{3} \[/);
    expect(run.stdout).toMatch(/final \(step 180\) +\d\.\d{3} \[/);
    expect(run.stdout).toMatch(/The losses (agree|disagree)/);
    expect(run.stdout).toMatch(
      /Next: .+ eval ftjob-\w+ --data examples\/data\/chat-support-validation\.jsonl/,
    );
    for (const name of ['evaluation.json', 'answers.csv', 'evaluation.svg']) {
      expect(existsSync(join(out, 'evaluation', name))).toBe(true);
    }
    for (const name of ['report.svg', 'metrics.json', 'metrics.csv', 'metrics.vl.json']) {
      expect(run.stdout).toContain(`✓ wrote ${join(out, name)}`);
      expect(existsSync(join(out, name))).toBe(true);
    }
    expect((await readFile(join(out, 'report.svg'), 'utf8')).startsWith('<svg')).toBe(true);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as { points: unknown[] };
    expect(metrics.points.length).toBe(180);
  });

  it('streams newline-delimited JSON with --json, and stops before uploading invalid data', async () => {
    const [json, broken] = await Promise.all([
      runCliProcess([
        'run',
        'examples/data/chat-support.jsonl',
        '--simulate',
        '--speed',
        '5000',
        '--json',
        '--no-chat',
      ]),
      runCliProcess(['run', 'examples/data/broken.jsonl', '--simulate']),
    ]);
    expect(json.code).toBe(0);
    const lines = json.jsonLines<{ type: string; ok?: boolean; report?: { ok: boolean } }>();
    const types = lines.map((line) => line.type);
    expect(types[0]).toBe('validated');
    expect(types[1]).toBe('created');
    expect(types).toContain('metrics');
    expect(types).toContain('analysis');
    expect(types.at(-1)).toBe('done');
    expect(types).not.toContain('chat');
    expect(lines.at(-1)?.ok).toBe(true);

    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('━━ 1. Validate and estimate');
    expect(broken.stdout).not.toContain('━━ 2.');
    expect(broken.stderr).toMatch(
      /Error: examples\/data\/broken\.jsonl has \d+ error\(s\): nothing was uploaded\./,
    );
  });
});
