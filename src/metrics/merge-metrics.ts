/**
 * Merges events, checkpoints and result CSVs into one point per step.
 *
 * Precedence for the same metric and step: event data (full precision) and full-precision CSVs
 * (Azure) > checkpoint metrics > 5-decimal CSVs (OpenAI) > message text (2 decimals). Each value
 * keeps its source. Event and CSV values that differ by more than 5·10⁻⁶ are reported.
 *
 * @module
 */
import { epochOfStep, epochRanges, inferEpochs } from './infer-epochs.js';
import { type MetricsIssue, metricsIssue } from './issue-codes.js';
import { type FineTuningJobLike, type MetricsMethod, readJobInfo } from './job-info.js';
import { compareMetricNames } from './metric-names.js';
import { mergeMetricRecords, metricRecord, ownMetric } from './metric-record.js';
import type {
  MetricSource,
  MetricsCheckpoint,
  MetricsCoverage,
  MetricsData,
  MetricsPoint,
  SourceMismatch,
} from './metrics-data.js';
import type { ParsedCheckpoint } from './parse-checkpoint.js';
import type { ParsedMetricsEvent } from './parse-metrics-event.js';
import type { ResultCsv } from './parse-result-csv.js';

/** Inputs of {@link mergeMetrics}; every part is optional. */
export interface MergeMetricsInput {
  /** The job object, for status, method, `n_epochs` and `trained_tokens`. */
  readonly job?: FineTuningJobLike | null;
  /** Parsed metrics events (see `parseMetricsEvents`). */
  readonly events?: readonly ParsedMetricsEvent[];
  /** Parsed checkpoints (see `parseCheckpoints`). */
  readonly checkpoints?: readonly ParsedCheckpoint[];
  /** Parsed result files (see `parseResultFile`). */
  readonly resultFiles?: readonly ResultCsv[];
  /** Issues found while parsing or fetching, carried into `Metrics.issues`. */
  readonly issues?: readonly MetricsIssue[];
}

/** Largest |event − csv| still explained by OpenAI's rounding to 5 decimals (plus float noise). */
export const CSV_CONSISTENCY_TOLERANCE = 5e-6;

const RANK: Readonly<Record<string, number>> = {
  event: 3,
  csvFull: 3,
  checkpoint: 2,
  csvRounded: 1,
  message: 0,
};

interface Slot {
  value: number;
  source: MetricSource;
  rank: number;
}

function isRewardKey(name: string): boolean {
  return /reward/.test(name);
}

/**
 * Merges all sources into {@link MetricsData}.
 *
 * @param input - Job, parsed events, checkpoints and result files.
 * @returns The merged data (points sorted by step), with coverage, epochs and issues.
 */
