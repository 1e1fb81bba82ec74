/**
 * The CLI's persisted simulated account (`--simulate`): one simulator whose files, jobs and models
 * outlive the command that made them, so `run --simulate` in one command and `metrics`, `chat` or
 * `list --simulate` in the next see the same account.
 *
 * Every request is one transaction under a lock file: load the state, restore the simulator with
 * its clock moved on by the real time since the last save (× the speed), handle the request, save.
 * So two commands on the same account (`watch` in one terminal, `cancel` in another) never lose each
 * other's updates. The JSON state holds no file contents: those are blobs named by their SHA-256.
 *
 * Directory layout: `state.json` (versioned), `blobs/<sha256>`, `lock` while a request runs.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BlobStore,
  createSimulator,
  type FineTuningSimulator,
  restoreSimulator,
  type SimulatorOutcome,
  type SimulatorSnapshot,
  snapshotSimulator,
} from '../../testing/index.js';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import { withFileLock } from './file-lock.js';

/** The value of `format` in `state.json`. */
export const ACCOUNT_STATE_FORMAT = 'finetune-kit-simulated-account';

/** The layout of `state.json` this version writes and reads. */
export const ACCOUNT_STATE_VERSION = 1;

/**
 * The most simulated time that passes between two requests: more than anything in the account
 * waits for (the longest `expires_after` is 30 days), and it keeps dates valid after a long break
 * at a high `--speed` (a day at ×1,000,000 would be millennia).
 */
const MAX_GAP_MS = 30 * 24 * 3600 * 1000;

/** What `state.json` holds. */
interface AccountState {
  readonly format: typeof ACCOUNT_STATE_FORMAT;
  readonly version: typeof ACCOUNT_STATE_VERSION;
  /** Real time (epoch ms) of the save: simulated time moves on from `snapshot.time` since then. */
  readonly savedAt: number;
  readonly snapshot: SimulatorSnapshot;
}

/**
 * Blobs in a directory, one file per content, named by its SHA-256: the same file uploaded twice
 * (or a training file and the job that keeps it) is stored once.
 *
 * @param dir - The blob directory (created on the first write).
 * @returns The store.
 */
