/**
 * A pool of analyze workers (Node `worker_threads`). Batches go to the least-loaded ready worker;
 * each worker holds at most `inFlightPerWorker` batches, so memory is bounded by the caller's
 * queue. A worker that dies or fails to start is dropped and its batches are re-run by the
 * fallback (the same pure function on the calling thread), so results never depend on where a
 * batch ran.
 *
 * @module
 */
import type { Worker, ResourceLimits as WorkerResourceLimits } from 'node:worker_threads';
import { FinetuneKitError } from '../../errors.js';
import type { AnalyzeLinesOptions, LineResult, RegionAnalysis } from '../analyze-lines.js';
import { type LineRegion, regionLines, type SourceLine } from '../input/line-splitter.js';
import {
  ANALYZE_WORKER_MARKER,
  ANALYZE_WORKER_URL,
  type AnalyzeInit,
  type AnalyzeRequest,
  type AnalyzeResponse,
  type AnalyzeWorkerData,
  type AnalyzeWorkerTokens,
} from './analyze-worker.js';
import type { WorkerThreadsModule } from './worker-threads.js';

/** Runs a batch on the calling thread (when no worker can). */
export type LocalAnalyze = (
  lines: readonly SourceLine[],
  options: AnalyzeLinesOptions,
) => readonly LineResult[];

interface Task {
  readonly request: AnalyzeRequest;
  readonly resolve: (analysis: RegionAnalysis) => void;
  readonly reject: (error: unknown) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  /** Started with `tokens: 'later'` and not sent them yet. */
  awaitsInit: boolean;
  ready: boolean;
  dead: boolean;
  readonly tasks: Map<number, Task>;
}

/** Replacements for workers that die while working, per pool. */
const MAX_RESPAWNS = 4;

/** Options of {@link AnalyzePool}. */
export interface AnalyzePoolOptions {
  /** Number of worker threads. */
  readonly workers: number;
  /** Batches one worker may hold at once. @default 2 */
  readonly inFlightPerWorker?: number;
  /** The module URL to start workers on. @default the analyze-worker module */
  readonly workerUrl?: string;
  /** V8 heap limits of each worker. @default WORKER_LIMITS (16 MB young, 64 MB old generation) */
  readonly resourceLimits?: WorkerResourceLimits;
}

/** See the module comment. */
export class AnalyzePool {
  readonly #workers: PoolWorker[] = [];
  #local: LocalAnalyze | null;
  readonly #inFlightPerWorker: number;
  #nextId = 1;
  #closed = false;
  #readyCount = 0;
  #starting = 0;
  #respawns = 0;
  #onSettled: (() => void)[] = [];
  readonly #spawnWorker: () => void;
  /** What workers are started with; `tokens` is `'later'` until {@link AnalyzePool.init}. */
  #data: AnalyzeWorkerData;

