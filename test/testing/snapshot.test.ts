import { describe, expect, it } from 'vitest';
import {
  assertSnapshot,
  type BlobStore,
  createSimulator,
  type FineTuningSimulator,
  memoryBlobStore,
  restoreSimulator,
  SNAPSHOT_VERSION,
  SnapshotFormatError,
  snapshotSimulator,
} from '../../src/testing/index.js';
import {
  EXACT_ANSWER_GRADER,
  rftJsonl,
  simClient,
  supportJsonl,
  uploadTrainingFile,
} from './helpers/data.js';

/** Saves `sim` through JSON (as a file would) and restores it with the same options. */
function roundTrip(sim: FineTuningSimulator, blobs: BlobStore = memoryBlobStore()): FineTuningSimulator {
  const text = JSON.stringify(snapshotSimulator(sim, blobs));
  return restoreSimulator(JSON.parse(text), blobs, { clock: 'manual' });
}

/** What a client can see of a job: the job, its events and checkpoints. */
function view(sim: FineTuningSimulator, jobId: string) {
  return {
    job: sim.getJob(jobId),
    events: sim.getJobEvents(jobId),
    checkpoints: sim.getJobCheckpoints(jobId),
  };
}

async function supervisedJob(sim: FineTuningSimulator) {
  const client = simClient(sim);
  const file = await uploadTrainingFile(sim, client, supportJsonl(12));
  const job = await client.fineTuning.jobs.create({
    model: 'gpt-4o-mini',
    training_file: file.id,
    suffix: 'pip',
  });
  return { client, file, job };
}

