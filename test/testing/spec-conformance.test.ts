/**
 * Checks a sample of responses from every simulated endpoint against the official OpenAPI spec's
 * component schemas (required fields, property types, direct enums), and that every field the spec
 * requires in a request is enforced.
 *
 * The schema facts live in test/fixtures/api/openapi-schemas.json, extracted from the spec by
 * ./spec-schemas.ts. When the spec is at hand (OPENAPI_SPEC, or /work/shared/spec/openapi.yaml) the
 * extraction is redone and compared with the fixture, so a spec update shows up as a failure;
 * `UPDATE_SPEC_FIXTURE=1` rewrites the fixture.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/testing/index.js';
import {
  ANSWER_AND_UNITS_GRADER,
  rftJsonl,
  simClient,
  supportJsonl,
  uploadTrainingFile,
} from './helpers/data.js';
import { checkAgainstSchema, extractSchema, type SpecSchema } from './spec-schemas.js';

const FIXTURE = new URL('../fixtures/api/openapi-schemas.json', import.meta.url);
const SPEC = process.env.OPENAPI_SPEC ?? '/work/shared/spec/openapi.yaml';

const NAMES = [
  'FineTuningJob',
  'FineTuningJobEvent',
  'FineTuningJobCheckpoint',
  'OpenAIFile',
  'Upload',
  'UploadPart',
  'ListFineTuningJobEventsResponse',
  'ListPaginatedFineTuningJobsResponse',
  'ListFineTuningJobCheckpointsResponse',
  'ListFilesResponse',
  'DeleteFileResponse',
  'DeleteModelResponse',
  'Error',
  'ErrorResponse',
  'Model',
  'FineTuneMethod',
  'CreateChatCompletionResponse',
  'ChatCompletionResponseMessage',
  'CompletionUsage',
  'CreateFineTuningJobRequest',
  'CreateFileRequest',
  'CreateUploadRequest',
  'AddUploadPartRequest',
  'CompleteUploadRequest',
] as const;

type Name = (typeof NAMES)[number];

if (process.env.UPDATE_SPEC_FIXTURE === '1') {
  const yaml = readFileSync(SPEC, 'utf8');
  const schemas = Object.fromEntries(NAMES.map((name) => [name, extractSchema(yaml, name)]));
  const source =
    'openai/openai-openapi openapi.yaml, components.schemas: required fields, property types and direct enums only (extracted by test/testing/spec-schemas.ts)';
  writeFileSync(FIXTURE, `${JSON.stringify({ source, schemas }, null, 1)}\n`);
}

const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { schemas: Record<Name, SpecSchema> };

/**
 * Where the simulator knowingly differs from the spec because the real API does (observed on the
 * wire): anything else is a failure.
 */
const WIRE_DEVIATIONS: readonly RegExp[] = [
  // `Fine-tuning job started` carries `data: null` on the real API (docs/internals/api-behaviour.md).
  /^FineTuningJobEvent\.data: null is not object$/,
];

function problemsOf(value: unknown, name: Name): string[] {
  return checkAgainstSchema(value, fixture.schemas[name], name).filter(
    (problem) => !WIRE_DEVIATIONS.some((pattern) => pattern.test(problem)),
  );
}

function expectConforms(value: unknown, name: Name) {
  expect(problemsOf(value, name), `${name}: ${JSON.stringify(value).slice(0, 300)}`).toEqual([]);
}

