/**
 * What the user sees when the API cannot be used: missing or refused keys, unknown ids, an
 * unreachable server, rate limits (waiting with the time shown), outages that outlast the retries,
 * and Ctrl-C while watching.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { runCliInProcess } from './helpers/run-cli-in-process.js';
import { REPO_ROOT, runCliProcess } from './helpers/run-cli-process.js';
import {
  completedJob,
  type SimulatorServer,
  startJob,
  startSimulatorServer,
} from './helpers/simulator-server.js';

let server: SimulatorServer;
let done: { id: string; model: string };

beforeAll(async () => {
  server = await startSimulatorServer({ autoAdvanceMs: 1000 });
  done = await completedJob(server);
});
afterAll(() => server.close());

/** A loopback port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('API failures (spawned)', () => {
  it('an unreachable API: each retry on stderr as it happens, then exit 4 within the budget', async () => {
    const port = await closedPort();
    const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` };
    const [list, chat] = await Promise.all([
      // The job layer's retries (one, about a second), reported with the reason and the wait.
      runCliProcess(['list', '--max-retries', '1'], { env }),
      // A call outside the job layer (the SDK's own retries), with its retries turned off.
      runCliProcess(['chat', done.model, 'hi', '--max-retries', '0'], { env }),
    ]);
    expect(list.code).toBe(ExitCode.unavailable);
    expect(list.stderr).toMatch(
      new RegExp(
        `^Cannot reach http://127\\.0\\.0\\.1:${port}/v1 \\(ECONNREFUSED\\) on fineTuning\\.jobs\\.list: attempt 1 failed, retrying in \\d+ ms…\n` +
          `Error: Could not reach the API at http://127\\.0\\.0\\.1:${port}/v1 \\(fineTuning\\.jobs\\.list failed after 2 attempts: Connection error`,
      ),
    );
    expect(list.stderr).toContain('(--timeout <seconds> waits longer)');
    expect(chat.code).toBe(ExitCode.unavailable);
    expect(chat.stderr).toMatch(
      new RegExp(
        `^Error: Could not reach the API at http://127\\.0\\.0\\.1:${port}/v1 \\(Connection error`,
        'm',
      ),
    );
    expect(chat.stderr).toContain('Check your network, and OPENAI_BASE_URL if you set one');
  });

  it('stops watching on Ctrl-C with exit 130 and leaves the job running', async () => {
    const id = await startJob(server);
    const run = await runCliProcess(['watch', id, '--interval', '0.05'], {
      env: server.env,
      interruptOn: 'Fine-tuning job started',
    });
    expect(run.code).toBe(ExitCode.interrupted);
    expect(run.stderr).toContain(`Stopped watching. ${id} is not cancelled: it goes on on the server.`);
    expect(run.stderr).toContain(`Resume with: finetune-kit watch ${id}`);
    expect(server.sim.getJob(id)?.status).not.toBe('cancelled');
  });

  it('create --watch stops watching on Ctrl-C the same way', async () => {
    const training = server.sim.addFile({
      filename: 'chat-support.jsonl',
      content: readFileSync(`${REPO_ROOT}examples/data/chat-support.jsonl`),
      processed: true,
    });
    const run = await runCliProcess(['create', training.id, '--watch', '--interval', '0.05'], {
      env: server.env,
      interruptOn: 'Fine-tuning job started',
    });
    expect(run.code).toBe(ExitCode.interrupted);
    const id = /Stopped watching\. (ftjob-\w+) is not cancelled: it goes on on the server\./.exec(
      run.stderr,
    )?.[1];
    expect(id).toBeDefined();
    expect(run.stderr).toContain(`Resume with: finetune-kit watch ${id}`);
    expect(server.sim.getJob(id as string)?.status).not.toBe('cancelled');
  });
});

describe('API failures (in-process, fast clock)', () => {
  it('explains missing and refused keys (exit 3) and unknown ids (exit 1)', async () => {
    const [noKey, azure, refused, unknown] = await Promise.all([
      runCliInProcess(['status', done.id], { env: {} }),
      runCliInProcess(['list', '--azure'], { env: { AZURE_OPENAI_API_KEY: 'k' } }),
      runCliInProcess(['status', done.id], { env: { ...server.env, OPENAI_API_KEY: 'sk-wrong-0123456789' } }),
      runCliInProcess(['status', 'ftjob-doesnotexist'], { env: server.env }),
    ]);
    expect(noKey.code).toBe(ExitCode.auth);
    expect(noKey.stderr).toBe(
      'Error: This command calls the OpenAI API, and OPENAI_API_KEY is not set.\n' +
        'Set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server), add --azure for Azure OpenAI, or add --simulate to try it against the built-in simulator.\n',
    );
    expect(azure.code).toBe(ExitCode.auth);
    expect(azure.stderr).toContain(
      'Error: --azure needs AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION (not set).',
    );

    expect(refused.code).toBe(ExitCode.auth);
    expect(refused.stderr).toMatch(/^Error: The API refused the key \(401\): .+\nCheck OPENAI_API_KEY/);
    expect(refused.stderr).not.toContain('sk-wrong-0123456789');

    expect(unknown.code).toBe(ExitCode.failure);
    expect(unknown.stderr).toBe(
      'Error: Not found (404): Fine-tuning job ftjob-doesnotexist not found.\nCheck the id: `finetune-kit list` shows your jobs.\n',
    );
  });

  it('refuses an API URL with credentials at once (exit 2) without printing them', async () => {
    const run = await runCliInProcess(['list'], {
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://alice:s3cret@127.0.0.1:8787/v1' },
    });
    expect(run.code).toBe(ExitCode.usage);
    // The URL is shown with its user:password part masked (as *** here; the error redaction may
    // render any userinfo as [redacted]), and the credentials appear nowhere.
    expect(run.stderr).toMatch(
      /^Error: OPENAI_BASE_URL contains credentials \(http:\/\/(\*\*\*|\[redacted\])@127\.0\.0\.1:8787\/v1\): fetch never sends a request to such a URL\.\nRemove the user:password@ part; the key goes in OPENAI_API_KEY\.\n$/,
    );
    expect(run.stderr).not.toMatch(/alice|s3cret/);
    const blocked = await runCliInProcess(['list'], {
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    expect(blocked.code).toBe(ExitCode.usage);
    expect(blocked.stderr).toContain('Error: OPENAI_BASE_URL uses port 9, which fetch never connects to');
  });

  it('--quiet drops the retry lines, --verbose adds each request with its timing', async () => {
    const port = await closedPort();
    const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` };
    const [quiet, verbose] = await Promise.all([
      runCliInProcess(['list', '--max-retries', '1', '--quiet'], { env }),
      runCliInProcess(['list', '--max-retries', '1', '--timeout', '5', '--verbose'], { env }),
    ]);
    expect(quiet.code).toBe(ExitCode.unavailable);
    expect(quiet.stderr).toMatch(/^Error: Could not reach the API/);
    expect(verbose.code).toBe(ExitCode.unavailable);
    const lines = verbose.stderr.split('\n');
    expect(lines[0]).toBe(
      `debug: API: openai at http://127.0.0.1:${port}/v1; a call gives up after 1 retries or 5s`,
    );
    expect(lines[1]).toMatch(
      /^debug: GET \/v1\/fine_tuning\/jobs → fetch failed \(ECONNREFUSED\) in \d+ ms$/,
    );
    expect(lines[2]).toMatch(/^Cannot reach .+ \(ECONNREFUSED\) on fineTuning\.jobs\.list: attempt 1 failed/);
    expect(lines[3]).toMatch(/^debug: GET \/v1\/fine_tuning\/jobs → fetch failed/);
    expect(verbose.stderr).toMatch(/\ndebug: list finished in [\d.]+(s| ms)\n$/);
    const both = await runCliInProcess(['list', '--quiet', '--verbose'], { env });
    expect(both.code).toBe(ExitCode.usage);
    expect(both.stderr).toContain('Error: --quiet and --verbose cannot be combined.');
  });

  it('shows the wait a rate limit asks for, then carries on', async () => {
    server.sim.faults.rateLimit({ times: 2, retryAfterMs: 300, match: { path: '/fine_tuning/jobs/*' } });
    const run = await runCliInProcess(['status', done.id], { env: server.env });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `Rate limited by the API (429) on GET /v1/fine_tuning/jobs/${done.id}: waiting 300 ms before retrying, as Retry-After asks…`,
    );
    expect(run.stderr.match(/Rate limited/g)).toHaveLength(2);
    expect(run.stdout).toContain(`${done.id}  succeeded`);
  });

  it('gives up on an outage that outlasts the retries with exit 4', async () => {
    server.sim.faults.serverError({ status: 503, times: 1000, match: { path: '/fine_tuning/jobs/*' } });
    try {
      const run = await runCliInProcess(['status', done.id], { simulator: server.sim });
      expect(run.code).toBe(ExitCode.unavailable);
      expect(run.stderr).toMatch(
        /The API answered 503 on GET \/v1\/fine_tuning\/jobs\/ftjob-\w+: retrying with backoff…/,
      );
      expect(run.stderr).toMatch(
        /Error: The API failed \(503\), still after retrying: .+\nThis is on the server side; try again later\./,
      );
    } finally {
      server.sim.faults.clear();
    }
  });

  it('prints the error as JSON on stdout with --json', async () => {
    const run = await runCliInProcess(['status', 'ftjob-missing', '--json'], { simulator: server.sim });
    expect(run.code).toBe(ExitCode.failure);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      error: {
        code: 'http_404',
        message: 'Not found (404): Fine-tuning job ftjob-missing not found.',
        hint: 'Check the id: `finetune-kit list` shows your jobs.',
      },
    });
  });
});

describe('Azure OpenAI (--azure)', () => {
  it('reads the Azure variables and talks to the resource endpoint', async () => {
    const url = new URL(server.baseURL).origin;
    const env = {
      AZURE_OPENAI_API_KEY: server.env.OPENAI_API_KEY as string,
      AZURE_OPENAI_ENDPOINT: url,
      OPENAI_API_VERSION: '2025-04-01-preview',
    };
    const run = await runCliProcess(['status', done.id, '--azure', '--json'], { env });
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ id: done.id, status: 'succeeded' });
    const azureRequest = server.sim.requests.findLast((request) => request.url.includes(done.id));
    expect(azureRequest?.url).toContain('/openai/fine_tuning/jobs/');
    expect(azureRequest?.url).toContain('api-version=2025-04-01-preview');

    const refused = await runCliProcess(['status', done.id, '--azure'], {
      env: { ...env, AZURE_OPENAI_API_KEY: 'wrong-key-123' },
    });
    expect(refused.code).toBe(ExitCode.auth);
    expect(refused.stderr).toContain('Check AZURE_OPENAI_API_KEY.');
  });
});
