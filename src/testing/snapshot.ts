/**
 * Snapshots of a simulator's state: a JSON-ready object with every file, upload, job (events,
 * checkpoints, progress) and model, and the restore that turns it back into a simulator that goes on
 * where the first one stopped. File contents are not in the snapshot: they go to a {@link BlobStore}
 * under a content key, so a snapshot stays small however large the uploads, and a restored
 * simulator reads a file's bytes only when a request needs them.
 *
 * A job's planned future is code, not data: the restore plans the job again from the same inputs
 * (the plan is a pure function of the job, its verdicts and the options) and continues it from the
 * saved step, so pass the same options to {@link restoreSimulator} as to the simulator you saved.
 *
 * @module
 */
import { Md5 } from '../internal/md5.js';
import { failJob, planJob, TERMINAL_STATUSES } from './job-lifecycle.js';
import type { SimulatorOptions } from './options.js';
import type { RewardCurvePreset } from './reward-curves.js';
import type { TrainingFileVerdict } from './server-validation.js';
import { createSimulator, type FineTuningSimulator } from './simulator.js';
import {
  concatChunks,
  type FileRecord,
  type JobRecord,
  type ModelRecord,
  type PermissionRecord,
  type PlannedStep,
  SIMULATOR_INTERNALS,
  type UploadPartRecord,
  type UploadRecord,
} from './store.js';
import type {
  SimulatedCheckpoint,
  SimulatedFile,
  SimulatedJob,
  SimulatedJobError,
  SimulatedJobEvent,
  SimulatedJobStatus,
  SimulatedModel,
  SimulatedUpload,
} from './wire-types.js';

/** The value of {@link SimulatorSnapshot.format}. */
export const SNAPSHOT_FORMAT = 'finetune-kit-simulator';

/** The snapshot layout this version writes and reads; a change to the layout bumps it. */
export const SNAPSHOT_VERSION = 1;

/**
 * Where file contents live: bytes in, a key out, and the bytes back for a key. Keys must depend on
 * the content only (the same bytes give the same key), so saving the same file twice stores it once.
 */
export interface BlobStore {
  /** Stores `bytes` (if not there yet) and returns its key. */
  put(bytes: Uint8Array): string;
  /**
   * The bytes stored under `key`.
   *
   * @throws {Error} When there is no such blob.
   */
  get(key: string): Uint8Array;
}

/**
 * A {@link BlobStore} in memory, keyed by MD5 (content addressing, not security): for tests, and to
 * copy a simulator within one process.
 *
 * @returns An empty store.
 */
export function memoryBlobStore(): BlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    put(bytes) {
      const key = new Md5().update(bytes).digestHex();
      if (!blobs.has(key)) blobs.set(key, bytes.slice());
      return key;
    },
    get(key) {
      const bytes = blobs.get(key);
      if (!bytes) throw new Error(`No blob ${key} in this store.`);
      return bytes;
    },
  };
}

/** A saved file. */
export interface FileSnapshot {
  readonly file: SimulatedFile;
  /** Key of the content in the blob store. */
  readonly blob: string;
  readonly processedAt: number;
  readonly processingError: string | null;
  readonly sequence: number;
}

/** A saved Upload. */
export interface UploadSnapshot {
  readonly upload: SimulatedUpload;
  readonly mimeType: string;
  readonly parts: readonly { readonly id: string; readonly createdAt: number; readonly blob: string }[];
  readonly expiresAtMs: number;
  readonly fileExpiresAfterSeconds: number | null;
}

/** A saved job: what the API shows of it, and where it is in its planned future. */
export interface JobSnapshot {
  readonly job: SimulatedJob;
  readonly events: readonly SimulatedJobEvent[];
  readonly checkpoints: readonly SimulatedCheckpoint[];
  /** Index of the next planned step (planned failures included). */
  readonly next: number;
  readonly anchor: number;
  readonly pausedAt: number | null;
  readonly currentStep: number;
  readonly rewardCurve: RewardCurvePreset | null;
  readonly sequence: number;
  readonly listedFrom: number;
  readonly trainingVerdict: TrainingFileVerdict;
  readonly validationVerdict: TrainingFileVerdict | null;
  /** Key of the training file's content (kept for chat answers). */
  readonly trainingBlob: string;
  readonly fineTunedModelName: string;
  readonly pendingStatus: { readonly at: number; readonly status: SimulatedJobStatus } | null;
  /** Failures planned with `sim.failJob` or a scenario: the planned step they follow, and the error. */
  readonly failures: readonly { readonly after: string; readonly error: SimulatedJobError }[];
  /**
   * The steps the job trains (0 before it is planned). A checkpoint answers as well as its share of
   * them; absent in snapshots written before it was saved, which take the last checkpoint's step.
   */
  readonly totalSteps?: number;
}

