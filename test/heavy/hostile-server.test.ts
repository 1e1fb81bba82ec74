/**
 * The CLI (as real processes) and the library entry points against a hostile loopback server:
 * escape sequences in every string, the key echoed back, huge headers and bodies, invalid JSON,
 * wrong types, endless pagination and slow-loris bodies. Whatever the server does: no crash, no
 * hang, a documented exit code, no secret and no raw control character in any output.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import { archiveAll, archiveJob } from '../../src/metrics/archive-node.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { REPO_ROOT } from '../cli/helpers/run-cli-process.js';
import { rawControls } from '../helpers/hostile-payloads.js';
import {
  HOSTILE_JOB_ID,
  HOSTILE_MODES,
  type HostileMode,
  type HostileServer,
  startHostileServer,
} from '../helpers/hostile-server.js';

/** The key the clients send: shaped so that only the known-secret rule can find it when echoed. */
const KEY = `hostile.key~${process.pid}.0123456789`;
/** Exit codes the CLI documents: ok, failure, usage, key refused, API unavailable, Ctrl-C. */
const DOCUMENTED_EXIT_CODES = [0, 1, 2, 3, 4, 130];
/**
 * `watch` follows a job whose status is unknown (wrong types) for as long as the server answers,
 * as it would a long job: the user stops it with Ctrl-C, sent after this long.
 */
const WATCH_INTERRUPT_MS = 6_000;
/** Each CLI run must end by itself well before this. */
const RUN_LIMIT_MS = 45_000;

let server: HostileServer;
let dir: string;
let bundle: string;

/**
 * A private bundle of the CLI: the shared one of the CLI tests is replaced (and the old one deleted)
 * whenever the sources change, which must not pull the file from under a two-minute run.
 */
