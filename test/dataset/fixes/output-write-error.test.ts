import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputWriteError } from '../../../src/dataset/fixes/output-write-error.js';
import { Dataset } from '../../../src/dataset/index.js';
import { chatLines, jsonl } from '../helpers/datasets.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'finetune-kit-write-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('output write errors', () => {
  it('name the output the caller gave, never the temporary file', async () => {
    const target = join(directory, 'out.jsonl');
    await mkdir(target);
    const error: unknown = await Dataset.fromString(jsonl(chatLines(3)))
      .fix()
      .toFile(target)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toMatchObject({
      code: 'output_unwritable',
      message: `Cannot write ${target}: it is a directory.`,
    });
    expect((error as Error).message).not.toContain('.partial');
    expect((error as Error).cause).toMatchObject({ code: 'EISDIR' });
    expect(await readdir(directory)).toEqual(['out.jsonl']);
  });

  it('say which output of a split failed, and leave neither', async () => {
    const missing = join(directory, 'nowhere', 'valid.jsonl');
    const train = join(directory, 'train.jsonl');
    await expect(
      Dataset.fromString(jsonl(chatLines(20)))
        .split()
        .toFiles(train, missing),
    ).rejects.toMatchObject({
      code: 'output_unwritable',
      message: `Cannot write ${missing}: its directory does not exist.`,
    });
    expect(await readdir(directory)).not.toContain('train.jsonl');
  });

  it('leave errors about other paths, or without a file-system code, unchanged', () => {
    const input = Object.assign(new Error('EACCES: permission denied'), {
      code: 'EACCES',
      path: '/data/in.jsonl',
    });
    expect(outputWriteError(input, '/data/out.jsonl')).toBe(input);
    const other = new TypeError('bad');
    expect(outputWriteError(other, '/data/out.jsonl')).toBe(other);
  });
});