/** A saved model. */
export interface ModelSnapshot {
  readonly model: SimulatedModel;
  readonly jobId: string;
  readonly step: number;
  readonly deleted: boolean;
}

/** Everything a simulator knows, as plain JSON data (file contents excepted: see {@link BlobStore}). */
export interface SimulatorSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  /** Simulated time (epoch ms) when the snapshot was taken. */
  readonly time: number;
  /** The simulator's seed (job curves are drawn from it). */
  readonly seed: number;
  /** Seeds that continue the id and value streams, so a restored simulator never repeats an id. */
  readonly streams: { readonly ids: number; readonly values: number };
  readonly sequence: number;
  readonly files: readonly FileSnapshot[];
  readonly uploads: readonly UploadSnapshot[];
  readonly jobs: readonly JobSnapshot[];
  readonly models: readonly ModelSnapshot[];
  /**
   * Checkpoint permissions (the projects a model or checkpoint is shared with). Absent in snapshots
   * written before they existed, which restore with none.
   */
  readonly permissions?: readonly PermissionRecord[];
}

/**
 * Blob keys of the contents a restore left unread: saving again then needs neither to read nor to
 * hash them. Keyed by record, since a restored record's bytes are loaded only on first access.
 */
const restoredBlobs = new WeakMap<object, string>();

function blobKey(owner: object, blobs: BlobStore, chunks: () => readonly Uint8Array[]): string {
  return restoredBlobs.get(owner) ?? blobs.put(concatChunks(chunks()));
}

/** Defines `key` on `target` as the blob's bytes, read from the store on first access. */
function lazyBytes<T extends object>(target: T, key: string, load: () => unknown): void {
  let value: unknown;
  let loaded = false;
  Object.defineProperty(target, key, {
    enumerable: true,
    get() {
      if (!loaded) {
        value = load();
        loaded = true;
      }
      return value;
    },
  });
}

/** The steps a job's plan inserted for planned failures, with the step each follows. */
function plannedFailures(plan: readonly PlannedStep[]): JobSnapshot['failures'] {
  const failures: { after: string; error: SimulatedJobError }[] = [];
  plan.forEach((step, index) => {
    const before = plan[index - 1];
    if (step.failure && before) failures.push({ after: before.label, error: step.failure });
  });
  return failures;
}

/**
 * Takes a snapshot of a simulator. File contents go to `blobs`; the result is plain JSON data that
 * shares nothing with the live simulator.
 *
 * @param simulator - The simulator to save.
 * @param blobs - Where file contents go (see {@link memoryBlobStore}).
 * @returns The snapshot; `JSON.stringify` it to save it.
 * @example
 * ```ts
 * const blobs = memoryBlobStore();
 * const saved = JSON.stringify(snapshotSimulator(sim, blobs));
 * const again = restoreSimulator(JSON.parse(saved), blobs); // the same files, jobs and models
 * ```
 */
