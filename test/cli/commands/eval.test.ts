/** `eval <job> --data …`: checkpoints, final and base model compared on held-out prompts. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import { completedJob, type SimulatorServer, startSimulatorServer } from '../helpers/simulator-server.js';

const DATA = 'examples/data/chat-support-validation.jsonl';
let server: SimulatorServer;
let dir: string;
beforeAll(async () => {
  server = await startSimulatorServer();
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-cli-eval-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const run = (args: string[]) => runCliInProcess(['eval', ...args], { simulator: server.sim });
const chatRequests = () =>
  server.sim.requests.filter((request) => request.path.endsWith('/chat/completions')).length;

interface EvalJson {
  ok: boolean;
  graders: string[];
  baseline: string | null;
  models: {
    model: string;
    label: string;
    kind: string;
    examples: number;
    cachedAnswers: number;
    scores: Record<string, { mean: number }>;
  }[];
  examples: unknown[];
  lossRanking: { model: string | null; agrees: boolean | null } | null;
  written: string[];
}

describe('eval', () => {
  it("evaluates the job's base model, checkpoints and final model (--json)", async () => {
    const { id, model } = await completedJob(server);
    const result = await run([
      id,
      '--data',
      DATA,
      '--limit',
      '4',
      '--grader',
      'exact',
      '--grader',
      'similarity',
      '--json',
    ]);
    expect(result.code).toBe(ExitCode.ok);
    const json = JSON.parse(result.stdout) as EvalJson;
    expect(json.ok).toBe(true);
    expect(json.graders).toEqual(['exact', 'similarity']);
    expect(json.baseline).toBe('gpt-4o-mini-2024-07-18');
    expect(json.models.map((entry) => entry.kind)).toEqual([
      'base',
      'checkpoint',
      'checkpoint',
      'fine_tuned',
    ]);
    expect(json.models.at(-1)?.model).toBe(model);
    expect(json.models.every((entry) => entry.examples === 4)).toBe(true);
    expect(json.examples).toHaveLength(4);
    expect(json.lossRanking?.model).toMatch(/^ft:gpt-4o-mini-2024-07-18:sim-org:support:/);
  });

  it('prints the table and chart, writes the exports with --out, and a re-run with --cache-dir asks nothing', async () => {
    const { id } = await completedJob(server);
    const out = join(dir, 'out');
    const cacheDir = join(dir, 'cache');
    const before = chatRequests();
    const first = await run([id, '--data', DATA, '--limit', '3', '--out', out, '--cache-dir', cacheDir]);
    expect(first.code).toBe(ExitCode.ok);
    expect(chatRequests() - before).toBe(12);
    expect(first.stderr).toContain('Evaluated 12 answers');
    expect(first.stdout).toMatch(/4 models × 3 examples · 95% bootstrap intervals \(1000 resamples\)/);
    expect(first.stdout).toMatch(
      /model +exact +Δ exact vs baseline +win\/tie\/loss +p50\/p95 ms +tokens in\/out +cost/,
    );
    expect(first.stdout).toMatch(
      /gpt-4o-mini-2024-07-18 \(baseline\) +\d\.\d{3} \[\d\.\d\d, \d\.\d\d\] +— +—/,
    );
    expect(first.stdout).toMatch(/ckpt-step-60 +\d\.\d{3} \[.+\] +[+−]\d\.\d{3} \[.+\] +\d+\/\d+\/\d+/);
    expect(first.stdout).toMatch(/The losses (agree|disagree)/);
    for (const name of [
      'evaluation.json',
      'evaluation.csv',
      'answers.csv',
      'answers.jsonl',
      'evaluation.svg',
      'evaluation.vl.json',
    ])
      expect(first.stdout).toContain(`✓ wrote ${join(out, name)}`);
    expect((await readFile(join(out, 'evaluation.svg'), 'utf8')).startsWith('<svg')).toBe(true);
    expect((await readFile(join(out, 'answers.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(3);

    const again = await run([id, '--data', DATA, '--limit', '3', '--cache-dir', cacheDir, '--json']);
    expect(chatRequests() - before).toBe(12);
    const json = JSON.parse(again.stdout) as EvalJson;
    expect(json.models.every((entry) => entry.cachedAnswers === 3)).toBe(true);
  });

  it('takes graders from a JSON file, other models, and --baseline none', async () => {
    const { id, model } = await completedJob(server);
    const graderFile = join(dir, 'grader.json');
    await writeFile(
      graderFile,
      JSON.stringify({
        type: 'string_check',
        name: 'mentions_order',
        input: '{{sample.output_text}}',
        reference: 'order',
        operation: 'ilike',
      }),
    );
    const result = await run([
      id,
      '--data',
      DATA,
      '--limit',
      '2',
      '--grader',
      graderFile,
      '--model',
      model,
      '--baseline',
      'none',
      '--json',
    ]);
    expect(result.code).toBe(ExitCode.ok);
    const json = JSON.parse(result.stdout) as EvalJson;
    expect(json.graders).toEqual(['mentions_order']);
    expect(json.baseline).toBeNull();
    expect(json.models.map((entry) => entry.model)).toEqual([model]);
  });

  it('refuses a missing --data and an unknown grader (usage errors)', async () => {
    const { id } = await completedJob(server);
    const missing = await run([id]);
    expect(missing.code).toBe(ExitCode.usage);
    expect(missing.stderr).toContain('eval needs --data <file>');
    const unknown = await run([id, '--data', DATA, '--grader', 'best']);
    expect(unknown.code).toBe(ExitCode.usage);
    expect(unknown.stderr).toMatch(/--grader must be one of exact, similarity, json, tool_calls/);
  });
});
