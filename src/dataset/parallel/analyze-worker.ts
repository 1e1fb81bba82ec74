/**
 * The worker side of parallel validation. This module is its own worker entry: the pool starts a
 * worker on this module's URL ({@link ANALYZE_WORKER_URL}), whichever file the bundler put it in (an ESM
 * chunk, a CJS chunk, or the `.ts` source under tsx/vitest), and the guard at the bottom turns the
 * copy loaded in a worker into a message loop. Loaded on the main thread, it does nothing.
 *
 * Protocol (structured-clone data only): the worker builds its token counter on the vocabulary the
 * main thread shares (`SharedArrayBuffer`s, no copy; in `workerData`, or in a first `{ type:
 * 'init', tokens }` message when the worker was started before the vocabulary was loaded), posts
 * `{ type: 'ready' }`, then answers each `{ id, lines, options }` with `{ id, results }` (the
 * output of `analyzeLines`, the same pure function the main thread runs) or `{ id, error }`, and
 * each `{ id, region, options }` (lines as UTF-8 bytes, decoded here by `regionLines`) with
 * `{ id, results, crlfLines }`.
 *
 * @module
 */

import type { EncodingName } from '../../models/index.js';
import {
  type AnalyzeLinesOptions,
  analyzeLines,
  analyzeRegion,
  type LineResult,
  type RegionAnalysis,
} from '../analyze-lines.js';
import type { LineRegion, SourceLine } from '../input/line-splitter.js';
import { BpeTokenCounter } from '../tokens/bpe-token-counter.js';
import { RankTable, type SharedRankTable } from '../tokens/rank-table.js';
import type { AnalyzeContext, TokenCounter } from '../types.js';
import { type WorkerThreadsModule, workerThreadsSync } from './worker-threads.js';

/** Marks `workerData` of an analyze worker (so no other worker runs this loop by accident). */
export const ANALYZE_WORKER_MARKER = 'finetune-kit.analyze-worker.v1';

/** What an analyze worker is started with. */
export interface AnalyzeWorkerData {
  readonly marker: typeof ANALYZE_WORKER_MARKER;
  readonly context: AnalyzeContext;
  /**
   * The token counter's encoding and vocabulary (shared memory: the worker does not load or build
   * the rank data again), or `null` to skip counting.
   */
  readonly tokens: AnalyzeWorkerTokens | null | 'later';
}

/** A token counter's encoding and vocabulary, as shared with a worker. */
export interface AnalyzeWorkerTokens {
  readonly encoding: EncodingName;
  readonly table: SharedRankTable;
}

/** Sent first to a worker started with `tokens: 'later'` (started before the vocabulary was loaded). */
export interface AnalyzeInit {
  readonly type: 'init';
  readonly tokens: AnalyzeWorkerTokens | null;
}

/** A batch sent to a worker: decoded lines, or a region of lines as bytes. */
export type AnalyzeRequest =
  | { readonly id: number; readonly lines: readonly SourceLine[]; readonly options: AnalyzeLinesOptions }
  | { readonly id: number; readonly region: LineRegion; readonly options: AnalyzeLinesOptions };

/** A worker's answer (`crlfLines` for a region). */
export type AnalyzeResponse =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly id: number; readonly results: readonly LineResult[]; readonly crlfLines?: number }
  | { readonly id: number; readonly error: { readonly message: string; readonly stack?: string } };

/**
 * The URL a worker must load to run {@link runAnalyzeWorker}: the file this module ended up in.
 * CommonJS output: `__filename`, exact there, and tested first because the CommonJS build turns
 * `import.meta.url` into an inline `require('url')`, which would load Node's `url` with every entry
 * (the build has no shims for the same reason, see docs/architecture.md#the-built-package).
 * ESM output and sources: `import.meta.url`.
 */
export const ANALYZE_WORKER_URL: string =
  typeof __filename === 'string' && __filename !== '' ? new URL(`file:${__filename}`).href : import.meta.url;

/**
 * The worker's message loop.
 *
 * @param threads - `node:worker_threads` as seen from inside the worker.
 * @param data - The worker's `workerData`.
 */
export function runAnalyzeWorker(threads: WorkerThreadsModule, data: AnalyzeWorkerData): void {
  const port = threads.parentPort;
  if (!port) return;
  if (data.tokens === 'later') {
    // Started while the calling thread loads the vocabulary: this module is loaded and compiled
    // meanwhile, and the vocabulary comes in the first message.
    port.once('message', (init: AnalyzeInit) => serve(port, data.context, init.tokens));
    return;
  }
  serve(port, data.context, data.tokens);
}

/** Builds the counter, says `ready`, and answers batches. */
function serve(
  port: NonNullable<WorkerThreadsModule['parentPort']>,
  context: AnalyzeContext,
  tokens: AnalyzeWorkerTokens | null,
): void {
  let counter: TokenCounter | null = null;
  try {
    counter =
      tokens === null ? null : new BpeTokenCounter(tokens.encoding, RankTable.fromShared(tokens.table));
  } catch (error) {
    port.postMessage({
      type: 'failed',
      message: (error as Error)?.message ?? String(error),
    } satisfies AnalyzeResponse);
    return;
  }
  port.on('message', (request: AnalyzeRequest) => {
    let response: AnalyzeResponse;
    try {
      if ('region' in request) {
        // Without `steps`, always synchronous.
        const analysis = analyzeRegion(request.region, context, counter, request.options) as RegionAnalysis;
        response = { id: request.id, results: analysis.results, crlfLines: analysis.crlfLines };
      } else {
        response = {
          id: request.id,
          results: analyzeLines(request.lines, context, counter, request.options),
        };
      }
    } catch (error) {
      const failure = error as Error;
      response = {
        id: request.id,
        error: {
          message: failure?.message ?? String(error),
          ...(failure?.stack ? { stack: failure.stack } : {}),
        },
      };
    }
    port.postMessage(response);
  });
  port.postMessage({ type: 'ready' } satisfies AnalyzeResponse);
}

function isAnalyzeWorkerData(value: unknown): value is AnalyzeWorkerData {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { marker?: unknown }).marker === ANALYZE_WORKER_MARKER
  );
}

// The guard: only a worker started by the pool, with the marker in its workerData, runs the loop.
const threads = workerThreadsSync();
if (threads && !threads.isMainThread && isAnalyzeWorkerData(threads.workerData)) {
  runAnalyzeWorker(threads, threads.workerData);
}