export function mergeMetrics(input: MergeMetricsInput): MetricsData {
  const jobInfo = readJobInfo(input.job);
  const events = input.events ?? [];
  const checkpoints = input.checkpoints ?? [];
  const csvs = input.resultFiles ?? [];
  const issues: MetricsIssue[] = [...(input.issues ?? []), ...csvs.flatMap((csv) => csv.issues)];
  const steps = new Map<number, Map<string, Slot>>();
  const eventValues = new Map<number, Readonly<Record<string, number>>>();

  const put = (step: number, name: string, value: number, source: MetricSource, rank: number): void => {
    let slots = steps.get(step);
    if (!slots) {
      slots = new Map();
      steps.set(step, slots);
    }
    const current = slots.get(name);
    if (!current || rank > current.rank) slots.set(name, { value, source, rank });
  };
  const putAll = (
    step: number,
    record: Readonly<Record<string, number>>,
    source: MetricSource,
    rank: number,
  ): void => {
    for (const [name, value] of Object.entries(record)) put(step, name, value, source, rank);
  };

  for (const event of events) {
    const source: MetricSource = event.origin === 'data' ? 'event' : 'message';
    const rank = event.origin === 'data' ? RANK.event : RANK.message;
    putAll(event.step, event.values, source, rank as number);
    putAll(event.step, event.extra, source, rank as number);
    if (event.origin === 'data') eventValues.set(event.step, mergeMetricRecords(event.values, event.extra));
  }

  const mismatchByMetric = new Map<string, { steps: number[]; maxDifference: number; maxStep: number }>();
  for (const csv of csvs) {
    const rank = (csv.precision === 'full' ? RANK.csvFull : RANK.csvRounded) as number;
    for (const row of csv.rows) {
      const record = mergeMetricRecords(row.values, row.extra);
      putAll(row.step, record, 'csv', rank);
      const fromEvent = eventValues.get(row.step);
      if (!fromEvent) continue;
      for (const [name, value] of Object.entries(record)) {
        const eventValue = ownMetric(fromEvent, name);
        if (eventValue === undefined || !Number.isFinite(eventValue) || !Number.isFinite(value)) continue;
        const difference = Math.abs(eventValue - value);
        if (difference <= CSV_CONSISTENCY_TOLERANCE * (1 + 1e-9) + 1e-15) continue;
        const entry = mismatchByMetric.get(name) ?? { steps: [], maxDifference: 0, maxStep: row.step };
        entry.steps.push(row.step);
        if (difference > entry.maxDifference) {
          entry.maxDifference = difference;
          entry.maxStep = row.step;
        }
        mismatchByMetric.set(name, entry);
      }
    }
  }
  for (const checkpoint of checkpoints) {
    putAll(
      checkpoint.step,
      mergeMetricRecords(checkpoint.values, checkpoint.extra),
      'checkpoint',
      RANK.checkpoint as number,
    );
  }

  const mismatches: SourceMismatch[] = [...mismatchByMetric.entries()]
    .sort(([a], [b]) => compareMetricNames(a, b))
    .map(([metric, entry]) => {
      issues.push(
        metricsIssue(
          'source_mismatch',
          `${metric}: the event and result-CSV values differ by more than ${CSV_CONSISTENCY_TOLERANCE} at ` +
            `${entry.steps.length} step${entry.steps.length > 1 ? 's' : ''} (largest ${entry.maxDifference.toPrecision(3)} ` +
            `at step ${entry.maxStep}); event values are used.`,
          { column: metric, step: entry.maxStep },
        ),
      );
      return { metric, steps: entry.steps.sort((a, b) => a - b), maxDifference: entry.maxDifference };
    });

  // Totals and method.
  const totals = new Set(
    events.map((event) => event.totalSteps).filter((total): total is number => total !== null),
  );
  let totalSteps = totals.size > 0 ? Math.max(...totals) : null;
  if (totals.size > 1) {
    issues.push(
      metricsIssue(
        'total_steps_conflict',
        `events report different total_steps (${[...totals].sort((a, b) => a - b).join(', ')}); using ${totalSteps}.`,
      ),
    );
  }
  const sortedSteps = [...steps.keys()].sort((a, b) => a - b);
  const lastStep = sortedSteps.length > 0 ? (sortedSteps[sortedSteps.length - 1] as number) : null;
  if (totalSteps === null && jobInfo.status === 'succeeded' && lastStep !== null) totalSteps = lastStep;
  if (totalSteps !== null && lastStep !== null && lastStep > totalSteps) {
    issues.push(
      metricsIssue(
        'total_steps_conflict',
        `data reaches step ${lastStep}, beyond total_steps ${totalSteps}; using ${lastStep}.`,
        {
          step: lastStep,
        },
      ),
    );
    totalSteps = lastStep;
  }
  let method: MetricsMethod | null = jobInfo.method;
  if (method === null && sortedSteps.some((step) => [...(steps.get(step)?.keys() ?? [])].some(isRewardKey))) {
    method = 'reinforcement';
  }

  const stepsWith = (test: (name: string) => boolean): number[] =>
    sortedSteps.filter((step) => [...(steps.get(step)?.keys() ?? [])].some(test));
  const fullValidSteps = stepsWith(
    (name) => name === 'full_valid_loss' || name === 'full_valid_mean_token_accuracy',
  );
  const validSteps = stepsWith(
    (name) => name === 'valid_loss' || name === 'valid_mean_token_accuracy' || name === 'valid_reward_mean',
  );
  const checkpointSteps = [...new Set(checkpoints.map((checkpoint) => checkpoint.step))].sort(
    (a, b) => a - b,
  );

  const inference = inferEpochs({
    totalSteps,
    nEpochs: jobInfo.nEpochs,
    method,
    lastStep,
    fullValidSteps,
    checkpointSteps,
  });
  issues.push(...inference.issues);
  const { stepsPerEpoch, nEpochs } = inference;

  const points: MetricsPoint[] = sortedSteps.map((step) => {
    const slots = [...(steps.get(step) ?? new Map<string, Slot>()).entries()].sort(([a], [b]) =>
      compareMetricNames(a, b),
    );
    return {
      step,
      epoch: epochOfStep(step, stepsPerEpoch, nEpochs),
      values: metricRecord(slots.map(([name, slot]) => [name, slot.value])),
      sources: metricRecord(slots.map(([name, slot]) => [name, slot.source])),
    };
  });

  const mergedCheckpoints: MetricsCheckpoint[] = checkpoints.map((checkpoint) => ({
    id: checkpoint.id,
    step: checkpoint.step,
    epoch: epochOfStep(checkpoint.step, stepsPerEpoch, nEpochs),
    model: checkpoint.model,
    createdAt: checkpoint.createdAt,
    values: mergeMetricRecords(checkpoint.values, checkpoint.extra),
  }));

  return {
    job: { ...jobInfo, method, nEpochs },
    totalSteps,
    stepsPerEpoch,
    epochSource: inference.source,
    epochs: epochRanges(stepsPerEpoch, nEpochs, lastStep),
    points,
    checkpoints: mergedCheckpoints,
    coverage: computeCoverage(points, totalSteps, validSteps, fullValidSteps, checkpointSteps),
    mismatches,
    issues,
  };
}

