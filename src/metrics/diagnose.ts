/**
 * `diagnose()`: runs every diagnostic (docs/metrics.md, "Diagnostics") on merged metrics and returns the
 * findings, most severe first.
 *
 * @module
 */
import { type DiagnoseOptions, diagnoseContext, resolveDiagnoseOptions } from './diagnose-context.js';
import {
  diagnoseGraderErrors,
  diagnoseRewardFlat,
  diagnoseRewardHacking,
  diagnoseRewardLearnedNothing,
  diagnoseTokenDrift,
  diagnoseTrainRewardNoisy,
} from './diagnose-reinforcement.js';
import {
  diagnoseGapFromStart,
  diagnoseGapWidening,
  diagnoseMemorization,
  diagnoseNoisyValidationOnly,
  diagnoseOverfitRatio,
  diagnoseValidOscillation,
} from './diagnose-supervised.js';
import {
  diagnoseDivergence,
  diagnoseFinalVsBest,
  diagnoseIncomplete,
  diagnoseLearningRateTooHigh,
  diagnoseLearningRateTooLow,
  diagnoseLossFlat,
  diagnoseNonFinite,
  diagnoseNoValidation,
  diagnosePlateau,
  diagnoseSourceMismatch,
  diagnoseSpikes,
} from './diagnose-training.js';
import type { FindingSeverity, MetricsFinding } from './finding-codes.js';
import type { MetricsData } from './metrics-data.js';

const SEVERITY_ORDER: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * Diagnoses merged metrics.
 *
 * Prefers `full_valid_*` values and epoch means of the noisy per-batch train loss; falls back to
 * mini-batch validation only where it says so in the finding.
 *
 * @param data - Merged metrics (see `Metrics`).
 * @param options - Thresholds; see {@link DiagnoseOptions}.
 * @returns Findings sorted by severity (error, warning, info), then by first step.
 * @throws {FinetuneKitUsageError} When an option is out of range.
 */
export function diagnoseMetrics(data: MetricsData, options: DiagnoseOptions = {}): MetricsFinding[] {
  const resolved = resolveDiagnoseOptions(options);
  const context = diagnoseContext(data, resolved);
  const divergence = diagnoseDivergence(context);
  const lossFlat = diagnoseLossFlat(context);
  const findings: MetricsFinding[] = [
    ...diagnoseNonFinite(context),
    ...lossFlat,
    ...diagnoseRewardLearnedNothing(context),
    ...diagnoseOverfitRatio(context),
    ...diagnoseGapWidening(context),
    ...diagnoseFinalVsBest(context),
    ...diagnoseMemorization(context),
    ...divergence,
    ...diagnoseRewardHacking(context),
    ...diagnoseRewardFlat(context),
    ...diagnoseTokenDrift(context),
    ...diagnoseGraderErrors(context),
    ...diagnoseLearningRateTooLow(context, lossFlat.length > 0),
    ...diagnoseLearningRateTooHigh(context),
    ...diagnoseValidOscillation(context),
    ...diagnoseGapFromStart(context),
    ...diagnoseSpikes(context),
    ...diagnosePlateau(context, divergence.length > 0),
    ...diagnoseNoisyValidationOnly(context),
    ...diagnoseNoValidation(context),
    ...diagnoseTrainRewardNoisy(context),
    ...diagnoseIncomplete(context),
    ...diagnoseSourceMismatch(context),
  ];
  const include = resolved.include === null ? null : new Set(resolved.include);
  const exclude = new Set(resolved.exclude);
  return findings
    .filter((entry) => (include === null || include.has(entry.code)) && !exclude.has(entry.code))
    .map((entry, index) => ({ entry, index }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.entry.severity] - SEVERITY_ORDER[b.entry.severity] ||
        (a.entry.steps[0] ?? Number.POSITIVE_INFINITY) - (b.entry.steps[0] ?? Number.POSITIVE_INFINITY) ||
        a.index - b.index,
    )
    .map(({ entry }) => entry);
}