export function directoryBlobStore(dir: string): BlobStore {
  return {
    put(bytes) {
      const key = createHash('sha256').update(bytes).digest('hex');
      const path = join(dir, key);
      if (!existsSync(path)) {
        mkdirSync(dir, { recursive: true });
        const temporary = `${path}.${process.pid}.tmp`;
        writeFileSync(temporary, bytes);
        renameSync(temporary, path);
      }
      return key;
    },
    get(key) {
      // The key comes from state.json: never let it name a path outside the blob directory.
      if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`blob key ${JSON.stringify(key)} is not a SHA-256`);
      try {
        return new Uint8Array(readFileSync(join(dir, key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`blob ${key} is missing`);
        throw error;
      }
    },
  };
}

/** Every blob a snapshot refers to. */
function blobKeys(snapshot: SimulatorSnapshot): Set<string> {
  const keys = new Set<string>();
  for (const file of snapshot.files) keys.add(file.blob);
  for (const upload of snapshot.uploads) for (const part of upload.parts) keys.add(part.blob);
  for (const job of snapshot.jobs) keys.add(job.trainingBlob);
  return keys;
}

/** Counts of what an account holds, for `simulate status`. */
export interface AccountSummary {
  /** The account's directory. */
  readonly dir: string;
  /** False before the first command saved anything (or after a reset). */
  readonly exists: boolean;
  /** Simulated time now, epoch ms. */
  readonly time: number;
  readonly files: number;
  /** Jobs by status. */
  readonly jobs: Readonly<Record<string, number>>;
  /** Fine-tuned models and checkpoint models not deleted. */
  readonly models: number;
}

/** Options of {@link SimulatedAccount}. */
export interface SimulatedAccountOptions {
  /** The account's directory (created on the first save). */
  readonly dir: string;
  /** Simulated milliseconds per real millisecond. */
  readonly speed: number;
  /**
   * How `simulate` commands name this account (`''` or ` --dir DIR`), for the reset hint.
   * @default ''
   */
  readonly dirFlag?: string;
}

/** One persisted simulated account. */
export class SimulatedAccount {
  /** The account's directory. */
  readonly dir: string;
  /** The clock speed-up this process runs the account at. */
  readonly speed: number;
  readonly #dirFlag: string;
  readonly #blobs: BlobStore;
  /** Simulated and real time of the last load or save, for {@link now}. */
  #mark: { simulated: number; real: number } | undefined;
  /** The blobs the loaded state referred to: those the saved state no longer needs are deleted. */
  #loadedBlobs: ReadonlySet<string> = new Set();

  /** @param options - Directory, speed and how to name the account in hints. */
  constructor(options: SimulatedAccountOptions) {
    this.dir = options.dir;
    this.speed = options.speed;
    this.#dirFlag = options.dirFlag ?? '';
    this.#blobs = directoryBlobStore(join(options.dir, 'blobs'));
  }

  get #statePath(): string {
    return join(this.dir, 'state.json');
  }

  /** Simulated time now (epoch ms), as the last load or save left it and moved on since. */
  now(): number {
    const mark = this.#mark;
    if (!mark) return Date.now();
    return Math.floor(mark.simulated + Math.max(0, Date.now() - mark.real) * this.speed);
  }

  /**
   * Handles one API request against the account: load, dispatch, save, under the lock.
   *
   * @param request - The request (its body is read before the lock is taken).
   * @param signal - The caller's signal.
   * @returns What the simulator answered.
   * @throws {CliError} When the state cannot be read or the lock not taken.
   */
  async dispatch(request: Request, signal?: AbortSignal | null): Promise<SimulatorOutcome> {
    // A large upload arrives in full before the lock is taken, so it does not hold up other commands.
    const buffered =
      request.method === 'GET' || request.method === 'HEAD' || request.body === null
        ? request
        : new Request(request.url, {
            method: request.method,
            headers: request.headers,
            body: await request.arrayBuffer(),
          });
    return this.transaction(async (simulator) => simulator.dispatch(buffered, signal ?? undefined), signal);
  }

  /**
   * Runs `task` on the account's simulator under the lock, and saves what it changed.
   *
   * @param task - Work on the restored simulator.
   * @param signal - Stops waiting for the lock.
   * @returns What `task` returns.
   * @throws {CliError} When the state cannot be read or the lock not taken.
   */
  async transaction<T>(
    task: (simulator: FineTuningSimulator) => Promise<T> | T,
    signal?: AbortSignal | null,
  ): Promise<T> {
    return this.#locked(async () => {
      const simulator = this.#load();
      const result = await task(simulator);
      this.#save(simulator);
      return result;
    }, signal);
  }

  /**
   * Checks that the saved state can be read (a command does this before its first request, so a
   * corrupt state is one clear error rather than a failed request).
   *
   * @throws {CliError} When it cannot.
   */
  async check(): Promise<void> {
    await this.#locked(async () => void this.#load());
  }

  /** What the account holds now (nothing is saved). */
  async summary(): Promise<AccountSummary> {
    return this.#locked(async () => {
      const exists = existsSync(this.#statePath);
      const simulator = this.#load();
      const snapshot = snapshotSimulator(simulator, this.#blobs);
      const jobs: Record<string, number> = {};
      for (const { job } of snapshot.jobs) jobs[job.status] = (jobs[job.status] ?? 0) + 1;
      return {
        dir: this.dir,
        exists,
        time: snapshot.time,
        files: snapshot.files.length,
        jobs,
        models: snapshot.models.filter((model) => !model.deleted).length,
      };
    });
  }

  /** Deletes the account's state and blobs: the next command starts a new, empty account. */
  async reset(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    await this.#locked(async () => {
      rmSync(this.#statePath, { force: true });
      rmSync(join(this.dir, 'blobs'), { recursive: true, force: true });
      this.#mark = undefined;
    });
  }

  async #locked<T>(task: () => Promise<T>, signal?: AbortSignal | null): Promise<T> {
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (error) {
      throw new CliError(
        `Cannot create the simulated account's directory ${this.dir}: ${(error as Error).message}`,
        ExitCode.failure,
        'Choose another directory with --simulate=DIR or FINETUNE_KIT_STATE_DIR.',
        { cause: error },
      );
    }
    return withFileLock(join(this.dir, 'lock'), task, {
      what: `The simulated account in ${this.dir}`,
      ...(signal ? { signal } : {}),
    });
  }

  /** The restored simulator, its clock moved on by the time since the last save; a new one at first. */
  #load(): FineTuningSimulator {
    const options = { clock: { speed: this.speed } } as const;
    let text: string;
    try {
      text = readFileSync(this.#statePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw this.#unreadable((error as Error).message);
      const simulator = createSimulator(options);
      this.#mark = { simulated: simulator.clock.now(), real: Date.now() };
      this.#loadedBlobs = new Set();
      return simulator;
    }
    try {
      const state = JSON.parse(text) as Partial<AccountState> | null;
      if (state?.format !== ACCOUNT_STATE_FORMAT) throw new Error('not a finetune-kit simulated account');
      if (state.version !== ACCOUNT_STATE_VERSION) {
        throw new Error(
          `written in state format ${String(state.version)}; this finetune-kit reads format ${ACCOUNT_STATE_VERSION}`,
        );
      }
      const snapshot = state.snapshot as SimulatorSnapshot;
      const elapsed = Math.max(0, Date.now() - Number(state.savedAt));
      const startTime = snapshot.time + Math.min(elapsed * this.speed, MAX_GAP_MS);
      const simulator = restoreSimulator(snapshot, this.#blobs, { ...options, startTime });
      this.#mark = { simulated: simulator.clock.now(), real: Date.now() };
      this.#loadedBlobs = blobKeys(snapshot);
      return simulator;
    } catch (error) {
      throw this.#unreadable(
        error instanceof SyntaxError ? 'state.json is not valid JSON' : (error as Error).message,
      );
    }
  }

  #save(simulator: FineTuningSimulator): void {
    const snapshot = snapshotSimulator(simulator, this.#blobs);
    const state: AccountState = {
      format: ACCOUNT_STATE_FORMAT,
      version: ACCOUNT_STATE_VERSION,
      savedAt: Date.now(),
      snapshot,
    };
    // Written aside and renamed: a reader never sees half a file, a crash never leaves one.
    const temporary = `${this.#statePath}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state));
    renameSync(temporary, this.#statePath);
    this.#mark = { simulated: snapshot.time, real: state.savedAt };
    // Contents nothing refers to any more (a deleted file, the parts of a completed upload) go.
    // Safe under the lock: every writer of blobs holds it.
    const kept = blobKeys(snapshot);
    for (const key of this.#loadedBlobs)
      if (!kept.has(key)) rmSync(join(this.dir, 'blobs', key), { force: true });
    this.#loadedBlobs = kept;
  }

  #unreadable(reason: string): CliError {
    return new CliError(
      `The simulated account in ${this.dir} cannot be read: ${reason}.`,
      ExitCode.failure,
      `Start over with: finetune-kit simulate reset${this.#dirFlag}`,
    );
  }
}
