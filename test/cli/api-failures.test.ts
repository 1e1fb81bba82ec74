/**
 * What the user sees when the API cannot be used: missing or refused keys, unknown ids, an
 * unreachable server, rate limits (waiting with the time shown), outages that outlast the retries,
 * and Ctrl-C while watching.
 */
import { readFileSync } from 'node:fs';
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

describe('API failures (spawned)', () => {
  it('explains missing and refused keys (exit 3), unknown ids (exit 1) and an unreachable API (exit 4)', async () => {
    const [noKey, azure, refused, unknown, offline] = await Promise.all([
      runCliProcess(['status', done.id]),
      runCliProcess(['list', '--azure'], { env: { AZURE_OPENAI_API_KEY: 'k' } }),
      runCliProcess(['status', done.id], { env: { ...server.env, OPENAI_API_KEY: 'sk-wrong-0123456789' } }),
      runCliProcess(['status', 'ftjob-doesnotexist'], { env: server.env }),
      runCliProcess(['chat', done.model, 'hi'], {
        env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
      }),
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

    expect(offline.code).toBe(ExitCode.unavailable);
    expect(offline.stderr).toMatch(
      /^Error: Could not reach the API at http:\/\/127\.0\.0\.1:9\/v1 \(Connection error/m,
    );
    expect(offline.stderr).toContain('Check your network, and OPENAI_BASE_URL if you set one.');
  });

  it('shows the wait a rate limit asks for, then carries on', async () => {
    server.sim.faults.rateLimit({ times: 2, retryAfterMs: 300, match: { path: '/fine_tuning/jobs/*' } });
    const run = await runCliProcess(['status', done.id], { env: server.env });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `Rate limited by the API (429) on GET /v1/fine_tuning/jobs/${done.id}: waiting 300 ms before retrying, as Retry-After asks…`,
    );
    expect(run.stderr.match(/Rate limited/g)).toHaveLength(2);
    expect(run.stdout).toContain(`${done.id}  succeeded`);
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
