/** `status` shows what a finished job cost, next to the estimate `run` recorded in its metadata. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import { type SimulatorServer, startJob, startSimulatorServer } from '../helpers/simulator-server.js';

let server: SimulatorServer;
beforeAll(async () => {
  server = await startSimulatorServer();
});
afterAll(() => server.close());

const status = (id: string, json = false) =>
  runCliInProcess(['status', id, ...(json ? ['--json'] : [])], { simulator: server.sim });

describe('status: billed cost', () => {
  it('has no cost while the job runs, then trained tokens × the table price', async () => {
    const id = await startJob(server);
    const running = await status(id, true);
    expect(running.code).toBe(ExitCode.ok);
    expect(JSON.parse(running.stdout).billed_cost).toBeNull();
    expect((await status(id)).stdout).not.toContain('cost');

    server.sim.advanceJob(id, { to: 'succeeded' });
    const tokens = server.sim.getJob(id)?.trained_tokens as number;
    const done = JSON.parse((await status(id, true)).stdout);
    expect(done.id).toBe(id);
    expect(done.billed_cost).toMatchObject({
      unit: 'tokens',
      trainedTokens: tokens,
      pricePerUnit: 3,
      estimateUsd: null,
    });
    expect((await status(id)).stdout).toContain(
      `cost  $${Number(((tokens * 3) / 1e6).toPrecision(3))}: ${tokens.toLocaleString('en-US')} trained tokens × $3/1M.`,
    );
  });

  it('shows the estimate recorded in the job metadata next to the cost', async () => {
    const training = server.sim.addFile({
      filename: 'train.jsonl',
      content: Array.from({ length: 12 }, (_, index) =>
        JSON.stringify({
          messages: [
            { role: 'user', content: `Reset router R${index}?` },
            { role: 'assistant', content: `Hold reset on R${index} for 10 seconds.` },
          ],
        }),
      ).join('\n'),
    });
    const job = await server.client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: training.id,
      metadata: { finetune_kit_estimate_usd: '0.0421' },
    });
    server.sim.advanceJob(job.id, { to: 'succeeded' });
    const text = (await status(job.id)).stdout;
    expect(text).toMatch(
      /cost {2}\$[\d.]+: [\d,]+ trained tokens × \$3\/1M \(estimated \$0\.0421 before it started\)\./,
    );
  });
});
