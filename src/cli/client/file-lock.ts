/**
 * A lock file that serialises processes working on the same directory: `open(path, 'wx')` creates it
 * only if it does not exist, atomically on every local file system, so exactly one process holds it.
 * The holder writes its pid; a lock left by a process that died (or held for far longer than any
 * holder needs) is taken over rather than blocking the account forever.
 *
 * @module
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { abortableDelay } from '../../internal/abort.js';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up after waiting this long for another holder. @default 10_000 */
  readonly timeoutMs?: number;
  /** A lock older than this is taken over (its holder hung or died). @default 30_000 */
  readonly staleMs?: number;
  /** Stops waiting. */
  readonly signal?: AbortSignal;
  /** What the lock protects, for the error message, e.g. `The simulated account in ~/…`. */
  readonly what: string;
}

/** True when no process with `pid` runs on this machine any more. */
function isDead(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The holder's pid and the lock's age, or `undefined` when the lock went away meanwhile. */
function inspect(path: string): { pid: number; ageMs: number } | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return { pid, ageMs: Date.now() - statSync(path).mtimeMs };
  } catch {
    return undefined;
  }
}

function tryAcquire(path: string): boolean {
  try {
    const descriptor = openSync(path, 'wx');
    try {
      writeSync(descriptor, `${process.pid}\n`);
    } finally {
      closeSync(descriptor);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Runs `task` while holding the lock file at `path`, waiting for other holders in turn.
 *
 * @param path - The lock file (its directory must exist).
 * @param task - The work to do under the lock.
 * @param options - Timeout, staleness, abort signal and a description for errors.
 * @returns What `task` returns.
 * @throws {CliError} Exit code 1 when another live process holds the lock past `timeoutMs`.
 */
export async function withFileLock<T>(
  path: string,
  task: () => Promise<T>,
  options: FileLockOptions,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const started = Date.now();
  let wait = 2;
  while (!tryAcquire(path)) {
    const holder = inspect(path);
    if (holder && (holder.ageMs > staleMs || (Number.isInteger(holder.pid) && isDead(holder.pid)))) {
      // Only one waiter may take a stale lock over: removing it is safe, since the next step is
      // another exclusive create that exactly one process wins.
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new CliError(
        `${options.what} is busy: process ${holder?.pid ?? '?'} has held its lock for ${Math.round((holder?.ageMs ?? 0) / 1000)} s.`,
        ExitCode.failure,
        `If no other finetune-kit is running, delete ${path}.`,
      );
    }
    await abortableDelay(wait, options.signal);
    wait = Math.min(wait * 2, 50);
  }
  try {
    return await task();
  } finally {
    rmSync(path, { force: true });
  }
}
