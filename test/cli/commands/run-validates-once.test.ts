import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Dataset } from '../../../src/dataset/index.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import { type SimulatorServer, startSimulatorServer } from '../helpers/simulator-server.js';

let server: SimulatorServer;
let dir: string;
beforeAll(async () => {
  server = await startSimulatorServer({ autoAdvanceMs: 10_000 });
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-run-validation-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('finetune-kit run', () => {
  it('validates the files once: the upload takes the report of step 1', async () => {
    // The simulator validates uploads too, from the bytes it received: count the files opened from disk.
    const opened = vi.spyOn(Dataset, 'fromFile');
    try {
      const run = await runCliInProcess(
        [
          'run',
          'examples/data/chat-support.jsonl',
          '--validation-file',
          'examples/data/chat-support-validation.jsonl',
          '--no-chat',
        ],
        { simulator: server.sim },
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Training file: examples/data/chat-support.jsonl  ✓ valid');
      // One validation (training and validation file together) in step 1, none in the uploads.
      expect(opened.mock.calls.map(([path]) => String(path))).toEqual([
        expect.stringMatching(/examples\/data\/chat-support\.jsonl$/),
      ]);
      const uploads = server.sim.requests.filter(
        (request) => request.method === 'POST' && request.path === '/files',
      );
      expect(uploads).toHaveLength(2);
    } finally {
      opened.mockRestore();
    }
  });

  it('takes a 2-example validation file (validation files have no 10-example minimum) to the end', async () => {
    const lines = (path: string) => readFile(path, 'utf8').then((text) => text.trim().split('\n'));
    const train = join(dir, 'train.jsonl');
    const valid = join(dir, 'valid.jsonl');
    await writeFile(train, `${(await lines('examples/data/chat-support.jsonl')).slice(0, 12).join('\n')}\n`);
    await writeFile(
      valid,
      `${(await lines('examples/data/chat-support-validation.jsonl')).slice(0, 2).join('\n')}\n`,
    );
    const run = await runCliInProcess(['run', train, '--validation-file', valid, '--no-chat'], {
      simulator: server.sim,
    });
    expect(run.stderr).not.toContain('too_few_examples');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Validation file: .*valid\.jsonl {2}✓ valid/);
    expect(run.stdout).toMatch(/✓ ftjob-\w+ succeeded in /);
  });
});
