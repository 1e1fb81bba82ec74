import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatasetError,
  FinetuneKitAbortError,
  FinetuneKitApiError,
  FinetuneKitTimeoutError,
  FinetuneKitUsageError,
  UploadError,
} from '../../src/errors.js';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import type { RetryContext } from '../../src/job/retry.js';
import { type UploadProgress, uploadTrainingFile } from '../../src/job/upload-training-file.js';
import { chatJsonl, harness } from './helpers/sim.js';

const decode = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'finetune-kit-upload-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('uploadTrainingFile: Files API', () => {
  it('validates, uploads and waits until processed, reporting each phase', async () => {
    const { sim, client, clock } = harness({ timing: { fileProcessingMs: 5000 } });
    const progress: UploadProgress[] = [];
    const text = chatJsonl(12);
    const uploaded = await uploadTrainingFile(client, text, {
      model: 'gpt-4o-mini',
      clock,
      onProgress: (p) => progress.push(p),
    });
    expect(uploaded).toMatchObject({
      via: 'files',
      filename: 'training.jsonl',
      bytes: new TextEncoder().encode(text).length,
    });
    expect(uploaded.file.status).toBe('processed');
    expect(uploaded.report?.ok).toBe(true);
    expect(uploaded.report?.examples).toBe(12);
    expect(decode(sim.getFileContent(uploaded.id))).toBe(text);
    expect(sim.requests.find((request) => request.path === '/files')?.body).toBeTruthy();
    expect([...new Set(progress.map((p) => p.phase))]).toEqual([
      'validating',
      'uploading',
      'processing',
      'done',
    ]);
    expect(progress.at(-1)).toMatchObject({
      phase: 'done',
      loadedBytes: uploaded.bytes,
      totalBytes: uploaded.bytes,
      fileId: uploaded.id,
    });
    expect(clock.slept).toBeGreaterThanOrEqual(5000);
  });

  it('reads a path, a file: URL, bytes, an ArrayBuffer and a File alike', async () => {
    const { sim, client, clock } = harness();
    const text = chatJsonl(10);
    const path = join(directory, 'support.jsonl');
    await writeFile(path, text);
    const bytes = new TextEncoder().encode(text);
    const results = [
      await uploadTrainingFile(client, path, { clock }),
      await uploadTrainingFile(client, new URL(`file://${path}`), { clock }),
      await uploadTrainingFile(client, bytes, { clock, filename: 'bytes.jsonl' }),
      await uploadTrainingFile(client, bytes.buffer.slice(0), { clock }),
      await uploadTrainingFile(client, new File([text], 'named.jsonl'), { clock }),
    ];
    expect(results.map((result) => result.filename)).toEqual([
      'support.jsonl',
      'support.jsonl',
      'bytes.jsonl',
      'training.jsonl',
      'named.jsonl',
    ]);
    for (const result of results) expect(decode(sim.getFileContent(result.id))).toBe(text);
  });

  it('refuses a file with errors, with the report attached, unless force', async () => {
    const { sim, client, clock } = harness();
    const broken = `${chatJsonl(10)}\n{"messages": [{"role": "user", "content": "no answer"}]}\n{not json`;
    const error = await uploadTrainingFile(client, broken, { model: 'gpt-4o-mini', clock }).catch(
      (caught: unknown) => caught,
    );
    expect(DatasetError.isInstance(error)).toBe(true);
    const datasetError = error as DatasetError;
    expect(datasetError.code).toBe('dataset_invalid');
    expect(datasetError.message).toMatch(
      /^Refusing to upload training\.jsonl: validation found \d+ errors \(.*invalid_json ×1.*\); first: line 1[12]: /,
    );
    expect((datasetError.report as { ok: boolean }).ok).toBe(false);
    expect(sim.requests).toHaveLength(0); // nothing was sent
    const forced = await uploadTrainingFile(client, broken, { model: 'gpt-4o-mini', clock, force: true });
    expect(forced.report?.ok).toBe(false);
    expect(decode(sim.getFileContent(forced.id))).toBe(broken);
  });

  it("holds a validation file ({ role: 'validation' }) to no minimum, and names it when refusing it", async () => {
    const { client, clock } = harness();
    const two = await uploadTrainingFile(client, chatJsonl(2), {
      model: 'gpt-4o-mini',
      clock,
      filename: 'valid.jsonl',
      validation: { role: 'validation' },
    });
    expect(two.report).toMatchObject({ ok: true, examples: 2 });
    const error = await uploadTrainingFile(client, `${chatJsonl(2)}\n{not json`, {
      model: 'gpt-4o-mini',
      clock,
      filename: 'valid.jsonl',
      validation: { role: 'validation' },
    }).catch((caught: unknown) => caught);
    expect((error as DatasetError).message).toMatch(
      /^Refusing to upload validation file valid\.jsonl: validation found 1 error \(invalid_json ×1\)/,
    );
  });

  it('refuses a 9-example file locally when FineTuneJob.create gets it as text', async () => {
    const { sim, client, clock } = harness();
    const error = await FineTuneJob.create(
      client,
      { model: 'gpt-4o-mini', training_file: chatJsonl(9) },
      { clock },
    ).catch((caught: unknown) => caught);
    expect(DatasetError.isInstance(error)).toBe(true);
    expect((error as DatasetError).report).toMatchObject({ countsByCode: { too_few_examples: 1 } });
    expect(sim.requests).toHaveLength(0);
  });

  it('turns a file that fails processing into UploadError with the server’s reason', async () => {
    const { client, clock } = harness({
      fileProcessing: () => 'Invalid file format: line 3 is not valid JSON.',
    });
    const error = await uploadTrainingFile(client, chatJsonl(10), {
      validate: false,
      clock,
    }).catch((caught: unknown) => caught);
    expect(UploadError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'file_processing_failed' });
    expect((error as UploadError).fileId).toMatch(/^file-/);
    expect((error as Error).message).toMatch(
      /failed processing: Invalid file format: line 3 is not valid JSON\.$/,
    );
  });

  it('times out waiting for processing on the injected clock', async () => {
    const { client, clock } = harness({ timing: { fileProcessingMs: 3_600_000 } });
    const error = await uploadTrainingFile(client, chatJsonl(10), {
      validate: false,
      clock,
      processingTimeoutMs: 60_000,
      processingPollIntervalMs: 5000,
    }).catch((caught: unknown) => caught);
    expect(FinetuneKitTimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^File file-\w+ \(training\.jsonl\) was not processed within 60000 ms \(last status: uploaded\)\.$/,
    );
    expect(clock.slept).toBe(60_000);
  });

  it('retries a failed upload request (the body is a Blob, safe to send again)', async () => {
    const { sim, client, clock } = harness();
    sim.faults.serverError({ status: 502, times: 2, match: { method: 'POST', path: '/files' } });
    const retries: RetryContext[] = [];
    const uploaded = await uploadTrainingFile(client, chatJsonl(10), {
      validate: false,
      clock,
      onRetry: (r) => retries.push(r),
    });
    expect(retries.map((retry) => [retry.operation, retry.status])).toEqual([
      ['files.create', 502],
      ['files.create', 502],
    ]);
    expect(decode(sim.getFileContent(uploaded.id))).toBe(chatJsonl(10));
  });

  it('rejects bad inputs and options with clear errors', async () => {
    const { client, clock } = harness();
    await expect(uploadTrainingFile(client, '', { clock })).rejects.toThrow('input is an empty string.');
    await expect(
      uploadTrainingFile(client, join(directory, 'missing.jsonl'), { clock }),
    ).rejects.toMatchObject({
      code: 'file_not_found',
      message: `Cannot upload ${join(directory, 'missing.jsonl')}: no such file.`,
    });
    await expect(uploadTrainingFile(client, new Uint8Array(), { clock })).rejects.toMatchObject({
      code: 'empty_file',
    });
    await expect(
      uploadTrainingFile(client, chatJsonl(10), { clock, partSize: 128 * 1024 * 1024 }),
    ).rejects.toThrow(FinetuneKitUsageError);
    await expect(
      uploadTrainingFile(client, new URL('https://example.com/train.jsonl'), { clock }),
    ).rejects.toThrow(/file: URL/);
    class HugeBlob extends Blob {
      override get size() {
        return 9 * 1024 ** 3;
      }
    }
    await expect(
      uploadTrainingFile(client, new HugeBlob(['x']), { clock, validate: false }),
    ).rejects.toMatchObject({
      code: 'file_too_large',
    });
  });
});

