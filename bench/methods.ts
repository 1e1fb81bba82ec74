/**
 * One benchmark method on one file, in its own process (so peak RSS is per method). Prints one JSON
 * line. Run by `bench/run.ts`:
 * `node --expose-gc --import tsx bench/methods.ts <method> <file> [built dataset entry]`.
 *
 * Methods:
 * - `read`: stream the file and split lines (a) · `parse`: + `JSON.parse` per line (b)
 * - `gpt-tokenizer`: + count every example with stock gpt-tokenizer, one thread (c)
 * - `tiktoken`: + count every example with tiktoken (WASM), one thread (d)
 * - `count`: + count every example with finetune-kit's counter, one thread
 * - `validate`: `Dataset.validate()` from the built library, default settings (e)
 * - `validate-1`: the same on the calling thread only (no workers)
 * - `validate-wcores`: one worker per core, the calling thread only reading, splitting and
 *   aggregating (the design tried in issue 15; the default is cores − 1 workers + the calling thread)
 * - `validate-1-sensitive`: `validate-1` with the secret and personal-data scan (`checks: {
 *   sensitiveData: true }`): its cost is this against `validate-1`
 * - `validate-1-near`: `validate-1` with the near-duplicate check (`checks: { nearDuplicates: true }`)
 * - `validate-halves`: the file cut at the line nearest its middle, each half validated by
 *   `validate-1` in its own worker thread, both at once: what two cores give with no coordination
 *   at all (each thread pays its own start-up and warm-up), the reference for the pool's speed-up
 *
 * The counting methods apply the same cookbook framing (`exampleTokenCounts`) over each library's
 * per-string counts, so their totals are comparable with the report's `tokens.total`.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { exampleTokenCounts } from '../src/dataset/tokens/example-tokens.js';
import type { TokenCounter } from '../src/dataset/types.js';

export interface MethodResult {
  readonly method: string;
  readonly bytes: number;
  readonly seconds: number;
  readonly mbPerSecond: number;
  readonly peakRssMb: number;
  /** CPU time of the whole process (all threads), user + system. */
  readonly cpuSeconds: number;
  readonly examples: number;
  readonly tokens: number | null;
  readonly extra?: Record<string, unknown>;
}

/** Streams `path` and calls `onLine` for every line (1 MB reads, one streaming TextDecoder). */
async function forEachLine(path: string, onLine: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let tail = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const text = tail + decoder.decode(chunk as Uint8Array, { stream: true });
    let start = 0;
    let end = text.indexOf('\n');
    while (end >= 0) {
      onLine(text.slice(start, end));
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    tail = text.slice(start);
  }
  tail += decoder.decode();
  if (tail.length > 0) onLine(tail);
}

async function countWith(path: string, counter: TokenCounter): Promise<{ examples: number; tokens: number }> {
  let examples = 0;
  let tokens = 0;
  await forEachLine(path, (line) => {
    if (line.trim() === '') return;
    examples++;
    tokens += exampleTokenCounts(JSON.parse(line), counter).total;
  });
  return { examples, tokens };
}

