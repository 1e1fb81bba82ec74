/**
 * The batch analyzer of `Dataset.validate()`: analyses on the calling thread until the input proves
 * large, then moves batches to a pool of worker threads. Results are the same either way (the same
 * pure `analyzeLines` runs everywhere, and the validation run aggregates batches in line order), so
 * line numbers, issue order, per-code counts and token totals do not depend on where a batch ran.
 *
 * - Small inputs never start a worker: the first `parallelThreshold` characters (2 M by default)
 *   are analysed locally, so a 1 MB file pays no start-up cost (a worker takes 100–300 ms to load
 *   its tokenizer). The threshold was 8 M: on 50 MB that left a sixth of the work to one thread
 *   before a worker even started, which alone capped two threads at 1.7× one.
 * - While workers start, batches keep being analysed locally; once a worker is ready, batches go to
 *   the least-loaded worker, so memory stays bounded by the run's queue.
 * - By default there are cores − 1 workers and the calling thread analyses too whenever every
 *   worker holds `inFlightPerWorker` batches (3 each, so that a worker has work queued while the
 *   calling thread is busy with a batch of its own). With as many workers as cores (`workers` set so) the
 *   calling thread only reads, splits lines and aggregates once a worker is ready. On two cores that
 *   design (two workers) measured slower than one worker + the calling thread on realistic text and
 *   used 1.5–2× the CPU of one thread (a second isolate's warm-up, more garbage-collection helper
 *   work): docs/performance.md, "Korean, Japanese, Chinese and two cores".
 * - No `worker_threads` (browsers, Deno without Node compatibility), a custom token counter (it
 *   cannot be sent to a thread), or `workers: 0` → everything stays on the calling thread.
 *
 * @module
 */
import {
  type AnalyzeLinesOptions,
  analyzeLines,
  analyzeLinesInSteps,
  analyzeRegion,
  type LineResult,
  type RegionAnalysis,
} from '../analyze-lines.js';
import type { LineRegion, SourceLine } from '../input/line-splitter.js';
import { BpeTokenCounter } from '../tokens/bpe-token-counter.js';
import type { AnalyzeContext, TokenCounter } from '../types.js';
import { AnalyzePool } from './analyze-pool.js';
import type { AnalyzeWorkerData } from './analyze-worker.js';
import { RegionSlots } from './region-slots.js';
import { availableParallelism, workerThreadsSync } from './worker-threads.js';

/** Options of {@link createParallelBatchAnalyzer}. */
export interface ParallelAnalyzerOptions {
  /**
   * Worker threads to use for large inputs; `0` keeps everything on the calling thread. With fewer
   * workers than cores, the calling thread analyses too whenever every worker is busy.
   * @default availableParallelism() - 1 (at least 1, at most 7)
   */
  readonly workers?: number;
  /**
   * Characters of line text analysed on the calling thread before workers start.
   * @default 2_000_000
   */
  readonly parallelThreshold?: number;
  /**
   * Batches one worker may hold at once.
   * @default 3 while the calling thread analyses too (fewer workers than cores), else 2
   */
  readonly inFlightPerWorker?: number;
  /**
   * Once workers are starting, wait for one instead of analysing on the calling thread meanwhile
   * (tests and benchmarks use it to exercise the workers on small inputs).
   * @default false
   */
  readonly waitForWorkers?: boolean;
  /**
   * Old-generation heap of each worker, in MB. Lines longer than an eighth of it (8 M characters
   * by default) are analysed on the calling thread, which has the process's full heap: sent to a
   * worker, such a line made the worker run out of memory. @default 64
   */
  readonly workerHeapMb?: number;
  /** The run's abort signal: huge lines on the calling thread are counted in steps that check it. */
  readonly signal?: AbortSignal;
  /**
   * Workers started early by {@link prestartAnalyzePool} with the same options: the analyzer
   * gives them the vocabulary and uses them from the first batch (or closes them when the counter
   * cannot cross threads).
   */
  readonly prestarted?: AnalyzePool | null;
}

/** Where batches ran, for benchmarks and tests. */
export interface ParallelAnalyzerStats {
  /** Batches analysed on the calling thread. */
  readonly localBatches: number;
  /** Batches analysed by workers. */
  readonly workerBatches: number;
  /** Workers started (0 when the input stayed small). */
  readonly workersStarted: number;
  /** Batches that came as regions of undecoded lines (wherever they were analysed). */
  readonly regionBatches: number;
}

