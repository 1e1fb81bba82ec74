/**
 * Parses fine-tuning checkpoints (`fine_tuning.job.checkpoint`) leniently.
 *
 * @module
 */
import { parseFineTunedModelName } from '../models/index.js';
import { canonicalizeRecord, type MetricRecordValues } from './canonicalize-record.js';
import { flattenMetricsData, numericLeaf } from './flatten-metrics-data.js';
import { type MetricsIssue, metricsIssue } from './issue-codes.js';

/** The fields of a checkpoint that finetune-kit reads (structural: the SDK type, an archive or a literal). */
export interface CheckpointLike {
  readonly id?: string;
  readonly created_at?: number;
  readonly fine_tuned_model_checkpoint?: string;
  readonly fine_tuning_job_id?: string;
  readonly step_number?: number;
  readonly metrics?: unknown;
}

/** One checkpoint, parsed. */
export interface ParsedCheckpoint extends MetricRecordValues {
  /** `ftckpt_…`, or `null` when missing. */
  readonly id: string | null;
  /** Unix seconds. */
  readonly createdAt: number | null;
  /** The step the checkpoint was taken at. */
  readonly step: number;
  /** The model name to call (`ft:…:ckpt-step-N`, or the final model name for the last checkpoint). */
  readonly model: string | null;
}

/** The result of parsing checkpoints. */
export interface ParseCheckpointsResult {
  /** Checkpoints sorted by step (oldest first). */
  readonly checkpoints: readonly ParsedCheckpoint[];
  readonly issues: readonly MetricsIssue[];
}

function positiveInteger(value: unknown): number | null {
  const number = numericLeaf(value);
  return number !== undefined && Number.isInteger(number) && number > 0 ? number : null;
}

/**
 * Parses one checkpoint. The step comes from `step_number`, else `metrics.step`, else the
 * `ckpt-step-N` suffix of the model name. Metric keys go through the alias table (Azure's
 * reinforcement checkpoints carry `train_mean_reward`, `full_valid_mean_reward`).
 *
 * @param checkpoint - A checkpoint as listed by `client.fineTuning.jobs.checkpoints.list`.
 * @returns The checkpoint, or `null` with a `checkpoint_invalid` issue when no step can be found.
 */
export function parseCheckpoint(checkpoint: CheckpointLike): {
  checkpoint: ParsedCheckpoint | null;
  issues: MetricsIssue[];
} {
  const id = typeof checkpoint.id === 'string' ? checkpoint.id : null;
  const model =
    typeof checkpoint.fine_tuned_model_checkpoint === 'string'
      ? checkpoint.fine_tuned_model_checkpoint
      : null;
  const metrics =
    typeof checkpoint.metrics === 'object' &&
    checkpoint.metrics !== null &&
    !Array.isArray(checkpoint.metrics)
      ? (checkpoint.metrics as Record<string, unknown>)
      : {};
  const step =
    positiveInteger(checkpoint.step_number) ??
    positiveInteger(metrics.step) ??
    (model ? (parseFineTunedModelName(model)?.checkpointStep ?? null) : null);
  const idField = id === null ? {} : { id };
  if (step === null) {
    return {
      checkpoint: null,
      issues: [
        metricsIssue(
          'checkpoint_invalid',
          `checkpoint ${id ?? model ?? '(no id)'}: ignored because it has no step_number, metrics.step or ckpt-step-N name.`,
          idField,
        ),
      ],
    };
  }
  const { values, extra, issues } = canonicalizeRecord(flattenMetricsData(metrics), {
    where: `checkpoint ${id ?? model ?? '(no id)'} (step ${step})`,
    step,
    ...idField,
  });
  const createdAt = typeof checkpoint.created_at === 'number' ? checkpoint.created_at : null;
  return { checkpoint: { id, createdAt, step, model, values, extra }, issues: [...issues] };
}

/**
 * Parses a list of checkpoints in any order (the API lists newest first).
 *
 * @param checkpoints - Checkpoints from the API or an archive.
 * @returns Checkpoints sorted by step, and issues.
 */
export function parseCheckpoints(checkpoints: Iterable<CheckpointLike>): ParseCheckpointsResult {
  const parsed: ParsedCheckpoint[] = [];
  const issues: MetricsIssue[] = [];
  for (const item of checkpoints) {
    const result = parseCheckpoint(item);
    issues.push(...result.issues);
    if (result.checkpoint) parsed.push(result.checkpoint);
  }
  parsed.sort((a, b) => a.step - b.step || (a.createdAt ?? 0) - (b.createdAt ?? 0));
  return { checkpoints: parsed, issues };
}
