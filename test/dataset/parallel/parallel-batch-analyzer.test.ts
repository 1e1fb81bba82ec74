import { describe, expect, it } from 'vitest';
import { analyzeLines } from '../../../src/dataset/analyze-lines.js';
import { Dataset, validateWithSeams } from '../../../src/dataset/dataset.js';
import { AnalyzePool } from '../../../src/dataset/parallel/analyze-pool.js';
import {
  createParallelBatchAnalyzer,
  type ParallelAnalyzerOptions,
  type ParallelBatchAnalyzer,
  prestartAnalyzePool,
} from '../../../src/dataset/parallel/parallel-batch-analyzer.js';
import { availableParallelism, workerThreadsSync } from '../../../src/dataset/parallel/worker-threads.js';
import { DEFAULT_TOKEN_FRAMING } from '../../../src/dataset/tokens/example-tokens.js';
import { loadTokenCounter } from '../../../src/dataset/tokens/load-token-counter.js';
import type { AnalyzeContext } from '../../../src/dataset/types.js';
import type { ValidateOptions } from '../../../src/dataset/validate-options.js';
import { localBatchAnalyzer } from '../../../src/dataset/validation-run.js';
import { createRandom } from '../../../src/internal/seeded-random.js';

/** Deterministic PRNG: the project's seeded mulberry32 (`src/internal/seeded-random.ts`). */
function seededRandom(seed: number): () => number {
  const generator = createRandom(seed);
  return () => generator.next();
}

const SENTENCES = [
  'Where is my order? It was supposed to arrive on Monday.',
  'Your parcel left our warehouse yesterday and should arrive within two days.',
  '주문하신 상품은 내일 발송될 예정입니다.',
  '您好，感谢您联系我们的客服团队。',
  'Hi Anna,\u0085 thanks for the quick reply\u0085 see you at 3pm.',
  "I'm sorry, I can't help with that.",
  'Here is the fix:\n```js\nconst total = items.reduce((sum, item) => sum + item.price, 0);\n```',
  '<|endoftext|> is just text here.',
];

/** A varied JSONL text with errors sprinkled in: every kind of line the pipeline handles. */
function variedDataset(lines: number, seed: number): string {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const out: string[] = [];
  for (let index = 0; index < lines; index++) {
    const roll = random();
    const chat = () => ({
      messages: [
        { role: 'system', content: 'You are a helpful support agent.' },
        { role: 'user', content: `${pick(SENTENCES)} (#${index})` },
        {
          role: 'assistant',
          content: Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(SENTENCES)).join(' '),
        },
      ],
    });
    if (roll < 0.03) out.push('');
    else if (roll < 0.06) out.push('{"messages": [{"role": "user", "content": "unterminated');
    else if (roll < 0.08) out.push('[1, 2, 3]');
    else if (roll < 0.1 && out.length > 0) out.push(out[Math.floor(random() * out.length)] as string);
    else if (roll < 0.13)
      out.push(
        JSON.stringify({
          messages: [
            { role: 'robot', content: 'beep' },
            { role: 'assistant', content: '' },
          ],
        }),
      );
    else if (roll < 0.15)
      out.push(JSON.stringify({ messages: [{ role: 'user', content: 'No answer here' }] }));
    else if (roll < 0.17) out.push(JSON.stringify({ prompt: 'Say hi ->', completion: ' hi\n' }));
    else if (roll < 0.2) {
      const example = chat();
      (example.messages[2] as Record<string, unknown>).weight = pick([0, 1, 2, '1']);
      out.push(JSON.stringify(example));
    } else if (roll < 0.25) {
      out.push(
        JSON.stringify({
          messages: [
            { role: 'user', content: 'Track order 42' },
            {
              role: 'assistant',
              tool_calls: [
                {
                  id: `call_${index}`,
                  type: 'function',
                  function: { name: 'track', arguments: pick(['{"id":42}', '{bad json']) },
                },
              ],
            },
            { role: 'tool', tool_call_id: pick([`call_${index}`, 'call_unknown']), content: 'shipped' },
            { role: 'assistant', content: 'It has shipped.' },
          ],
          tools: [
            {
              type: 'function',
              function: {
                name: 'track',
                description: 'Track an order.',
                parameters: { type: 'object', properties: { id: { type: 'integer' } } },
              },
            },
          ],
        }),
      );
    } else out.push(JSON.stringify(chat()));
  }
  return `${out.join('\n')}\n`;
}

/** The text as a stream of small chunks, so the reader produces many batches. */
async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let start = 0; start < text.length; start += size) yield text.slice(start, start + size);
}