/** A batch analyzer (the validation run's seam) that can also be closed and inspected. */
export interface ParallelBatchAnalyzer {
  analyze(
    lines: readonly SourceLine[],
    options: AnalyzeLinesOptions,
  ): readonly LineResult[] | Promise<readonly LineResult[]>;
  /** Batches that may be in flight at once now (1 until workers are started). */
  readonly concurrency: number;
  /** True once a worker is ready: lines then come as regions of bytes (see `LineRegion`). */
  readonly acceptsRegions: boolean;
  /** A slot of memory shared with the workers for the next region's bytes, or `null` (no pool, all taken). */
  regionBuffer(length: number): Uint8Array | null;
  /** Analyses a region on a worker with room, else here (decoded with `regionLines`). */
  analyzeRegion(region: LineRegion, options: AnalyzeLinesOptions): RegionAnalysis | Promise<RegionAnalysis>;
  /** Stops the workers, if any were started. Safe to call more than once. */
  close(): Promise<void>;
  stats(): ParallelAnalyzerStats;
}

/**
 * Bytes of a shared region slot: the reader hands on a region once it holds 1 MiB of whole lines
 * (so at most one 64 KiB chunk more); a longer one (a long line carried into it) is copied instead.
 */
const REGION_SLOT_BYTES = 1_179_648;

/** Default old-generation heap of a worker, in MB (see `WORKER_LIMITS` in the pool). */
const WORKER_HEAP_MB = 64;

/** The defaults, filled in one place. */
export const PARALLEL_ANALYZER_DEFAULTS = Object.freeze({
  parallelThreshold: 2_000_000,
  inFlightPerWorker: 2,
  // While the calling thread analyses a region itself it cannot hand out the next one: a third
  // region queued keeps the worker busy meanwhile. On 100 MB with one worker: the worker's idle time
  // went from 0.35 to 0.19 s, peak RSS unchanged (docs/performance.md, "Two cores, third pass").
  inFlightPerWorkerWithCaller: 3,
  maxWorkers: 7,
  readAhead: 8,
});

/** Worker count, per-worker bound and heap limits, from the options (one place for both starts). */
function poolShape(options: ParallelAnalyzerOptions) {
  const cores = availableParallelism();
  const workers = Math.max(
    0,
    Math.floor(options.workers ?? Math.min(Math.max(1, cores - 1), PARALLEL_ANALYZER_DEFAULTS.maxWorkers)),
  );
  const inFlightPerWorker = Math.max(
    1,
    options.inFlightPerWorker ??
      (workers < cores
        ? PARALLEL_ANALYZER_DEFAULTS.inFlightPerWorkerWithCaller
        : PARALLEL_ANALYZER_DEFAULTS.inFlightPerWorker),
  );
  const heapMb = Math.max(8, options.workerHeapMb ?? WORKER_HEAP_MB);
  const resourceLimits = {
    maxOldGenerationSizeMb: heapMb,
    maxYoungGenerationSizeMb: Math.min(16, heapMb / 4),
  };
  return { cores, workers, inFlightPerWorker, heapMb, resourceLimits };
}

/**
 * Starts the workers of a validation before its vocabulary is loaded (when the input is known to
 * be large): their threads start and their modules load while the calling thread loads the
 * vocabulary, instead of after it has analysed the first 2 M characters. Hand the result to
 * {@link createParallelBatchAnalyzer} as `prestarted`, which gives the workers the vocabulary.
 *
 * @param context - The per-example context.
 * @param options - The options the analyzer will get.
 * @returns The pool, or `null` when there would be no workers (`workers: 0`, no `worker_threads`).
 */
export function prestartAnalyzePool(
  context: AnalyzeContext,
  options: ParallelAnalyzerOptions = {},
): AnalyzePool | null {
  const { workers, inFlightPerWorker, resourceLimits } = poolShape(options);
  const threads = workers > 0 ? workerThreadsSync() : null;
  if (threads === null) return null;
  return new AnalyzePool(threads, { context, tokens: 'later' }, null, {
    workers,
    inFlightPerWorker,
    resourceLimits,
  });
}

/**
 * Creates the analyzer.
 *
 * @param context - The per-example context (plain data, sent to workers).
 * @param counter - The token counter of the calling thread, or `null` to skip counting.
 * @param options - Worker count and threshold.
 * @returns An analyzer; call `close()` when the run ends.
 */
