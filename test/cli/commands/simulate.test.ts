import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimulatedAccount } from '../../../src/cli/client/simulated-account.js';
import { takeSimulateDir } from '../../../src/cli/global-options.js';
import { runCli } from '../../../src/cli/run-cli.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import { REPO_ROOT, runCliProcess } from '../helpers/run-cli-process.js';

const DATA = 'examples/data/chat-support.jsonl';

let root: string;
let count = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'finetune-kit-simulate-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh state directory (FINETUNE_KIT_STATE_DIR) and the account directory inside it. */
function freshState() {
  count += 1;
  const stateDir = join(root, `state-${count}`);
  return {
    stateDir,
    accountDir: join(stateDir, 'simulator'),
    env: { NO_COLOR: '1', FINETUNE_KIT_STATE_DIR: stateDir },
  };
}

/** Runs the CLI in this process on the account of `env`. */
function cli(argv: readonly string[], env: Record<string, string>, signal?: AbortSignal) {
  return runCliInProcess(argv, { env, ...(signal ? { signal } : {}) });
}

/** Creates a job from the bundled data on the account (no --watch) and returns its id. */
async function createJob(env: Record<string, string>, extra: readonly string[] = []): Promise<string> {
  const created = await cli(['create', DATA, '--simulate', '--json', ...extra], env);
  expect(created.stderr).not.toContain('Error');
  expect(created.code).toBe(0);
  return (JSON.parse(created.stdout) as { id: string }).id;
}

/** An `openai` client served by `account` (each request: lock, load, handle, save). */
function accountClient(account: SimulatedAccount): OpenAI {
  return new OpenAI({
    apiKey: 'sk-simulated',
    maxRetries: 0,
    fetch: async (input, init) => {
      const outcome = await account.dispatch(new Request(input as RequestInfo, init), init?.signal);
      if (outcome.kind === 'drop') throw outcome.error;
      return outcome.response;
    },
  });
}

/** A job's status as `status --json` reports it. */
async function statusOf(jobId: string, env: Record<string, string>, speed = '100') {
  const status = await cli(['status', jobId, '--simulate', '--speed', speed, '--json'], env);
  expect(status.code).toBe(0);
  return JSON.parse(status.stdout) as { status: string; fine_tuned_model: string | null };
}

/**
 * Moves real time forward by `ms` at once: only `Date` (which the account's clock follows) is faked,
 * and it keeps running between jumps, so commands that poll still see time pass.
 */
function passRealTime(ms: number) {
  vi.setSystemTime(Date.now() + ms);
}

describe('--simulate across separate processes', () => {
  it('run makes a job and a model that list, metrics and chat find later; simulate reset empties the account', async () => {
    const { env } = freshState();
    const run = await runCliProcess(['run', DATA, '--simulate', '--speed', '20000', '--suffix', 'kept'], {
      env,
    });
    expect(run.stderr).toContain(' SIMULATOR ');
    expect(run.code).toBe(0);
    const jobId = /✓ (ftjob-\w+) succeeded/.exec(run.stdout)?.[1] ?? '';
    const model = /fine-tuned model +(ft:\S+)/.exec(run.stdout)?.[1] ?? '';
    expect(jobId).toMatch(/^ftjob-/);
    expect(run.stdout).toMatch(new RegExp(`Next: finetune-kit chat ${model} .+ --simulate {3}·`));
    expect(run.stdout).toContain(`finetune-kit metrics ${jobId} --simulate`);

    const list = await runCliProcess(['list', '--simulate', '--json'], { env });
    expect(list.code).toBe(0);
    expect(list.json<{ id: string; status: string; fine_tuned_model: string }[]>()).toEqual([
      expect.objectContaining({ id: jobId, status: 'succeeded', fine_tuned_model: model }),
    ]);

    const metrics = await runCliProcess(['metrics', jobId, '--simulate', '--json'], { env });
    expect(metrics.code).toBe(0);
    expect(metrics.stdout).toContain(jobId);

    const chat = await runCliProcess(['chat', model, 'Where is my order?', '--simulate'], { env });
    expect(chat.stderr).not.toContain('Error');
    expect(chat.code).toBe(0);
    expect(chat.stdout).toMatch(/order number/);

    const reset = await runCliProcess(['simulate', 'reset'], { env });
    expect(reset.code).toBe(0);
    const empty = await runCliProcess(['list', '--simulate'], { env });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('No fine-tuning jobs yet.');
  }, 120_000);
});

