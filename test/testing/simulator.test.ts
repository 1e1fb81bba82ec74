import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/testing/index.js';
import { simClient, supportJsonl, uploadTrainingFile } from './support-data.js';

async function allEvents(client: ReturnType<typeof simClient>, jobId: string) {
  const events = [];
  for await (const event of client.fineTuning.jobs.listEvents(jobId, { limit: 100 })) events.push(event);
  return events;
}

describe('a successful supervised job through the openai SDK (fetch adapter)', () => {
  it('moves validating_files → queued → running → succeeded with the real events in the real order', async () => {
    const sim = createSimulator({ seed: 3 });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const created = await client.fineTuning.jobs.create(
      { model: 'gpt-4o-mini', training_file: file.id, suffix: 'pip' },
      { maxRetries: 0 },
    );
    expect(created).toMatchObject({
      object: 'fine_tuning.job',
      status: 'validating_files',
      model: 'gpt-4o-mini-2024-07-18',
      fine_tuned_model: null,
      trained_tokens: null,
      result_files: [],
      hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' },
    });
    expect(created.id).toMatch(/^ftjob-[A-Za-z0-9]{24}$/);

    const statuses = [created.status as string];
    const record = (status: string) => {
      if (statuses[statuses.length - 1] !== status) statuses.push(status);
    };
    for (const target of ['queued', 'running', 'succeeded'] as const) {
      sim.advanceJob(created.id, { to: target });
      record((await client.fineTuning.jobs.retrieve(created.id)).status);
    }
    expect(statuses).toEqual(['validating_files', 'queued', 'running', 'succeeded']);

    const job = await client.fineTuning.jobs.retrieve(created.id);
    // 12 examples: the cookbook heuristic gives ⌊100 / 12⌋ = 8 epochs; batch 1 → 96 steps.
    expect(job.hyperparameters).toEqual({ n_epochs: 8, batch_size: 1, learning_rate_multiplier: 1.8 });
    expect(job.fine_tuned_model).toMatch(/^ft:gpt-4o-mini-2024-07-18:sim-org:pip:[A-Za-z0-9]{8}$/);
    expect(job.result_files).toHaveLength(1);
    expect(job.finished_at).toBeGreaterThan(job.created_at);

    const newestFirst = await allEvents(client, job.id);
    const events = [...newestFirst].reverse();
    const metrics = events.filter((event) => event.type === 'metrics');
    expect(metrics).toHaveLength(96);
    // created, validating, validated, started, 96 metrics, 2 non-final checkpoints, model, completed.
    expect(events).toHaveLength(104);
    expect(events.slice(0, 4).map((event) => event.message)).toEqual([
      `Created fine-tuning job: ${job.id}`,
      `Validating training file: ${file.id}`,
      'Files validated, moving job to queued state',
      'Fine-tuning job started',
    ]);
    expect(events.slice(-4).map((event) => event.message)).toEqual([
      `Checkpoint created at step 72 with Snapshot ID: ${job.fine_tuned_model}:ckpt-step-72`,
      `Checkpoint created at step 84 with Snapshot ID: ${job.fine_tuned_model}:ckpt-step-84`,
      `New fine-tuned model created: ${job.fine_tuned_model}`,
      'The job has successfully completed',
    ]);
    expect(metrics[0]?.message).toMatch(/^Step 1\/96: training loss=\d+\.\d{2}$/);
    expect(metrics[95]?.data).toMatchObject({ step: 96, total_steps: 96 });
    const timestamps = events.map((event) => event.created_at);
    expect([...timestamps].sort((a, b) => a - b)).toEqual(timestamps);
  });
});
