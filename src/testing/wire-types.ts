/**
 * The objects the simulator sends, typed after the official OpenAPI spec's component schemas
 * (`OpenAIFile`, `Upload`, `UploadPart`, `FineTuningJob`, `FineTuningJobEvent`,
 * `FineTuningJobCheckpoint`, `Model`, `DeleteFileResponse`, `DeleteModelResponse`) plus the fields
 * the real API adds on the wire (e.g. `user_provided_suffix`). Kept independent of the `openai`
 * package so the testing layer has no dependency on it.
 *
 * @module
 */

/** Job statuses the simulator can report; the Azure-style ones only with `statusStyle: 'azure'`. */
export type SimulatedJobStatus =
  | 'validating_files'
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'paused'
  | 'pending'
  | 'pausing'
  | 'resuming';

/** `OpenAIFile` (`object: 'file'`). */
export interface SimulatedFile {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  /** Deprecated in the spec but still sent: `uploaded` until processed. */
  status: 'uploaded' | 'processed' | 'error';
  expires_at?: number;
  status_details?: string;
}

/** `Upload` (`object: 'upload'`). */
export interface SimulatedUpload {
  id: string;
  object: 'upload';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: 'pending' | 'completed' | 'cancelled' | 'expired';
  expires_at: number;
  file: SimulatedFile | null;
}

/** `UploadPart` (`object: 'upload.part'`). */
export interface SimulatedUploadPart {
  id: string;
  object: 'upload.part';
  created_at: number;
  upload_id: string;
}

/** Resolved or requested hyperparameters (`'auto'` until the job runs). */
export interface SimulatedHyperparameters {
  n_epochs?: number | 'auto';
  batch_size?: number | 'auto';
  learning_rate_multiplier?: number | 'auto';
  beta?: number | 'auto';
  [key: string]: unknown;
}

/** `FineTuneMethod`. */
export interface SimulatedMethod {
  type: 'supervised' | 'dpo' | 'reinforcement';
  supervised?: { hyperparameters: SimulatedHyperparameters };
  dpo?: { hyperparameters: SimulatedHyperparameters };
  /** The grader as sent (checked loosely at creation). */
  reinforcement?: { grader: Record<string, unknown>; hyperparameters: SimulatedHyperparameters };
}

/** The `error` of a failed job. */
export interface SimulatedJobError {
  code: string;
  message: string;
  param: string | null;
}

/** `FineTuningJob` (`object: 'fine_tuning.job'`), with the observed extra `user_provided_suffix`. */
export interface SimulatedJob {
  object: 'fine_tuning.job';
  id: string;
  model: string;
  created_at: number;
  finished_at: number | null;
  fine_tuned_model: string | null;
  organization_id: string;
  result_files: string[];
  status: SimulatedJobStatus;
  validation_file: string | null;
  training_file: string;
  /** `null` for DPO jobs with the `nullHyperparametersForDpo` quirk (as observed on the wire). */
  hyperparameters: SimulatedHyperparameters | null;
  method: SimulatedMethod;
  trained_tokens: number | null;
  /** `null` when not failed; `{}` or all-null fields with the `errorOnSuccess` quirk. */
  error: SimulatedJobError | Record<string, never> | { code: null; message: null; param: null } | null;
  seed: number;
  estimated_finish: number | null;
  integrations: unknown[] | null;
  metadata: Record<string, string> | null;
  user_provided_suffix: string | null;
}

/** `FineTuningJobEvent` (`object: 'fine_tuning.job.event'`). */
export interface SimulatedJobEvent {
  object: 'fine_tuning.job.event';
  id: string;
  created_at: number;
  level: 'info' | 'warn' | 'error';
  message: string;
  data: Record<string, unknown> | null;
  type: 'message' | 'metrics';
}

/** The metrics of a checkpoint or of a metrics event's `data`. */
export interface SimulatedStepMetrics {
  step: number;
  train_loss: number;
  train_mean_token_accuracy: number;
  valid_loss?: number;
  valid_mean_token_accuracy?: number;
  full_valid_loss?: number;
  full_valid_mean_token_accuracy?: number;
}

/** One grader's reward in a reinforcement metrics event (`scores.graders[]`). */
export interface SimulatedGraderScore {
  name: string;
  type: string;
  train_reward_mean: number;
  /** Only on validation steps. */
  valid_reward_mean?: number;
}

/**
 * A grader's entry in `usage.graders[]` (model graders), `errors.graders[]` or `timing.graders[]`:
 * its `name` and `type` (and `model`), then numeric `train_…` / `valid_…` values.
 */
export interface SimulatedGraderEntry {
  name: string;
  type: string;
  model?: string;
  [metric: string]: number | string | undefined;
}

/**
 * The `data` of a reinforcement metrics event (docs/internals/metrics-formats.md#reinforcement). `valid_…`, `full_valid_…`,
 * `eval` and `eval_…` values appear only on validation steps (every `eval_interval` steps and the last).
 */
export interface SimulatedRewardMetrics {
  step: number;
  train_mean_reward: number;
  full_valid_mean_reward?: number;
  full_valid_mean_parse_error?: number;
  reasoning_tokens_mean: number;
  completion_tokens_mean: number;
  valid_reasoning_tokens_mean?: number;
  mean_unresponsive_rewards: number;
  scores: { train_reward_mean: number; valid_reward_mean?: number; graders: SimulatedGraderScore[] };
  usage: { graders: SimulatedGraderEntry[]; samples: Record<string, number> };
  errors: { graders: SimulatedGraderEntry[] };
  /** Seconds per phase of the step (a plausible o4-mini step, independent of `timing.stepMs`). */
  timing: {
    step: { sampling: number; training: number; eval?: number; full_iteration: number };
    graders: SimulatedGraderEntry[];
  };
  /** Grader-model tokens of this step, per model. */
  model_graders_token_usage: Record<string, Record<string, number>>;
}

/**
 * The `metrics` of a checkpoint: the step's losses and accuracies for supervised and DPO jobs; for
 * reinforcement jobs `train_mean_reward`, `full_valid_mean_reward`, `full_valid_mean_parse_error`,
 * `reasoning_tokens_mean` and `completion_tokens_mean`.
 */
export interface SimulatedCheckpointMetrics extends Partial<SimulatedStepMetrics> {
  [metric: string]: number | undefined;
}

/** `FineTuningJobCheckpoint` (`object: 'fine_tuning.job.checkpoint'`). */
export interface SimulatedCheckpoint {
  object: 'fine_tuning.job.checkpoint';
  id: string;
  created_at: number;
  fine_tuned_model_checkpoint: string;
  fine_tuning_job_id: string;
  metrics: SimulatedCheckpointMetrics;
  step_number: number;
}

/** `Model` (`object: 'model'`). */
export interface SimulatedModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** A cursor page: `ListFilesResponse`, `ListFineTuningJobCheckpointsResponse` and the others. */
export interface SimulatedListPage<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  first_id?: string | null;
  last_id?: string | null;
}