describe('snapshotSimulator / restoreSimulator', () => {
  it('continues a job in mid-training exactly as the original goes on: same events, checkpoints, result file', async () => {
    const sim = createSimulator({ seed: 5, clock: 'manual' });
    const { job } = await supervisedJob(sim);
    sim.advanceJob(job.id, { step: 30 });
    const copy = roundTrip(sim);

    expect(copy.clock.now()).toBe(sim.clock.now());
    expect(view(copy, job.id)).toEqual(view(sim, job.id));
    expect(copy.getJob(job.id)?.status).toBe('running');

    sim.runUntilIdle();
    copy.runUntilIdle();
    const original = view(sim, job.id);
    expect(original.job?.status).toBe('succeeded');
    expect(view(copy, job.id)).toEqual(original);
    const resultFile = original.job?.result_files[0] ?? '';
    expect(new TextDecoder().decode(copy.getFileContent(resultFile))).toBe(
      new TextDecoder().decode(sim.getFileContent(resultFile)),
    );
  });

  it('restores an ended job with its step count: each checkpoint answers as the original does, not as the final model', async () => {
    const sim = createSimulator({ seed: 5, clock: 'manual' });
    const { job } = await supervisedJob(sim);
    sim.advanceJob(job.id, { to: 'succeeded' });
    const copy = roundTrip(sim);
    const prompts = supportJsonl(12)
      .trim()
      .split('\n')
      .map(
        (line) =>
          (JSON.parse(line) as { messages: { role: string; content: string }[] }).messages[1]!.content,
      );
    const answers = async (target: FineTuningSimulator, model: string) => {
      const client = simClient(target);
      const said: string[] = [];
      for (const content of prompts) {
        const completion = await client.chat.completions.create({
          model,
          messages: [{ role: 'user', content }],
        });
        said.push(completion.choices[0]?.message.content ?? '');
      }
      return said;
    };
    const [earliest = ''] = sim
      .getJobCheckpoints(job.id)
      .sort((a, b) => a.step_number - b.step_number)
      .map((checkpoint) => checkpoint.fine_tuned_model_checkpoint);
    expect(earliest).toMatch(/:ckpt-step-\d+$/);
    const final = sim.getJob(job.id)?.fine_tuned_model ?? '';
    // The earliest checkpoint still gets some answers wrong, in the restored simulator too.
    expect(await answers(copy, earliest)).toEqual(await answers(sim, earliest));
    expect(await answers(copy, earliest)).not.toEqual(await answers(copy, final));
  });

  it('keeps the best reinforcement checkpoints across a restore, as the uninterrupted run does', async () => {
    const options = { seed: 21, clock: 'manual' as const, allowShutDownModels: true };
    const sim = createSimulator(options);
    const client = simClient(sim);
    const training = await uploadTrainingFile(sim, client, rftJsonl(12), 'rft.jsonl');
    const job = await client.fineTuning.jobs.create({
      model: 'o4-mini',
      training_file: training.id,
      method: {
        type: 'reinforcement',
        reinforcement: { grader: EXACT_ANSWER_GRADER, hyperparameters: { n_epochs: 3, eval_interval: 2 } },
      },
    });
    // Past several validations, so some checkpoints were already dropped for better ones.
    sim.advanceJob(job.id, { step: 24 });
    const blobs = memoryBlobStore();
    const copy = restoreSimulator(JSON.parse(JSON.stringify(snapshotSimulator(sim, blobs))), blobs, {
      clock: 'manual',
      allowShutDownModels: true,
    });
    sim.runUntilIdle();
    copy.runUntilIdle();
    const original = view(sim, job.id);
    expect(original.job?.status).toBe('succeeded');
    expect(original.checkpoints.length).toBeGreaterThan(1);
    expect(view(copy, job.id)).toEqual(original);
  });

  it('restores a paused job paused, a planned failure still planned, and pending file processing', async () => {
    const sim = createSimulator({ seed: 9, clock: 'manual' });
    const { client, job } = await supervisedJob(sim);
    const second = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: job.training_file,
    });
    sim.advanceJob(job.id, { step: 10 });
    await client.fineTuning.jobs.pause(job.id);
    sim.failJob(second.id, { atStep: 40, message: 'Planned in the test' });
    const late = sim.addFile({ filename: 'late.jsonl', content: supportJsonl(3), processed: false });

    const copy = roundTrip(sim);
    expect(copy.getJob(job.id)?.status).toBe('paused');
    copy.runUntilIdle();
    expect(copy.getJob(job.id)?.status).toBe('paused');
    expect(copy.getJob(second.id)).toMatchObject({
      status: 'failed',
      error: { message: 'Planned in the test' },
    });
    expect(
      copy
        .getJobEvents(second.id)
        .filter((event) => event.type === 'metrics')
        .at(-1)?.data,
    ).toMatchObject({
      step: 40,
    });
    const files = await simClient(copy).files.retrieve(late.id);
    expect(files.status).toBe('processed');

    await simClient(copy).fineTuning.jobs.resume(job.id);
    copy.runUntilIdle();
    expect(copy.getJob(job.id)?.status).toBe('succeeded');
  });

  it('never hands out an id the saved simulator already used, and keeps ordering after restored objects', async () => {
    const sim = createSimulator({ seed: 2, clock: 'manual' });
    const { file, job } = await supervisedJob(sim);
    const copy = roundTrip(sim);
    const client = simClient(copy);
    const again = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    expect(again.id).not.toBe(job.id);
    const listed = await client.fineTuning.jobs.list();
    // Same created_at second: the restored sequence puts the new job first (newest first).
    expect(listed.data.map((item) => item.id)).toEqual([again.id, job.id]);
  });

  it('keeps file contents out of the snapshot: one blob per distinct content, read back on demand', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const { file, job } = await supervisedJob(sim);
    sim.runUntilIdle();
    const stored = new Map<string, Uint8Array>();
    let reads = 0;
    const blobs: BlobStore = {
      put: (bytes) => {
        const key = `blob-${bytes.byteLength}-${bytes[0]}-${bytes[bytes.byteLength - 1]}`;
        stored.set(key, bytes.slice());
        return key;
      },
      get: (key) => {
        reads += 1;
        return stored.get(key) as Uint8Array;
      },
    };
    const snapshot = snapshotSimulator(sim, blobs);
    // The training file (also the job's training data) and the result file.
    expect(stored.size).toBe(2);
    expect(JSON.stringify(snapshot)).not.toContain('How do I reset my password');
    const copy = restoreSimulator(snapshot, blobs, { clock: 'manual' });
    expect(reads).toBe(0);
    snapshotSimulator(copy, blobs);
    expect(reads).toBe(0);
    expect(new TextDecoder().decode(copy.getFileContent(file.id))).toBe(supportJsonl(12));
    const model = copy.getJob(job.id)?.fine_tuned_model ?? '';
    const answer = await simClient(copy).chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'How do I reset my password?' }],
    });
    const expected = await simClient(sim).chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'How do I reset my password?' }],
    });
    expect(answer.choices[0]?.message.content).toBe(expected.choices[0]?.message.content);
  });

  it('refuses data that is not a snapshot of this version, saying what is wrong', () => {
    const sim = createSimulator({ clock: 'manual' });
    const blobs = memoryBlobStore();
    const snapshot = snapshotSimulator(sim, blobs);
    expect(snapshot.version).toBe(SNAPSHOT_VERSION);
    expect(() => assertSnapshot({ hello: 1 })).toThrow(
      new SnapshotFormatError('not a finetune-kit simulator snapshot'),
    );
    expect(() => restoreSimulator({ ...snapshot, version: 99 } as never, blobs)).toThrow(
      `snapshot format version 99, this finetune-kit reads version ${SNAPSHOT_VERSION}`,
    );
    expect(() => restoreSimulator({ ...snapshot, jobs: {} } as never, blobs)).toThrow('"jobs" is not a list');
  });
});
