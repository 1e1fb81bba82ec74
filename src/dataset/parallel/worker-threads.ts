/**
 * Access to Node's `worker_threads`, without a static import of a Node built-in (the dataset core
 * must load on runtimes that have none). Returns `null` where threads are not available, and the
 * callers fall back to the calling thread.
 *
 * @module
 */
import type * as WorkerThreads from 'node:worker_threads';

/** The parts of `node:worker_threads` this package uses. */
export type WorkerThreadsModule = Pick<
  typeof WorkerThreads,
  'Worker' | 'isMainThread' | 'parentPort' | 'workerData'
>;

interface ProcessLike {
  readonly getBuiltinModule?: (id: string) => unknown;
  readonly versions?: { readonly node?: string };
}

/**
 * `node:worker_threads`, synchronously, through `process.getBuiltinModule` (Node ≥ 20.16).
 *
 * @returns The module, or `null` on runtimes without it.
 */
export function workerThreadsSync(): WorkerThreadsModule | null {
  const process = (globalThis as { process?: ProcessLike }).process;
  if (typeof process?.getBuiltinModule !== 'function') return null;
  try {
    const module = process.getBuiltinModule('node:worker_threads') as WorkerThreadsModule | undefined;
    return module && typeof module.Worker === 'function' ? module : null;
  } catch {
    return null;
  }
}

/**
 * `node:worker_threads` by dynamic import, for runtimes without `process.getBuiltinModule`.
 *
 * @returns The module, or `null` when it cannot be loaded.
 */
export async function loadWorkerThreads(): Promise<WorkerThreadsModule | null> {
  const sync = workerThreadsSync();
  if (sync) return sync;
  try {
    const module = (await import('node:worker_threads')) as WorkerThreadsModule;
    return typeof module.Worker === 'function' ? module : null;
  } catch {
    return null;
  }
}

/** How many threads can usefully run at once (`os.availableParallelism()`), or 1 when unknown. */
export function availableParallelism(): number {
  const process = (globalThis as { process?: ProcessLike }).process;
  try {
    const os = process?.getBuiltinModule?.('node:os') as
      | { availableParallelism?: () => number; cpus?: () => unknown[] }
      | undefined;
    const count = os?.availableParallelism?.() ?? os?.cpus?.().length;
    if (typeof count === 'number' && count > 0) return count;
  } catch {
    // fall through
  }
  const hardware = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return typeof hardware === 'number' && hardware > 0 ? hardware : 1;
}
