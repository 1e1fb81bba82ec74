/**
 * The simulator's in-memory state: files, uploads, jobs (with their events, checkpoints and
 * planned future), fine-tuned models and the permissions that share them with projects. Plain data, owned by one simulator instance.
 *
 * @module
 */
import { LineSplitter } from '../dataset/input/line-splitter.js';
import type { SimulatorContext } from './context.js';
import type { RewardCurvePreset } from './reward-curves.js';
import type { TrainingFileVerdict } from './server-validation.js';
import type { TrainingRun } from './training-run.js';
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

/** A stored file: its wire object, its bytes (kept as the parts they came in) and timing. */
export interface FileRecord {
  readonly file: SimulatedFile;
  /** The content, as the chunks it was received in (no copy of large uploads). */
  readonly chunks: readonly Uint8Array[];
  /** Simulated time (ms) at which processing ends (`status` becomes `processed`, or `error`). */
  readonly processedAt: number;
  /** The `status_details` the file gets when processing ends in `error`, or `null` when it succeeds. */
  readonly processingError: string | null;
  /** Order of creation, to break `created_at` ties. */
  readonly sequence: number;
}

/** One part of an Upload. */
export interface UploadPartRecord {
  readonly id: string;
  readonly createdAt: number;
  readonly data: Uint8Array;
}

/** A stored Upload. */
export interface UploadRecord {
  readonly upload: SimulatedUpload;
  readonly mimeType: string;
  readonly parts: Map<string, UploadPartRecord>;
  /** Simulated ms at which a pending upload expires. */
  readonly expiresAtMs: number;
  /** `expires_after.seconds` for the file the Upload becomes, if given. */
  readonly fileExpiresAfterSeconds: number | undefined;
}

/** One step of a job's planned future, run when the clock reaches `anchor + at`. */
export interface PlannedStep {
  /** Offset in ms from the job's anchor. */
  readonly at: number;
  /** A label for debugging and for `advanceJob`. */
  readonly label: string;
  /** Applies the step; `time` is the simulated ms at which it happens. */
  readonly run: (time: number) => void;
  /**
   * The error of a failure planned with `sim.failJob` or a scenario, so a snapshot can carry it
   * (the step's closure cannot be saved).
   */
  readonly failure?: SimulatedJobError;
}

/** A stored job with everything the simulator needs to move it forward. */
export interface JobRecord {
  readonly job: SimulatedJob;
  /** Events in chronological order (the API lists them newest first). */
  readonly events: SimulatedJobEvent[];
  /** Checkpoints in creation order. */
  readonly checkpoints: SimulatedCheckpoint[];
  /** The planned future. */
  plan: PlannedStep[];
  /** Index of the next step of `plan` to run. */
  next: number;
  /** Simulated ms that plan offsets are relative to (moves forward by the length of each pause). */
  anchor: number;
  /** Simulated ms at which the job was paused, or `null`. */
  pausedAt: number | null;
  /** The last training step reached (0 before training). */
  currentStep: number;
  /** The training (steps, metrics, checkpoints), or `null` for a job whose files fail validation. */
  run: TrainingRun | null;
  /** Total training steps (0 for a job that will not train). */
  totalSteps: number;
  /** Reinforcement jobs: the reward-curve preset a `scenario` chose, or `null` for the default. */
  rewardCurve: RewardCurvePreset | null;
  /** Order of creation, to break `created_at` ties. */
  readonly sequence: number;
  /** Simulated ms from which job lists show the job (option `jobListLagMs`). */
  readonly listedFrom: number;
  /** The server's verdict on the training file, decided at creation, revealed after validation. */
  readonly trainingVerdict: TrainingFileVerdict;
  /** The verdict on the validation file, when there is one. */
  readonly validationVerdict: TrainingFileVerdict | null;
  /** The training file's bytes, kept for chat answers even if the file is deleted later. */
  readonly trainingChunks: readonly Uint8Array[];
  /** The `ft:` name the model will get (decided at creation, revealed at the end). */
  readonly fineTunedModelName: string;
  /** A transient status (Azure `pausing`/`resuming`) that turns into `status` at `at`. */
  pendingStatus: { readonly at: number; readonly status: SimulatedJobStatus } | null;
}