describe('--simulate in two processes at once', () => {
  it('keeps what both made', async () => {
    const { env } = freshState();
    const [training, validation] = await Promise.all([
      runCliProcess(['upload', DATA, '--simulate', '--json'], { env }),
      runCliProcess(['upload', 'examples/data/chat-support-validation.jsonl', '--simulate', '--json'], {
        env,
      }),
    ]);
    expect([training.code, validation.code]).toEqual([0, 0]);
    const status = await runCliInProcess(['simulate', 'status', '--json'], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({ files: 2, exists: true });
  }, 60_000);
});

describe('the persisted simulated account', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets time move on between commands at the speed of the command that looks', async () => {
    const { env } = freshState();
    // ×1: however slow this machine, the job is still being validated or queued a moment later.
    const jobId = await createJob(env, ['--speed', '1']);
    expect(['validating_files', 'queued']).toContain((await statusOf(jobId, env, '1')).status);
    // One real minute at ×1 is one simulated minute: the job has not finished.
    passRealTime(60_000);
    expect((await statusOf(jobId, env, '1')).status).not.toBe('succeeded');
    // The next real minute at ×1000 is 1000 simulated minutes: it has.
    passRealTime(120_000);
    const done = await statusOf(jobId, env, '1000');
    expect(done.status).toBe('succeeded');
    expect(done.fine_tuned_model).toMatch(/^ft:gpt-4o-mini/);
  });

  it('moves at most 30 simulated days between two commands, so dates stay valid after a long break', async () => {
    const { env } = freshState();
    const before = JSON.parse((await cli(['simulate', 'status', '--json'], env)).stdout) as { time: number };
    await createJob(env);
    // A day at ×1,000,000 would be 2,700 years.
    passRealTime(24 * 3600 * 1000);
    const status = await cli(['simulate', 'status', '--speed', '1000000', '--json'], env);
    expect(status.code).toBe(0);
    const after = JSON.parse(status.stdout) as { time: number; jobs: Record<string, number> };
    expect(after.jobs).toEqual({ succeeded: 1 });
    expect(after.time - before.time).toBeLessThan(31 * 24 * 3600 * 1000);
    expect(after.time - before.time).toBeGreaterThan(29 * 24 * 3600 * 1000);
    const listed = await cli(['list', '--simulate'], env);
    expect(listed.code).toBe(0);
  });

  it('serves every job command from what an earlier command made', async () => {
    const { env } = freshState();
    const uploaded = await cli(['upload', DATA, '--simulate'], env);
    expect(uploaded.code).toBe(0);
    const fileId = /(file-\w+)/.exec(uploaded.stdout)?.[1] ?? '';
    expect(uploaded.stdout).toContain(`Next: finetune-kit create ${fileId} --model gpt-4o-mini --simulate`);

    // At ×10 the 7-minute job leaves time for the commands below, even on a slow machine.
    const pausedId = await createJob(env, ['--suffix', 'paused', '--speed', '10']);
    const cancelledId = await createJob(env, ['--suffix', 'cancelled', '--speed', '10']);
    // Long enough for both to train a few steps, not to finish (about 2 simulated minutes).
    passRealTime(13_000);
    for (const id of [pausedId, cancelledId]) expect((await statusOf(id, env, '10')).status).toBe('running');
    const pause = await cli(['pause', pausedId, '--simulate', '--speed', '10'], env);
    expect(pause.stdout).toContain(`Resume it with: finetune-kit resume ${pausedId} --simulate`);
    const cancel = await cli(['cancel', cancelledId, '--simulate', '--speed', '10'], env);
    expect(cancel.stdout).toContain(`${cancelledId}: running → cancelled`);
    passRealTime(600_000);
    expect((await statusOf(pausedId, env)).status).toBe('paused');
    expect((await statusOf(cancelledId, env)).status).toBe('cancelled');
    expect((await cli(['resume', pausedId, '--simulate'], env)).code).toBe(0);
    const watched = await cli(['watch', pausedId, '--simulate', '--speed', '1000000'], env);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(new RegExp(`✓ ${pausedId} succeeded`));

    const events = await cli(['events', pausedId, '--simulate', '--no-metrics'], env);
    expect(events.stdout).toContain('Fine-tuning job paused');
    expect(events.stdout).toContain('Fine-tuning job resumed');
    const checkpoints = await cli(['checkpoints', pausedId, '--simulate', '--json'], env);
    const listed = JSON.parse(checkpoints.stdout) as {
      checkpoints: { fine_tuned_model_checkpoint: string }[];
    };
    expect(listed.checkpoints.length).toBeGreaterThan(1);
    const archiveDir = join(root, `archive-${count}`);
    const archive = await cli(['archive', pausedId, '--simulate', '--dir', archiveDir], env);
    expect(archive.code).toBe(0);
    expect(JSON.parse(await readFile(join(archiveDir, `${pausedId}.json`), 'utf8'))).toMatchObject({
      job: { id: pausedId, status: 'succeeded' },
    });
    const model = (await statusOf(pausedId, env)).fine_tuned_model ?? '';
    const deleted = await cli(['delete-model', model, '--yes', '--simulate'], env);
    expect(deleted.code).toBe(0);
    const chat = await cli(['chat', model, 'Hello', '--simulate'], env);
    expect(chat.code).toBe(1);
    expect(chat.stderr).toContain(model);
  });

  it('keeps both updates when two commands work on the account at once (watch in one, cancel in another)', async () => {
    const { env } = freshState();
    const jobId = await createJob(env);
    // watch polls the account over and over (each poll: lock, load, save) while cancel lands.
    const watching = cli(['watch', jobId, '--simulate', '--speed', '50'], env);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const cancel = await cli(['cancel', jobId, '--simulate', '--speed', '50'], env);
    expect(cancel.code).toBe(0);
    const watched = await watching;
    expect(watched.stderr).toContain(`Error: Fine-tuning job ${jobId} was cancelled.`);
    expect(watched.code).toBe(1);
    expect((await statusOf(jobId, env)).status).toBe('cancelled');
  });

  it('loses no request of concurrent writers: every upload of two interleaved accounts is kept', async () => {
    const { accountDir } = freshState();
    const accounts = [0, 1].map(() => new SimulatedAccount({ dir: accountDir, speed: 100 }));
    const clients = accounts.map(accountClient);
    const uploads = Array.from({ length: 12 }, async (_, index) =>
      (clients[index % 2] as OpenAI).files.create({
        file: await toFile(new TextEncoder().encode(`{"n":${index}}\n`), `part-${index}.jsonl`),
        purpose: 'batch',
      }),
    );
    const ids = (await Promise.all(uploads)).map((file) => file.id);
    expect(new Set(ids).size).toBe(12);
    const summary = await new SimulatedAccount({ dir: accountDir, speed: 100 }).summary();
    expect(summary.files).toBe(12);
  });

  it('stores each file content once, by its SHA-256, and deletes it once nothing refers to it', async () => {
    const { accountDir } = freshState();
    const account = new SimulatedAccount({ dir: accountDir, speed: 100 });
    const client = accountClient(account);
    const content = new TextEncoder().encode('{"prompt":"a"}\n');
    const first = await client.files.create({ file: await toFile(content, 'a.jsonl'), purpose: 'batch' });
    const second = await client.files.create({ file: await toFile(content, 'b.jsonl'), purpose: 'batch' });
    const digest = createHash('sha256').update(content).digest('hex');
    expect(await readdir(join(accountDir, 'blobs'))).toEqual([digest]);
    expect(await readFile(join(accountDir, 'state.json'), 'utf8')).not.toContain('prompt');
    await client.files.delete(first.id);
    expect(await readdir(join(accountDir, 'blobs'))).toEqual([digest]);
    await client.files.delete(second.id);
    expect(await readdir(join(accountDir, 'blobs'))).toEqual([]);
  });

  it('says in one line that corrupt or incompatible state cannot be read, and how to start over', async () => {
    const { env, accountDir } = freshState();
    await createJob(env);
    await writeFile(join(accountDir, 'state.json'), '{"format": "finetune-kit-simulated-acc');
    const corrupt = await cli(['list', '--simulate'], env);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toContain(
      `Error: The simulated account in ${accountDir} cannot be read: state.json is not valid JSON.\nStart over with: finetune-kit simulate reset\n`,
    );
    expect(corrupt.stderr).not.toContain('    at ');

    await writeFile(
      join(accountDir, 'state.json'),
      JSON.stringify({ format: 'finetune-kit-simulated-account', version: 99 }),
    );
    const newer = await cli(['status', 'ftjob-abc', '--simulate'], env);
    expect(newer.stderr).toContain(
      'cannot be read: written in state format 99; this finetune-kit reads format 1.',
    );
    expect((await cli(['simulate', 'reset'], env)).code).toBe(0);
    const fresh = await cli(['list', '--simulate'], env);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('No fine-tuning jobs yet.');
  });

  it('uses the account in DIR with --simulate=DIR, and names it so in hints and in simulate status --dir', async () => {
    const { env } = freshState();
    const dir = join(root, `elsewhere-${count}`);
    const created = await cli(['create', DATA, `--simulate=${dir}`], env);
    expect(created.code).toBe(0);
    const jobId = /(ftjob-\w+)/.exec(created.stdout)?.[1] ?? '';
    expect(created.stdout).toContain(`Follow it: finetune-kit watch ${jobId} --simulate=${dir}`);
    expect(created.stderr).toContain(`the simulated account in ${dir} keeps files, jobs and models`);
    const elsewhere = await cli(['simulate', 'status', '--dir', dir, '--json'], env);
    expect(JSON.parse(elsewhere.stdout)).toMatchObject({ dir, exists: true, files: 1, models: 0 });
    const home = await cli(['simulate', 'status'], env);
    expect(home.stdout).toContain('(empty: nothing saved yet)');
    expect(home.stdout).toContain('0 files · 0 jobs · 0 models');

    await writeFile(join(dir, 'state.json'), 'garbage');
    const broken = await cli(['list', `--simulate=${dir}`], env);
    expect(broken.stderr).toContain(`Start over with: finetune-kit simulate reset --dir ${dir}`);
  });

  it('tells the truth when watching stops with Ctrl-C: the job goes on in the simulated account', async () => {
    const { env, accountDir } = freshState();
    const jobId = await createJob(env);
    const controller = new AbortController();
    const watching = cli(['watch', jobId, '--simulate', '--speed', '1'], env, controller.signal);
    setTimeout(() => controller.abort(), 150);
    const watched = await watching;
    expect(watched.code).toBe(130);
    expect(watched.stderr).toContain(
      `Stopped watching. ${jobId} is not cancelled: it goes on in the simulated account (${accountDir}).`,
    );
    expect(watched.stderr).toContain(
      `Resume with: finetune-kit watch ${jobId} --simulate   Stop the job: finetune-kit cancel ${jobId} --simulate`,
    );
  });
});

