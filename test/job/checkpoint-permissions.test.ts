import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { FinetuneKitApiError, FinetuneKitUsageError } from '../../src/errors.js';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import { createSimulator } from '../../src/testing/index.js';
import { chatJsonl, SECRET_KEY, SimJobClock } from './helpers/sim.js';

const PROJECT_A = 'proj_abGMw1llN8IrBb6SvvY5A1iH';
const PROJECT_B = 'proj_iqGMw1llN8IrBb6SvvY5A1oF';

/** A finished job on a simulator, followed through a client that also has an admin key. */
async function finishedJob(adminAPIKey: string | null = 'sk-admin-Q8dLrT2mWv9XcB4nKd7HsJ3f') {
  const sim = createSimulator({ clock: 'manual', pollAfterMs: 0 });
  const client = new OpenAI({
    apiKey: SECRET_KEY,
    adminAPIKey,
    baseURL: sim.baseURL,
    fetch: sim.fetch,
    maxRetries: 0,
  });
  const clock = new SimJobClock(sim);
  const trainingFile = sim.addFile({ filename: 'train.jsonl', content: chatJsonl(12) }).id;
  const job = await FineTuneJob.create(
    client,
    { model: 'gpt-4o-mini', training_file: trainingFile },
    { clock },
  );
  await job.wait();
  return { sim, client, clock, job };
}

describe('checkpoint permissions', () => {
  it('shares, lists and revokes through the checkpoints job.checkpoints() returns, which stay plain data', async () => {
    const { job } = await finishedJob();
    const checkpoints = await job.checkpoints();
    const last = checkpoints.at(-1)!;
    expect(Object.keys(last)).not.toContain('share');
    expect(JSON.parse(JSON.stringify(last))).toEqual({ ...last });

    const granted = await last.share([PROJECT_A, PROJECT_B]);
    expect(granted).toEqual([
      {
        object: 'checkpoint.permission',
        id: expect.stringMatching(/^cp_/),
        created_at: expect.any(Number),
        project_id: PROJECT_A,
      },
      {
        object: 'checkpoint.permission',
        id: expect.stringMatching(/^cp_/),
        created_at: expect.any(Number),
        project_id: PROJECT_B,
      },
    ]);
    expect((await last.permissions({ order: 'ascending' })).map((grant) => grant.project_id)).toEqual([
      PROJECT_A,
      PROJECT_B,
    ]);
    expect(await last.permissions({ projectId: PROJECT_B })).toEqual([granted[1]]);
    await expect(last.revoke(granted[0]!.id)).resolves.toEqual({ id: granted[0]!.id, deleted: true });
    expect(await last.permissions()).toEqual([granted[1]]);
    // Another checkpoint of the job has grants of its own.
    expect(await checkpoints[0]!.permissions()).toEqual([]);
  });

  it('works without a job: FineTuneJob.checkpointPermissions on a model name', async () => {
    const { client, job } = await finishedJob();
    const sharing = FineTuneJob.checkpointPermissions(client, job.fineTunedModel!);
    expect(sharing.checkpoint).toBe(job.fineTunedModel);
    const [grant] = await sharing.share([PROJECT_A]);
    expect(await sharing.list()).toEqual([grant]);
    await sharing.revoke(grant!.id);
    expect(await sharing.list()).toEqual([]);
    expect(() => FineTuneJob.checkpointPermissions(client, '')).toThrow(FinetuneKitUsageError);
  });

  it('says what is missing when the client has no admin key, or the arguments are wrong', async () => {
    const { client, job } = await finishedJob(null);
    const sharing = FineTuneJob.checkpointPermissions(client, job.fineTunedModel!);
    const error = await sharing.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FinetuneKitUsageError);
    expect((error as FinetuneKitUsageError).option).toBe('client');
    expect((error as Error).message).toMatch(/admin API key.*adminAPIKey/);
    await expect(sharing.share([])).rejects.toMatchObject({ option: 'projectIds' });
    await expect(sharing.share([PROJECT_A, 7 as never])).rejects.toMatchObject({ option: 'projectIds[1]' });
    await expect(sharing.list({ order: 'newest' as never })).rejects.toMatchObject({
      option: 'options.order',
    });
  });

  it('maps API refusals to FinetuneKitApiError with the status and code', async () => {
    const { client, job } = await finishedJob();
    const sharing = FineTuneJob.checkpointPermissions(client, job.fineTunedModel!);
    const missing = await sharing.share(['proj_nope']).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(FinetuneKitApiError);
    expect(missing).toMatchObject({
      operation: 'fineTuning.checkpoints.permissions.create',
      status: 404,
      apiCode: 'project_not_found',
    });
    await sharing.share([PROJECT_A]);
    await expect(sharing.share([PROJECT_A])).rejects.toMatchObject({
      status: 400,
      apiCode: 'permission_already_exists',
    });
    const unknown = FineTuneJob.checkpointPermissions(client, 'ft:gpt-4o-mini-2024-07-18:sim-org::missing1');
    await expect(unknown.list()).rejects.toMatchObject({ status: 404, apiCode: 'model_not_found' });
  });

  it('retries through the job layer: a share whose response was lost returns the grant, a revoke counts as done', async () => {
    const { sim, client, clock, job } = await finishedJob();
    const sharing = FineTuneJob.checkpointPermissions(client, job.fineTunedModel!, { clock });
    sim.faults.loseResponse({ match: { method: 'POST', path: /\/permissions$/ } });
    const [grant] = await sharing.share([PROJECT_A]);
    expect(grant?.project_id).toBe(PROJECT_A);
    expect(await sharing.list()).toEqual([grant]);
    sim.faults.loseResponse({ match: { method: 'DELETE', path: /\/permissions\// } });
    await expect(sharing.revoke(grant!.id)).resolves.toEqual({ id: grant!.id, deleted: true });
    expect(await sharing.list()).toEqual([]);
  });
});