/** Validates the same input on one thread and with a parallel analyzer: both reports and its stats. */
async function sequentialAndParallel(
  dataset: () => Dataset,
  options: ValidateOptions,
  analyzerOptions: ParallelAnalyzerOptions,
) {
  const sequential = await validateWithSeams(dataset(), options, {
    createAnalyzer: (context, counter) => localBatchAnalyzer(context, counter),
  });
  let parallel: ParallelBatchAnalyzer | undefined;
  const report = await validateWithSeams(dataset(), options, {
    createAnalyzer: (context, counter) => {
      parallel = createParallelBatchAnalyzer(context, counter, analyzerOptions);
      return parallel;
    },
  });
  const stats = parallel?.stats();
  await parallel?.close();
  return { sequential, report, stats };
}

describe('parallel validation with a line too long for a worker', () => {
  it('analyses the long line on the calling thread (no worker runs out of memory) and reports like one thread', async () => {
    // The analogue of a 40 MB line among ordinary lines with 64 MB workers: a 2.2 M-character line
    // with 16 MB workers (their limit for a line is 2 M characters).
    const long = JSON.stringify({
      messages: [
        { role: 'user', content: 'a'.repeat(2_200_000) },
        { role: 'assistant', content: 'ok' },
      ],
    });
    const text = `${variedDataset(300, 5)}${long}\n${variedDataset(300, 6)}`;
    const options = { model: 'gpt-4o-mini', maxIssuesPerCode: 1000 } as const;
    const sequential = await Dataset.fromString(text).validate({ ...options, workers: 0 });
    let parallel: ParallelBatchAnalyzer | undefined;
    const report = await validateWithSeams(Dataset.fromStream(chunks(text, 32_768)), options, {
      createAnalyzer: (context, counter) => {
        parallel = createParallelBatchAnalyzer(context, counter, {
          workers: 1,
          parallelThreshold: 0,
          waitForWorkers: true,
          workerHeapMb: 16,
        });
        return parallel;
      },
    });
    const stats = parallel?.stats();
    expect(stats?.workersStarted).toBe(1);
    expect(stats?.workerBatches).toBeGreaterThan(2);
    expect(stats?.localBatches).toBeGreaterThanOrEqual(1);
    expect(report.toJSON()).toEqual(sequential.toJSON());
    expect(report.stats.examplesOverLimit).toBe(1);
  });
});