describe('uploadTrainingFile: Uploads API (small thresholds)', () => {
  const text = chatJsonl(60);
  const size = new TextEncoder().encode(text).length;
  const small = { filesApiMaxBytes: 1024, partSize: 1000 } as const;

  it('sends parts with bounded concurrency, completes with the md5, and reports byte progress', async () => {
    const base = harness();
    let inFlight = 0;
    let maxInFlight = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const isPart = String(input instanceof Request ? input.url : input).includes('/parts');
      if (isPart) maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        // Let other parts start while this one is "on the wire".
        if (isPart) await new Promise((resolve) => setImmediate(resolve));
        return await base.sim.fetch(input, init);
      } finally {
        if (isPart) inFlight -= 1;
      }
    };
    const { client } = harness({}, { fetch });
    const progress: UploadProgress[] = [];
    const uploaded = await uploadTrainingFile(client, text, {
      ...small,
      concurrency: 3,
      md5: true,
      validate: false,
      clock: base.clock,
      onProgress: (p) => progress.push(p),
    });
    const parts = Math.ceil(size / 1000);
    expect(uploaded.via).toBe('uploads');
    expect(decode(base.sim.getFileContent(uploaded.id))).toBe(text);
    expect(maxInFlight).toBe(3);
    const complete = base.sim.requests.find((request) => request.path.endsWith('/complete'));
    expect(complete?.body).toMatchObject({ md5: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const uploading = progress.filter((p) => p.phase === 'uploading' && p.partsDone > 0);
    expect(uploading.map((p) => p.partsDone)).toEqual(Array.from({ length: parts }, (_, index) => index + 1));
    expect(uploading.at(-1)).toMatchObject({
      loadedBytes: size,
      totalBytes: size,
      partsTotal: parts,
      via: 'uploads',
    });
    expect(
      uploading.every((p, index) => index === 0 || p.loadedBytes > (uploading[index - 1]?.loadedBytes ?? 0)),
    ).toBe(true);
  });

  it('retries a failed part on its own and keeps parts in order', async () => {
    const { sim, client, clock } = harness();
    sim.faults.script({ method: 'POST', path: '/uploads/*/parts' }, [
      'pass',
      { kind: 'error', status: 500 },
      { kind: 'drop' },
      'pass',
    ]);
    const retries: RetryContext[] = [];
    const uploaded = await uploadTrainingFile(client, text, {
      ...small,
      validate: false,
      clock,
      onRetry: (r) => retries.push(r),
    });
    expect(retries.map((retry) => retry.reason).sort()).toEqual(['connection', 'server_error']);
    expect(decode(sim.getFileContent(uploaded.id))).toBe(text);
  });

  it.each([
    ['the connection drops', 'drop' as const],
    ['a gateway answers 502', 502],
  ])(
    'finds the completed file when the answer to complete is lost (%s), instead of orphaning it',
    async (_, status) => {
      const { sim, client, clock } = harness();
      sim.addFile({ filename: 'train.jsonl', content: chatJsonl(12) }); // an older file of the same name
      sim.faults.loseResponse({ match: { method: 'POST', path: '/uploads/*/complete' }, status });
      const retries: RetryContext[] = [];
      const uploaded = await uploadTrainingFile(client, text, {
        ...small,
        validate: false,
        clock,
        onRetry: (retry) => retries.push(retry),
      });
      expect(retries.map((retry) => retry.operation)).toEqual(['uploads.complete']);
      const completes = sim.requests.filter((request) => request.path.endsWith('/complete'));
      expect(completes.map((request) => request.status)).toEqual([status === 'drop' ? null : status, 400]);
      expect(uploaded).toMatchObject({ via: 'uploads', bytes: size, file: { status: 'processed' } });
      expect(decode(sim.getFileContent(uploaded.id))).toBe(text);
      expect(sim.requests.some((request) => request.path.endsWith('/cancel'))).toBe(false);
    },
  );

  it('says so, naming the upload, when the file of a lost complete answer is not in files.list', async () => {
    const base = harness();
    // A files.list that (eventually consistent, say) does not show the new file yet.
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname.endsWith('/files') && (init?.method ?? 'GET') === 'GET') {
        return Response.json({ object: 'list', data: [], has_more: false, first_id: null, last_id: null });
      }
      return base.sim.fetch(input, init);
    };
    const { client } = harness({}, { fetch });
    base.sim.faults.loseResponse({ match: { method: 'POST', path: '/uploads/*/complete' } });
    const error = await uploadTrainingFile(client, text, {
      ...small,
      validate: false,
      clock: base.clock,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UploadError);
    expect(error).toMatchObject({ code: 'upload_incomplete' });
    expect((error as UploadError).message).toMatch(
      new RegExp(
        `^Upload upload_\\w+ \\(training\\.jsonl\\) was completed by an attempt whose answer was lost, but files\\.list has no fine-tune file named training\\.jsonl of ${size} bytes since it was created\\.$`,
      ),
    );
  });

  it('cancels the upload when a part fails for good', async () => {
    const { sim, client, clock } = harness();
    sim.faults.script({ method: 'POST', path: '/uploads/*/parts' }, [
      'pass',
      { kind: 'error', status: 400, message: 'Part rejected.' },
    ]);
    const error = await uploadTrainingFile(client, text, { ...small, validate: false, clock }).catch(
      (caught: unknown) => caught,
    );
    expect(FinetuneKitApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ operation: 'uploads.parts.create', status: 400 });
    const cancel = sim.requests.find((request) => request.path.endsWith('/cancel'));
    expect(cancel?.status).toBe(200);
  });

  it('cancels the upload when the caller aborts', async () => {
    const { sim, client, clock } = harness();
    const controller = new AbortController();
    const error = await uploadTrainingFile(client, text, {
      ...small,
      validate: false,
      clock,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.partsDone === 2) controller.abort();
      },
    }).catch((caught: unknown) => caught);
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    expect(sim.requests.some((request) => request.path.endsWith('/cancel'))).toBe(true);
    expect(sim.requests.some((request) => request.path.endsWith('/complete'))).toBe(false);
  });
});
