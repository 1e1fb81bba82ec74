/**
 * The plain, serialisable data behind a `Metrics` object: merged points, checkpoints, epochs,
 * coverage and issues. `Metrics.toJSON()` writes it; `Metrics.fromJSON()` reads it back.
 *
 * @module
 */
import type { MetricsIssue } from './issue-codes.js';
import type { MetricsJobInfo } from './job-info.js';

/**
 * Where a value came from, best first: `event` (full-precision event data), `csv` (result file;
 * Azure's full-precision files rank with events, OpenAI's 5-decimal files below checkpoints),
 * `checkpoint` (checkpoint metrics), `message` (the 2-decimal text of an event without data).
 */
export type MetricSource = 'event' | 'checkpoint' | 'csv' | 'message';

/** All values at one step. */
export interface MetricsPoint {
  /** 1-based training step. */
  readonly step: number;
  /** 1-based epoch, or `null` when epoch boundaries are unknown. */
  readonly epoch: number | null;
  /** Values by canonical (or verbatim extra) metric name. May hold NaN or ±Infinity. */
  readonly values: Readonly<Record<string, number>>;
  /** The source of each value in `values`. */
  readonly sources: Readonly<Record<string, MetricSource>>;
}

/** A checkpoint with its metrics (checkpoint values filled in from events at its step when missing). */
export interface MetricsCheckpoint {
  readonly id: string | null;
  readonly step: number;
  readonly epoch: number | null;
  /** The model name to call: `ft:…:ckpt-step-N`, or the final model name for the last checkpoint. */
  readonly model: string | null;
  /** Unix seconds. */
  readonly createdAt: number | null;
  /** Metrics reported on the checkpoint object itself. */
  readonly values: Readonly<Record<string, number>>;
}

/** One epoch's step range. Step s is in epoch e when (e − 1)·stepsPerEpoch < s ≤ e·stepsPerEpoch. */
export interface MetricsEpoch {
  readonly epoch: number;
  readonly startStep: number;
  readonly endStep: number;
  /** True when the data reaches `endStep` (false for the unfinished epoch of a running or failed job). */
  readonly complete: boolean;
}

/** How the epoch boundaries were found. */
export type EpochSource = 'hyperparameters' | 'full_valid' | 'checkpoints' | null;

/** Which steps carry which data. */
export interface MetricsCoverage {
  readonly totalSteps: number | null;
  readonly firstStep: number | null;
  readonly lastStep: number | null;
  /** Number of steps with at least one value. */
  readonly stepCount: number;
  /** Steps in 1..(totalSteps ?? lastStep) without any value. */
  readonly missingStepCount: number;
  /** Runs of missing steps `[from, to]`, at most 50. */
  readonly gaps: readonly (readonly [number, number])[];
  /** Number of values contributed by each source. */
  readonly valuesBySource: Readonly<Record<MetricSource, number>>;
  /** Steps of each metric. */
  readonly metrics: Readonly<
    Record<
      string,
      {
        readonly count: number;
        readonly firstStep: number;
        readonly lastStep: number;
        readonly sources: Readonly<Partial<Record<MetricSource, number>>>;
      }
    >
  >;
  readonly validSteps: readonly number[];
  readonly fullValidSteps: readonly number[];
  readonly checkpointSteps: readonly number[];
}

/** Events and CSV values that disagree beyond rounding (|event − csv| > 5·10⁻⁶). */
export interface SourceMismatch {
  readonly metric: string;
  readonly steps: readonly number[];
  readonly maxDifference: number;
}

/** Everything a `Metrics` object holds. */
export interface MetricsData {
  readonly job: MetricsJobInfo;
  readonly totalSteps: number | null;
  readonly stepsPerEpoch: number | null;
  readonly epochSource: EpochSource;
  readonly epochs: readonly MetricsEpoch[];
  /** Sorted by step, one per step. */
  readonly points: readonly MetricsPoint[];
  /** Sorted by step. */
  readonly checkpoints: readonly MetricsCheckpoint[];
  readonly coverage: MetricsCoverage;
  readonly mismatches: readonly SourceMismatch[];
  readonly issues: readonly MetricsIssue[];
}