/**
 * Coverage of merged points: which steps carry which metric, from which source, and the gaps.
 *
 * @returns The coverage report.
 */
export function computeCoverage(
  points: readonly MetricsPoint[],
  totalSteps: number | null,
  validSteps: readonly number[],
  fullValidSteps: readonly number[],
  checkpointSteps: readonly number[],
): MetricsCoverage {
  const valuesBySource: Record<MetricSource, number> = { event: 0, checkpoint: 0, csv: 0, message: 0 };
  const metrics = metricRecord<{
    count: number;
    firstStep: number;
    lastStep: number;
    sources: Partial<Record<MetricSource, number>>;
  }>();
  for (const point of points) {
    for (const [name, source] of Object.entries(point.sources)) {
      valuesBySource[source] += 1;
      const entry = ownMetric(metrics, name) ?? {
        count: 0,
        firstStep: point.step,
        lastStep: point.step,
        sources: {},
      };
      entry.count += 1;
      entry.lastStep = point.step;
      entry.sources[source] = (entry.sources[source] ?? 0) + 1;
      metrics[name] = entry;
    }
  }
  const firstStep = points[0]?.step ?? null;
  const lastStep = points[points.length - 1]?.step ?? null;
  const extent = Math.max(totalSteps ?? 0, lastStep ?? 0);
  const gaps: [number, number][] = [];
  let missingStepCount = 0;
  let expected = 1;
  const closeGap = (upTo: number): void => {
    if (upTo >= expected) {
      missingStepCount += upTo - expected + 1;
      if (gaps.length < 50) gaps.push([expected, upTo]);
    }
  };
  for (const point of points) {
    closeGap(point.step - 1);
    expected = point.step + 1;
  }
  closeGap(extent);
  const sortedMetrics = metricRecord(Object.entries(metrics).sort(([a], [b]) => compareMetricNames(a, b)));
  return {
    totalSteps,
    firstStep,
    lastStep,
    stepCount: points.length,
    missingStepCount,
    gaps,
    valuesBySource,
    metrics: sortedMetrics,
    validSteps,
    fullValidSteps,
    checkpointSteps,
  };
}