async function bundleCli(): Promise<string> {
  const { build } = await import('esbuild');
  const outDir = join(REPO_ROOT, 'node_modules', '.cache', 'finetune-kit-hostile-heavy');
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, `main-${process.pid}.mjs`);
  await build({
    entryPoints: [join(REPO_ROOT, 'src/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

beforeAll(async () => {
  [server, dir, bundle] = await Promise.all([
    startHostileServer(),
    mkdtemp(join(tmpdir(), 'finetune-kit-hostile-heavy-')),
    bundleCli(),
  ]);
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
  await rm(bundle, { force: true });
});

interface CliRun {
  /** `null` when the run was killed for taking too long. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs the CLI bundle as a process with a clean environment, killed after {@link RUN_LIMIT_MS}. */
function spawnCli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // Ctrl-C for `watch` is timed from its first output, so a slow start on a loaded machine
    // (before the CLI's SIGINT handler exists) cannot turn it into a kill by signal.
    let interrupt: ReturnType<typeof setTimeout> | undefined;
    const onOutput = () => {
      if (args[0] === 'watch' && interrupt === undefined)
        interrupt = setTimeout(() => child.kill('SIGINT'), WATCH_INTERRUPT_MS);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onOutput();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      onOutput();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    // A watch that prints nothing at all is still interrupted, well before the kill.
    const silentInterrupt =
      args[0] === 'watch' ? setTimeout(() => child.kill('SIGINT'), RUN_LIMIT_MS / 2) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(interrupt);
      clearTimeout(silentInterrupt);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The command lines tried in every mode. */
function commands(mode: HostileMode): string[][] {
  // A body dribbled without end is ended by the CLI's body deadline (`--timeout`), whatever the
  // command: one short run shows it.
  if (mode === 'dribble') return [['status', HOSTILE_JOB_ID, '--timeout', '2']];
  const archiveDir = join(dir, `archive-${mode}`);
  const json: string[][] =
    mode === 'escapes' || mode === 'echo401'
      ? [
          ['status', HOSTILE_JOB_ID, '--json'],
          ['events', HOSTILE_JOB_ID, '--json'],
        ]
      : [];
  return [
    ['status', HOSTILE_JOB_ID],
    ['list'],
    ['events', HOSTILE_JOB_ID],
    ...(mode === 'escapes' || mode === 'wrong-types' || mode === 'endless'
      ? [['checkpoints', HOSTILE_JOB_ID]]
      : []),
    ['watch', HOSTILE_JOB_ID, '--interval', '0.05', '--timeout', '5'],
    ['archive', '--all', '--dir', archiveDir],
    ...json,
  ];
}

function runAgainst(mode: HostileMode, argv: string[]): Promise<CliRun> {
  return spawnCli([...argv, '--max-retries', '0'], {
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: server.baseURL(mode),
  });
}

/** Runs `tasks` two at a time (the machine has two cores). */
async function inPairs<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

describe('the CLI against a hostile server', () => {
  it('never crashes, hangs, prints a secret or a raw control character', async () => {
    const cases = HOSTILE_MODES.flatMap((mode) => commands(mode).map((argv) => ({ mode, argv })));
    const runs = await inPairs(
      cases.map(
        ({ mode, argv }) =>
          () =>
            runAgainst(mode, argv),
      ),
    );
    const failures: string[] = [];
    for (const [index, run] of runs.entries()) {
      const { mode, argv } = cases[index] as (typeof cases)[number];
      const name = `${mode}: ${argv.join(' ')}`;
      const output = run.stdout + run.stderr;
      if (run.code === null || !DOCUMENTED_EXIT_CODES.includes(run.code))
        failures.push(`${name}: exit ${run.code} after ${run.ms} ms`);
      if (output.includes(KEY)) failures.push(`${name}: printed the key`);
      const raw = rawControls(output);
      if (raw.length > 0) failures.push(`${name}: raw ${[...new Set(raw)].join(' ')}`);
      if (/^\s+at .+:\d+:\d+\)?$/m.test(output)) failures.push(`${name}: printed a stack trace`);
      if (run.code === 130 && !run.stderr.includes('Stopped watching'))
        failures.push(`${name}: interrupted without the notice`);
      if (run.code !== 0 && run.code !== 130 && !/^Error: .+$/m.test(run.stderr))
        failures.push(`${name}: no one-line error`);
    }
    expect(failures).toEqual([]);

    // Spot checks of what the runs said.
    const at = (mode: HostileMode, argv: string[]) =>
      runs[
        cases.findIndex((entry) => entry.mode === mode && entry.argv.join(' ') === argv.join(' '))
      ] as CliRun;
    expect(at('escapes', ['status', HOSTILE_JOB_ID]).stdout).toContain('gpt-4o-mini\\x1b]0;pwned\\x07');
    expect(at('echo401', ['status', HOSTILE_JOB_ID]).code).toBe(3);
    expect(at('echo401', ['status', HOSTILE_JOB_ID]).stderr).toMatch(
      /^Error: The API refused the key \(401\): Incorrect API key provided: Bearer \[redacted\] api-key: /,
    );
    expect(at('wrong-types', ['events', HOSTILE_JOB_ID]).stderr).toContain(
      'Error: The API listed something that is not a job event',
    );
    expect(at('slow', ['status', HOSTILE_JOB_ID]).code).toBe(4);
    const dribbled = at('dribble', ['status', HOSTILE_JOB_ID, '--timeout', '2']);
    expect(dribbled.code).toBe(4);
    expect(dribbled.ms).toBeLessThan(RUN_LIMIT_MS / 3);
    expect(dribbled.stderr).toMatch(
      /^Error: Could not reach the API at .+ \(fineTuning\.jobs\.retrieve ftjob-hostile\w+ failed: The server did not finish its answer within 2\.0s\)\.$/m,
    );
    expect(at('endless', ['events', HOSTILE_JOB_ID]).stderr).toContain('while paging (has_more stayed true)');
    expect(at('endless', ['list']).code).toBe(0);
    expect(at('invalid-json', ['status', HOSTILE_JOB_ID]).code).not.toBe(0);
    // Archives hold no key either.
    for (const mode of HOSTILE_MODES) {
      const archiveDir = join(dir, `archive-${mode}`);
      const files = await readdir(archiveDir).catch(() => [] as string[]);
      for (const file of files) expect(await readFile(join(archiveDir, file), 'utf8')).not.toContain(KEY);
    }
  }, 170_000);
});

/** Every way a library user sees an error. */
function exposures(error: unknown): string {
  const parts = [inspect(error, { depth: 8 }), JSON.stringify(error) ?? ''];
  if (error instanceof Error) parts.push(error.message, String(error), error.stack ?? '');
  return parts.join('\n');
}

describe('the library against a hostile server', () => {
  it('every entry point settles in bounded time, without the key in results or errors', async () => {
    const failures: string[] = [];
    // The library reads bodies with the caller's `signal` as the only bound (see docs/security.md),
    // so a body dribbled without end is the CLI's case only.
    for (const mode of HOSTILE_MODES.filter((name) => name !== 'dribble')) {
      const client = new OpenAI({
        apiKey: KEY,
        baseURL: server.baseURL(mode),
        maxRetries: 0,
        timeout: 10_000,
      });
      const jobOptions = { retry: { retries: 0 } };
      const entries: Record<string, () => Promise<unknown>> = {
        'FineTuneJob.attach + wait': async () => {
          const job = await FineTuneJob.attach(client, HOSTILE_JOB_ID, jobOptions);
          return job.wait({ timeoutMs: 5000 });
        },
        'FineTuneJob.list': async () => {
          const ids: string[] = [];
          for await (const job of FineTuneJob.list(client, jobOptions)) ids.push(job.id);
          return ids;
        },
        'job.checkpoints': async () =>
          (await FineTuneJob.attach(client, HOSTILE_JOB_ID, jobOptions)).checkpoints(),
        'Metrics.fromJob': () => Metrics.fromJob(client, HOSTILE_JOB_ID),
        archiveJob: () => archiveJob(client, HOSTILE_JOB_ID, { dir: join(dir, `lib-${mode}`) }),
        archiveAll: () => archiveAll(client, { dir: join(dir, `lib-all-${mode}`) }),
      };
      for (const [name, entry] of Object.entries(entries)) {
        const started = Date.now();
        const outcome = await Promise.race([
          entry().then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          ),
          new Promise<{ hung: true }>((resolve) => setTimeout(() => resolve({ hung: true }), 30_000).unref()),
        ]);
        const label = `${mode}: ${name}`;
        if ('hung' in outcome) {
          failures.push(`${label}: did not settle in 30 s`);
          continue;
        }
        if ('error' in outcome && !(outcome.error instanceof Error))
          failures.push(`${label}: threw a non-error ${String(outcome.error)}`);
        const seen = 'error' in outcome ? exposures(outcome.error) : inspect(outcome.value, { depth: 6 });
        if (seen.includes(KEY))
          failures.push(`${label}: the key is in ${'error' in outcome ? 'the error' : 'the result'}`);
        if (Date.now() - started > 20_000) failures.push(`${label}: took ${Date.now() - started} ms`);
      }
    }
    expect(failures).toEqual([]);
  }, 170_000);
});