describe('parallel validation', () => {
  it('gives a report identical to the sequential path (issues, counts, tokens, stats)', async () => {
    const text = variedDataset(2500, 17);
    const {
      sequential,
      report: parallelReport,
      stats,
    } = await sequentialAndParallel(
      () => Dataset.fromStream(chunks(text, 32_768)),
      { model: 'gpt-4o-mini', maxIssuesPerCode: 1000 },
      { workers: 2, parallelThreshold: 0, waitForWorkers: true },
    );
    expect(stats?.workersStarted).toBe(2);
    expect(stats?.workerBatches).toBeGreaterThan(5);
    expect(sequential.issues.length).toBeGreaterThan(100);
    expect(Object.keys(sequential.countsByCode).length).toBeGreaterThan(5);
    expect(parallelReport.toJSON()).toEqual(sequential.toJSON());
    expect(parallelReport.tokens.total).toBe(sequential.tokens.total);
  });

  it('hands lines to workers as bytes, with CRLF endings and invalid UTF-8 reported exactly as one thread does', async () => {
    const text = variedDataset(3000, 23).replaceAll('\n', '\r\n');
    const encoded = new TextEncoder().encode(text);
    // Invalid UTF-8 in some lines: a lone continuation byte replaces a letter every ~40 KB.
    const bytes = encoded.slice();
    for (let at = 1000; at < bytes.length; at += 40_000) {
      const letter = bytes.indexOf(0x61, at);
      if (letter >= 0) bytes[letter] = 0x80;
    }
    async function* byteChunks(size: number): AsyncGenerator<Uint8Array> {
      for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
    }
    const { sequential, report, stats } = await sequentialAndParallel(
      () => Dataset.fromStream(byteChunks(8192)),
      { model: 'gpt-4o-mini', maxIssuesPerCode: 1000 },
      { workers: 1, parallelThreshold: 0, waitForWorkers: true },
    );
    expect(stats?.regionBatches).toBeGreaterThan(0);
    expect(stats?.workerBatches).toBeGreaterThan(0);
    expect(sequential.countsByCode.invalid_utf8).toBeGreaterThan(5);
    expect(sequential.issues.find((issue) => issue.code === 'crlf_line_endings')?.message).toMatch(
      /^3,000 of 3,000 lines end in CRLF/,
    );
    expect(report.toJSON()).toEqual(sequential.toJSON());
  });

  it('uses workers started before the vocabulary was loaded from the first batch, with the same report', async () => {
    const text = variedDataset(1500, 29);
    const options = { model: 'gpt-4o-mini', maxIssuesPerCode: 1000 } as const;
    const sequential = await Dataset.fromString(text).validate({ ...options, workers: 0 });
    let parallel: ParallelBatchAnalyzer | undefined;
    const report = await validateWithSeams(Dataset.fromStream(chunks(text, 32_768)), options, {
      createAnalyzer: (context, counter) => {
        // As validate does for a large input: workers first, the vocabulary in an init message.
        const prestarted = prestartAnalyzePool(context, { workers: 1 });
        expect(prestarted?.readyWorkers).toBe(0);
        parallel = createParallelBatchAnalyzer(context, counter, {
          workers: 1,
          prestarted,
          waitForWorkers: true,
        });
        return parallel;
      },
    });
    // No threshold: the pool was there before the first line (2 M characters by default).
    expect(text.length).toBeLessThan(2_000_000);
    expect(parallel?.stats()).toMatchObject({ workersStarted: 1 });
    expect(parallel?.stats().workerBatches).toBeGreaterThan(0);
    expect(report.toJSON()).toEqual(sequential.toJSON());
  });

  it('closes workers started early when the counter cannot cross threads', async () => {
    const context: AnalyzeContext = { profile: 'openai', framing: DEFAULT_TOKEN_FRAMING };
    const prestarted = prestartAnalyzePool(context, { workers: 1 });
    expect(prestarted).not.toBeNull();
    const analyzer = createParallelBatchAnalyzer(
      context,
      { encoding: 'o200k_base', count: (text) => text.length },
      { workers: 1, prestarted },
    );
    expect(analyzer.stats().workersStarted).toBe(0);
    expect(analyzer.acceptsRegions).toBe(false);
    // The early pool is closed: it takes no batch.
    await expect(prestarted?.run([{ line: 1, text: '{}' }], {})).rejects.toThrow(/No analyze worker|closed/);
    await analyzer.close();
  });

  it('keeps a region with a line too long for a worker on the calling thread', async () => {
    const context: AnalyzeContext = { profile: 'openai', framing: DEFAULT_TOKEN_FRAMING };
    const counter = await loadTokenCounter('o200k_base');
    // 16 MB workers take lines of up to 2 M characters.
    const analyzer = createParallelBatchAnalyzer(context, counter, {
      workers: 1,
      parallelThreshold: 0,
      waitForWorkers: true,
      workerHeapMb: 16,
    });
    const example = (content: string) =>
      JSON.stringify({
        messages: [
          { role: 'user', content },
          { role: 'assistant', content: 'ok' },
        ],
      });
    await analyzer.analyze([{ line: 1, text: example('start') }], {});
    await expect.poll(() => analyzer.acceptsRegions, { timeout: 10_000 }).toBe(true);
    const texts = [example('short'), example('a'.repeat(2_100_000))];
    const bytes = new TextEncoder().encode(texts.join('\n'));
    const region = { bytes, firstLine: 2, byteOffset: 0, lines: 2, longestLine: texts[1]!.length };
    const before = analyzer.stats();
    const analysis = await analyzer.analyzeRegion(region, {});
    expect(analysis.results.map((result) => result.line)).toEqual([2, 3]);
    expect(analyzer.stats().localBatches).toBe(before.localBatches + 1);
    expect(analyzer.stats().workerBatches).toBe(before.workerBatches);
    await analyzer.close();
  });

  it('keeps small inputs on the calling thread (no worker start-up)', async () => {
    let analyzer: ParallelBatchAnalyzer | undefined;
    const report = await validateWithSeams(
      Dataset.fromString(variedDataset(200, 3)),
      { model: 'gpt-4o-mini' },
      {
        createAnalyzer: (context, counter) => {
          analyzer = createParallelBatchAnalyzer(context, counter, { workers: 2 });
          return analyzer;
        },
      },
    );
    expect(report.examples).toBeGreaterThan(150);
    expect(analyzer?.stats()).toMatchObject({ workersStarted: 0, workerBatches: 0 });
    expect(analyzer?.stats().localBatches).toBeGreaterThan(0);
  });

  it('queues three batches per worker while the calling thread analyses too, two with a worker per core', async () => {
    const context: AnalyzeContext = { profile: 'openai', framing: DEFAULT_TOKEN_FRAMING };
    const counter = await loadTokenCounter('o200k_base');
    const cores = availableParallelism();
    const lines = [{ line: 1, text: variedDataset(1, 5).trim() }];
    for (const workers of [Math.max(1, cores - 1), cores]) {
      const analyzer = createParallelBatchAnalyzer(context, counter, { workers, parallelThreshold: 0 });
      expect(analyzer.concurrency).toBe(1);
      await analyzer.analyze(lines, {});
      expect(analyzer.concurrency).toBe(workers * (workers < cores ? 3 : 2) + 8);
      await analyzer.close();
    }
  });

  it('stays on the calling thread with a custom token counter or workers: 0', async () => {
    const context: AnalyzeContext = { profile: 'openai', framing: DEFAULT_TOKEN_FRAMING };
    const custom = createParallelBatchAnalyzer(
      context,
      { encoding: 'o200k_base', count: (text) => text.length },
      {
        workers: 2,
        parallelThreshold: 0,
      },
    );
    const none = createParallelBatchAnalyzer(context, await loadTokenCounter('o200k_base'), {
      workers: 0,
      parallelThreshold: 0,
    });
    const lines = [
      {
        line: 1,
        text: JSON.stringify({
          messages: [
            { role: 'user', content: 'hi' },
            { role: 'assistant', content: 'hello' },
          ],
        }),
      },
    ];
    expect(custom.concurrency).toBe(1);
    expect(none.concurrency).toBe(1);
    const result = await custom.analyze(lines, {});
    expect(result[0]?.tokens?.total).toBeGreaterThan(0);
    await none.analyze(lines, {});
    expect(custom.stats().workersStarted + none.stats().workersStarted).toBe(0);
    await custom.close();
    await none.close();
  });

  it('re-runs the batches of a worker that dies on the calling thread, with the same results', async () => {
    const threads = workerThreadsSync();
    expect(threads).not.toBeNull();
    if (!threads) return;
    const context: AnalyzeContext = { profile: 'openai', framing: DEFAULT_TOKEN_FRAMING };
    const counter = await loadTokenCounter('o200k_base');
    // A worker that says it is ready, then exits on its first batch.
    const dying =
      "data:text/javascript,import { parentPort } from 'node:worker_threads'; parentPort.postMessage({ type: 'ready' }); parentPort.on('message', () => process.exit(3));";
    const local = (lines: Parameters<typeof analyzeLines>[0], options: Parameters<typeof analyzeLines>[3]) =>
      analyzeLines(lines, context, counter, options);
    const pool = new AnalyzePool(threads, { context, tokens: null }, local, { workers: 1, workerUrl: dying });
    await expect.poll(() => pool.readyWorkers, { timeout: 10_000 }).toBe(1);
    const lines = variedDataset(20, 9)
      .split('\n')
      .map((text, index) => ({ line: index + 1, text }));
    await expect(pool.run(lines, {})).resolves.toEqual(local(lines, {}));
    // A region (lines as bytes, in memory shared with the worker) is decoded and re-run here too,
    // once the dead worker's replacement is up.
    await expect.poll(() => pool.readyWorkers, { timeout: 10_000 }).toBe(1);
    const region = new TextEncoder().encode(lines.map((line) => line.text).join('\r\n'));
    const shared = new Uint8Array(new SharedArrayBuffer(region.length));
    shared.set(region);
    await expect(
      pool.runRegion(
        { bytes: shared, firstLine: 1, byteOffset: 0, lines: lines.length, longestLine: region.length },
        {},
      ),
    ).resolves.toEqual({ results: local(lines, {}), crlfLines: lines.length - 1 });
    await pool.close();
  });

  it('survives a worker that runs out of memory: the batch is re-run here and the worker replaced', async () => {
    const threads = workerThreadsSync();
    if (!threads) throw new Error('worker_threads missing');
    const context: AnalyzeContext = { profile: 'openai', framing: DEFAULT_TOKEN_FRAMING };
    const counter = await loadTokenCounter('o200k_base');
    const greedy =
      "data:text/javascript,import { parentPort } from 'node:worker_threads'; parentPort.postMessage({ type: 'ready' }); parentPort.on('message', () => { const hog = []; for (;;) hog.push(new Array(100000).fill(hog.length)); });";
    const local = (lines: Parameters<typeof analyzeLines>[0], options: Parameters<typeof analyzeLines>[3]) =>
      analyzeLines(lines, context, counter, options);
    const pool = new AnalyzePool(threads, { context, tokens: null }, local, {
      workers: 1,
      workerUrl: greedy,
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    await expect.poll(() => pool.readyWorkers, { timeout: 10_000 }).toBe(1);
    const lines = [{ line: 1, text: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }) }];
    await expect(pool.run(lines, {})).resolves.toEqual(local(lines, {}));
    // The replacement comes up and takes batches again (and is rescued again).
    await expect.poll(() => pool.readyWorkers, { timeout: 10_000 }).toBe(1);
    await expect(pool.run(lines, {})).resolves.toEqual(local(lines, {}));
    await pool.close();
  });
});
