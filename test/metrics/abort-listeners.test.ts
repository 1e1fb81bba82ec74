import { getEventListeners } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FinetuneKitAbortError } from '../../src/errors.js';
import { archiveAll } from '../../src/metrics/archive-node.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { simulatedJob } from './helpers/sim.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-listeners-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the caller's abort signal", () => {
  it('carries no listener after archiveAll, however many requests it made', async () => {
    const { sim, client, trainingFile } = await simulatedJob();
    for (let index = 0; index < 5; index += 1) {
      await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: trainingFile });
    }
    sim.runUntilIdle();
    sim.clearRequests();
    const controller = new AbortController();
    const result = await archiveAll(client, { dir, includeFiles: true, signal: controller.signal });
    expect(result.archived).toHaveLength(6);
    // Retrieve, events, checkpoints and files for each job: far more requests than Node's limit of 10.
    expect(sim.requests.length).toBeGreaterThan(30);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('carries no listener after Metrics.fromJob', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    const controller = new AbortController();
    const metrics = await Metrics.fromJob(client, jobId, { signal: controller.signal });
    expect(metrics.job?.id).toBe(jobId);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('still aborts a request in flight, and leaves no listener behind', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.faults.hang({ match: { path: `/fine_tuning/jobs/${jobId}/events` } });
    const controller = new AbortController();
    const fetching = Metrics.fromJob(client, jobId, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new Error('stop'));
    await expect(fetching).rejects.toBeInstanceOf(FinetuneKitAbortError);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
