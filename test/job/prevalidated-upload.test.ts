import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Dataset } from '../../src/dataset/index.js';
import { DatasetError } from '../../src/errors.js';
import { type UploadProgress, uploadTrainingFile } from '../../src/job/upload-training-file.js';
import { chatJsonl, harness } from './helpers/sim.js';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'finetune-kit-prevalidated-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Writes a file, validates it the way `run` does, and notes its size and mtime first. */
async function validatedFile(name: string, text: string) {
  const path = join(directory, name);
  await writeFile(path, text);
  const info = await stat(path);
  const report = await Dataset.fromFile(path).validate({ model: 'gpt-4o-mini' });
  return { path, entry: { path, size: info.size, mtimeMs: info.mtimeMs, report } };
}

describe('uploadTrainingFile with a report made before (validated)', () => {
  it('uses the report of an unchanged file instead of validating it again', async () => {
    const { client, clock } = harness();
    const { path, entry } = await validatedFile('same.jsonl', chatJsonl(12));
    const validate = vi.spyOn(Dataset.prototype, 'validate');
    const phases: UploadProgress['phase'][] = [];
    try {
      const uploaded = await uploadTrainingFile(client, path, {
        model: 'gpt-4o-mini',
        clock,
        validated: [entry],
        onProgress: (progress) => phases.push(progress.phase),
      });
      expect(validate).toHaveBeenCalledTimes(0);
      expect(uploaded.report).toBe(entry.report);
      expect(uploaded.file.status).toBe('processed');
      expect(phases).not.toContain('validating');
    } finally {
      validate.mockRestore();
    }
  });

  it('validates again when the file changed since (other mtime), and refuses what is now invalid', async () => {
    const { client, clock } = harness();
    const { path, entry } = await validatedFile('changed.jsonl', chatJsonl(12));
    // Same size, new content and mtime: the old report must not be trusted.
    const broken = chatJsonl(12).replace('"role":"assistant"', '"role":"assistent"');
    await writeFile(path, broken.padEnd(entry.size, ' ').slice(0, entry.size));
    await utimes(path, new Date(), new Date(entry.mtimeMs + 60_000));
    const validate = vi.spyOn(Dataset.prototype, 'validate');
    try {
      const error = await uploadTrainingFile(client, path, {
        model: 'gpt-4o-mini',
        clock,
        validated: entry,
      }).catch((caught: unknown) => caught);
      expect(validate).toHaveBeenCalledTimes(1);
      expect(DatasetError.isInstance(error)).toBe(true);
      expect((error as DatasetError).code).toBe('dataset_invalid');
    } finally {
      validate.mockRestore();
    }
  });

  it('refuses from a trusted report with errors without reading the file again', async () => {
    const { client, clock, sim } = harness();
    const { path, entry } = await validatedFile('few.jsonl', chatJsonl(3));
    expect(entry.report.ok).toBe(false);
    const validate = vi.spyOn(Dataset.prototype, 'validate');
    try {
      const error = await uploadTrainingFile(client, path, {
        model: 'gpt-4o-mini',
        clock,
        validated: [entry],
      }).catch((caught: unknown) => caught);
      expect(validate).toHaveBeenCalledTimes(0);
      expect((error as DatasetError).message).toMatch(
        /^Refusing to upload .*few\.jsonl: validation found 1 error \(too_few_examples ×1\)/,
      );
      expect(sim.requests.filter((request) => request.path === '/files')).toHaveLength(0);
    } finally {
      validate.mockRestore();
    }
  });

  it('ignores a report made for another path', async () => {
    const { client, clock } = harness();
    const { entry } = await validatedFile('other.jsonl', chatJsonl(12));
    const { path } = await validatedFile('this.jsonl', chatJsonl(12));
    const validate = vi.spyOn(Dataset.prototype, 'validate');
    try {
      const uploaded = await uploadTrainingFile(client, path, {
        model: 'gpt-4o-mini',
        clock,
        validated: [entry],
      });
      expect(validate).toHaveBeenCalledTimes(1);
      expect(uploaded.report).not.toBe(entry.report);
      expect(uploaded.report?.ok).toBe(true);
    } finally {
      validate.mockRestore();
    }
  });
});
