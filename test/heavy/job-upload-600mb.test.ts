/**
 * A 600 MB training file, generated on the fly into a temporary directory (never committed), goes
 * through the Uploads API: 64 MB parts read from disk a slice at a time, three in flight, MD5 checked
 * by the simulator at completion, then waited on until processed.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type UploadProgress, uploadTrainingFile } from '../../src/job/upload-training-file.js';
import { createSimulator } from '../../src/testing/index.js';

const TARGET_BYTES = 600 * 1000 * 1000;
let directory = '';
let path = '';

async function writeJsonl(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  let written = 0;
  let index = 0;
  while (written < bytes) {
    const lines: string[] = [];
    for (let batch = 0; batch < 20_000; batch += 1, index += 1) {
      lines.push(
        JSON.stringify({
          messages: [
            { role: 'system', content: 'You are a concise support assistant for Acme routers.' },
            {
              role: 'user',
              content: `Ticket ${index}: my R${index % 977} router blinks orange after update ${index % 31}.`,
            },
            {
              role: 'assistant',
              content: `Hold reset on the R${index % 977} for 10 s, then reapply firmware ${index % 31}.`,
            },
          ],
        }),
      );
    }
    const chunk = `${lines.join('\n')}\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return written;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'finetune-kit-600mb-'));
  path = join(directory, 'train-600mb.jsonl');
  await writeJsonl(path, TARGET_BYTES);
}, 120_000);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

it('uploads 600 MB through the Uploads API in 64 MB parts with an MD5', async () => {
  const size = (await stat(path)).size;
  expect(size).toBeGreaterThanOrEqual(TARGET_BYTES);
  const sim = createSimulator({ clock: 'manual', pollAfterMs: 0, timing: { fileProcessingMs: 1000 } });
  const client = new OpenAI({
    apiKey: 'sk-sim-heavy-000000',
    baseURL: sim.baseURL,
    fetch: sim.fetch,
    maxRetries: 0,
  });
  const progress: UploadProgress[] = [];
  let peakExternal = 0;
  const clock = {
    now: () => sim.clock.now(),
    sleep: async (ms: number) => {
      sim.clock.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  const uploaded = await uploadTrainingFile(client, path, {
    // Validation of 600 MB is measured by the dataset benchmarks; here the upload path is under test.
    validate: false,
    md5: true,
    clock,
    onProgress: (update) => {
      progress.push(update);
      peakExternal = Math.max(peakExternal, process.memoryUsage().arrayBuffers);
    },
  });
  expect(uploaded.via).toBe('uploads');
  expect(uploaded.bytes).toBe(size);
  expect(uploaded.file).toMatchObject({ status: 'processed', bytes: size, filename: 'train-600mb.jsonl' });
  const parts = sim.requests.filter((request) => request.path.endsWith('/parts'));
  expect(parts).toHaveLength(Math.ceil(size / (64 * 1024 * 1024)));
  const complete = sim.requests.find((request) => request.path.endsWith('/complete'));
  expect(complete?.status).toBe(200);
  const done = progress.filter((update) => update.phase === 'uploading' && update.partsDone > 0);
  expect(done.at(-1)).toMatchObject({ loadedBytes: size, partsDone: parts.length, partsTotal: parts.length });
  console.log(
    `600 MB upload: ${parts.length} parts; peak arrayBuffers ${(peakExternal / 1e6).toFixed(0)} MB (the simulator keeps every part in memory)`,
  );
}, 600_000);
