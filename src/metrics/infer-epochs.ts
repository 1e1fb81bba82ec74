/**
 * Epoch boundaries: `stepsPerEpoch = total_steps / n_epochs` from the job, cross-checked with the
 * steps of `full_valid_*` values (written at epoch ends) and of supervised checkpoints (one per
 * epoch end); when the job's `n_epochs` is unknown, those steps are used instead.
 *
 * @module
 */
import { type MetricsIssue, metricsIssue } from './issue-codes.js';
import type { MetricsMethod } from './job-info.js';
import type { EpochSource, MetricsEpoch } from './metrics-data.js';

/** What {@link inferEpochs} needs. */
export interface EpochEvidence {
  readonly totalSteps: number | null;
  readonly nEpochs: number | null;
  readonly method: MetricsMethod | null;
  readonly lastStep: number | null;
  /** Steps with a `full_valid_*` value. */
  readonly fullValidSteps: readonly number[];
  /** Steps of checkpoints. */
  readonly checkpointSteps: readonly number[];
}

/** The inferred boundaries. */
export interface EpochInference {
  readonly stepsPerEpoch: number | null;
  readonly nEpochs: number | null;
  readonly source: EpochSource;
  readonly issues: readonly MetricsIssue[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function differences(steps: readonly number[]): number[] {
  const sorted = [...new Set(steps)].sort((a, b) => a - b);
  return sorted.slice(1).map((step, index) => step - (sorted[index] as number));
}

/** Steps that are not within one step of an epoch end (the step count per epoch may be rounded). */
function offBoundary(steps: readonly number[], stepsPerEpoch: number): number[] {
  return steps.filter((step) => {
    const ratio = step / stepsPerEpoch;
    return Math.abs(ratio - Math.round(ratio)) * stepsPerEpoch > 1 || Math.round(ratio) < 1;
  });
}

/**
 * Infers steps per epoch and the number of epochs.
 *
 * Reinforcement jobs validate every `eval_interval` steps, not at epoch ends, so only the job's
 * hyperparameters are used for them.
 *
 * @param evidence - Totals from events and job, and the steps of full-validation values and checkpoints.
 * @returns Steps per epoch (may be fractional), epochs, how they were found, and mismatch issues.
 */
export function inferEpochs(evidence: EpochEvidence): EpochInference {
  const reinforcement = evidence.method === 'reinforcement';
  const fullValid = reinforcement ? [] : evidence.fullValidSteps;
  const checkpoints = reinforcement ? [] : evidence.checkpointSteps;
  const extent = evidence.totalSteps ?? evidence.lastStep;

  if (evidence.totalSteps !== null && evidence.nEpochs !== null) {
    const stepsPerEpoch = evidence.totalSteps / evidence.nEpochs;
    const issues: MetricsIssue[] = [];
    const checks: [string, readonly number[]][] = [
      ['full-validation values', fullValid],
      ['checkpoints', checkpoints],
    ];
    for (const [what, steps] of checks) {
      const off = offBoundary(steps, stepsPerEpoch);
      if (off.length > 0) {
        issues.push(
          metricsIssue(
            'epoch_inference_mismatch',
            `${what} at step${off.length > 1 ? 's' : ''} ${off.slice(0, 5).join(', ')} do not fall on an epoch end ` +
              `(${evidence.totalSteps} steps / ${evidence.nEpochs} epochs = ${round(stepsPerEpoch)} steps per epoch)` +
              `${what === 'checkpoints' ? '; a paused job also creates a checkpoint' : ''}.`,
            { step: off[0] as number },
          ),
        );
      }
    }
    return { stepsPerEpoch, nEpochs: evidence.nEpochs, source: 'hyperparameters', issues };
  }

  const fromSteps = (
    steps: readonly number[],
    source: 'full_valid' | 'checkpoints',
  ): EpochInference | null => {
    const unique = [...new Set(steps)].sort((a, b) => a - b);
    let stepsPerEpoch: number | null = null;
    if (unique.length >= 2) {
      const candidate = median(differences(unique));
      if (candidate > 0 && offBoundary(unique, candidate).length === 0) stepsPerEpoch = candidate;
    } else if (unique.length === 1 && source === 'full_valid' && evidence.totalSteps !== null) {
      const only = unique[0] as number;
      if (only < evidence.totalSteps && evidence.totalSteps % only === 0) stepsPerEpoch = only;
    }
    if (stepsPerEpoch === null || extent === null) return null;
    const nEpochs = Math.max(
      1,
      evidence.totalSteps !== null ? Math.round(extent / stepsPerEpoch) : Math.ceil(extent / stepsPerEpoch),
    );
    return { stepsPerEpoch, nEpochs, source, issues: [] };
  };
  return (
    fromSteps(fullValid, 'full_valid') ??
    fromSteps(checkpoints, 'checkpoints') ?? {
      stepsPerEpoch: null,
      nEpochs: evidence.nEpochs,
      source: null,
      issues: [],
    }
  );
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/**
 * The 1-based epoch of a step: ⌈step / stepsPerEpoch⌉, clamped to `[1, nEpochs]`.
 *
 * @returns The epoch, or `null` when the boundaries are unknown.
 */
export function epochOfStep(
  step: number,
  stepsPerEpoch: number | null,
  nEpochs: number | null,
): number | null {
  if (stepsPerEpoch === null || stepsPerEpoch <= 0) return null;
  // The epsilon keeps a step that ends an epoch with a fractional stepsPerEpoch in that epoch.
  const epoch = Math.max(1, Math.ceil(step / stepsPerEpoch - 1e-9));
  return nEpochs === null ? epoch : Math.min(epoch, nEpochs);
}

/**
 * The step range of each epoch.
 *
 * @param stepsPerEpoch - Steps per epoch (may be fractional).
 * @param nEpochs - Number of epochs.
 * @param lastStep - The last step with data, to mark epochs complete.
 * @returns One entry per epoch, in order.
 */
export function epochRanges(
  stepsPerEpoch: number | null,
  nEpochs: number | null,
  lastStep: number | null,
): MetricsEpoch[] {
  if (stepsPerEpoch === null || nEpochs === null) return [];
  const epochs: MetricsEpoch[] = [];
  for (let epoch = 1; epoch <= nEpochs; epoch += 1) {
    const startStep = Math.floor((epoch - 1) * stepsPerEpoch + 1e-9) + 1;
    const endStep = Math.floor(epoch * stepsPerEpoch + 1e-9);
    epochs.push({ epoch, startStep, endStep, complete: lastStep !== null && lastStep >= endStep });
  }
  return epochs;
}
