import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveAll, archiveJob } from '../../src/metrics/archive-node.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { eachItem, tamperingFetch } from '../helpers/hostile-payloads.js';
import { simulatedJob } from './helpers/sim.js';

/** A key no pattern recognises: only the client's own key as a known secret can catch it. */
function oddKey(): string {
  return `k3y.Without~Prefix.${Math.random().toString(36).slice(2)}${Date.now()}`;
}
const PATTERN_KEY = 'sk-proj-Zq8LrT2mWv9XcB4nKd7HsJ3fGy6PaE1u';

/** Every way a user sees an error: message, string, stack, JSON and inspect (cause chain included). */
function exposures(error: unknown): string {
  const parts = [inspect(error, { depth: 8 }), JSON.stringify(error) ?? ''];
  if (error instanceof Error) parts.push(error.message, String(error), error.stack ?? '');
  return parts.join('\n');
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A job on the simulator, and a client with `apiKey` whose 401 answers echo the key in full. */
async function echoingServer(apiKey: string) {
  const { sim, jobId } = await simulatedJob();
  sim.advanceJob(jobId, { to: 'succeeded' });
  sim.faults.add({
    match: { path: '/fine_tuning/jobs/**' },
    action: {
      kind: 'error',
      status: 401,
      code: 'invalid_api_key',
      message: `Incorrect API key provided: Bearer ${apiKey}. Header api-key: ${apiKey}`,
    },
  });
  const client = new OpenAI({ apiKey, baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
  return { sim, client, jobId };
}

describe('the metrics layer never passes a key on', () => {
  it.each([
    ['a key-shaped key', () => PATTERN_KEY],
    ["the client's own key of any shape", oddKey],
  ])('archiveJob, archiveAll and Metrics.fromJob rethrow 401 errors redacted (%s)', async (_, makeKey) => {
    const key = makeKey();
    const { client, jobId } = await echoingServer(key);
    const fromJob = await Metrics.fromJob(client, jobId).catch((error: unknown) => error);
    const archived = await archiveJob(client, jobId, { dir }).catch((error: unknown) => error);
    const all = await archiveAll(client, { dir }).catch((error: unknown) => error);
    for (const error of [fromJob, archived, all]) {
      expect((error as { status?: number }).status).toBe(401);
      expect((error as Error).message).toContain(
        'Incorrect API key provided: Bearer [redacted]. Header api-key: [redacted]',
      );
      expect(exposures(error)).not.toContain(key);
    }
  });

  it('archives and metrics carry no key from event messages or the job error', async () => {
    const key = oddKey();
    const { sim, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    const fetch = tamperingFetch(sim.fetch, (path, body) => {
      if (path.endsWith('/events'))
        return eachItem(body, (event) => {
          event.message = `${String(event.message)} (sent with ${key} and ${PATTERN_KEY})`;
        });
      if (path === `/fine_tuning/jobs/${jobId}`)
        return eachItem(body, (job) => {
          job.metadata = { note: `token ${key}` };
        });
      return body;
    });
    const client = new OpenAI({ apiKey: key, baseURL: sim.baseURL, fetch, maxRetries: 0 });
    const result = await archiveJob(client, jobId, { dir });
    const text = await readFile(result.path, 'utf8');
    expect(text).not.toContain(key);
    expect(text).not.toContain(PATTERN_KEY);
    const archive = JSON.parse(text) as { events: { message: string }[]; job: { metadata: unknown } };
    expect(archive.events.length).toBeGreaterThan(10);
    expect(
      archive.events.every((event) => event.message.endsWith('(sent with [redacted] and [redacted])')),
    ).toBe(true);
    expect(archive.job.metadata).toEqual({ note: 'token [redacted]' });

    const metrics = await Metrics.fromJob(client, jobId);
    expect(JSON.stringify(metrics.toJSON())).not.toContain(key);
    expect(metrics.data.points.length).toBeGreaterThan(0);
  });
});
