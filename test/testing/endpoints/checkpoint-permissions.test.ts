import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { memoryBlobStore, restoreSimulator, snapshotSimulator } from '../../../src/testing/index.js';
import { trainedModel } from '../helpers/data.js';

const PROJECT_A = 'proj_abGMw1llN8IrBb6SvvY5A1iH';
const PROJECT_B = 'proj_iqGMw1llN8IrBb6SvvY5A1oF';
const PROJECT_C = 'proj_Zx81TmQa0LpWc3VbNe5RyKu2';

/** A trained model and a client that sends the admin key these endpoints need. */
async function setup() {
  const trained = await trainedModel();
  const admin = new OpenAI({
    apiKey: null,
    adminAPIKey: 'sk-admin-sim-test',
    baseURL: trained.sim.baseURL,
    fetch: trained.sim.fetch,
    maxRetries: 0,
  });
  return { ...trained, admin, permissions: admin.fineTuning.checkpoints.permissions };
}

async function apiError(promise: Promise<unknown>) {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.APIError);
  const { status, error: body } = error as InstanceType<typeof OpenAI.APIError>;
  return {
    status,
    body: body as { message: string; type: string; param: string | null; code: string | null },
  };
}

describe('/fine_tuning/checkpoints/{checkpoint}/permissions', () => {
  it('shares a model with projects, lists the grants newest first with paging, and revokes one', async () => {
    const { sim, permissions, model } = await setup();
    const created = await permissions.create(model, { project_ids: [PROJECT_A, PROJECT_B] });
    expect(created.data).toHaveLength(2);
    expect(created.data[0]).toEqual({
      object: 'checkpoint.permission',
      id: expect.stringMatching(/^cp_[A-Za-z0-9]{24}$/),
      created_at: Math.floor(sim.clock.now() / 1000),
      project_id: PROJECT_A,
    });
    sim.clock.advance(5_000);
    await permissions.create(model, { project_ids: [PROJECT_C] });

    const newestFirst: string[] = [];
    for await (const permission of permissions.list(model, { limit: 2 }))
      newestFirst.push(permission.project_id);
    expect(newestFirst).toEqual([PROJECT_C, PROJECT_B, PROJECT_A]);
    const firstPage = await permissions.list(model, { limit: 2, order: 'ascending' });
    expect(firstPage.data.map((permission) => permission.project_id)).toEqual([PROJECT_A, PROJECT_B]);
    expect(firstPage.has_more).toBe(true);
    const filtered = await permissions.list(model, { project_id: PROJECT_B });
    expect(filtered.data.map((permission) => permission.project_id)).toEqual([PROJECT_B]);

    const revoked = created.data[1]!;
    expect(await permissions.delete(revoked.id, { fine_tuned_model_checkpoint: model })).toEqual({
      object: 'checkpoint.permission',
      id: revoked.id,
      deleted: true,
    });
    const left = await permissions.list(model, { order: 'ascending' });
    expect(left.data.map((permission) => permission.project_id)).toEqual([PROJECT_A, PROJECT_C]);
  });

  it('shares a checkpoint model on its own: grants are per model name', async () => {
    const { permissions, model } = await setup();
    const checkpoint = `${model}:ckpt-step-84`;
    await permissions.create(checkpoint, { project_ids: [PROJECT_A] });
    expect((await permissions.list(checkpoint)).data).toHaveLength(1);
    expect((await permissions.list(model)).data).toHaveLength(0);
  });

  it('answers 404 for an unknown or deleted checkpoint', async () => {
    const { client, permissions, model } = await setup();
    const unknown = await apiError(
      permissions.create('ft:gpt-4o-mini-2024-07-18:sim-org::nope1234', { project_ids: [PROJECT_A] }),
    );
    expect(unknown).toEqual({
      status: 404,
      body: {
        message:
          'The model `ft:gpt-4o-mini-2024-07-18:sim-org::nope1234` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        param: 'fine_tuned_model_checkpoint',
        code: 'model_not_found',
      },
    });
    await client.models.delete(model);
    expect((await apiError(permissions.list(model))).status).toBe(404);
  });

  it('refuses project_ids that are missing, empty, not strings, or carry an unknown field (400)', async () => {
    const { permissions, model } = await setup();
    const cases: [unknown, string, string | null][] = [
      [{}, 'project_ids', 'missing_required_parameter'],
      [{ project_ids: [] }, 'project_ids', 'empty_array'],
      [{ project_ids: PROJECT_A }, 'project_ids', 'invalid_type'],
      [{ project_ids: [PROJECT_A, 7] }, 'project_ids[1]', 'invalid_type'],
      [{ project_ids: [PROJECT_A], role: 'reader' }, 'role', null],
    ];
    for (const [body, param, code] of cases) {
      const refused = await apiError(permissions.create(model, body as never));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ type: 'invalid_request_error', param, code });
    }
    expect((await permissions.list(model)).data).toEqual([]);
  });

  it('answers 404 project_not_found for an id not shaped like a project, and grants nothing', async () => {
    const { permissions, model } = await setup();
    const refused = await apiError(permissions.create(model, { project_ids: [PROJECT_A, 'proj_abc'] }));
    expect(refused).toEqual({
      status: 404,
      body: {
        message: "Project 'proj_abc' not found.",
        type: 'invalid_request_error',
        param: 'project_ids',
        code: 'project_not_found',
      },
    });
    expect((await permissions.list(model)).data).toEqual([]);
  });

  it('refuses a second grant to the same project with 400 permission_already_exists', async () => {
    const { permissions, model } = await setup();
    await permissions.create(model, { project_ids: [PROJECT_A] });
    const again = await apiError(permissions.create(model, { project_ids: [PROJECT_B, PROJECT_A] }));
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ param: 'project_ids', code: 'permission_already_exists' });
    expect(again.body.message).toBe(`Project '${PROJECT_A}' already has access to ${model}.`);
    const twice = await apiError(permissions.create(model, { project_ids: [PROJECT_C, PROJECT_C] }));
    expect(twice.body.code).toBe('permission_already_exists');
    expect((await permissions.list(model)).data.map((permission) => permission.project_id)).toEqual([
      PROJECT_A,
    ]);
  });

  it('answers 404 permission_not_found for an unknown permission or one of another model', async () => {
    const { permissions, model } = await setup();
    const [grant] = (await permissions.create(`${model}:ckpt-step-84`, { project_ids: [PROJECT_A] })).data;
    const unknown = await apiError(permissions.delete('cp_unknown', { fine_tuned_model_checkpoint: model }));
    expect(unknown).toMatchObject({
      status: 404,
      body: { param: 'permission_id', code: 'permission_not_found' },
    });
    const elsewhere = await apiError(permissions.delete(grant!.id, { fine_tuned_model_checkpoint: model }));
    expect(elsewhere.status).toBe(404);
  });

  it('refuses a bad order or limit (400)', async () => {
    const { permissions, model } = await setup();
    expect((await apiError(permissions.list(model, { order: 'newest' as never }))).body.param).toBe('order');
    expect((await apiError(permissions.list(model, { limit: 0 }))).body.code).toBe('integer_out_of_range');
  });

  it('keeps the grants through a snapshot and restore', async () => {
    const { sim, permissions, model } = await setup();
    const [grant] = (await permissions.create(model, { project_ids: [PROJECT_A] })).data;
    const blobs = memoryBlobStore();
    const saved = JSON.parse(JSON.stringify(snapshotSimulator(sim, blobs)));
    const restored = restoreSimulator(saved, blobs, { clock: 'manual' });
    const again = new OpenAI({
      adminAPIKey: 'sk-admin-x',
      apiKey: null,
      baseURL: restored.baseURL,
      fetch: restored.fetch,
      maxRetries: 0,
    });
    expect((await again.fineTuning.checkpoints.permissions.list(model)).data).toEqual([grant]);
    // A snapshot written before permissions existed restores with none.
    const { permissions: _, ...older } = saved;
    const old = restoreSimulator(older, blobs, { clock: 'manual' });
    const oldClient = new OpenAI({
      adminAPIKey: 'sk-admin-x',
      apiKey: null,
      baseURL: old.baseURL,
      fetch: old.fetch,
      maxRetries: 0,
    });
    expect((await oldClient.fineTuning.checkpoints.permissions.list(model)).data).toEqual([]);
  });
});
