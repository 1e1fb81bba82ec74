/**
 * A hostile server and a hostile dataset against the commands that print what they receive: no
 * escape sequence reaches the terminal raw, no secret is printed, the CLI's own colours still work.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createSimulator, type FineTuningSimulator } from '../../src/testing/index.js';
import {
  ALL_ESCAPES,
  ESCAPES,
  eachItem,
  rawControls,
  repeatingPages,
  type Tamper,
  tamperingFetch,
} from '../helpers/hostile-payloads.js';
import { REPO_ROOT } from './helpers/run-cli-process.js';
import { completedJob, simulatedHandle, startJob } from './helpers/simulator-server.js';

/** The key the CLI runs with; shaped so that only the known-secret rule can find it. */
const KEY = 'odd.cli~key.0123456789-abcdef';
/** A key-shaped string of someone else's, for the patterns. */
const FOREIGN = 'sk-proj-Foreign0123456789abcdefXYZ';
/** An SGR sequence that would hide text: colour codes from outside must be escaped too. */
const CONCEAL = '\u001B[8m';
const HOSTILE = `${ALL_ESCAPES}${CONCEAL} ${KEY} ${FOREIGN}`;

let sim: FineTuningSimulator;
let done: string;
let dir: string;

beforeAll(async () => {
  sim = createSimulator({ clock: 'manual', autoAdvanceMs: 20_000 });
  const server = { sim, client: new OpenAI({ apiKey: KEY, baseURL: sim.baseURL, fetch: sim.fetch }) };
  done = (await completedJob(server as Parameters<typeof completedJob>[0])).id;
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Server values with every escape in them (statuses are kept, the job layer needs them). */
const hostileValues: Tamper = (path, body) => {
  if (path.endsWith('/events'))
    return eachItem(body, (event) => {
      event.message = `${String(event.message)} ${HOSTILE}`;
      if (event.level === 'info') event.level = `info${ESCAPES.retitle}`;
    });
  if (path.endsWith('/checkpoints'))
    return eachItem(body, (checkpoint) => {
      checkpoint.fine_tuned_model_checkpoint = `${String(checkpoint.fine_tuned_model_checkpoint)}${ESCAPES.cursorUp}`;
    });
  if (path.startsWith('/fine_tuning/jobs'))
    return eachItem(body, (job) => {
      job.model = `gpt-4o-mini${ESCAPES.retitle}${ESCAPES.clearScreen}`;
      if (job.fine_tuned_model)
        job.fine_tuned_model = `${String(job.fine_tuned_model)}${ESCAPES.carriageReturn}`;
      job.user_provided_suffix = `s${ESCAPES.newline}`;
      job.metadata = { note: HOSTILE };
      job.error = { code: 'x', message: HOSTILE, param: ESCAPES.bidi };
    });
  return body;
};

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(
  argv: string[],
  tamper: Tamper = hostileValues,
  color = false,
  wrap: (inner: typeof fetch) => typeof fetch = (inner) => inner,
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    argv,
    {
      stdout: { write: (text: string) => (stdout += text), isTTY: false, columns: 100 },
      stderr: { write: (text: string) => (stderr += text), isTTY: false, columns: 100 },
      env: { OPENAI_API_KEY: KEY, ...(color ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' }) },
      cwd: REPO_ROOT,
    },
    {
      createClient: async () => ({
        ...simulatedHandle(sim),
        client: new OpenAI({
          apiKey: KEY,
          baseURL: sim.baseURL,
          fetch: wrap(tamperingFetch(sim.fetch, tamper)),
        }),
      }),
    },
  );
  return { code, stdout, stderr };
}

/** What every run must satisfy, whatever the command. */
function expectInert(result: Run): void {
  const output = result.stdout + result.stderr;
  expect(rawControls(output)).toEqual([]);
  expect(output).not.toContain(CONCEAL);
  expect(output).not.toContain(KEY);
  expect(output).not.toContain(FOREIGN);
  // A fake verdict on a line of its own would need a raw newline, carriage return or cursor move.
  expect(output).not.toMatch(/^✓ valid/m);
}

describe('terminal output from a hostile server', () => {
  it('status shows every field with its escapes visible, on one line each', async () => {
    const result = await run(['status', done]);
    expect(result.code).toBe(0);
    expectInert(result);
    expect(result.stdout).toContain('model             gpt-4o-mini\\x1b]0;pwned\\x07\\x1b[2J');
    expect(result.stdout).toMatch(/fine-tuned model +ft:\S+\\r✓ valid/);
    expect(result.stdout).toContain('suffix            s\\n✓ valid');
    expect(result.stdout).toContain('(param: \\u202egnp.exe)');
    expect(result.stdout).toContain('[redacted] [redacted]');
  });

  it('status --json keeps the data, escaped as JSON, without keys', async () => {
    const result = await run(['status', done, '--json']);
    expect(result.code).toBe(0);
    expectInert(result);
    const job = JSON.parse(result.stdout) as { model: string; error: { param: string } };
    expect(job.model).toBe(`gpt-4o-mini${ESCAPES.retitle}${ESCAPES.clearScreen}`);
    expect(job.error.param).toBe(ESCAPES.bidi);
    expect(result.stdout).toContain('\\u202e');
  });

  it('list, events and checkpoints', async () => {
    for (const argv of [['list'], ['events', done], ['checkpoints', done]]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(0);
      expectInert(result);
    }
    const events = await run(['events', done, '-n', '1']);
    expect(events.stdout).toContain(
      `\\x1b]0;pwned\\x07\\x1b[2J\\r✓ valid\\x1b[1A✓ valid\\n✓ valid\\x9b2J\\u202egnp.exe\\x7f\\x1b[8m [redacted] [redacted]`,
    );
  });

  it('watch, plain and --json', async () => {
    const id = await startJob({
      sim,
      client: new OpenAI({ apiKey: KEY, baseURL: sim.baseURL, fetch: sim.fetch }),
    } as Parameters<typeof startJob>[0]);
    const watched = await run(['watch', id, '--interval', '0.01']);
    expectInert(watched);
    expect(watched.stdout).toMatch(/Following ftjob-\w+ \(gpt-4o-mini\\x1b\]0;pwned\\x07\\x1b\[2J\)/);
    const json = await run(['watch', id, '--json']);
    expectInert(json);
    expect(json.stdout.trim().split('\n').length).toBeGreaterThan(3);
  });

  it("keeps its own colours while escaping the server's", async () => {
    const result = await run(['events', done, '-n', '3'], hostileValues, true);
    expectInert(result);
    expect(result.stdout).toContain('\u001B[90m');
  });

  it('error lines and --json errors from an echoing, escaping server', async () => {
    const handle = sim.faults.add({
      match: { path: '/fine_tuning/jobs/*' },
      action: { kind: 'error', status: 401, message: `Incorrect API key provided: ${HOSTILE}` },
    });
    try {
      // The error body as the server sent it (the value tampering would rewrite its `error`).
      const asSent: Tamper = (_, body) => body;
      const plain = await run(['status', done], asSent);
      expect(plain.code).toBe(3);
      expectInert(plain);
      expect(plain.stderr.split('\n')[0]).toMatch(
        /^Error: The API refused the key \(401\): Incorrect API key provided: \\x1b\]0;pwned/,
      );
      const json = await run(['status', done, '--json'], asSent);
      expectInert(json);
      expect((JSON.parse(json.stdout) as { error: { code: string } }).error.code).toBe('http_401');
    } finally {
      handle.remove();
    }
  });

  it('archive --all names hostile job ids safely, and stores no key', async () => {
    const listed: Tamper = (path, body, method) => {
      if (path === '/fine_tuning/jobs' && method === 'GET') {
        const list = body as { data: Record<string, unknown>[] };
        list.data = [{ ...list.data[0], id: `ftjob-evil${ESCAPES.retitle}` }, ...list.data];
      }
      return hostileValues(path, body, method);
    };
    const result = await run(['archive', '--all', '--dir', join(dir, 'archive')], listed);
    expect(result.code).toBe(1);
    expectInert(result);
    expect(result.stdout).toContain('✗ ftjob-evil\\x1b]0;pwned\\x07: ');
  });
});

describe('endless pagination', () => {
  it('events stops with a clear error when the server repeats its page with has_more: true', async () => {
    const result = await run(['events', done], undefined, false, repeatingPages);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /^Error: The API repeated event ftevent-\w+ of ftjob-\w+ while paging \(has_more stayed true\); stopped after \d+ events\.$/m,
    );
  });
});

describe('terminal output from a hostile dataset', () => {
  it('validate escapes a hostile role and content', async () => {
    const file = join(dir, 'hostile.jsonl');
    const line = (role: string) =>
      JSON.stringify({
        messages: [
          { role: 'user', content: `hi ${ALL_ESCAPES}` },
          { role, content: `answer ${ALL_ESCAPES}` },
        ],
      });
    await writeFile(file, `${Array.from({ length: 12 }, () => line(`assistant${HOSTILE}`)).join('\n')}\n`);
    for (const argv of [
      ['validate', file],
      ['validate', file, '--json'],
    ]) {
      const result = await run(argv);
      expect(result.code).toBe(1);
      expectInert(result);
    }
  });
});