async function run(
  method: string,
  path: string,
  library: string | undefined,
): Promise<Omit<MethodResult, 'method' | 'bytes' | 'seconds' | 'mbPerSecond' | 'peakRssMb' | 'cpuSeconds'>> {
  switch (method) {
    case 'read': {
      let examples = 0;
      await forEachLine(path, () => {
        examples++;
      });
      return { examples, tokens: null };
    }
    case 'parse': {
      let examples = 0;
      await forEachLine(path, (line) => {
        if (line.trim() === '') return;
        examples++;
        JSON.parse(line);
      });
      return { examples, tokens: null };
    }
    case 'gpt-tokenizer': {
      const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
      const options = { disallowedSpecial: new Set<string>() };
      return countWith(path, { encoding: 'o200k_base', count: (text) => countTokens(text, options) });
    }
    case 'tiktoken': {
      const { get_encoding } = await import('tiktoken');
      const encoder = get_encoding('o200k_base');
      const result = await countWith(path, {
        encoding: 'o200k_base',
        count: (text) => encoder.encode(text, [], []).length,
      });
      encoder.free();
      return result;
    }
    case 'count': {
      const { loadTokenCounter } = await import('../src/dataset/tokens/load-token-counter.js');
      const counter = await loadTokenCounter('o200k_base');
      const result = await countWith(path, counter);
      const stats = (counter as unknown as { stats(): Record<string, unknown> }).stats();
      return { ...result, extra: { counter: stats } };
    }
    case 'validate':
    case 'validate-1':
    case 'validate-1-sensitive':
    case 'validate-1-near':
    case 'validate-wcores': {
      if (!library) throw new Error('validate needs the built library path');
      const { Dataset } = (await import(
        pathToFileURL(library).href
      )) as typeof import('../src/dataset/index.js');
      const report = await Dataset.fromFile(path).validate({
        model: 'gpt-4o-mini',
        ...(method.startsWith('validate-1') ? { workers: 0 } : {}),
        ...(method === 'validate-wcores' ? { workers: availableParallelism() } : {}),
        ...(method === 'validate-1-sensitive' ? { checks: { sensitiveData: true } } : {}),
        ...(method === 'validate-1-near' ? { checks: { nearDuplicates: true } } : {}),
      });
      return {
        examples: report.examples,
        tokens: report.tokens.total,
        extra: { ok: report.ok, errors: Object.keys(report.countsByCode).length },
      };
    }
    case 'validate-halves': {
      if (!library) throw new Error('validate-halves needs the built library path');
      return validateHalves(path, library);
    }
    default:
      throw new Error(`unknown method ${method}`);
  }
}

/** Byte offset just after the newline nearest the middle of the file. */
function middleLineStart(path: string): number {
  const size = statSync(path).size;
  const handle = openSync(path, 'r');
  try {
    const window = Buffer.alloc(Math.min(size, 1 << 22));
    const from = Math.max(0, Math.floor(size / 2) - window.length / 2);
    const read = readSync(handle, window, 0, window.length, from);
    const newline = window.subarray(0, read).indexOf(10, Math.floor(read / 2));
    return newline < 0 ? size : from + newline + 1;
  } finally {
    closeSync(handle);
  }
}

/** See `validate-halves` in the module comment. */
async function validateHalves(
  path: string,
  library: string,
): Promise<{ examples: number; tokens: number; extra: Record<string, unknown> }> {
  const middle = middleLineStart(path);
  const size = statSync(path).size;
  const half = (start: number, end: number) =>
    new Promise<{ examples: number; tokens: number; seconds: number }>((resolve, reject) => {
      const worker = new Worker(HALF_WORKER, {
        eval: true,
        workerData: { path, library: pathToFileURL(library).href, start, end },
      });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const [first, second] = await Promise.all([half(0, middle - 1), half(middle, size - 1)]);
  return {
    examples: first.examples + second.examples,
    tokens: first.tokens + second.tokens,
    extra: { halfSeconds: [first.seconds, second.seconds] },
  };
}

// Each half: the library's one-thread validation of a byte range of the file (inclusive end).
const HALF_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createReadStream } = require('node:fs');
(async () => {
  const { Dataset } = await import(workerData.library);
  const started = performance.now();
  const stream = createReadStream(workerData.path, { start: workerData.start, end: workerData.end, highWaterMark: 65536 });
  const report = await Dataset.fromStream(stream).validate({ model: 'gpt-4o-mini', workers: 0 });
  parentPort.postMessage({ examples: report.examples, tokens: report.tokens.total, seconds: (performance.now() - started) / 1000 });
})().catch((error) => { throw error; });
`;

const [method, path, library] = process.argv.slice(2);
if (!method || !path) {
  console.error('usage: methods.ts <method> <file> [library]');
  process.exit(2);
}
const bytes = statSync(path).size;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await run(method, path, library);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const output: MethodResult = {
  method,
  bytes,
  seconds,
  mbPerSecond: bytes / 1e6 / seconds,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  ...result,
};
console.log(JSON.stringify(output));
