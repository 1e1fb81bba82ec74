import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveJob, readJobArchive } from '../../src/metrics/archive-node.js';
import { simulatedJob } from './helpers/sim.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-archive-cost-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the billed cost in job archives', () => {
  it('records the cost of a finished job with the recorded estimate, and reads it back', async () => {
    const { sim, client, jobId } = await simulatedJob({}, { finetune_kit_estimate_usd: '0.05' });
    sim.advanceJob(jobId, { to: 'succeeded' });
    const tokens = sim.getJob(jobId)?.trained_tokens as number;
    const { path } = await archiveJob(client, jobId, { dir });
    const archive = await readJobArchive(path);
    expect(archive.billedCost).toMatchObject({
      usd: Math.round(((tokens * 3) / 1e6) * 1e6) / 1e6,
      unit: 'tokens',
      trainedTokens: tokens,
      pricePerUnit: 3,
      estimateUsd: 0.05,
    });
    const priced = await archiveJob(client, jobId, {
      dir,
      refresh: true,
      models: { 'gpt-4o-mini-2024-07-18': { trainingPricePer1M: 6 } },
    });
    expect((await readJobArchive(priced.path)).billedCost?.pricePerUnit).toBe(6);
  });

  it('records null while the job runs, and reads archives written before the cost existed', async () => {
    const { client, jobId } = await simulatedJob();
    const { path } = await archiveJob(client, jobId, { dir });
    const running = JSON.parse(await readFile(path, 'utf8'));
    expect(running.billedCost).toBeNull();
    const { billedCost: _, ...older } = running;
    const olderPath = join(dir, 'older.json');
    await writeFile(olderPath, JSON.stringify(older));
    const read = await readJobArchive(olderPath);
    expect(read.billedCost).toBeUndefined();
    expect(read.job.id).toBe(jobId);
  });
});
