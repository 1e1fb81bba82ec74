import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInput } from '../../../src/dataset/input/dataset-input.js';
import { utf8Length } from '../../../src/dataset/input/dataset-input.js';
import { DatasetLineReader, expectedInputBytes } from '../../../src/dataset/input/dataset-line-reader.js';
import { regionLines, type SourceLine } from '../../../src/dataset/input/line-splitter.js';
import { readFileChunks } from '../../../src/dataset/input/node-file.js';
import { FinetuneKitAbortError } from '../../../src/errors.js';
import { usageError } from '../../helpers/usage-error.js';

const TEXT = '\uFEFF{"a":"é"}\r\n{"a":"🌍"}\n';
const BYTES = new TextEncoder().encode(TEXT);

async function readAll(input: DatasetInput, signal?: AbortSignal) {
  const reader = new DatasetLineReader(input, { signal });
  const lines: { line: number; text: string }[] = [];
  const progress: number[] = [];
  for await (const batch of reader.batches()) {
    lines.push(...batch.lines.map(({ line, text }) => ({ line, text })));
    progress.push(batch.bytesRead);
  }
  return { lines, totals: reader.totals, progress };
}

const EXPECTED_LINES = [
  { line: 1, text: '{"a":"é"}' },
  { line: 2, text: '{"a":"🌍"}' },
];

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ftk-reader-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('DatasetLineReader', () => {
  it('reads a string', async () => {
    const { lines, totals } = await readAll({ kind: 'text', text: TEXT });
    expect(lines).toEqual(EXPECTED_LINES);
    expect(totals).toEqual({
      name: null,
      size: null,
      bytes: BYTES.length,
      lines: 2,
      bom: true,
      crlfLines: 1,
      crLines: 0,
      unreadable: null,
    });
  });

  it('reads bytes, a Blob and a File with its name', async () => {
    expect((await readAll({ kind: 'bytes', bytes: BYTES })).totals.size).toBe(BYTES.length);
    const file = new File([BYTES], 'train.jsonl');
    const { lines, totals } = await readAll({ kind: 'blob', blob: file, name: file.name });
    expect(lines).toEqual(EXPECTED_LINES);
    expect(totals.name).toBe('train.jsonl');
    expect(totals.size).toBe(BYTES.length);
  });

  it('reads a web ReadableStream split inside a character', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < BYTES.length; index += 3)
          controller.enqueue(BYTES.subarray(index, index + 3));
        controller.close();
      },
    });
    const { lines, totals } = await readAll({ kind: 'stream', stream });
    expect(lines).toEqual(EXPECTED_LINES);
    expect(totals.bytes).toBe(BYTES.length);
  });

  it('reads an async iterable of strings, keeping a surrogate pair split across chunks', async () => {
    async function* chunks() {
      yield '{"a":"é"}\n{"a":"\uD83C';
      yield '\uDF0D"}';
    }
    const { lines } = await readAll({ kind: 'stream', stream: chunks() });
    expect(lines.map((line) => line.text)).toEqual(['{"a":"é"}', '{"a":"🌍"}']);
  });

  it('rejects stream chunks of the wrong type with a FinetuneKitUsageError about the stream', async () => {
    async function* chunks() {
      yield 42 as unknown as string;
    }
    await expect(readAll({ kind: 'stream', stream: chunks() })).rejects.toThrow(
      usageError(
        'stream',
        'Dataset stream chunks must be strings, Uint8Array, ArrayBuffer or ArrayBufferView; got number.',
      ),
    );
  });

  it('reads a file by path in chunks and knows its size', async () => {
    const path = join(directory, 'train.jsonl');
    await writeFile(path, BYTES);
    const { lines, totals } = await readAll({ kind: 'file', path });
    expect(lines).toEqual(EXPECTED_LINES);
    expect(totals.size).toBe(BYTES.length);
    expect(totals.name).toBe(path);
  });

  it('reads a large file through two reused buffers, each chunk read while the last is used', async () => {
    const path = join(directory, 'large.jsonl');
    const line = `${JSON.stringify({ messages: [{ role: 'user', content: 'é'.repeat(300) }] })}\n`;
    const text = line.repeat(2000);
    await writeFile(path, text);
    const buffers = new Set<ArrayBufferLike>();
    const decoder = new TextDecoder();
    let read = '';
    for await (const chunk of readFileChunks(path, { chunkSize: 4096 })) {
      buffers.add(chunk.buffer);
      read += decoder.decode(chunk, { stream: true });
    }
    expect(read + decoder.decode()).toBe(text);
    expect(buffers.size).toBe(2);
  });

  it('hands lines on as regions while asked to, in order, and counts their CRLF lines once decoded', async () => {
    const path = join(directory, 'regions.jsonl');
    const lines = Array.from(
      { length: 5000 },
      (_, index) => `{"n":${index},"t":"${'ü'.repeat(index % 50)}"}`,
    );
    await writeFile(path, `${lines.join('\r\n')}\r\n`);
    const reader = new DatasetLineReader({ kind: 'file', path });
    let deferring = false;
    reader.deferRegions = () => deferring;
    const seen: SourceLine[] = [];
    let regions = 0;
    for await (const batch of reader.batches()) {
      seen.push(...batch.lines);
      if (batch.region) {
        regions++;
        const decoded = regionLines(batch.region);
        reader.countRegionCrlfLines(decoded.crlfLines);
        seen.push(...decoded.lines);
      }
      // Regions from the second batch on, as when a worker pool becomes ready.
      deferring = true;
    }
    expect(regions).toBeGreaterThan(0);
    expect(seen.map((line) => line.text)).toEqual(lines);
    expect(seen.map((line) => line.line)).toEqual(lines.map((_, index) => index + 1));
    expect(reader.totals).toMatchObject({ lines: 5000, crlfLines: 5000 });
  });

  it('knows the size of an input before reading it, when it can', async () => {
    const path = join(directory, 'sized.jsonl');
    await writeFile(path, BYTES);
    expect(await expectedInputBytes({ kind: 'file', path })).toBe(BYTES.length);
    expect(await expectedInputBytes({ kind: 'file', path: join(directory, 'nope.jsonl') })).toBeNull();
    expect(await expectedInputBytes({ kind: 'bytes', bytes: BYTES })).toBe(BYTES.length);
    expect(await expectedInputBytes({ kind: 'blob', blob: new Blob([BYTES]) })).toBe(BYTES.length);
    expect(await expectedInputBytes({ kind: 'text', text: TEXT })).toBe(TEXT.length);
    expect(await expectedInputBytes({ kind: 'examples', examples: [] })).toBeNull();
  });

  it('reports a missing file as unreadable instead of throwing', async () => {
    const path = join(directory, 'missing.jsonl');
    const { lines, totals } = await readAll({ kind: 'file', path });
    expect(lines).toEqual([]);
    expect(totals.unreadable).toBe(`${path} does not exist`);
    const dir = await readAll({ kind: 'file', path: directory });
    expect(dir.totals.unreadable).toBe(`${directory} is not a regular file`);
  });

  it('serialises in-memory examples, and marks values without JSON', async () => {
    const reader = new DatasetLineReader({
      kind: 'examples',
      examples: [{ a: 'é' }, 10n, undefined, { b: 1 }],
    });
    const lines = [];
    for await (const batch of reader.batches()) lines.push(...batch.lines);
    expect(lines).toEqual([
      { line: 1, text: '{"a":"é"}' },
      { line: 2, text: '', serializeError: 'Do not know how to serialize a BigInt' },
      { line: 3, text: '', serializeError: 'undefined has no JSON representation' },
      { line: 4, text: '{"b":1}' },
    ]);
    expect(reader.totals.bytes).toBe(utf8Length('{"a":"é"}\n{"b":1}\n'));
    expect(reader.totals.lines).toBe(4);
  });

  it('stops with FinetuneKitAbortError when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(readAll({ kind: 'blob', blob: new Blob([BYTES]) }, controller.signal)).rejects.toThrow(
      FinetuneKitAbortError,
    );
  });

  it('passes the line-length limit to the splitter', async () => {
    const reader = new DatasetLineReader(
      { kind: 'text', text: '{"a":1}\n{"long": "xxxxxxxxxxxxxxxx"}\n' },
      { maxLineBytes: 10 },
    );
    const lines = [];
    for await (const batch of reader.batches()) lines.push(...batch.lines);
    expect(lines.map((line) => line.oversizedBytes)).toEqual([undefined, 28]);
  });

  it('can be read only once', async () => {
    const reader = new DatasetLineReader({ kind: 'text', text: 'x' });
    for await (const _ of reader.batches());
    await expect(reader.batches().next()).rejects.toThrow(/only once/);
  });
});

describe('utf8Length', () => {
  it('matches TextEncoder', () => {
    for (const text of ['', 'abc', 'é', '€', '🌍', 'a\uD800b', '\uDC00']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