describe('finetune-kit simulate serve', () => {
  it('serves the same account on a loopback port until Ctrl-C, printing the variables to use', async () => {
    const { env } = freshState();
    const jobId = await createJob(env);
    const controller = new AbortController();
    let stdout = '';
    let stderr = '';
    const serving = runCli(
      ['simulate', 'serve', '--port', '0'],
      {
        stdout: { write: (text: string) => (stdout += text), isTTY: false, columns: 100 },
        stderr: { write: (text: string) => (stderr += text), isTTY: false, columns: 100 },
        env,
        cwd: REPO_ROOT,
      },
      { signal: controller.signal },
    );
    await vi.waitFor(() => expect(stdout).toContain('OPENAI_API_KEY=finetune-kit-simulated'), {
      timeout: 5_000,
    });
    const baseURL = /OPENAI_BASE_URL=(\S+)/.exec(stdout)?.[1] ?? '';
    expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(stderr).toContain('Ctrl-C stops.');

    const client = new OpenAI({ apiKey: 'finetune-kit-simulated', baseURL, maxRetries: 0 });
    expect((await client.fineTuning.jobs.retrieve(jobId)).id).toBe(jobId);
    const file = await client.files.create({
      file: await toFile(await readFile(join(REPO_ROOT, DATA)), 'from-another-tool.jsonl'),
      purpose: 'fine-tune',
    });
    controller.abort();
    expect(await serving).toBe(0);
    expect(stderr).toContain('Stopped serving.');
    const status = await cli(['simulate', 'status', '--json'], env);
    // The job's training file and the file the other tool uploaded.
    const summary = JSON.parse(status.stdout) as { files: number; jobs: Record<string, number> };
    expect(summary.files).toBe(2);
    // One job, however far the account's clock has taken it meanwhile.
    expect(Object.values(summary.jobs)).toEqual([1]);
    expect(file.filename).toBe('from-another-tool.jsonl');
  });
});

