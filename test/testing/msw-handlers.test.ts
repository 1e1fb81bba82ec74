import { setupServer } from 'msw/node';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/testing/index.js';
import { supportJsonl } from './helpers/data.js';

// One simulator behind msw for the whole file, as users set it up.
const sim = createSimulator({ clock: 'manual', seed: 21 });
const server = setupServer(...(await sim.handlers()));
let client: OpenAI;

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  // Built after listen(): the SDK captures fetch in its constructor. maxRetries 0: msw + SDK retries hang.
  client = new OpenAI({ apiKey: 'sk-sim', maxRetries: 0 });
});

afterAll(() => {
  server.close();
});

describe('the simulator behind msw 2 handlers', () => {
  it('runs a whole job through the global fetch', async () => {
    const file = await client.files.create({
      file: await toFile(new TextEncoder().encode(supportJsonl(12)), 'train.jsonl'),
      purpose: 'fine-tune',
    });
    sim.clock.advance(5000);
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.runUntilIdle();
    const done = await client.fineTuning.jobs.retrieve(job.id);
    expect(done.status).toBe('succeeded');
    const events = await client.fineTuning.jobs.listEvents(job.id, { limit: 3 });
    expect(events.data[0]?.message).toBe('The job has successfully completed');
    const csv = await (await client.files.content(done.result_files[0]!)).text();
    expect(atob(csv).startsWith('step,train_loss,train_accuracy,')).toBe(true);
  });

  it('turns an injected drop into a network error and a 429 into a RateLimitError', async () => {
    sim.faults.drop();
    await expect(client.files.list()).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    sim.faults.rateLimit({ retryAfter: 3 });
    const error = await client.files.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('3');
  });
});
