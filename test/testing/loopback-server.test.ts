import OpenAI, { AzureOpenAI, toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type LoopbackServer } from '../../src/testing/index.js';
import { supportJsonl } from './helpers/data.js';

const sim = createSimulator({ clock: 'manual', seed: 31 });
let server: LoopbackServer;

beforeAll(async () => {
  server = await sim.listen();
});

afterAll(async () => {
  await server.close();
});

describe('the simulator on a loopback HTTP server', () => {
  it('serves a whole job to an OpenAI client over real HTTP, with SDK retries on', async () => {
    expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const client = new OpenAI({ apiKey: 'sk-sim', baseURL: server.baseURL, maxRetries: 2 });
    const file = await client.files.create({
      file: await toFile(new TextEncoder().encode(supportJsonl(12)), 'train.jsonl'),
      purpose: 'fine-tune',
    });
    sim.clock.advance(5000);
    // A 503 then success: real HTTP retries work (unlike under msw).
    sim.faults.script({ method: 'POST', path: '/fine_tuning/jobs' }, [
      { kind: 'error', status: 503, retryAfterMs: 0 },
    ]);
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.runUntilIdle();
    const done = await client.fineTuning.jobs.retrieve(job.id);
    expect(done.status).toBe('succeeded');
    const checkpoints = await client.fineTuning.jobs.checkpoints.list(job.id);
    expect(checkpoints.data).toHaveLength(3);
  });

  it('destroys the socket on an injected drop', async () => {
    const client = new OpenAI({ apiKey: 'sk-sim', baseURL: server.baseURL, maxRetries: 0 });
    sim.faults.drop();
    await expect(client.files.list()).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    // The server stays up after the dropped socket: the next call lists the files as usual (the
    // training file uploaded by the first test of this file among them).
    const listed = await client.files.list();
    expect(listed.data.map((file) => file.filename)).toContain('train.jsonl');
  });

  it('serves Azure-style paths to an AzureOpenAI client', async () => {
    const azure = new AzureOpenAI({
      endpoint: server.azureEndpoint,
      apiKey: 'azure-key',
      apiVersion: '2025-04-01-preview',
      maxRetries: 0,
    });
    const page = await azure.fineTuning.jobs.list();
    expect(page.data.length).toBeGreaterThan(0);
    const last = sim.requests.at(-1)!;
    expect(last).toMatchObject({
      azure: true,
      path: '/fine_tuning/jobs',
      query: { 'api-version': '2025-04-01-preview' },
    });
    expect(last.headers['api-key']).toBe('…');
  });
});