  /**
   * Starts the workers (they become ready asynchronously, after loading their token counter).
   *
   * @param threads - `node:worker_threads`.
   * @param data - What every worker is started with.
   * @param local - The fallback for batches of a worker that died (`null` until
   *   {@link AnalyzePool.init} for a pool started with `tokens: 'later'`).
   * @param options - Worker count and per-worker bound.
   */
  constructor(
    threads: WorkerThreadsModule,
    data: Omit<AnalyzeWorkerData, 'marker'>,
    local: LocalAnalyze | null,
    options: AnalyzePoolOptions,
  ) {
    this.#local = local;
    this.#inFlightPerWorker = Math.max(1, options.inFlightPerWorker ?? 2);
    this.#data = { ...data, marker: ANALYZE_WORKER_MARKER };
    this.#spawnWorker = this.#spawner(
      threads,
      options.workerUrl ?? ANALYZE_WORKER_URL,
      options.resourceLimits ?? WORKER_LIMITS,
    );
    for (let index = 0; index < options.workers; index++) this.#spawnWorker();
  }

  /**
   * Gives workers started with `tokens: 'later'` their vocabulary: the pool can start (threads
   * created, modules loaded) while the calling thread still loads it. Replacements of dead
   * workers get it at start.
   *
   * @param tokens - The calling thread's encoding and shared vocabulary, or `null` (no counting).
   * @param local - The fallback for batches of a worker that died.
   */
  init(tokens: AnalyzeWorkerTokens | null, local: LocalAnalyze): void {
    this.#local = local;
    this.#data = { ...this.#data, tokens };
    for (const entry of this.#workers) {
      if (!entry.awaitsInit || entry.dead) continue;
      entry.awaitsInit = false;
      entry.worker.postMessage({ type: 'init', tokens } satisfies AnalyzeInit);
    }
  }

  /** A function that starts one worker and registers it (or does nothing when it cannot start). */
  #spawner(threads: WorkerThreadsModule, url: string, resourceLimits: WorkerResourceLimits): () => void {
    return () => {
      const workerData = this.#data;
      let worker: Worker;
      try {
        worker = isTypeScriptSource(url)
          ? // From sources (tsx, vitest): register tsx inside the worker, then load the module.
            new threads.Worker(TYPESCRIPT_BOOTSTRAP, {
              eval: true,
              workerData: { ...workerData, entry: url },
              resourceLimits,
            })
          : new threads.Worker(new URL(url), { workerData, resourceLimits });
      } catch {
        return;
      }
      const entry: PoolWorker = {
        worker,
        awaitsInit: workerData.tokens === 'later',
        ready: false,
        dead: false,
        tasks: new Map(),
      };
      worker.on('message', (message: AnalyzeResponse) => this.#onMessage(entry, message));
      worker.on('error', (error: Error) => this.#onDeath(entry, error));
      worker.on('exit', () => this.#onDeath(entry, null));
      worker.unref();
      this.#workers.push(entry);
      this.#starting++;
    };
  }

  /** Ready workers (those that loaded their token counter). */
  get readyWorkers(): number {
    return this.#readyCount;
  }

  /** Resolves once a worker is ready, or once every worker has failed to start. */
  whenReady(): Promise<void> {
    if (this.#readyCount > 0 || this.#starting === 0) return Promise.resolve();
    return new Promise((resolve) => this.#onSettled.push(resolve));
  }

  #settle(): void {
    const waiting = this.#onSettled;
    this.#onSettled = [];
    for (const resolve of waiting) resolve();
  }

  /** True when a ready worker holds fewer than `inFlightPerWorker` batches. */
  get hasRoom(): boolean {
    return this.#pick() !== null;
  }

  /** Batches the pool can hold at once when every worker is ready. */
  get capacity(): number {
    return this.#workers.length * this.#inFlightPerWorker;
  }

  /**
   * Analyses a batch on a worker.
   *
   * @returns The batch's results; rejects with a {@link FinetuneKitError} when a check fails internally.
   * @throws {FinetuneKitError} When no worker is ready (check {@link AnalyzePool.readyWorkers} first).
   */
  async run(lines: readonly SourceLine[], options: AnalyzeLinesOptions): Promise<readonly LineResult[]> {
    return (await this.#post({ id: this.#nextId++, lines, options })).results;
  }

  /**
   * Analyses a region of lines on a worker, which decodes its bytes (copied to the worker; the
   * region is kept here so that a dead worker's region can still be analysed on this thread).
   *
   * @returns The lines' results and the region's `\r\n` count; rejects as {@link AnalyzePool.run}.
   * @throws {FinetuneKitError} When no worker is ready.
   */
  runRegion(region: LineRegion, options: AnalyzeLinesOptions): Promise<RegionAnalysis> {
    return this.#post({ id: this.#nextId++, region, options });
  }

  #post(request: AnalyzeRequest): Promise<RegionAnalysis> {
    const target = this.#pick() ?? this.#anyReady();
    if (!target || this.#closed) {
      return Promise.reject(new FinetuneKitError('No analyze worker is ready.', 'internal_error'));
    }
    return new Promise<RegionAnalysis>((resolve, reject) => {
      if (target.tasks.size === 0) target.worker.ref();
      target.tasks.set(request.id, { request, resolve, reject });
      target.worker.postMessage(request);
    });
  }

  /**
   * Stops every worker. The run closes the pool once it needs no more results (it finished, failed
   * or was aborted), so pending batches are rejected, not re-run: re-running a huge line here
   * would block an aborted call for as long as the worker would have taken.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(
      this.#workers.map(async (entry) => {
        entry.dead = true;
        const tasks = [...entry.tasks.values()];
        entry.tasks.clear();
        for (const task of tasks) {
          task.reject(new FinetuneKitError('The analyze pool was closed.', 'internal_error'));
        }
        await entry.worker.terminate().catch(() => undefined);
      }),
    );
  }

  #pick(): PoolWorker | null {
    let best: PoolWorker | null = null;
    for (const entry of this.#workers) {
      if (!entry.ready || entry.dead || entry.tasks.size >= this.#inFlightPerWorker) continue;
      if (best === null || entry.tasks.size < best.tasks.size) best = entry;
    }
    return best;
  }

  #anyReady(): PoolWorker | null {
    let best: PoolWorker | null = null;
    for (const entry of this.#workers) {
      if (!entry.ready || entry.dead) continue;
      if (best === null || entry.tasks.size < best.tasks.size) best = entry;
    }
    return best;
  }

  #onMessage(entry: PoolWorker, message: AnalyzeResponse): void {
    if ('type' in message) {
      if (message.type === 'ready' && !entry.ready && !entry.dead) {
        entry.ready = true;
        this.#starting--;
        this.#readyCount++;
        this.#settle();
      } else if (message.type === 'failed') {
        this.#onDeath(entry, new Error(message.message));
        void entry.worker.terminate();
      }
      return;
    }
    const task = entry.tasks.get(message.id);
    if (!task) return;
    entry.tasks.delete(message.id);
    if (entry.tasks.size === 0) entry.worker.unref();
    if ('results' in message) task.resolve({ results: message.results, crlfLines: message.crlfLines ?? 0 });
    else task.reject(new FinetuneKitError(message.error.message, 'internal_error'));
  }

  #onDeath(entry: PoolWorker, _error: Error | null): void {
    if (entry.dead) {
      this.#rescue(entry);
      return;
    }
    entry.dead = true;
    const wasReady = entry.ready;
    if (wasReady) this.#readyCount--;
    else this.#starting--;
    this.#rescue(entry);
    // A worker that was working and died (out of memory on a huge line, a crash) is replaced, a
    // few times at most; one that never started is not (it would fail the same way again).
    if (wasReady && !this.#closed && this.#respawns < MAX_RESPAWNS) {
      this.#respawns++;
      this.#spawnWorker();
    }
    this.#settle();
  }

  /** Re-runs a dead worker's batches on the calling thread, so the caller still gets every result. */
  #rescue(entry: PoolWorker): void {
    const tasks = [...entry.tasks.values()];
    entry.tasks.clear();
    for (const task of tasks) {
      try {
        const { request } = task;
        const local = this.#local;
        if (local === null) {
          throw new FinetuneKitError('The analyze pool was never initialised.', 'internal_error');
        }
        if ('region' in request) {
          const decoded = regionLines(request.region);
          task.resolve({ results: local(decoded.lines, request.options), crlfLines: decoded.crlfLines });
        } else {
          task.resolve({ results: local(request.lines, request.options), crlfLines: 0 });
        }
      } catch (error) {
        task.reject(error);
      }
    }
  }
}

/**
 * Heap limits of each worker. Workers allocate fast and briefly (parsed lines, results); with V8's
 * defaults each worker's heap grew to about 50 MB between collections. A 16 MB young and a 64 MB
 * old generation keep a worker's heap small. With 8 MB the worker ran about 120 scavenges per
 * 50 MB analysed, and their work on V8's helper threads competed with the analysis for the cores;
 * 32 MB was no faster than 16 and raised peak RSS over 256 MB on random Cyrillic
 * (docs/performance.md). A batch that needs more (a line of tens of MB) makes the worker run out
 * of memory: its batches are then analysed on the calling thread, which has the process's full
 * heap, and the worker replaced.
 */
const WORKER_LIMITS: WorkerResourceLimits = Object.freeze({
  maxYoungGenerationSizeMb: 16,
  maxOldGenerationSizeMb: 64,
});

function isTypeScriptSource(url: string): boolean {
  return /\.[cm]?tsx?$/.test(url);
}

// Runs in an eval worker (CommonJS script): register tsx's ESM hooks, then import the `.ts` module.
const TYPESCRIPT_BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
import('tsx/esm/api')
  .then((api) => { api.register(); return import(workerData.entry); })
  .catch((error) => parentPort.postMessage({ type: 'failed', message: String((error && error.stack) || error) }));
`;
