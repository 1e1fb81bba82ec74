import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Dataset } from '../../../src/dataset/index.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import { type SimulatorServer, startSimulatorServer } from '../helpers/simulator-server.js';

let server: SimulatorServer;
beforeAll(async () => {
  server = await startSimulatorServer({ autoAdvanceMs: 10_000 });
});
afterAll(() => server.close());

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
});
