/**
 * The findings `metrics.diagnose()` can report: codes, default severities,
 * and the typed evidence each code carries.
 *
 * Codes are stable and part of the public contract.
 *
 * @module
 */

/** How much a finding matters: `error` = the run is broken, `warning` = act on it, `info` = a hint. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** Which jobs a finding applies to. */
export type FindingScope = 'any' | 'supervised' | 'reinforcement';

/** Definition of one finding code. */
export interface FindingCodeDefinition {
  readonly severity: FindingSeverity;
  readonly scope: FindingScope;
  /** One line: what the diagnostic checks. */
  readonly summary: string;
}

/** Every finding code with its default severity. */
export const FINDING_CODES = {
  non_finite_values: {
    severity: 'error',
    scope: 'any',
    summary: 'A metric is NaN or ±Infinity at some step.',
  },
  learned_nothing: {
    severity: 'error',
    scope: 'any',
    summary:
      'The job succeeded but the reward stayed flat, every grader scored 0, or the training loss never fell.',
  },
  overfit_ratio: {
    severity: 'warning',
    scope: 'supervised',
    summary:
      'Full-validation loss / mean train loss of the last epoch is above 1.2 (mild), 1.5 (moderate) or 2.0 (severe).',
  },
  overfit_gap_widening: {
    severity: 'warning',
    scope: 'supervised',
    summary: 'Validation loss rises while train loss falls, so the gap grows from epoch to epoch.',
  },
  final_worse_than_best: {
    severity: 'warning',
    scope: 'any',
    summary: 'The final validation value is more than 20% worse than the best one.',
  },
  memorization: {
    severity: 'warning',
    scope: 'supervised',
    summary: 'Train loss near 0 with token accuracy near 1.0: the model memorised the training set.',
  },
  divergence: {
    severity: 'warning',
    scope: 'any',
    summary: 'The smoothed train loss climbed back above twice its best value.',
  },
  reward_hacking: {
    severity: 'warning',
    scope: 'reinforcement',
    summary: 'Train reward rises while validation reward stays flat, with a gap above 0.10.',
  },
  reward_flat: {
    severity: 'warning',
    scope: 'reinforcement',
    summary:
      'Reward stuck near 0, always negative, or high from the start and flat: the grader is broken, too strict or too lenient.',
  },
  token_drift: {
    severity: 'warning',
    scope: 'reinforcement',
    summary: 'Reasoning or completion tokens grew to 3× their first value: the grader may reward verbosity.',
  },
  grader_errors: {
    severity: 'warning',
    scope: 'reinforcement',
    summary:
      'Grader errors: other/server/runtime errors above ~0, or many parse errors while the reward does not climb.',
  },
  learning_rate_too_low: {
    severity: 'info',
    scope: 'any',
    summary: 'Train loss barely falls (less than 5% from the start to the end).',
  },
  learning_rate_too_high: {
    severity: 'info',
    scope: 'any',
    summary: 'Train loss crashes to ~0 within the first 10% of training.',
  },
  valid_oscillation: {
    severity: 'info',
    scope: 'supervised',
    summary: 'Mini-batch validation loss jumps around its trend by more than 30%.',
  },
  gap_from_start: {
    severity: 'info',
    scope: 'supervised',
    summary:
      'Validation loss is far above train loss at the first evaluation: the two files may differ in distribution.',
  },
  loss_spike: {
    severity: 'info',
    scope: 'any',
    summary: 'Points far above the rolling median (more than k·MAD, and above the 95th percentile).',
  },
  plateau: {
    severity: 'info',
    scope: 'any',
    summary: 'No improvement beyond min_delta for the last evaluations or last quarter of steps.',
  },
  noisy_validation_only: {
    severity: 'info',
    scope: 'supervised',
    summary: 'Only mini-batch valid_* metrics exist (no full_valid_*): they can be off by 10x.',
  },
  no_validation_metrics: {
    severity: 'info',
    scope: 'any',
    summary: 'There are no validation metrics, so overfitting cannot be judged.',
  },
  train_reward_noisy: {
    severity: 'info',
    scope: 'reinforcement',
    summary: 'Train reward swings from step to step; judge progress by valid_reward_mean.',
  },
  incomplete_run: {
    severity: 'info',
    scope: 'any',
    summary: 'The job has not finished (or failed or was cancelled): the series are partial.',
  },
  source_mismatch: {
    severity: 'info',
    scope: 'any',
    summary: 'Event and result-CSV values differ by more than the CSV rounding (5e-6).',
  },
} as const satisfies Record<string, FindingCodeDefinition>;

/** A finding code. */
export type FindingCode = keyof typeof FINDING_CODES;

