import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FinetuneKitAbortError, FinetuneKitUsageError } from '../../src/errors.js';
import { JobArchiveError, parseJobArchive } from '../../src/metrics/archive-format.js';
import {
  type ArchiveProgress,
  archiveAll,
  archiveJob,
  readJobArchive,
} from '../../src/metrics/archive-node.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { chatJsonl, simulatedJob, upload } from './helpers/sim.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-archive-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('archiveJob', () => {
  it('writes one versioned JSON document that rebuilds the same metrics offline', async () => {
    const { sim, client, jobId, trainingFile } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    const result = await archiveJob(client, jobId, { dir, includeFiles: true });
    expect(result).toMatchObject({
      jobId,
      path: join(dir, `${jobId}.json`),
      state: 'archived',
      complete: true,
      status: 'succeeded',
      resultFiles: 1,
    });
    expect(result.events).toBe(sim.getJobEvents(jobId).length);
    expect(result.checkpoints).toBe(3);

    const archive = JSON.parse(await readFile(result.path, 'utf8'));
    expect(archive).toMatchObject({
      format: 'finetune-kit.job-archive',
      version: 1,
      complete: true,
      job: { id: jobId, status: 'succeeded' },
    });
    expect(archive.events.map((event: { id: string }) => event.id)).toEqual(
      sim.getJobEvents(jobId).map((event) => event.id),
    );
    expect(archive.resultFiles[0]).toMatchObject({ encoding: 'base64' });
    expect(archive.resultFiles[0].content.startsWith('step,train_loss,train_accuracy')).toBe(true);
    // OpenAI refuses to hand back uploaded training data: the archive records that, with the file's metadata.
    expect(archive.files.training).toMatchObject({
      id: trainingFile,
      filename: 'train.jsonl',
      content: null,
      skipped: 'not_downloadable',
    });
    expect(archive.files.training.error).toContain('Not allowed to download files of purpose: fine-tune');
    expect(await readdir(dir)).toEqual([`${jobId}.json`]);

    const offline = await Metrics.fromArchive(result.path);
    const online = await Metrics.fromJob(client, jobId);
    expect(offline.toJSON()).toEqual(online.toJSON());
    expect((await Metrics.fromArchive(archive)).toJSON()).toEqual(online.toJSON());
  });

  it('stores training files supplied by fileContent, and skips files over maxFileBytes', async () => {
    const { sim, client, jobId, trainingFile } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    const local = chatJsonl(20);
    const result = await archiveJob(client, jobId, {
      dir,
      includeFiles: true,
      maxFileBytes: 3000,
      fileContent: (file) => (file.id === trainingFile ? local : null),
    });
    const archive = await readJobArchive(result.path);
    expect(archive.files?.training).toMatchObject({ id: trainingFile, skipped: 'too_large', content: null });
    const roomy = await archiveJob(client, jobId, {
      dir,
      includeFiles: true,
      refresh: true,
      fileContent: (file) => (file.id === trainingFile ? local : null),
    });
    expect(roomy.state).toBe('refreshed');
    expect((await readJobArchive(roomy.path)).files?.training?.content).toBe(local);
  });

  it('is idempotent: a complete archive is skipped without any API call', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    await archiveJob(client, jobId, { dir });
    sim.clearRequests();
    const again = await archiveJob(client, jobId, { dir });
    expect(again).toMatchObject({ state: 'skipped', complete: true });
    expect(sim.requests).toHaveLength(0);
    // Asking for files that the archive lacks archives it again.
    expect((await archiveJob(client, jobId, { dir, includeFiles: true })).state).toBe('refreshed');
  });

  it('refreshes the archive of a job that was still running', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { step: 30 });
    const first = await archiveJob(client, jobId, { dir });
    expect(first).toMatchObject({ state: 'archived', complete: false, status: 'running', resultFiles: 0 });
    expect((await Metrics.fromArchive(first.path)).coverage.lastStep).toBe(30);
    sim.advanceJob(jobId, { to: 'succeeded' });
    const second = await archiveJob(client, jobId, { dir });
    expect(second).toMatchObject({ state: 'refreshed', complete: true, status: 'succeeded', resultFiles: 1 });
    expect((await Metrics.fromArchive(second.path)).coverage.lastStep).toBe(60);
  });

  it('replaces a corrupt archive and never leaves temporary files', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    await writeFile(join(dir, `${jobId}.json`), '{"format": "finetune-kit.job-archive", "ver');
    const result = await archiveJob(client, jobId, { dir });
    // The corrupt file was not an archive, so this counts as a first archive.
    expect(result.state).toBe('archived');
    expect(await readdir(dir)).toEqual([`${jobId}.json`]);
    expect((await readJobArchive(result.path)).complete).toBe(true);
  });

  it('reports progress with frozen objects', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    const progress: ArchiveProgress[] = [];
    await archiveJob(client, jobId, { dir, onProgress: (entry) => progress.push(entry) });
    expect(progress.map((entry) => (entry.phase === 'job' ? entry.state : entry.phase))).toEqual([
      'started',
      'archived',
    ]);
    expect(Object.isFrozen(progress[0])).toBe(true);
  });

  it('aborts without writing anything', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    const controller = new AbortController();
    controller.abort();
    await expect(archiveJob(client, jobId, { dir, signal: controller.signal })).rejects.toSatisfy((error) =>
      FinetuneKitAbortError.isInstance(error),
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses job ids that are not safe file names and a missing dir', async () => {
    const { client } = await simulatedJob();
    await expect(archiveJob(client, '../../etc/passwd', { dir })).rejects.toThrowError(FinetuneKitUsageError);
    await expect(archiveJob(client, 'ftjob-x', { dir: '' })).rejects.toThrowError(/options.dir/);
  });
});