/** A fine-tuned model or checkpoint model known to the simulator. */
export interface ModelRecord {
  readonly model: SimulatedModel;
  readonly jobId: string;
  /** The training step of a checkpoint model; the final model has the last step. */
  readonly step: number;
  deleted: boolean;
}

/** A `checkpoint.permission` object, as the API sends it. */
export interface SimulatedCheckpointPermission {
  readonly object: 'checkpoint.permission';
  /** `cp_…`. */
  readonly id: string;
  /** Unix seconds. */
  readonly created_at: number;
  /** `proj_…`. */
  readonly project_id: string;
}

/** A grant of a fine-tuned model or checkpoint to a project. */
export interface PermissionRecord {
  readonly permission: SimulatedCheckpointPermission;
  /** The `ft:` model or checkpoint name it was granted on. */
  readonly checkpoint: string;
  /** Order of creation, to break `created_at` ties. */
  readonly sequence: number;
}

/** All state of one simulator. */
export class SimulatorStore {
  readonly files = new Map<string, FileRecord>();
  readonly uploads = new Map<string, UploadRecord>();
  readonly jobs = new Map<string, JobRecord>();
  readonly models = new Map<string, ModelRecord>();
  /** Checkpoint permissions by id (`cp_…`). */
  readonly permissions = new Map<string, PermissionRecord>();
  #sequence = 0;

  /** A strictly increasing number for stable ordering of objects created in the same second. */
  nextSequence(): number {
    this.#sequence += 1;
    return this.#sequence;
  }

  /** The last number {@link nextSequence} gave (saved by a snapshot). */
  get sequence(): number {
    return this.#sequence;
  }

  /**
   * Continues the sequence of a restored store, so new objects sort after the restored ones.
   *
   * @param value - The sequence saved by the snapshot.
   */
  restoreSequence(value: number): void {
    this.#sequence = value;
  }
}

/**
 * The key of the simulator's internal-state accessor. Only the snapshot module uses it; a symbol
 * keeps it out of the public surface (no name to autocomplete, nothing in `for…in`).
 *
 * @internal
 */
export const SIMULATOR_INTERNALS: unique symbol = Symbol('finetune-kit.simulator-internals');

/**
 * What a snapshot needs of a simulator: its store, its context (to rebuild job plans) and a way to
 * re-seed the id and value streams, so a restored simulator never hands out an id again.
 *
 * @internal
 */
export interface SimulatorInternals {
  readonly store: SimulatorStore;
  readonly context: SimulatorContext;
  /** Draws the seeds that continue the id and value streams after a restore. */
  drawStreamSeeds(): { readonly ids: number; readonly values: number };
  /** Restarts the id and value streams from seeds drawn by {@link drawStreamSeeds}. */
  reseedStreams(seeds: { readonly ids: number; readonly values: number }): void;
}

/** Concatenates chunks into one array (only when a caller needs the whole content). */
export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const result = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return result;
}

/** Decodes chunks as UTF-8 text without joining them first. */
export function decodeChunks(chunks: readonly Uint8Array[]): string {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/**
 * The lines of chunked UTF-8 text, split by the dataset reader's {@link LineSplitter} so the
 * simulator reads a file as its validator does: a leading BOM dropped, `\r\n` ending a line,
 * invalid UTF-8 decoded as U+FFFD. One chunk at a time (no whole-file string).
 *
 * @param chunks - The file's bytes.
 * @returns Each line's text, without its terminator; no empty last line after a final newline.
 */
export function* linesOfChunks(chunks: readonly Uint8Array[]): Generator<string, void, undefined> {
  const splitter = new LineSplitter();
  for (const chunk of chunks) for (const line of splitter.push(chunk)) yield line.text;
  for (const line of splitter.end()) yield line.text;
}
