import { inspect } from 'node:util';
import OpenAI, { AzureOpenAI } from 'openai';
import { describe, expect, it } from 'vitest';
import { FinetuneKitApiError, JobFailedError } from '../../src/errors.js';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import { uploadTrainingFile } from '../../src/job/upload-training-file.js';
import { createSimulator } from '../../src/testing/index.js';
import { eachItem, tamperingFetch } from '../helpers/hostile-payloads.js';
import { harness, SECRET_KEY, SimJobClock } from './helpers/sim.js';

/** An Azure resource key: 32 hex digits, no prefix for a pattern to find. */
const AZURE_KEY = '9f3c2ab1e07d4c5e8a6b1f2d3c4e5a6b';

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

describe('known secrets and echoed keys', () => {
  it('an Azure key echoed by the server is not in FinetuneKitApiError (message, JSON, inspect, cause)', async () => {
    const sim = createSimulator({ clock: 'manual', pollAfterMs: 0 });
    const client = new AzureOpenAI({
      endpoint: sim.azureEndpoint,
      apiKey: AZURE_KEY,
      apiVersion: '2025-04-01-preview',
      fetch: sim.fetch,
      maxRetries: 0,
    });
    sim.faults.add({
      match: { path: '/fine_tuning/jobs/*' },
      action: {
        kind: 'error',
        status: 401,
        code: '401',
        message: `Access denied due to invalid subscription key ${AZURE_KEY.toUpperCase()} or ${AZURE_KEY}.`,
        headers: { 'x-echo': `api-key=${AZURE_KEY}` },
      },
    });
    const error = await FineTuneJob.attach(client, 'ftjob-abc', { clock: new SimJobClock(sim) }).catch(
      (caught: unknown) => caught,
    );
    expect(FinetuneKitApiError.isInstance(error)).toBe(true);
    expect((error as FinetuneKitApiError).status).toBe(401);
    expect((error as Error).message).toContain('invalid subscription key [redacted] or [redacted].');
    const cause = (error as Error).cause as { headers: Headers };
    expect(cause.headers.get('x-echo')).toBe('api-key=[redacted]');
    for (const text of exposures(error)) {
      expect(text).not.toContain(AZURE_KEY);
      expect(text).not.toContain(AZURE_KEY.toUpperCase());
    }
  });

  it('a key of any shape is redacted once the client was given to finetune-kit', async () => {
    const oddKey = `odd~key.${Date.now()}.shape`;
    const { sim, client, clock } = harness({}, { apiKey: oddKey });
    sim.faults.add({
      match: { path: '/fine_tuning/jobs/*' },
      action: { kind: 'error', status: 403, message: `Project of ${oddKey} may not read this job.` },
    });
    const error = await FineTuneJob.attach(client, 'ftjob-abc', { clock }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      'fineTuning.jobs.retrieve ftjob-abc failed: 403 Project of [redacted] may not read this job.',
    );
    for (const text of exposures(error)) expect(text).not.toContain(oddKey);
  });

  it('event payloads, job snapshots and JobFailedError carry no key the server put in them', async () => {
    const leak = 'sk-svcacct-Leaked0123456789abcdef';
    let sim: ReturnType<typeof createSimulator> | undefined;
    const { sim: created, createJob } = harness(
      {},
      {
        fetch: (input, init) =>
          tamperingFetch((sim as ReturnType<typeof createSimulator>).fetch, (path, body) =>
            path.endsWith('/events')
              ? eachItem(body, (event) => {
                  event.message = `${String(event.message)} via Bearer ${leak}`;
                })
              : body,
          )(input, init),
      },
    );
    sim = created;
    const job = await createJob(10);
    sim.failJob(job.id, { atStep: 3, message: `Proxy said: key ${leak} is over quota` });
    const events: unknown[] = [];
    job.on('event', (event) => events.push(event));
    const error = await job.wait().catch((caught: unknown) => caught);
    expect(JobFailedError.isInstance(error)).toBe(true);
    expect((error as JobFailedError).jobError.message).toBe('Proxy said: key [redacted] is over quota');
    expect((error as JobFailedError).job.error?.message).toBe('Proxy said: key [redacted] is over quota');
    expect(events.length).toBeGreaterThan(3);
    expect(events.every((event) => (event as { message: string }).message.endsWith('via [redacted]'))).toBe(
      true,
    );
    for (const text of [...exposures(error), ...exposures(job.job), ...events.flatMap(exposures)])
      expect(text).not.toContain(leak);
  });
});
