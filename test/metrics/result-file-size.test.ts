/**
 * The result-file size cap: a file above `maxResultFileBytes` throws `MetricsFormatError`
 * (`result_file_too_large`) naming the file, the size and the option, before it is decoded, and
 * the download stops as soon as the body is known to be too large. Small caps keep it fast.
 */
import { describe, expect, it } from 'vitest';
import { FinetuneKitUsageError } from '../../src/errors.js';
import {
  DEFAULT_MAX_RESULT_FILE_BYTES,
  decodeResultFile,
  maxServedResultFileBytes,
} from '../../src/metrics/decode-result-file.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { MetricsFormatError } from '../../src/metrics/metrics-format-error.js';
import { readBoundedBody } from '../../src/metrics/read-bounded-body.js';
import { runCliInProcess } from '../cli/helpers/run-cli-in-process.js';
import { harness } from '../job/helpers/sim.js';
import { serveResultFile, simulatedJob } from './helpers/sim.js';

/** A result CSV of `steps` rows (about 20 bytes each). */
function resultCsv(steps: number): string {
  const rows = Array.from({ length: steps }, (_, index) => `${index + 1},${(3 / (index + 1)).toFixed(5)}`);
  return `step,train_loss\n${rows.join('\n')}\n`;
}

/** A size in KiB as the messages write it. */
function kib(bytes: number): string {
  return `${Number((bytes / 1024).toFixed(1))} KiB`;
}

/** Catches the error of `run`, failing the test when it does not throw. */
async function caught(run: () => unknown): Promise<MetricsFormatError> {
  try {
    await run();
  } catch (error) {
    if (MetricsFormatError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a MetricsFormatError');
}

describe('decodeResultFile size cap', () => {
  const csv = resultCsv(100);
  const size = new TextEncoder().encode(csv).length;

  it('defaults to 64 MiB and accepts a file of exactly maxBytes, plain or base64, text or bytes', () => {
    expect(DEFAULT_MAX_RESULT_FILE_BYTES).toBe(64 * 1024 * 1024);
    for (const input of [
      csv,
      btoa(csv),
      new TextEncoder().encode(csv),
      new TextEncoder().encode(btoa(csv)),
    ]) {
      const decoded = decodeResultFile(input, { id: 'file-ok', maxBytes: size });
      expect(decoded.ok && decoded.text).toBe(csv);
    }
  });

  it('refuses one byte more, naming the file, the decoded size and the option', async () => {
    for (const input of [
      csv,
      btoa(csv),
      new TextEncoder().encode(csv),
      new TextEncoder().encode(btoa(csv)),
    ]) {
      const error = await caught(() => decodeResultFile(input, { id: 'file-big', maxBytes: size - 1 }));
      expect(error.code).toBe('result_file_too_large');
      expect(error.path).toBe('file-big');
      expect(error.message).toBe(
        `result file file-big decodes to ${kib(size)} (${size} bytes), above the limit of ${kib(size - 1)} (${size - 1} bytes) (option maxResultFileBytes); pass a larger maxResultFileBytes to read it.`,
      );
    }
  });

  it('refuses a body too long to decode within the limit from its length alone', async () => {
    const body = new TextEncoder().encode(btoa(resultCsv(2000)));
    const error = await caught(() => decodeResultFile(body, { id: 'file-huge', maxBytes: 1000 }));
    expect(error.message).toContain(
      `result file file-huge is ${(body.length / 1024).toFixed(1)} KiB (${body.length} bytes) as served`,
    );
    expect(body.length).toBeGreaterThan(maxServedResultFileBytes(1000));
  });

  it('still decodes base64 exactly (padding, line breaks, a BOM inside) and rejects bad limits', () => {
    for (const text of ['step,a\n1,2\n', 'step,ab\n1,2\n', 'step,abc\n1,2\n', '\uFEFFstep,x\n1,2\n']) {
      const bytes = new TextEncoder().encode(text);
      const encoded = btoa(String.fromCharCode(...bytes)).replace(/(.{4})/g, '$1\r\n');
      const decoded = decodeResultFile(encoded);
      expect(decoded.ok && decoded.text).toBe(text.replace('\uFEFF', ''));
    }
    expect(() => decodeResultFile('step,a\n', { maxBytes: 0 })).toThrowError(FinetuneKitUsageError);
    expect(() => decodeResultFile('step,a\n', { maxBytes: 1.5 })).toThrowError(
      /maxResultFileBytes must be a positive integer/,
    );
  });

  it('applies to Metrics.fromResultFile and Metrics.from through maxResultFileBytes', async () => {
    expect((await caught(() => Metrics.fromResultFile(btoa(csv), { maxResultFileBytes: 100 }))).code).toBe(
      'result_file_too_large',
    );
    const error = await caught(() =>
      Metrics.from({ resultFiles: [{ id: 'file-x', content: csv }], csv: { maxResultFileBytes: 100 } }),
    );
    expect(error.message).toMatch(/^result file file-x (is|decodes to) .*maxResultFileBytes/);
    expect(
      Metrics.fromResultFile(csv, { maxResultFileBytes: size }).series('train_loss').toValues(),
    ).toHaveLength(100);
  });
});

describe('readBoundedBody', () => {
  /** An endless body of 1 KiB chunks, counting the chunks pulled. */
  function endlessResponse(headers: Record<string, string> = {}) {
    const pulled = { count: 0, cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled.count += 1;
        controller.enqueue(new Uint8Array(1024).fill(0x41));
      },
      cancel() {
        pulled.cancelled = true;
      },
    });
    return { response: new Response(stream, { headers }), pulled };
  }

  it('stops the download once the limit is passed and cancels the stream', async () => {
    const { response, pulled } = endlessResponse();
    await expect(
      readBoundedBody(response, 10_000, (size, atLeast) => new Error(`too large: ${size} ${atLeast}`)),
    ).rejects.toThrowError('too large: 10240 true');
    expect(pulled.cancelled).toBe(true);
    expect(pulled.count).toBeLessThanOrEqual(12);
  });

  it('refuses a Content-Length above the limit without reading, and reads a body within it', async () => {
    const { response, pulled } = endlessResponse({ 'content-length': '5000000' });
    await expect(
      readBoundedBody(response, 10_000, (size) => new Error(`declared ${size}`)),
    ).rejects.toThrowError('declared 5000000');
    expect(pulled.count).toBeLessThanOrEqual(1);
    const small = await readBoundedBody(new Response('step,a\n1,2\n'), 100, () => new Error('no'));
    expect(new TextDecoder().decode(small)).toBe('step,a\n1,2\n');
  });
});