describe('archiveAll', () => {
  it('archives every listed job matching the metadata filter, then resumes by skipping them', async () => {
    const { sim, client, jobId } = await simulatedJob({}, { project: 'pip' });
    const trainingFile = await upload(sim, client, chatJsonl(12), 'other.jsonl');
    const second = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: trainingFile,
      metadata: { project: 'pip' },
    });
    const unrelated = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: trainingFile,
      metadata: { project: 'other' },
    });
    sim.runUntilIdle();
    const progress: ArchiveProgress[] = [];
    const result = await archiveAll(client, {
      dir,
      metadata: { project: 'pip' },
      onProgress: (entry) => progress.push(entry),
    });
    expect(result.failed).toEqual([]);
    expect(result.archived.map((entry) => entry.jobId).sort()).toEqual([jobId, second.id].sort());
    expect(progress[0]).toEqual({ phase: 'listing', jobsFound: 2 });
    expect(progress.filter((entry) => entry.phase === 'job' && entry.state === 'archived')).toHaveLength(2);
    expect((await readdir(dir)).sort()).toEqual([`${jobId}.json`, `${second.id}.json`].sort());
    expect(await readdir(dir)).not.toContain(`${unrelated.id}.json`);

    const rerun = await archiveAll(client, { dir, metadata: { project: 'pip' } });
    expect(rerun.archived.map((entry) => entry.state)).toEqual(['skipped', 'skipped']);
  });

  it('applies a client-side filter and a limit', async () => {
    const { sim, client } = await simulatedJob();
    const trainingFile = await upload(sim, client, chatJsonl(12), 'other.jsonl');
    await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: trainingFile,
      suffix: 'keep',
    });
    sim.runUntilIdle();
    const result = await archiveAll(client, { dir, filter: (job) => job.status === 'succeeded', limit: 1 });
    expect(result.archived).toHaveLength(1);
  });

  it('collects failures and goes on, unless told not to', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.runUntilIdle();
    const broken = {
      ...client,
      fineTuning: {
        ...client.fineTuning,
        jobs: Object.assign(Object.create(client.fineTuning.jobs), {
          list: client.fineTuning.jobs.list.bind(client.fineTuning.jobs),
          retrieve: async () => {
            throw Object.assign(new Error('500 The server had an error'), { status: 500 });
          },
        }),
      },
    } as typeof client;
    const result = await archiveAll(broken, { dir });
    expect(result.archived).toEqual([]);
    expect(result.failed).toEqual([
      { jobId, error: expect.objectContaining({ message: '500 The server had an error' }) },
    ]);
    await expect(archiveAll(broken, { dir, continueOnError: false })).rejects.toThrow(
      '500 The server had an error',
    );
  });
});

describe('readJobArchive and parseJobArchive', () => {
  it('name the problem and the path', async () => {
    await expect(readJobArchive(join(dir, 'missing.json'))).rejects.toThrowError(JobArchiveError);
    await writeFile(
      join(dir, 'old.json'),
      JSON.stringify({ format: 'finetune-kit.job-archive', version: 0 }),
    );
    await expect(readJobArchive(join(dir, 'old.json'))).rejects.toThrow(
      /archive version 0; this finetune-kit reads version 1/,
    );
    expect(() => parseJobArchive({ format: 'other' }, 'x.json')).toThrow(
      /x.json: not a finetune-kit job archive: "format"/,
    );
    await expect(Metrics.fromArchive({ nope: true })).rejects.toThrowError(JobArchiveError);
  });
});