describe('simulate help and usage', () => {
  it('lists the subcommands, has a help page per subcommand, and suggests one for a typo', async () => {
    const help = await runCliInProcess(['simulate', '--help']);
    expect(help.stdout).toContain('Usage: finetune-kit simulate <subcommand> [options]');
    expect(help.stdout).toMatch(/simulate reset +Delete the simulated account/);
    expect(help.stdout).toMatch(/simulate serve +Serve the simulated account/);
    const reset = await runCliInProcess(['simulate', 'reset', '--help']);
    expect(reset.stdout).toContain('Usage: finetune-kit simulate reset [options]');
    expect(reset.stdout).toContain('--dir <dir>');
    const serve = await runCliInProcess(['simulate', 'serve', '--help']);
    expect(serve.stdout).toContain('--port <n>');
    const typo = await runCliInProcess(['simulate', 'rest']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      'Unknown subcommand "rest" of simulate: expected status, reset, serve. Did you mean "reset"?',
    );
  });

  it('takes --simulate=DIR apart from the other arguments, before -- only', () => {
    expect(takeSimulateDir(['a.jsonl', '--simulate=/tmp/x', '--json'])).toEqual({
      argv: ['a.jsonl', '--simulate', '--json'],
      simulateDir: '/tmp/x',
    });
    expect(takeSimulateDir(['--simulate', '--', '--simulate=y'])).toEqual({
      argv: ['--simulate', '--', '--simulate=y'],
      simulateDir: undefined,
    });
    expect(() => takeSimulateDir(['--simulate='])).toThrow('--simulate= needs a directory');
  });
});
