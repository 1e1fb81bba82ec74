/**
 * The contract between a job's plan and its training method: how many steps, which hyperparameters,
 * what each step emits, which checkpoints and models come out, and the result file. Supervised and
 * DPO jobs share one implementation, reinforcement jobs have their own.
 *
 * @module
 */
import { createRandom, hashString, type SeededRandom } from '../internal/seeded-random.js';
import type { SimulatorContext } from './context.js';
import type { AcceptedTrainingFile } from './server-validation.js';
import type { JobRecord } from './store.js';
import type { SimulatedCheckpointMetrics, SimulatedHyperparameters } from './wire-types.js';

/** One job's training, decided when the job is created and run as the clock reaches each step. */
export interface TrainingRun {
  /** Training steps: ⌈examples / batch_size⌉ × n_epochs. */
  readonly totalSteps: number;
  /** The resolved hyperparameters (no `'auto'` left), shown once the job runs. */
  readonly hyperparameters: Readonly<Record<string, number | string>>;
  /** `trained_tokens` when the job succeeds. */
  readonly trainedTokens: number;
  /** Training starts at `time`: the metrics of every step are drawn. */
  start(time: number): void;
  /** Training step `step` (1-based) ends at `time`: its metrics event, and any checkpoint. */
  step(step: number, time: number): void;
  /** The last checkpoints and the final model are made at `time` (the job sets `fine_tuned_model`). */
  finish(time: number): void;
  /** The result file's CSV text (before any base64 encoding). */
  resultCsv(): string;
  /** The `metrics` of a checkpoint taken at `step` (also when a pause takes one). */
  checkpointMetrics(step: number): SimulatedCheckpointMetrics;
}

/** The job's requested hyperparameters (from `method`, else the deprecated top-level field). */
export function requestedHyperparameters(record: JobRecord): SimulatedHyperparameters {
  const method = record.job.method;
  return method[method.type]?.hyperparameters ?? record.job.hyperparameters ?? {};
}

/** How long a run is, the same for every method. */
export interface RunSize {
  /** ⌈examples / batch_size⌉. */
  readonly stepsPerEpoch: number;
  /** `stepsPerEpoch × n_epochs`. */
  readonly totalSteps: number;
  /** The file's tokens per epoch × `n_epochs`. */
  readonly trainedTokens: number;
}

/**
 * The steps and trained tokens of a run from its accepted training file and resolved hyperparameters.
 *
 * @param verdict - The accepted training file.
 * @param resolved - The resolved `batch_size` and `n_epochs` (no `'auto'` left).
 * @returns Steps per epoch, total steps and trained tokens.
 */
export function runSize(
  verdict: AcceptedTrainingFile,
  resolved: { readonly batch_size: number; readonly n_epochs: number },
): RunSize {
  const stepsPerEpoch = Math.ceil(verdict.examples / resolved.batch_size);
  return {
    stepsPerEpoch,
    totalSteps: stepsPerEpoch * resolved.n_epochs,
    trainedTokens: verdict.tokensPerEpoch * resolved.n_epochs,
  };
}

/**
 * The random source a job's curve is drawn from: the same job id, simulator seed and job seed draw
 * the same curve, whatever else the simulator did before.
 *
 * @param context - The simulator.
 * @param record - The job.
 * @returns A fresh seeded random source.
 */
export function jobRandom(context: SimulatorContext, record: JobRecord): SeededRandom {
  return createRandom(hashString(record.job.id, context.options.seed + record.job.seed));
}