export function createParallelBatchAnalyzer(
  context: AnalyzeContext,
  counter: TokenCounter | null,
  options: ParallelAnalyzerOptions = {},
): ParallelBatchAnalyzer {
  const { cores, workers, inFlightPerWorker, heapMb, resourceLimits } = poolShape(options);
  // With a worker per core the calling thread has its own work (reading, splitting, posting,
  // aggregating in line order); a batch analysed here would hold up every worker's results.
  const callerAnalyses = workers < cores;
  const threshold = options.parallelThreshold ?? PARALLEL_ANALYZER_DEFAULTS.parallelThreshold;
  // The pool's fallback for a dead worker's batches must answer synchronously.
  const local = (lines: readonly SourceLine[], batchOptions: AnalyzeLinesOptions) =>
    analyzeLines(lines, context, counter, batchOptions);
  const here = (lines: readonly SourceLine[], batchOptions: AnalyzeLinesOptions) =>
    analyzeLinesInSteps(lines, context, counter, batchOptions, options.signal);
  // A worker holds a line several times over (the message, the text, the parsed value, the merge
  // state of its longest piece): lines beyond an eighth of its heap stay here.
  const maxWorkerLineChars = (heapMb * 1_048_576) / 8;
  // Workers build their counter on this counter's vocabulary (shared memory); a custom counter
  // cannot cross threads, so it keeps the run on the calling thread.
  const tokens: AnalyzeWorkerData['tokens'] | undefined =
    counter === null
      ? null
      : counter instanceof BpeTokenCounter
        ? { encoding: counter.encoding, table: counter.table.shared }
        : undefined;
  const threads = workers > 0 && tokens !== undefined ? workerThreadsSync() : null;

  let pool: AnalyzePool | null = null;
  let slots: RegionSlots | null = null;
  let seen = 0;
  let localBatches = 0;
  let workerBatches = 0;
  let workersStarted = 0;
  let regionBatches = 0;
  const adopt = (started: AnalyzePool) => {
    pool = started;
    workersStarted = workers;
    // A slot per region a worker may hold, and one for the region being handed out. With a
    // worker per core, workers take regions beyond `inFlightPerWorker`, up to the run's queue
    // (bounded by `concurrency`); a region that finds no free slot is copied.
    slots = RegionSlots.create(
      workers * inFlightPerWorker + (callerAnalyses ? 0 : PARALLEL_ANALYZER_DEFAULTS.readAhead) + 1,
      REGION_SLOT_BYTES,
    );
  };
  if (options.prestarted) {
    if (threads !== null && tokens !== undefined) {
      options.prestarted.init(tokens, local);
      adopt(options.prestarted);
    } else {
      // A custom counter cannot cross threads: the early workers are not needed after all.
      void options.prestarted.close();
    }
  }

  return {
    // Once workers run: enough batches in flight to keep every worker busy, plus a read-ahead so
    // that the calling thread analyses (or reads) instead of waiting, in line order, for a worker's
    // oldest batch. Before that every batch is analysed synchronously here, and queueing finished
    // results would only hold them in memory (1 M `{}` lines peaked at 574 MB instead of 226 MB).
    get concurrency() {
      return pool === null ? 1 : workers * inFlightPerWorker + PARALLEL_ANALYZER_DEFAULTS.readAhead;
    },
    get acceptsRegions() {
      return pool !== null && pool.readyWorkers > 0;
    },
    regionBuffer(length) {
      return slots?.take(length) ?? null;
    },
    analyzeRegion(region, batchOptions) {
      regionBatches++;
      const current: AnalyzePool | null = pool;
      // As for decoded lines: a region with a line too long for a worker's heap stays here.
      const fits = region.longestLine <= maxWorkerLineChars;
      if (current !== null && fits && (current.hasRoom || (!callerAnalyses && current.readyWorkers > 0))) {
        workerBatches++;
        // The slot is free once the worker has answered (or the batch was re-run here).
        return current.runRegion(region, batchOptions).finally(() => slots?.release(region.bytes));
      }
      localBatches++;
      try {
        return analyzeRegion(region, context, counter, batchOptions, { signal: options.signal });
      } finally {
        // Decoded by now (a long line's text included): the slot is free.
        slots?.release(region.bytes);
      }
    },
    analyze(lines, batchOptions) {
      if (threads && pool === null && tokens !== undefined) {
        // Lines that would stay here anyway do not start workers.
        for (const line of lines) if (line.text.length <= maxWorkerLineChars) seen += line.text.length;
        if (seen > threshold) {
          adopt(
            new AnalyzePool(threads, { context, tokens }, local, {
              workers,
              inFlightPerWorker,
              resourceLimits,
            }),
          );
        }
      }
      // A worker with room takes the batch; when every worker is full (or none is ready yet) the
      // calling thread analyses it, between reading and aggregating: all cores busy, no idle wait.
      const current: AnalyzePool | null = pool;
      if (current !== null && lines.some((line) => line.text.length > maxWorkerLineChars)) {
        localBatches++;
        return here(lines, batchOptions);
      }
      if (current !== null && (current.hasRoom || (!callerAnalyses && current.readyWorkers > 0))) {
        workerBatches++;
        return current.run(lines, batchOptions);
      }
      if (current !== null && current.readyWorkers === 0 && options.waitForWorkers === true) {
        return current.whenReady().then(() => {
          if (current.readyWorkers > 0) {
            workerBatches++;
            return current.run(lines, batchOptions);
          }
          localBatches++;
          return local(lines, batchOptions);
        });
      }
      localBatches++;
      return here(lines, batchOptions);
    },
    async close() {
      const current = pool;
      pool = null;
      await current?.close();
    },
    stats() {
      return { localBatches, workerBatches, workersStarted, regionBatches };
    },
  };
}
