import { setupServer } from 'msw/node';
import OpenAI, { AzureOpenAI } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import type { RetryContext } from '../../src/job/retry.js';
import { uploadTrainingFile } from '../../src/job/upload-training-file.js';
import { createSimulator } from '../../src/testing/index.js';
import { chatJsonl, SECRET_KEY, SimJobClock } from './helpers/sim.js';

const API_VERSION = '2025-04-01-preview';

describe('AzureOpenAI against the simulator (fetch injection)', () => {
  it('uploads, creates, follows through pending, and reads the plain-text result file', async () => {
    const sim = createSimulator({
      clock: 'manual',
      pollAfterMs: 0,
      quirks: { statusStyle: 'azure', resultFile: 'azure' },
    });
    const client = new AzureOpenAI({
      endpoint: sim.azureEndpoint,
      apiKey: SECRET_KEY,
      apiVersion: API_VERSION,
      fetch: sim.fetch,
      maxRetries: 0,
    });
    const clock = new SimJobClock(sim);
    const uploaded = await uploadTrainingFile(client, chatJsonl(12), { validate: false, clock });
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4.1-mini-2025-04-14', training_file: uploaded.id, suffix: 'support' },
      { clock },
    );
    expect(job.status).toBe('pending'); // Azure's first status
    const statuses: string[] = [];
    job.on('status', (change) => statuses.push(change.status));
    const done = await job.wait();
    expect(done.status).toBe('succeeded');
    expect(statuses[0]).toBe('validating_files');
    expect(statuses).toContain('running');
    const [result] = await job.resultFiles();
    expect(result?.encoding).toBe('plain');
    expect(result?.content.split('\n')[0]).toContain('train_mean_token_accuracy');
    // Every call took the Azure path, with the api-version and the api-key header (masked by the request log).
    expect(sim.requests.length).toBeGreaterThan(5);
    expect(
      sim.requests.every((request) => request.azure && request.query['api-version'] === API_VERSION),
    ).toBe(true);
    expect(
      sim.requests.every(
        (request) => request.headers['api-key']?.startsWith('sk-') === true && !request.headers.authorization,
      ),
    ).toBe(true);
  });
});

describe('msw handlers', () => {
  const sim = createSimulator({ clock: 'manual', pollAfterMs: 0, baseURL: 'https://ft-sim.example/v1' });
  const server = setupServer();

  beforeAll(async () => {
    server.use(...(await sim.handlers()));
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterAll(() => server.close());

  it('runs upload → create → follow through msw, retrying a 503 with our own retries', async () => {
    // Built after listen(): the SDK captures `fetch` at construction (docs/internals/api-behaviour.md).
    const client = new OpenAI({ apiKey: SECRET_KEY, baseURL: sim.baseURL, maxRetries: 0 });
    const clock = new SimJobClock(sim);
    const retries: RetryContext[] = [];
    const uploaded = await uploadTrainingFile(client, new Blob([chatJsonl(10)]), {
      validate: false,
      clock,
      filename: 'faq.jsonl',
    });
    expect(uploaded).toMatchObject({ via: 'files', filename: 'faq.jsonl', file: { status: 'processed' } });
    const job = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: uploaded.id },
      { clock },
    );
    job.on('retry', (retry) => retries.push(retry));
    sim.faults.serverError({ status: 503, times: 2, match: { path: '/fine_tuning/jobs/*' } });
    await expect(job.wait()).resolves.toMatchObject({ status: 'succeeded' });
    expect(retries.map((retry) => retry.status)).toEqual([503, 503]);
  });
});

describe('loopback server (real HTTP)', () => {
  it('runs a multipart upload and a job over sockets, through a dropped connection, and closes cleanly', async () => {
    const sim = createSimulator({ clock: 'manual', pollAfterMs: 0 });
    const server = await sim.listen();
    try {
      const client = new OpenAI({ apiKey: SECRET_KEY, baseURL: server.baseURL, maxRetries: 0 });
      const clock = new SimJobClock(sim);
      const text = chatJsonl(40);
      const uploaded = await uploadTrainingFile(client, new TextEncoder().encode(text), {
        validate: false,
        clock,
        filesApiMaxBytes: 1024,
        partSize: 2048,
        md5: true,
      });
      expect(uploaded.via).toBe('uploads');
      expect(new TextDecoder().decode(sim.getFileContent(uploaded.id))).toBe(text);
      const job = await FineTuneJob.create(
        client,
        { model: 'gpt-4o-mini', training_file: uploaded.id },
        { clock },
      );
      const retries: RetryContext[] = [];
      job.on('retry', (retry) => retries.push(retry));
      sim.faults.drop({ match: { path: '/fine_tuning/jobs/*/events' } });
      const ids: string[] = [];
      job.on('event', (event) => ids.push(event.id));
      await expect(job.wait()).resolves.toMatchObject({ status: 'succeeded' });
      expect(retries.map((retry) => retry.reason)).toEqual(['connection']);
      expect(ids).toEqual(sim.getJobEvents(job.id).map((event) => event.id));
    } finally {
      await server.close();
    }
  });
});
