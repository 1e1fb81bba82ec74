/**
 * The simulated account the vendored openai-node tests run against: one simulator per test file,
 * served on a loopback HTTP server (the tests build their own `OpenAI` client from
 * `TEST_API_BASE_URL`), holding the real objects their placeholder ids stand for.
 *
 * Every object a test changes (a job it cancels, pauses or resumes, a file it deletes, an upload it
 * cancels or completes, a permission it revokes) is its own object, so the tests pass in any order
 * and each one asks for something the real API would accept.
 */
import { createHash } from 'node:crypto';
import OpenAI, { toFile } from 'openai';
import {
  createSimulator,
  type FineTuningSimulator,
  type LoopbackServer,
} from '../../../src/testing/index.js';
import { simClient, supportJsonl } from '../../testing/helpers/data.js';

/** The ids of the objects the placeholders are replaced by. */
export interface WorldIds {
  /** A processed `fine-tune` file (12 support chats), for `training_file` and `validation_file`. */
  readonly trainingFile: string;
  /** A file `files.retrieve` reads. */
  readonly fileToRead: string;
  /** A file `files.delete` deletes. */
  readonly fileToDelete: string;
  /** A succeeded job with checkpoints and events. */
  readonly succeededJob: string;
  /** The fine-tuned model of `succeededJob`. */
  readonly fineTunedModel: string;
  /** A fine-tuned model `models.delete` deletes (of another succeeded job). */
  readonly modelToDelete: string;
  /** `fine_tuned_model_checkpoint` of a checkpoint of `succeededJob`. */
  readonly checkpointModel: string;
  /** A running job `jobs.cancel` cancels. */
  readonly jobToCancel: string;
  /** A running job `jobs.pause` pauses. */
  readonly jobToPause: string;
  /** A paused job `jobs.resume` resumes. */
  readonly jobToResume: string;
  /** Project ids (the shape of real ones) the permission tests grant access to. */
  readonly projects: readonly [string, string];
  /** Permission ids on `checkpointModel` the two delete tests revoke (placeholders when the endpoint is missing). */
  readonly permissionsToDelete: readonly [string, string];
  /** A pending upload `uploads.cancel` cancels. */
  readonly uploadToCancel: string;
  /** A pending upload `uploads.parts.create` adds parts to. */
  readonly uploadForParts: string;
  /** Pending uploads with all their bytes in one part, for the two `uploads.complete` tests. */
  readonly uploadsToComplete: readonly [CompletableUpload, CompletableUpload];
}

/** A pending upload whose one part holds all its bytes. */
export interface CompletableUpload {
  readonly id: string;
  readonly partId: string;
  /** md5 (hex) of the part's bytes, as `complete` checks it. */
  readonly md5: string;
}

/** The simulator, its server and the objects. */
export interface World {
  readonly sim: FineTuningSimulator;
  readonly server: LoopbackServer;
  readonly ids: WorldIds;
}

async function finishedJob(sim: FineTuningSimulator, client: OpenAI, trainingFile: string, suffix: string) {
  const job = await client.fineTuning.jobs.create({
    model: 'gpt-4o-mini',
    training_file: trainingFile,
    suffix,
  });
  sim.advanceJob(job.id, { to: 'succeeded' });
  return (await client.fineTuning.jobs.retrieve(job.id)).fine_tuned_model!;
}

async function runningJob(sim: FineTuningSimulator, client: OpenAI, trainingFile: string) {
  const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: trainingFile });
  sim.advanceJob(job.id, { to: 'running' });
  return job.id;
}

async function completableUpload(client: OpenAI, text: string): Promise<CompletableUpload> {
  const bytes = new TextEncoder().encode(text);
  const upload = await client.uploads.create({
    bytes: bytes.byteLength,
    filename: 'notes.txt',
    mime_type: 'text/plain',
    purpose: 'assistants',
  });
  const part = await client.uploads.parts.create(upload.id, { data: await toFile(bytes, 'part-1') });
  return { id: upload.id, partId: part.id, md5: createHash('md5').update(bytes).digest('hex') };
}