async function getJson(sim: ReturnType<typeof createSimulator>, path: string, init: RequestInit = {}) {
  const response = await sim.fetch(`${sim.baseURL}${path}`, {
    ...init,
    headers: { authorization: 'Bearer sk-sim', 'content-type': 'application/json', ...init.headers },
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** A job's event list and every event in it conform. */
async function expectEventsConform(sim: ReturnType<typeof createSimulator>, jobId: string) {
  const events = (await getJson(sim, `/fine_tuning/jobs/${jobId}/events?limit=100`)).body as {
    data: unknown[];
  };
  expectConforms(events, 'ListFineTuningJobEventsResponse');
  for (const event of events.data) expectConforms(event, 'FineTuningJobEvent');
}

/** A job's checkpoint list and every checkpoint in it conform. @returns The checkpoints. */
async function conformingCheckpoints(sim: ReturnType<typeof createSimulator>, jobId: string) {
  const checkpoints = (await getJson(sim, `/fine_tuning/jobs/${jobId}/checkpoints`)).body as {
    data: unknown[];
  };
  expectConforms(checkpoints, 'ListFineTuningJobCheckpointsResponse');
  for (const checkpoint of checkpoints.data) expectConforms(checkpoint, 'FineTuningJobCheckpoint');
  return checkpoints.data;
}

describe('the schema fixture', () => {
  it.runIf(existsSync(SPEC))('matches a fresh extraction from the spec', () => {
    const yaml = readFileSync(SPEC, 'utf8');
    for (const name of NAMES) expect(extractSchema(yaml, name), name).toEqual(fixture.schemas[name]);
  });

  it('catches a missing required field, a wrong type and a value outside an enum', () => {
    expect(
      problemsOf(
        { id: 'file-x', object: 'file', bytes: '12', created_at: 1, filename: 'a', purpose: 'x' },
        'OpenAIFile',
      ),
    ).toEqual([
      expect.stringContaining('OpenAIFile.status: required by the spec'),
      'OpenAIFile.bytes: "12" is not integer',
      "OpenAIFile.purpose: 'x' is not one of assistants, assistants_output, batch, batch_output, fine-tune, fine-tune-results, vision, user_data",
    ]);
  });
});

describe('simulator responses conform to the spec', () => {
  it('files, uploads and parts', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    expectConforms(file, 'OpenAIFile');
    expectConforms((await getJson(sim, `/files/${file.id}`)).body, 'OpenAIFile');
    const list = (await getJson(sim, '/files')).body as { data: unknown[] };
    expectConforms(list, 'ListFilesResponse');
    for (const item of list.data) expectConforms(item, 'OpenAIFile');
    const data = new TextEncoder().encode(supportJsonl(12));
    const upload = await client.uploads.create({
      bytes: data.byteLength,
      filename: 'big.jsonl',
      mime_type: 'text/jsonl',
      purpose: 'fine-tune',
    });
    expectConforms(upload, 'Upload');
    const part = await client.uploads.parts.create(upload.id, { data: await toFile(data, 'part') });
    expectConforms(part, 'UploadPart');
    const completed = await client.uploads.complete(upload.id, { part_ids: [part.id] });
    expectConforms(completed, 'Upload');
    expectConforms(completed.file, 'OpenAIFile');
    expectConforms(await client.files.delete(file.id), 'DeleteFileResponse');
  });

  it('jobs in every ordinary status, their lists, events and checkpoints', async () => {
    const sim = createSimulator({ clock: 'manual', training: { metricsEvery: 5 } });
    const client = simClient(sim);
    const train = await uploadTrainingFile(sim, client, supportJsonl(12));
    const valid = await uploadTrainingFile(sim, client, supportJsonl(5), 'valid.jsonl');
    const job = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: train.id,
      validation_file: valid.id,
      suffix: 'spec',
      metadata: { purpose: 'conformance' },
      integrations: [{ type: 'wandb', wandb: { project: 'sim' } }],
    });
    expectConforms(job, 'FineTuningJob');
    expectConforms(job.method, 'FineTuneMethod');
    for (const status of ['queued', 'running', 'succeeded'] as const) {
      sim.advanceJob(job.id, { to: status });
      expectConforms((await getJson(sim, `/fine_tuning/jobs/${job.id}`)).body, 'FineTuningJob');
    }
    const failing = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: (await uploadTrainingFile(sim, client, supportJsonl(9))).id,
    });
    sim.advanceJob(failing.id, { to: 'failed' });
    const cancelled = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: train.id });
    const jobs = (await getJson(sim, '/fine_tuning/jobs')).body as { data: unknown[] };
    expectConforms(jobs, 'ListPaginatedFineTuningJobsResponse');
    expectConforms(
      (await getJson(sim, `/fine_tuning/jobs/${cancelled.id}/cancel`, { method: 'POST' })).body,
      'FineTuningJob',
    );
    for (const item of jobs.data) expectConforms(item, 'FineTuningJob');
    for (const id of [job.id, failing.id]) await expectEventsConform(sim, id);
    expect(await conformingCheckpoints(sim, job.id)).toHaveLength(3);
  });

  it('a reinforcement job, its list entry, events and checkpoints', async () => {
    const sim = createSimulator({ clock: 'manual', allowShutDownModels: true });
    const client = simClient(sim);
    const train = await uploadTrainingFile(sim, client, rftJsonl(12));
    const job = await client.fineTuning.jobs.create({
      model: 'o4-mini',
      training_file: train.id,
      method: {
        type: 'reinforcement',
        reinforcement: { grader: ANSWER_AND_UNITS_GRADER as never, hyperparameters: { n_epochs: 2 } },
      },
    });
    expectConforms(job, 'FineTuningJob');
    expectConforms(job.method, 'FineTuneMethod');
    for (const status of ['running', 'succeeded'] as const) {
      sim.advanceJob(job.id, { to: status });
      const body = (await getJson(sim, `/fine_tuning/jobs/${job.id}`)).body as { method: unknown };
      expectConforms(body, 'FineTuningJob');
      expectConforms(body.method, 'FineTuneMethod');
    }
    const jobs = (await getJson(sim, '/fine_tuning/jobs')).body as { data: unknown[] };
    for (const item of jobs.data) expectConforms(item, 'FineTuningJob');
    await expectEventsConform(sim, job.id);
    expect(await conformingCheckpoints(sim, job.id)).toHaveLength(4);
  });

  it('models, chat completions and error bodies', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.runUntilIdle();
    const model = (await client.fineTuning.jobs.retrieve(job.id)).fine_tuned_model!;
    expectConforms((await getJson(sim, `/models/${model}`)).body, 'Model');
    expectConforms((await getJson(sim, '/models/gpt-4o-mini')).body, 'Model');
    const chat = (
      await getJson(sim, '/chat/completions', {
        method: 'POST',
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Where is my order?' }] }),
      })
    ).body as { choices: { message: unknown }[]; usage: unknown };
    expectConforms(chat, 'CreateChatCompletionResponse');
    expectConforms(chat.choices[0]?.message, 'ChatCompletionResponseMessage');
    expectConforms(chat.usage, 'CompletionUsage');
    expectConforms(
      (await getJson(sim, `/models/${model}`, { method: 'DELETE' })).body,
      'DeleteModelResponse',
    );
    const errors = [
      await getJson(sim, '/files/file-nope'),
      await getJson(sim, '/fine_tuning/jobs/ftjob-nope'),
      await getJson(sim, '/fine_tuning/jobs', { method: 'POST', body: '{"model":1' }),
      await getJson(sim, '/nothing'),
    ];
    sim.faults.rateLimit();
    errors.push(await getJson(sim, '/files'));
    sim.faults.serverError({ status: 503 });
    errors.push(await getJson(sim, '/files'));
    for (const { status, body } of errors) {
      expect(status).toBeGreaterThanOrEqual(400);
      expectConforms(body, 'ErrorResponse');
      expectConforms((body as { error: unknown }).error, 'Error');
    }
  });
});