/** The typed evidence of each finding code. */
export interface FindingEvidenceMap {
  non_finite_values: { readonly metrics: readonly string[]; readonly count: number };
  learned_nothing: {
    readonly reason: 'reward_flat' | 'grader_scores_zero' | 'loss_flat';
    readonly metric: string;
    readonly first: number | null;
    readonly last: number | null;
  };
  overfit_ratio: {
    readonly band: 'mild' | 'moderate' | 'severe';
    readonly ratio: number;
    readonly epoch: number | null;
    readonly validLoss: number;
    readonly trainLossMean: number;
    /** `full_valid_loss` at the epoch end, or the epoch mean of the noisy mini-batch `valid_loss`. */
    readonly basis: 'full_valid_loss' | 'valid_loss';
    /** The ratio of every evaluated epoch, oldest first. */
    readonly ratios: readonly number[];
  };
  overfit_gap_widening: { readonly gaps: readonly number[]; readonly epochs: readonly number[] };
  final_worse_than_best: {
    readonly metric: string;
    readonly best: number;
    readonly bestStep: number;
    readonly final: number;
    readonly finalStep: number;
    /** (final − best) / |best|, signed so that positive means worse. */
    readonly relative: number;
  };
  memorization: {
    readonly trainLoss: number;
    readonly trainAccuracy: number | null;
    readonly epoch: number | null;
  };
  divergence: {
    readonly metric: string;
    readonly best: number;
    readonly final: number;
    readonly threshold: number;
  };
  reward_hacking: {
    readonly trainFirst: number;
    readonly trainLast: number;
    readonly validFirst: number;
    readonly validLast: number;
    readonly gap: number;
  };
  reward_flat: {
    readonly metric: string;
    readonly kind: 'zero' | 'negative' | 'saturated';
    readonly min: number;
    readonly max: number;
  };
  token_drift: {
    readonly metric: string;
    readonly first: number;
    readonly last: number;
    readonly ratio: number;
  };
  grader_errors: {
    readonly metric: string;
    readonly grader: string;
    readonly kind: string;
    readonly mean: number;
    /** True when the reward still climbs (parse errors are then acceptable). */
    readonly rewardClimbing: boolean;
  };
  learning_rate_too_low: {
    readonly metric: string;
    readonly start: number;
    readonly end: number;
    readonly relativeDrop: number;
  };
  learning_rate_too_high: {
    readonly metric: string;
    readonly start: number;
    readonly value: number;
    readonly step: number;
  };
  valid_oscillation: { readonly metric: string; readonly relativeDispersion: number };
  gap_from_start: {
    readonly step: number;
    readonly train: number;
    readonly valid: number;
    readonly ratio: number;
  };
  loss_spike: { readonly metric: string; readonly values: readonly number[] };
  plateau: {
    readonly metric: string;
    readonly sinceStep: number;
    readonly best: number;
    readonly evaluations: number;
  };
  noisy_validation_only: { readonly metric: 'valid_loss' };
  no_validation_metrics: { readonly method: string | null };
  train_reward_noisy: { readonly medianStepChange: number };
  incomplete_run: {
    readonly status: string | null;
    readonly lastStep: number | null;
    readonly totalSteps: number | null;
  };
  source_mismatch: { readonly metric: string; readonly maxDifference: number; readonly count: number };
}

/** One finding of a given code. */
export interface MetricsFindingOf<C extends FindingCode> {
  readonly code: C;
  readonly severity: FindingSeverity;
  /** The steps that show the problem (at most 100), oldest first. */
  readonly steps: readonly number[];
  /** One line: what was found, with the numbers. */
  readonly message: string;
  /** One line: what to do about it. */
  readonly suggestion: string;
  readonly evidence: FindingEvidenceMap[C];
}

/**
 * A finding: a union discriminated on `code`, so narrowing on the code types the evidence.
 *
 * @example
 * ```ts
 * for (const finding of metrics.diagnose()) {
 *   if (finding.code === 'overfit_ratio') console.log(finding.evidence.band, finding.evidence.ratio);
 * }
 * ```
 */
export type MetricsFinding = { [C in FindingCode]: MetricsFindingOf<C> }[FindingCode];

/** Builds a finding with at most 100 steps. */
export function finding<C extends FindingCode>(
  code: C,
  fields: {
    readonly severity?: FindingSeverity;
    readonly steps: readonly number[];
    readonly message: string;
    readonly suggestion: string;
    readonly evidence: FindingEvidenceMap[C];
  },
): MetricsFindingOf<C> {
  return {
    code,
    severity: fields.severity ?? FINDING_CODES[code].severity,
    steps: fields.steps.slice(0, 100),
    message: fields.message,
    suggestion: fields.suggestion,
    evidence: fields.evidence,
  };
}