export function snapshotSimulator(simulator: FineTuningSimulator, blobs: BlobStore): SimulatorSnapshot {
  const internals = simulator[SIMULATOR_INTERNALS]();
  const { store, context } = internals;
  context.sync();
  // The live simulator continues from the same seeds as a copy restored from this snapshot, so the
  // two go on identically (ids included).
  const streams = internals.drawStreamSeeds();
  internals.reseedStreams(streams);
  const files = [...store.files.values()].map(
    (record): FileSnapshot => ({
      file: record.file,
      blob: blobKey(record, blobs, () => record.chunks),
      processedAt: record.processedAt,
      processingError: record.processingError,
      sequence: record.sequence,
    }),
  );
  const uploads = [...store.uploads.values()].map(
    (record): UploadSnapshot => ({
      upload: record.upload,
      mimeType: record.mimeType,
      parts: [...record.parts.values()].map((part) => ({
        id: part.id,
        createdAt: part.createdAt,
        blob: blobKey(part, blobs, () => [part.data]),
      })),
      expiresAtMs: record.expiresAtMs,
      fileExpiresAfterSeconds: record.fileExpiresAfterSeconds ?? null,
    }),
  );
  const jobs = [...store.jobs.values()].map(
    (record): JobSnapshot => ({
      job: record.job,
      events: record.events,
      checkpoints: record.checkpoints,
      next: record.next,
      anchor: record.anchor,
      pausedAt: record.pausedAt,
      currentStep: record.currentStep,
      rewardCurve: record.rewardCurve,
      sequence: record.sequence,
      listedFrom: record.listedFrom,
      trainingVerdict: record.trainingVerdict,
      validationVerdict: record.validationVerdict,
      trainingBlob: blobKey(record, blobs, () => record.trainingChunks),
      fineTunedModelName: record.fineTunedModelName,
      pendingStatus: record.pendingStatus,
      failures: TERMINAL_STATUSES.has(record.job.status) ? [] : plannedFailures(record.plan),
      totalSteps: record.totalSteps,
    }),
  );
  const models = [...store.models.values()].map(
    (record): ModelSnapshot => ({
      model: record.model,
      jobId: record.jobId,
      step: record.step,
      deleted: record.deleted,
    }),
  );
  const permissions = [...store.permissions.values()];
  return structuredClone({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    time: simulator.clock.now(),
    seed: simulator.options.seed,
    streams,
    sequence: store.sequence,
    files,
    uploads,
    jobs,
    models,
    permissions,
  });
}

/** Thrown by {@link restoreSimulator} when the data is not a snapshot this version can read. */
export class SnapshotFormatError extends Error {
  override readonly name = 'SnapshotFormatError';
}

/**
 * Checks that `value` is a snapshot this version reads.
 *
 * @throws {SnapshotFormatError} Naming what is wrong (not a snapshot, another version, a missing list).
 */
export function assertSnapshot(value: unknown): asserts value is SimulatorSnapshot {
  if (
    typeof value !== 'object' ||
    value === null ||
    (value as { format?: unknown }).format !== SNAPSHOT_FORMAT
  )
    throw new SnapshotFormatError('not a finetune-kit simulator snapshot');
  const { version } = value as { version?: unknown };
  if (version !== SNAPSHOT_VERSION) {
    throw new SnapshotFormatError(
      `snapshot format version ${String(version)}, this finetune-kit reads version ${SNAPSHOT_VERSION}`,
    );
  }
  const record = value as unknown as Record<string, unknown>;
  for (const key of ['time', 'seed', 'sequence'] as const) {
    if (typeof record[key] !== 'number' || !Number.isFinite(record[key]))
      throw new SnapshotFormatError(`"${key}" is not a number`);
  }
  for (const key of ['files', 'uploads', 'jobs', 'models'] as const) {
    if (!Array.isArray(record[key])) throw new SnapshotFormatError(`"${key}" is not a list`);
  }
  const streams = record.streams as { ids?: unknown; values?: unknown } | undefined;
  if (typeof streams?.ids !== 'number' || typeof streams.values !== 'number')
    throw new SnapshotFormatError('"streams" is not a pair of seeds');
}

/** Options of {@link restoreSimulator}: the simulator's options, except the seed the snapshot carries. */
export type RestoreOptions = Omit<SimulatorOptions, 'seed'>;

/**
 * Builds a simulator from a snapshot: the same files, uploads, jobs and models, and jobs that go on
 * from where they were (a running job keeps its curve, a paused one stays paused). Simulated time
 * starts where the snapshot was taken unless `options.startTime` says otherwise (say, later, for time
 * that passed in between).
 *
 * @param snapshot - From {@link snapshotSimulator} (also after a JSON round trip).
 * @param blobs - The blob store the snapshot was saved with.
 * @param options - The options the saved simulator had (clock, timing, quirks…); the seed comes from
 *   the snapshot.
 * @returns The restored simulator.
 * @throws {SnapshotFormatError} When `snapshot` is not a snapshot of this version.
 */
