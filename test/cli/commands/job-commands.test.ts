/**
 * Every job command against the simulator. The read commands and `watch` run as real processes
 * (pointed at a simulator served from this test process with OPENAI_BASE_URL / OPENAI_API_KEY), end
 * to end; the rest, and the variants (--json, errors), run in-process on the same simulator, through
 * the same code, without paying a process start-up each.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import { runCliProcess } from '../helpers/run-cli-process.js';
import {
  completedJob,
  type SimulatorServer,
  startJob,
  startSimulatorServer,
} from '../helpers/simulator-server.js';

let server: SimulatorServer;
let done: { id: string; model: string };
let dir: string;

beforeAll(async () => {
  server = await startSimulatorServer({ autoAdvanceMs: 20_000 });
  done = await completedJob(server);
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-cli-jobs-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const spawned = (args: string[]) => runCliProcess(args, { env: server.env });
const inProcess = (args: string[]) => runCliInProcess(args, { simulator: server.sim });

describe('job commands as real processes', () => {
  it('list, status, events, checkpoints', async () => {
    const [list, status, events, checkpoints] = await Promise.all([
      spawned(['list']),
      spawned(['status', done.id]),
      spawned(['events', done.id, '--no-metrics']),
      spawned(['checkpoints', done.id]),
    ]);
    for (const run of [list, status, events, checkpoints]) expect(run.code).toBe(0);
    expect(list.stdout).toMatch(/^job +status +model +fine-tuned model +created\n/);
    expect(list.stdout).toContain(`${done.id}  succeeded  gpt-4o-mini-2024-07-18  ${done.model}`);

    expect(status.stdout).toMatch(new RegExp(`^${done.id}  succeeded\n`));
    expect(status.stdout).toContain(`fine-tuned model  ${done.model}`);
    expect(status.stdout).toContain(
      'method            supervised (n_epochs 3, batch_size 1, learning_rate_multiplier 1.8)',
    );
    expect(status.stdout).toMatch(/finished +\S+ \S+ \(7m 10s\)/);

    const lines = events.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^\\d\\d:\\d\\d:\\d\\d  info   Created fine-tuning job: ${done.id}$`),
    );
    expect(lines.at(-1)).toMatch(/The job has successfully completed$/);
    expect(events.stdout).not.toContain('Step 1/180');

    expect(checkpoints.stdout).toMatch(/^step +train loss +valid loss +full valid loss +model\n/);
    expect(checkpoints.stdout).toMatch(/ 120 .*:ckpt-step-120 ← best/);
    expect(checkpoints.stdout).toContain('Best retained checkpoint: step 120');
  });

  it('watch follows a running job to the end, in plain lines when not on a terminal', async () => {
    const id = await startJob(server);
    const watch = await spawned(['watch', id, '--interval', '0.01']);
    expect(watch.code).toBe(0);
    expect(watch.stdout).toContain(`Following ${id} (gpt-4o-mini-2024-07-18)`);
    expect(watch.stdout).toMatch(/info {3}Fine-tuning job started/);
    // In a pipe, progress is one line per tenth of the steps.
    expect(watch.stdout).toMatch(/step 90\/180 \(50%\) {2}train loss \d/);
    expect(watch.stdout).toMatch(
      /◆ checkpoint step 120 \(loss [\d.]+\): ft:gpt-4o-mini-2024-07-18:sim-org:support:\w+:ckpt-step-120/,
    );
    expect(watch.stdout).toContain(`✓ ${id} succeeded in 7m 10s`);
    // Nothing is drawn in place when stderr is not a terminal.
    expect(watch.stderr).toBe('');
  });
});

describe('job commands in-process (the same code, no process start-up)', () => {
  it('metrics with exports, chat, archive, delete-model', async () => {
    const svg = join(dir, 'loss.svg');
    const csv = join(dir, 'steps.csv');
    const [metrics, chat, archive] = await Promise.all([
      inProcess(['metrics', done.id, '--svg', svg, '--csv', csv]),
      inProcess(['chat', done.model, 'Can I return boots I wore outside?']),
      inProcess(['archive', done.id, '--dir', dir]),
    ]);
    expect(metrics.code).toBe(0);
    expect(metrics.stdout).toContain(`${done.id} · gpt-4o-mini-2024-07-18 — Loss`);
    // Not a terminal: the chart is plain ASCII.
    expect(metrics.stdout).toMatch(/\* train \(smoothed\)/);
    expect(metrics.stdout).toContain('Diagnostics\n');
    expect(metrics.stdout).toMatch(/Best checkpoint\n {2}★ step 120 \(epoch 2\) +full_valid_loss/);
    expect(metrics.stdout).toContain(`✓ wrote ${svg}`);
    expect((await readFile(svg, 'utf8')).startsWith('<svg')).toBe(true);
    expect((await readFile(csv, 'utf8')).split('\n')[0]).toContain('step');

    expect(chat.code).toBe(0);
    expect(chat.stdout).toMatch(
      new RegExp(`^you › Can I return boots I wore outside\\?\n${done.model} › \\S+`),
    );
    expect(chat.stdout).toMatch(/\d+ prompt \+ \d+ completion tokens/);

    expect(archive.code).toBe(0);
    const file = join(dir, `${done.id}.json`);
    expect(archive.stdout).toContain(`✓ ${done.id} → ${file} (`);
    expect(existsSync(file)).toBe(true);

    // Offline, from the archive: no API key at all.
    const [offline, refused] = await Promise.all([
      runCliInProcess(['metrics', file]),
      inProcess(['delete-model', done.model]),
    ]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain('Best checkpoint');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'cannot be undone, and there is no terminal to ask: add --yes to confirm.',
    );
    const other = await completedJob(server);
    const deleted = await inProcess(['delete-model', other.model, '--yes']);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe(`✓ deleted ${other.model}\n`);
    expect((await server.client.models.list()).data.map((model) => model.id)).not.toContain(other.model);
  });

  it('upload, create, pause, resume, cancel', async () => {
    const [upload, broken] = await Promise.all([
      inProcess(['upload', 'examples/data/chat-support.jsonl']),
      inProcess(['upload', 'examples/data/broken.jsonl']),
    ]);
    expect(upload.code).toBe(0);
    expect(upload.stdout).toMatch(
      /^Validated: 60 examples, 0 errors, \d+ warnings\.\n✓ (file-\w+) {2}chat-support\.jsonl, 33 KB, processed\n/,
    );
    expect(upload.stderr).toMatch(/Uploaded chat-support\.jsonl → file-\w+ \(33 KB via the Files API\)/);
    const fileId = /✓ (file-\w+)/.exec(upload.stdout)?.[1] ?? '';
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('invalid_json ×1');
    expect(broken.stderr).toContain('Error: Refusing to upload examples/data/broken.jsonl: validation found');

    const create = await inProcess([
      'create',
      fileId,
      '--suffix',
      'cli-test',
      '--n-epochs',
      '2',
      '--metadata',
      'team=support',
    ]);
    expect(create.code).toBe(0);
    const jobId = /^(ftjob-\w+) {2}validating_files\n/.exec(create.stdout)?.[1] ?? '';
    expect(jobId).not.toBe('');
    expect(create.stdout).toMatch(
      /method +supervised \(batch_size auto, learning_rate_multiplier auto, n_epochs 2\)/,
    );
    expect(create.stdout).toContain('metadata          team=support, finetune_kit_request=');
    expect(create.stdout).toContain(`Follow it: finetune-kit watch ${jobId}`);

    server.sim.advanceJob(jobId, { to: 'running' });
    const pause = await inProcess(['pause', jobId]);
    expect(pause.code).toBe(0);
    expect(pause.stdout).toContain(`${jobId}: running → `);
    expect(pause.stdout).toContain(`Resume it with: finetune-kit resume ${jobId}`);
    server.sim.advanceJob(jobId, { to: 'paused' });
    const resume = await inProcess(['resume', jobId]);
    expect(resume.code).toBe(0);
    expect(resume.stdout).toMatch(new RegExp(`^${jobId}: paused → \\w+\n$`));
    const [cancel, stillRunning] = await Promise.all([inProcess(['cancel', jobId]), startJob(server)]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toMatch(/→ cancelled\n$/);
    expect(stillRunning).toMatch(/^ftjob-/);
  });
});

describe('job commands: --json and variants (in-process)', () => {
  it('prints the API objects as JSON', async () => {
    const [list, status, events] = await Promise.all([
      inProcess(['list', '--json', '--limit', '5']),
      inProcess(['status', done.id, '--json']),
      inProcess(['events', done.id, '--json', '--limit', '3']),
    ]);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((job) => job.id)).toContain(done.id);
    expect(JSON.parse(status.stdout)).toMatchObject({
      id: done.id,
      status: 'succeeded',
      fine_tuned_model: done.model,
    });
    const last3 = JSON.parse(events.stdout) as { message: string }[];
    expect(last3).toHaveLength(3);
    expect(last3.at(-1)?.message).toMatch(/successfully completed/);

    const metrics = JSON.parse((await inProcess(['metrics', done.id, '--json'])).stdout) as {
      findings: { code: string }[];
      bestCheckpoint: { best: { step: number } };
    };
    expect(metrics.bestCheckpoint.best.step).toBe(120);
    expect(metrics.findings.map((finding) => finding.code)).toContain('overfit_ratio');
    const checkpoints = JSON.parse((await inProcess(['checkpoints', done.id, '--json'])).stdout) as {
      checkpoints: unknown[];
      best: { step: number };
    };
    expect(checkpoints.checkpoints).toHaveLength(3);
    expect(checkpoints.best.step).toBe(120);
  });

  it('filters the list by status, and says so when nothing matches', async () => {
    const running = await inProcess(['list', '--status', 'failed']);
    expect(running.code).toBe(0);
    expect(running.stdout).toBe('No failed jobs.\n');
    const succeeded = JSON.parse((await inProcess(['list', '--status', 'succeeded', '--json'])).stdout) as {
      status: string;
    }[];
    expect(succeeded.length).toBeGreaterThan(0);
    expect(succeeded.every((job) => job.status === 'succeeded')).toBe(true);
  });

  it('streams watch --json as one object per update, ending with the outcome', async () => {
    const id = await startJob(server);
    const run = await inProcess(['watch', id, '--json']);
    expect(run.code).toBe(0);
    const updates = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(updates.at(-1)?.type).toBe('succeeded');
    expect(updates.filter((update) => update.type === 'metrics')).toHaveLength(180);
    expect(updates.filter((update) => update.type === 'checkpoint')).toHaveLength(3);
    expect(new Set(updates.map((update) => update.type))).toEqual(
      new Set(['event', 'metrics', 'status', 'checkpoint', 'succeeded']),
    );
  });

  it('reports failed and cancelled jobs with exit code 1 and the reason', async () => {
    const tooFew = join(dir, 'nine.jsonl');
    const lines = (await readFile('examples/data/chat-support.jsonl', 'utf8')).split('\n').slice(0, 9);
    await import('node:fs/promises').then((fs) => fs.writeFile(tooFew, `${lines.join('\n')}\n`));
    const refused = await inProcess(['create', tooFew]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('too_few_examples');
    const failed = await inProcess(['create', tooFew, '--force', '--watch']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /error {2}Training file has 9 example\(s\), but must have at least 10 examples/,
    );
    expect(failed.stderr).toMatch(
      /^Error: Fine-tuning job ftjob-\w+ failed: invalid_n_examples: Training file has 9 example/m,
    );

    const id = await startJob(server);
    server.sim.advanceJob(id, { to: 'running' });
    await server.client.fineTuning.jobs.cancel(id);
    const cancelled = await inProcess(['watch', id]);
    expect(cancelled.code).toBe(1);
    expect(cancelled.stderr).toContain(`Error: Fine-tuning job ${id} was cancelled.`);
  });

  it('deletes a model by name or by its job, and says what is wrong with other names', async () => {
    const other = await completedJob(server);
    const byJob = JSON.parse((await inProcess(['delete-model', other.id, '--yes', '--json'])).stdout);
    expect(byJob).toEqual({ id: other.model, deleted: true });
    const byName = await inProcess(['delete-model', done.model, '--yes']);
    expect(byName.stdout).toBe(`✓ deleted ${done.model}\n`);
    const gone = await inProcess(['chat', done.model, 'hi']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`Error: Model "${done.model}" was not found (404)`);
    const wrong = await inProcess(['delete-model', 'gpt-4o-mini', '--yes']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      '"gpt-4o-mini" is neither a fine-tuned model (ft:…) nor a job id (ftjob-…).',
    );
  });

  it('rejects bad job parameters before any request', async () => {
    const cases: [string[], string][] = [
      [['create', 'x.jsonl', '--beta', '0.1'], '--beta applies to --method dpo only.'],
      [
        ['create', 'x.jsonl', '--method', 'reinforcement', '--model', 'o4-mini'],
        '--method reinforcement needs --grader <file.json>.',
      ],
      [
        ['create', 'x.jsonl', '--method', 'reinforcement'],
        'gpt-4o-mini cannot be trained with reinforcement (--method reinforcement): use e.g. --model o4-mini.',
      ],
      [
        ['create', 'x.jsonl', '--batch-size', '0'],
        '--batch-size must be an integer from 1 to 256 or "auto" (got 0).',
      ],
      [['create', 'x.jsonl', '--suffix', 'x'.repeat(65)], '--suffix must be at most 64 characters.'],
      [['create', 'x.jsonl', '--model', 'gpt-5-turbo'], 'Unknown model "gpt-5-turbo".'],
      [['archive'], 'Give job ids or --all (one of the two).'],
      [
        ['watch', 'ftjob-x', '--from', 'yesterday'],
        '--from must be one of beginning, now (got "yesterday").',
      ],
    ];
    for (const [args, message] of cases) {
      const run = await inProcess(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
    }
    expect(server.sim.requests.some((request) => request.url.includes('x.jsonl'))).toBe(false);
  });
});

describe('validation files (no 10-example minimum)', () => {
  async function exampleLines(count: number, from = 'examples/data/chat-support-validation.jsonl') {
    const lines = (await readFile(from, 'utf8')).trim().split('\n');
    return `${lines.slice(0, count).join('\n')}\n`;
  }

  it('upload --validation takes a 2-example file that a training upload refuses, and heads its report so', async () => {
    const two = join(dir, 'two.jsonl');
    await writeFile(two, await exampleLines(2));
    const [asTraining, asValidation] = await Promise.all([
      inProcess(['upload', two]),
      inProcess(['upload', two, '--validation']),
    ]);
    expect(asTraining.code).toBe(1);
    expect(asTraining.stdout).toContain('too_few_examples');
    expect(asValidation.code).toBe(0);
    expect(asValidation.stdout).toMatch(/^Validated: 2 examples, 0 errors/);

    const broken = join(dir, 'two-broken.jsonl');
    await writeFile(broken, `${await exampleLines(2)}{"messages": [}\n`);
    const refused = await inProcess(['upload', broken, '--validation']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/Validation file: .*two-broken\.jsonl {2}✗/);
    expect(refused.stderr).toContain('Error: Refusing to upload validation file ');
    expect(refused.stdout).not.toContain('too_few_examples');
  });

  it('create uploads a local 2-example --validation-file as a validation file', async () => {
    const train = join(dir, 'train-12.jsonl');
    const valid = join(dir, 'valid-2.jsonl');
    await writeFile(train, await exampleLines(12, 'examples/data/chat-support.jsonl'));
    await writeFile(valid, await exampleLines(2));
    const create = await inProcess(['create', train, '--validation-file', valid]);
    expect(create.stderr).not.toContain('too_few_examples');
    expect(create.code).toBe(0);
    const jobId = /^(ftjob-\w+) /.exec(create.stdout)?.[1] ?? '';
    const job = await server.client.fineTuning.jobs.retrieve(jobId);
    expect(job.validation_file).toMatch(/^file-/);
  });
});
