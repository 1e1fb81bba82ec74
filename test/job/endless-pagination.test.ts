/** A server that answers `has_more: true` forever with the same page: every list stops. */
import { describe, expect, it } from 'vitest';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import { repeatingPages } from '../helpers/hostile-payloads.js';
import { harness } from './helpers/sim.js';

describe('endless pagination (has_more: true with repeating ids)', () => {
  it('FineTuneJob.list and job.checkpoints() stop after one repeated page, and a followed job still ends, instead of paging forever', async () => {
    let inner: typeof fetch = fetch;
    const { sim, client, createJob } = harness(
      {},
      { fetch: (input, init) => repeatingPages(inner)(input, init) },
    );
    inner = sim.fetch;
    const job = await createJob(10);
    await job.wait();
    sim.clearRequests();

    const listed: string[] = [];
    for await (const each of FineTuneJob.list(client)) listed.push(each.id);
    expect(listed).toEqual([job.id]);

    const checkpoints = await job.checkpoints();
    expect(checkpoints.map((checkpoint) => checkpoint.step_number)).toEqual(
      sim
        .getJobCheckpoints(job.id)
        .map((checkpoint) => checkpoint.step_number)
        .sort((a, b) => a - b),
    );
    expect(job.status).toBe('succeeded');
    // Two pages per list: the first, and its repetition that stops the walk.
    expect(sim.requests.length).toBe(4);
  });
});