/** A project id of the shape the simulator accepts (`proj_` and 24 letters or digits). */
function projectId(name: string): string {
  return `proj_${name.padEnd(24, '0')}`;
}

/**
 * Builds the account and starts its server. The setup goes through `sim.fetch` (no HTTP) and the
 * manual clock, so it takes milliseconds.
 */
export async function createWorld(): Promise<World> {
  const sim = createSimulator({ clock: 'manual', seed: 612 });
  const client = simClient(sim);
  const trainingFile = sim.addFile({ filename: 'support.jsonl', content: supportJsonl(12) }).id;
  const fileToRead = sim.addFile({ filename: 'support-read.jsonl', content: supportJsonl(10) }).id;
  const fileToDelete = sim.addFile({ filename: 'support-old.jsonl', content: supportJsonl(10) }).id;

  const succeeded = await client.fineTuning.jobs.create({
    model: 'gpt-4o-mini',
    training_file: trainingFile,
    suffix: 'weather',
  });
  sim.advanceJob(succeeded.id, { to: 'succeeded' });
  const done = await client.fineTuning.jobs.retrieve(succeeded.id);
  const checkpoints = await client.fineTuning.jobs.checkpoints.list(succeeded.id);
  const checkpointModel = checkpoints.data[0]!.fine_tuned_model_checkpoint;
  const modelToDelete = await finishedJob(sim, client, trainingFile, 'suffix');

  const jobToCancel = await runningJob(sim, client, trainingFile);
  const jobToPause = await runningJob(sim, client, trainingFile);
  const jobToResume = await runningJob(sim, client, trainingFile);
  await client.fineTuning.jobs.pause(jobToResume);

  const projects = [projectId('upstreamA'), projectId('upstreamB')] as const;
  const revocable: string[] = [];
  // The permission endpoints take an admin key, as on the real API.
  const admin = new OpenAI({
    adminAPIKey: 'sk-admin-sim',
    baseURL: sim.baseURL,
    fetch: sim.fetch,
    maxRetries: 0,
  });
  try {
    // One grant per delete test, each on its own project (a project is granted once).
    for (const project of [projectId('revokeA'), projectId('revokeB')]) {
      const created = await admin.fineTuning.checkpoints.permissions.create(checkpointModel, {
        project_ids: [project],
      });
      revocable.push(created.data[0]!.id);
    }
  } catch {
    // The permissions endpoint is not there yet: the delete tests keep their placeholder and fail.
  }

  const uploadToCancel = (
    await client.uploads.create({
      bytes: 1024,
      filename: 'a.txt',
      mime_type: 'text/plain',
      purpose: 'assistants',
    })
  ).id;
  const uploadForParts = (
    await client.uploads.create({
      bytes: 1024,
      filename: 'b.txt',
      mime_type: 'text/plain',
      purpose: 'assistants',
    })
  ).id;
  const uploadsToComplete = [
    await completableUpload(client, 'Larkspur Bikes: opening hours 9 to 18.\n'),
    await completableUpload(client, 'Larkspur Bikes: closed on public holidays.\n'),
  ] as const;

  const server = await sim.listen();
  return {
    sim,
    server,
    ids: {
      trainingFile,
      fileToRead,
      fileToDelete,
      succeededJob: succeeded.id,
      fineTunedModel: done.fine_tuned_model!,
      modelToDelete,
      checkpointModel,
      jobToCancel,
      jobToPause,
      jobToResume,
      projects,
      permissionsToDelete: [
        revocable[0] ?? 'cp_zc4Q7MP6XxulcVzj4MZdwsAB',
        revocable[1] ?? 'cp_zc4Q7MP6XxulcVzj4MZdwsAB',
      ],
      uploadToCancel,
      uploadForParts,
      uploadsToComplete,
    },
  };
}