export function restoreSimulator(
  snapshot: SimulatorSnapshot,
  blobs: BlobStore,
  options: RestoreOptions = {},
): FineTuningSimulator {
  assertSnapshot(snapshot);
  const saved = structuredClone(snapshot);
  const simulator = createSimulator({
    ...options,
    seed: saved.seed,
    startTime: Math.max(options.startTime ?? saved.time, saved.time),
  });
  const internals = simulator[SIMULATOR_INTERNALS]();
  const { store, context } = internals;
  internals.reseedStreams(saved.streams);
  store.restoreSequence(saved.sequence);
  for (const entry of saved.files) {
    const record = {
      file: entry.file,
      processedAt: entry.processedAt,
      processingError: entry.processingError,
      sequence: entry.sequence,
    } as FileRecord;
    lazyBytes(record, 'chunks', () => [blobs.get(entry.blob)]);
    restoredBlobs.set(record, entry.blob);
    store.files.set(entry.file.id, record);
  }
  for (const entry of saved.uploads) {
    const parts = new Map<string, UploadPartRecord>();
    for (const part of entry.parts) {
      const record = { id: part.id, createdAt: part.createdAt } as UploadPartRecord;
      lazyBytes(record, 'data', () => blobs.get(part.blob));
      restoredBlobs.set(record, part.blob);
      parts.set(part.id, record);
    }
    const record: UploadRecord = {
      upload: entry.upload,
      mimeType: entry.mimeType,
      parts,
      expiresAtMs: entry.expiresAtMs,
      fileExpiresAfterSeconds: entry.fileExpiresAfterSeconds ?? undefined,
    };
    store.uploads.set(entry.upload.id, record);
  }
  for (const entry of saved.models) {
    const record: ModelRecord = { ...entry };
    store.models.set(entry.model.id, record);
  }
  if (saved.permissions !== undefined && !Array.isArray(saved.permissions))
    throw new SnapshotFormatError('"permissions" is not a list');
  for (const entry of saved.permissions ?? []) store.permissions.set(entry.permission.id, { ...entry });
  for (const entry of saved.jobs) {
    const record = restoreJob(context, entry);
    lazyBytes(record, 'trainingChunks', () => [blobs.get(entry.trainingBlob)]);
    restoredBlobs.set(record, entry.trainingBlob);
    store.jobs.set(entry.job.id, record);
  }
  return simulator;
}

/** A job record from its snapshot, its planned future rebuilt and continued from the saved step. */
function restoreJob(context: Parameters<typeof planJob>[0], entry: JobSnapshot): JobRecord {
  const { trainingBlob: _, failures, ...data } = entry;
  const record = {
    ...data,
    events: [...entry.events],
    checkpoints: [...entry.checkpoints],
    plan: [],
    run: null,
    // An ended job is not planned again, so this is all that says how far its checkpoints got.
    totalSteps:
      entry.totalSteps ?? Math.max(0, ...entry.checkpoints.map((checkpoint) => checkpoint.step_number)),
  } as unknown as JobRecord;
  if (TERMINAL_STATUSES.has(record.job.status)) {
    // Nothing is planned for an ended job; its run (and curve) is not needed any more.
    record.next = 0;
    return record;
  }
  const plan = planJob(context, record);
  for (const failure of failures) {
    const index = plan.findIndex((step) => step.label === failure.after);
    if (index === -1)
      throw new SnapshotFormatError(`job ${record.job.id}: no planned step "${failure.after}"`);
    const at = (plan[index] as PlannedStep).at;
    plan.splice(index + 1, 0, {
      at,
      label: 'failed',
      run: (time) => failJob(context, record, time, failure.error),
      failure: failure.error,
    });
  }
  record.plan = plan;
  // The run draws its curve when training starts: draw it again (the same job id and seeds give the
  // same curve) for a job that had started.
  const running = plan.findIndex((step) => step.label === 'running');
  if (running !== -1 && running < record.next)
    record.run?.start(record.anchor + (plan[running] as PlannedStep).at);
  return record;
}
