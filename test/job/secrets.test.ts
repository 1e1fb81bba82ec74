import { inspect } from 'node:util';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { FinetuneKitApiError } from '../../src/errors.js';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import { uploadTrainingFile } from '../../src/job/upload-training-file.js';
import { harness, SECRET_KEY } from './helpers/sim.js';

/** Everything a user could log: messages, JSON and inspect output. */
function exposures(value: unknown): string[] {
  const texts = [JSON.stringify(value) ?? '', inspect(value, { depth: 6 })];
  if (value instanceof Error) texts.push(value.message, String(value), value.stack ?? '');
  return texts;
}

describe('the API key never leaks', () => {
  it('not in the job, its JSON, its inspect output, or any emitted payload', async () => {
    const { sim, createJob } = harness();
    const job = await createJob(10);
    const payloads: unknown[] = [];
    for (const name of [
      'status',
      'event',
      'metrics',
      'checkpoint',
      'succeeded',
      'error',
      'warning',
      'end',
    ] as const) {
      job.on(name, (...args: unknown[]) => payloads.push(args));
    }
    sim.faults.serverError({ status: 500, times: 1, match: { path: '/fine_tuning/jobs/*' } });
    await job.wait();
    expect(payloads.length).toBeGreaterThan(20);
    for (const text of [...exposures(job), ...payloads.flatMap(exposures)])
      expect(text).not.toContain(SECRET_KEY);
    expect(inspect(job)).toMatch(
      /^FineTuneJob \{ id: 'ftjob-[^']+', status: 'succeeded', following: false \}$/,
    );
  });

  it('not in errors, even when a server echoes the key in its message', async () => {
    const { sim, client, clock } = harness();
    sim.faults.add({
      match: { path: '/fine_tuning/jobs/*' },
      action: {
        kind: 'error',
        status: 401,
        code: 'invalid_api_key',
        message: `Incorrect API key provided: ${SECRET_KEY}.`,
      },
    });
    const error = await FineTuneJob.attach(client, 'ftjob-abc', { clock }).catch((caught: unknown) => caught);
    expect(FinetuneKitApiError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'fineTuning.jobs.retrieve ftjob-abc failed: 401 Incorrect API key provided: [redacted]. (invalid_api_key)',
    );
    for (const text of exposures((error as FinetuneKitApiError).toJSON()))
      expect(text).not.toContain(SECRET_KEY);
    expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
  });

  it('not in upload errors or progress', async () => {
    const { sim, clock } = harness();
    const client = new OpenAI({ apiKey: SECRET_KEY, baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
    const progress: unknown[] = [];
    sim.faults.add({
      match: { path: '/files' },
      action: { kind: 'error', status: 403, message: `Key ${SECRET_KEY} may not upload.` },
    });
    const error = await uploadTrainingFile(client, '{"messages":[]}\n', {
      validate: false,
      clock,
      onProgress: (p) => progress.push(p),
    }).catch((caught: unknown) => caught);
    for (const text of [...exposures(error), ...progress.flatMap(exposures)])
      expect(text).not.toContain(SECRET_KEY);
  });
});
