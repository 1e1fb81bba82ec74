import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { supportJsonl, trainedModel, uploadTrainingFile } from '../helpers/data.js';

describe('/models', () => {
  it('retrieves base models from the model table and fine-tuned models and checkpoints once created', async () => {
    const { client, model } = await trainedModel();
    expect(await client.models.retrieve('gpt-4o-mini-2024-07-18')).toEqual({
      id: 'gpt-4o-mini-2024-07-18',
      object: 'model',
      created: Date.UTC(2024, 6, 18) / 1000,
      owned_by: 'system',
    });
    expect(await client.models.retrieve(model)).toMatchObject({
      id: model,
      object: 'model',
      owned_by: 'org-simulator',
    });
    expect(await client.models.retrieve(`${model}:ckpt-step-84`)).toMatchObject({ object: 'model' });
    const ids: string[] = [];
    for await (const entry of client.models.list()) ids.push(entry.id);
    expect(ids).toContain(model);
    expect(ids).toContain('gpt-4o-mini');
  });

  it('deletes a fine-tuned model (then 404) and refuses to delete base models', async () => {
    const { client, model } = await trainedModel();
    expect(await client.models.delete(model)).toEqual({ id: model, object: 'model', deleted: true });
    const gone = await client.models.retrieve(model).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(OpenAI.NotFoundError);
    expect((gone as InstanceType<typeof OpenAI.NotFoundError>).error).toEqual({
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      type: 'invalid_request_error',
      param: 'model',
      code: 'model_not_found',
    });
    const base = await client.models.delete('gpt-4o-mini').catch((error: unknown) => error);
    expect(base).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it('lets a job fine-tune a fine-tuned model of this simulator, but not a deleted or unknown one', async () => {
    const { sim, client, model } = await trainedModel();
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const next = await client.fineTuning.jobs.create({ model, training_file: file.id });
    expect(next.model).toBe(model);
    sim.runUntilIdle();
    const done = await client.fineTuning.jobs.retrieve(next.id);
    expect(done.fine_tuned_model).toMatch(/^ft:gpt-4o-mini-2024-07-18:sim-org::[A-Za-z0-9]{8}$/);
    const unknown = await client.fineTuning.jobs
      .create({ model: 'ft:gpt-4o-mini-2024-07-18:sim-org:x:abcdefgh', training_file: file.id })
      .catch((error: unknown) => error);
    expect((unknown as InstanceType<typeof OpenAI.APIError>).code).toBe('model_not_available');
  });
});
