/**
 * The contract between a job's plan and its training method: how many steps, which hyperparameters,
 * what each step emits, which checkpoints and models come out, and the result file. Supervised and
 * DPO jobs share one implementation, reinforcement jobs have their own.
 *
 * @module
 */
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