describe('an oversized result file served by the simulator', () => {
  it('Metrics.fromJob refuses it with the option in the message, and reads it within a larger cap', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    const fileId = sim.getJob(jobId)?.result_files[0] as string;
    const served = sim.getFileContent(fileId)?.length ?? 0;
    expect(served).toBeGreaterThan(maxServedResultFileBytes(1000));
    const error = await caught(() => Metrics.fromJob(client, jobId, { maxResultFileBytes: 1000 }));
    expect(error.code).toBe('result_file_too_large');
    expect(error.path).toBe(fileId);
    expect(error.message).toMatch(
      new RegExp(
        `^result file ${fileId} is (more than )?[\\d.]+ KiB \\(\\d+ bytes\\) as served, above the limit of 1000 bytes \\(option maxResultFileBytes\\)`,
      ),
    );
    const decodedSize = Math.floor((served * 3) / 4) + 1;
    const metrics = await Metrics.fromJob(client, jobId, { maxResultFileBytes: decodedSize });
    expect(
      metrics.points.some(
        (point) => point.sources.train_loss === 'csv' || point.sources.train_loss === 'event',
      ),
    ).toBe(true);
    expect(metrics.issues).toEqual([]);
  });

  it('job.metrics() passes the cap on', async () => {
    const { sim, createJob } = harness();
    const job = await createJob(12);
    await job.wait();
    const fileId = serveResultFile(sim, job.id, btoa(resultCsv(500)));
    const error = await caught(() => job.metrics({ maxResultFileBytes: 4096 }));
    expect(error.message).toContain(`result file ${fileId} `);
    expect(error.message).toContain('maxResultFileBytes');
  });

  it('job.resultFiles() refuses a 200 MB body from its Content-Length without reading it', async () => {
    const pulled = { count: 0 };
    // The simulator's own result file is small: this fetch serves an endless body declared as 200 MB.
    const fetchWithHugeResult: typeof fetch = async (input, init) => {
      const response = await sim.fetch(input, init);
      if (
        !/\/files\/[^/]+\/content$/.test(
          new URL(String(input instanceof Request ? input.url : input)).pathname,
        )
      )
        return response;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled.count += 1;
          controller.enqueue(new Uint8Array(1 << 20).fill(0x41));
        },
      });
      return new Response(body, { headers: { 'content-length': String(200 * 1024 * 1024) } });
    };
    const { sim, createJob } = harness({}, { fetch: (input, init) => fetchWithHugeResult(input, init) });
    const job = await createJob(12);
    await job.wait();
    const error = await caught(() => job.resultFiles());
    expect(error.code).toBe('result_file_too_large');
    expect(error.message).toMatch(
      /^result file file-\S+ is 200 MiB \(209715200 bytes\) as served, above the limit of 64 MiB/,
    );
    expect(pulled.count).toBeLessThanOrEqual(1);
  });

  it('the metrics command stops with the error and a hint naming --max-result-mb', async () => {
    const { sim, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    // A CSV of about 1.3 MiB, served as base64: above a 1 MiB cap.
    const fileId = serveResultFile(sim, jobId, btoa(resultCsv(90_000)));
    const refused = await runCliInProcess(['metrics', jobId, '--max-result-mb', '1'], { simulator: sim });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`result file ${fileId} (is|decodes to) .*1 MiB \\(1048576 bytes\\)`),
    );
    expect(refused.stderr).toContain('--max-result-mb <MiB> (now 1)');
    const bad = await runCliInProcess(['metrics', jobId, '--max-result-mb', '0'], { simulator: sim });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-result-mb');
  });
});
