import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelEvaluation } from '../../../src/evaluate/index.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-run-eval-data-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TRAIN = 'examples/data/chat-support.jsonl';
const VALIDATION = 'examples/data/chat-support-validation.jsonl';
const PARAPHRASES = 'examples/data/chat-support-paraphrases.jsonl';

/** `run --simulate` in its own new simulated account: the same job id, so the same answers, every time. */
function runInNewAccount(name: string, extra: readonly string[]) {
  return runCliInProcess(
    [
      'run',
      TRAIN,
      '--validation-file',
      VALIDATION,
      '--suffix',
      'support',
      '--simulate',
      '--speed',
      '5000',
      ...extra,
    ],
    { env: { NO_COLOR: '1', FINETUNE_KIT_STATE_DIR: join(dir, name) } },
  );
}

describe('finetune-kit run --eval-data', () => {
  it('evaluates on the paraphrases of training questions: later checkpoints reproduce the answers more often', async () => {
    const run = await runInNewAccount('json', ['--eval-data', PARAPHRASES, '--json']);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; models?: ModelEvaluation[]; examples?: number });
    const evaluation = lines.find((line) => line.type === 'evaluation');
    // The 20 paraphrases, not the 12 validation questions.
    expect(evaluation?.examples).toBe(20);
    const models = evaluation?.models ?? [];
    expect(models.map((model) => [model.kind, model.step])).toEqual([
      ['base', null],
      ['checkpoint', 60],
      ['checkpoint', 120],
      ['fine_tuned', null],
    ]);
    const [base, early, later, final] = models.map((model) => ({
      exact: model.scores.exact?.mean ?? Number.NaN,
      similarity: model.scores.similarity?.mean ?? Number.NaN,
    }));
    // A base model knows none of the shop's answers; the final model reproduces all of them.
    expect(base?.exact).toBe(0);
    expect(final).toEqual({ exact: 1, similarity: 1 });
    // In between, each checkpoint as far as it trained (a snapshot-restored account keeps the steps).
    expect(early?.exact).toBeGreaterThan(0);
    expect(early?.exact).toBeLessThan(later?.exact ?? 0);
    expect(later?.exact).toBeLessThan(1);
    expect(base?.similarity).toBeLessThan(early?.similarity ?? 0);
    expect(early?.similarity).toBeLessThan(later?.similarity ?? 0);
  });

  it('prints the table and suggests `eval` on the evaluation file, the same in a second new account', async () => {
    const [first, second] = [
      await runInNewAccount('text-1', ['--eval-data', PARAPHRASES]),
      await runInNewAccount('text-2', ['--eval-data', PARAPHRASES]),
    ];
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Validation file: ${VALIDATION}  ✓ valid`);
    expect(first.stdout).toMatch(/4 models × 20 examples · 95% bootstrap intervals/);
    expect(first.stdout).toMatch(/final \(step 180\) +1\.000 \[1\.00, 1\.00\] +1\.000 \[1\.00, 1\.00\]/);
    expect(first.stdout).toMatch(
      /Next: .+ eval ftjob-\w+ --data examples\/data\/chat-support-paraphrases\.jsonl/,
    );
    const table = (stdout: string) => stdout.slice(stdout.indexOf('4 models ×'), stdout.indexOf('Best on'));
    // Deterministic by seed: latencies aside, the same table.
    const scores = (stdout: string) => table(stdout).replace(/ +\d+\/\d+ +(?=\d+\/\d+ +\$)/g, ' ');
    expect(scores(second.stdout)).toBe(scores(first.stdout));
  });

  it('refuses --eval-data with --prompt, and a file it cannot read before training', async () => {
    const both = await runInNewAccount('usage', ['--eval-data', PARAPHRASES, '--prompt', 'Hi']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--eval-data and --prompt exclude each other');
    const missing = await runInNewAccount('missing', ['--eval-data', 'examples/data/nope.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read the --eval-data file examples/data/nope.jsonl');
    expect(missing.stdout).not.toContain('Upload and create the job');
  });
});
