import { AzureOpenAI } from 'openai';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/testing/index.js';
import { simAzureClient, supportJsonl, uploadTrainingFile } from './helpers/data.js';

describe('AzureOpenAI against the simulator', () => {
  it('runs files, a job, events, checkpoints and a deployment chat completion on /openai paths', async () => {
    const sim = createSimulator({ clock: 'manual', quirks: { statusStyle: 'azure', resultFile: 'azure' } });
    const azure = simAzureClient(sim);
    const file = await uploadTrainingFile(sim, azure, supportJsonl(12));
    const job = await azure.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      suffix: 'pip',
    });
    expect(job.status).toBe('pending');
    sim.runUntilIdle();
    const done = await azure.fineTuning.jobs.retrieve(job.id);
    expect(done.status).toBe('succeeded');
    const events = await azure.fineTuning.jobs.listEvents(job.id, { limit: 2 });
    expect(events.data[0]?.message).toBe('The job has successfully completed');
    const csv = await (await azure.files.content(done.result_files[0]!)).text();
    expect(csv.startsWith('step,train_loss,train_mean_token_accuracy,')).toBe(true);
    const chat = await azure.chat.completions.create({
      model: done.fine_tuned_model!,
      messages: [{ role: 'user', content: 'Where is my order?' }],
    });
    expect(chat.choices[0]?.message.content).toContain('tracking link');
    for (const request of sim.requests) {
      expect(request.azure).toBe(true);
      expect(request.url).toContain('/openai/');
      expect(request.query['api-version']).toBe('2025-04-01-preview');
      expect(request.headers['api-key']).toBe('azu…-key');
    }
    expect(sim.requests.some((request) => request.url.includes(`/openai/deployments/`))).toBe(true);
  });

  it('answers 404 "Resource not found" without api-version, and 401 without a key', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const noVersion = await sim.fetch(`${sim.azureEndpoint}/openai/fine_tuning/jobs`, {
      headers: { 'api-key': 'k' },
    });
    expect(noVersion.status).toBe(404);
    expect(await noVersion.json()).toMatchObject({ error: { message: 'Resource not found' } });
    const noKey = await sim.fetch(
      `${sim.azureEndpoint}/openai/fine_tuning/jobs?api-version=2025-04-01-preview`,
    );
    expect(noKey.status).toBe(401);
    const azure = new AzureOpenAI({
      endpoint: sim.azureEndpoint,
      apiKey: 'k',
      apiVersion: '2025-04-01-preview',
      fetch: sim.fetch,
      maxRetries: 0,
    });
    await expect(azure.fineTuning.jobs.list()).resolves.toMatchObject({ data: [] });
  });
});