describe('required request fields are enforced', () => {
  it('answers 400 naming each field the spec requires, when it is missing', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const post = async (path: string, body: Record<string, unknown>) =>
      getJson(sim, path, { method: 'POST', body: JSON.stringify(body) });
    const jobBody = { model: 'gpt-4o-mini', training_file: file.id };
    for (const field of fixture.schemas.CreateFineTuningJobRequest.required) {
      const { [field]: _, ...rest } = jobBody as Record<string, unknown>;
      const { status, body } = await post('/fine_tuning/jobs', rest);
      expect([status, (body as { error: { param: string } }).error.param]).toEqual([400, field]);
    }
    const uploadBody = { filename: 'a.jsonl', purpose: 'fine-tune', bytes: 10, mime_type: 'text/jsonl' };
    for (const field of fixture.schemas.CreateUploadRequest.required) {
      const { [field]: _, ...rest } = uploadBody as Record<string, unknown>;
      const { status, body } = await post('/uploads', rest);
      expect([status, (body as { error: { param: string } }).error.param]).toEqual([400, field]);
    }
    const upload = (await post('/uploads', uploadBody)).body as { id: string };
    expect(fixture.schemas.CompleteUploadRequest.required).toEqual(['part_ids']);
    const complete = await post(`/uploads/${upload.id}/complete`, {});
    expect((complete.body as { error: { param: string } }).error.param).toBe('part_ids');
    const multipart = async (path: string, form: FormData) => {
      const response = await sim.fetch(`${sim.baseURL}${path}`, {
        method: 'POST',
        body: form,
        headers: { authorization: 'Bearer sk' },
      });
      return (await response.json()) as { error: { param: string } };
    };
    for (const field of fixture.schemas.CreateFileRequest.required) {
      const form = new FormData();
      if (field !== 'file') form.set('file', new File(['{}\n'], 'a.jsonl'));
      if (field !== 'purpose') form.set('purpose', 'fine-tune');
      expect((await multipart('/files', form)).error.param).toBe(field);
    }
    expect(fixture.schemas.AddUploadPartRequest.required).toEqual(['data']);
    expect((await multipart(`/uploads/${upload.id}/parts`, new FormData())).error.param).toBe('data');
  });
});
