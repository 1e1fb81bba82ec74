/**
 * Reads the parts of a fine-tuning job object that the metrics need, leniently: `hyperparameters`
 * is null on DPO and failed jobs, `auto` until the job runs, and the method block may be missing.
 *
 * @module
 */
import { TERMINAL_JOB_STATUSES as TERMINAL_STATUSES } from '../internal/terminal-job-statuses.js';

/** Hyperparameters as they appear on the wire (`auto`, numbers, null). */
export interface HyperparametersLike {
  readonly n_epochs?: unknown;
  readonly batch_size?: unknown;
  readonly learning_rate_multiplier?: unknown;
  /** Reinforcement only. */
  readonly eval_interval?: unknown;
  /** DPO only: the weight of the penalty between the policy and the reference model. */
  readonly beta?: unknown;
}

/**
 * The fields of a `fine_tuning.job` that finetune-kit reads. Structural, so the SDK's `FineTuningJob`,
 * an Azure job with extra statuses, or an archived job all fit.
 */
export interface FineTuningJobLike {
  readonly id?: string;
  readonly status?: string;
  readonly model?: string;
  readonly fine_tuned_model?: string | null;
  readonly created_at?: number;
  readonly finished_at?: number | null;
  readonly trained_tokens?: number | null;
  readonly training_file?: string;
  readonly validation_file?: string | null;
  readonly result_files?: readonly string[];
  readonly hyperparameters?: HyperparametersLike | null;
  readonly method?: {
    readonly type?: string;
    readonly supervised?: { readonly hyperparameters?: HyperparametersLike | null } | null;
    readonly dpo?: { readonly hyperparameters?: HyperparametersLike | null } | null;
    readonly reinforcement?: { readonly hyperparameters?: HyperparametersLike | null } | null;
  } | null;
}

/** The training method of a job. */
export type MetricsMethod = 'supervised' | 'dpo' | 'reinforcement';

/** What the metrics know about the job. Every field is `null` when unknown. */
export interface MetricsJobInfo {
  readonly id: string | null;
  readonly model: string | null;
  /** Open string: `succeeded`, `failed`, `cancelled`, `running`, Azure's `pending`, … */
  readonly status: string | null;
  readonly method: MetricsMethod | null;
  readonly nEpochs: number | null;
  readonly batchSize: number | null;
  readonly learningRateMultiplier: number | null;
  /** Reinforcement: validation every this many steps. */
  readonly evalInterval: number | null;
  /** DPO: `beta`, the weight of the penalty between the policy and the reference model. */
  readonly beta: number | null;
  /** Billed tokens (all epochs), set once the job succeeded. */
  readonly trainedTokens: number | null;
  readonly fineTunedModel: string | null;
  readonly hasValidationFile: boolean | null;
  /** Unix seconds. */
  readonly createdAt: number | null;
  /** Unix seconds. */
  readonly finishedAt: number | null;
}

/**
 * Statuses after which a job never changes again (the library's one list), typed as plain strings
 * so any wire status can be looked up in it.
 */
export const TERMINAL_JOB_STATUSES: readonly string[] = TERMINAL_STATUSES;

function positiveNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

/** An empty job info, for metrics built from a CSV alone. */
export const UNKNOWN_JOB_INFO: MetricsJobInfo = Object.freeze({
  id: null,
  model: null,
  status: null,
  method: null,
  nEpochs: null,
  batchSize: null,
  learningRateMultiplier: null,
  evalInterval: null,
  beta: null,
  trainedTokens: null,
  fineTunedModel: null,
  hasValidationFile: null,
  createdAt: null,
  finishedAt: null,
});

/**
 * Reads a job object into {@link MetricsJobInfo}. Hyperparameters come from `method.<type>` first,
 * then from the deprecated top-level `hyperparameters`; `auto` counts as unknown.
 *
 * @param job - A job from `client.fineTuning.jobs.retrieve`, or `null`.
 * @returns The job info (all `null` for a `null` job).
 */
export function readJobInfo(job: FineTuningJobLike | null | undefined): MetricsJobInfo {
  if (!job) return UNKNOWN_JOB_INFO;
  const type = job.method?.type;
  const method: MetricsMethod | null =
    type === 'supervised' || type === 'dpo' || type === 'reinforcement' ? type : null;
  const fromMethod = method ? job.method?.[method]?.hyperparameters : null;
  const pick = (key: keyof HyperparametersLike): number | null =>
    positiveNumber(fromMethod?.[key]) ?? positiveNumber(job.hyperparameters?.[key]);
  return {
    id: typeof job.id === 'string' ? job.id : null,
    model: typeof job.model === 'string' ? job.model : null,
    status: typeof job.status === 'string' ? job.status : null,
    method,
    nEpochs: pick('n_epochs'),
    batchSize: pick('batch_size'),
    learningRateMultiplier: pick('learning_rate_multiplier'),
    evalInterval: pick('eval_interval'),
    beta: pick('beta'),
    trainedTokens: positiveNumber(job.trained_tokens),
    fineTunedModel:
      typeof job.fine_tuned_model === 'string' && job.fine_tuned_model !== '' ? job.fine_tuned_model : null,
    hasValidationFile:
      job.validation_file === undefined
        ? null
        : typeof job.validation_file === 'string' && job.validation_file !== '',
    createdAt: typeof job.created_at === 'number' ? job.created_at : null,
    finishedAt: typeof job.finished_at === 'number' ? job.finished_at : null,
  };
}
