/**
 * `Metrics`: everything a fine-tuning job reported about its training, merged into one typed
 * object with series, per-epoch aggregates, diagnostics, checkpoint advice and exports.
 *
 * @module
 */

import { archiveToRecord, type JobArchive, parseJobArchive } from './archive-format.js';
import { type BestCheckpointResult, type CheckpointsInput, rankCheckpoints } from './best-checkpoint.js';
import type { ResultFileInput } from './decode-result-file.js';
import { diagnoseMetrics } from './diagnose.js';
import type { DiagnoseOptions } from './diagnose-context.js';
import {
  type EarlyStoppingOptions,
  type EarlyStoppingResult,
  replayEarlyStopping,
} from './early-stopping.js';
import { type EpochAggregate, epochAggregates, seriesPoints } from './epoch-aggregates.js';
import { type FetchJobRecordOptions, fetchJobRecord, type JobRecord } from './fetch-job-record.js';
import type { MetricsFinding } from './finding-codes.js';
import type { MetricsIssue } from './issue-codes.js';
import type { FineTuningJobLike, MetricsJobInfo, MetricsMethod } from './job-info.js';
import { mergeMetrics } from './merge-metrics.js';
import { compareMetricNames, type KnownMetricName, type MetricName } from './metric-names.js';
import { ownMetric } from './metric-record.js';
import type { MetricsClient } from './metrics-client.js';
import type {
  EpochSource,
  MetricsCheckpoint,
  MetricsCoverage,
  MetricsData,
  MetricsEpoch,
  MetricsPoint,
} from './metrics-data.js';
import { type MetricsJson, metricsFromJson, metricsToJson } from './metrics-json.js';
import { type CheckpointLike, parseCheckpoints } from './parse-checkpoint.js';
import { type MetricsEventLike, parseMetricsEvents } from './parse-metrics-event.js';
import { type ParseResultCsvOptions, parseResultCsv, parseResultFile } from './parse-result-csv.js';
import { Series } from './series.js';
import { type CsvExportOptions, metricsToCsv } from './to-csv.js';
import { renderSvg, type SvgOptions } from './to-svg.js';
import { renderTerminalChart, type TerminalChartOptions } from './to-terminal-chart.js';
import { toVegaLiteSpec, type VegaLiteOptions, type VegaLiteSpec } from './to-vega-lite.js';

/** A result file given to {@link Metrics.from}: its body, or the body with its file id. */
export type ResultFileSource = ResultFileInput | { readonly id?: string; readonly content: ResultFileInput };

/** Raw sources for {@link Metrics.from}; every part is optional. */
export interface MetricsSources {
  /** The job object (`client.fineTuning.jobs.retrieve`). */
  readonly job?: FineTuningJobLike | null;
  /** Events in any order (`listEvents` lists newest first). */
  readonly events?: Iterable<MetricsEventLike>;
  /** Checkpoints in any order. */
  readonly checkpoints?: Iterable<CheckpointLike>;
  /** Result file bodies: plain, base64 or JSON-string CSV text or bytes. */
  readonly resultFiles?: Iterable<ResultFileSource>;
  /** Options for reading result CSVs (e.g. the legacy `-1` sentinel). */
  readonly csv?: ParseResultCsvOptions;
  /** Issues found before (e.g. while fetching), carried into `metrics.issues`. */
  readonly issues?: readonly MetricsIssue[];
}

/** Options of {@link Metrics.fromJob}. */
export interface FromJobOptions extends FetchJobRecordOptions {
  /** Options for reading result CSVs. */
  readonly csv?: ParseResultCsvOptions;
}

const JUPYTER_DISPLAY = Symbol.for('Jupyter.display');

/**
 * Training metrics of one fine-tuning job: one point per step merged from events (full precision),
 * checkpoints and result CSVs, each value with its source; epoch boundaries inferred and
 * cross-checked.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { Metrics } from 'finetune-kit/metrics';
 *
 * const metrics = await Metrics.fromJob(new OpenAI(), 'ftjob-abc123');
 * metrics.series('train_loss').smooth(0.6).last();
 * for (const finding of metrics.diagnose()) console.log(finding.severity, finding.message);
 * console.log(metrics.toTerminalChart({ color: true }));
 * ```
 */
export class Metrics {
  /** The merged data (plain and serialisable). */
  readonly data: MetricsData;

  private constructor(data: MetricsData) {
    this.data = data;
  }

  /**
   * Wraps merged data (from `mergeMetrics`, or `metrics.data` of another object) in a `Metrics`.
   *
   * @param data - Merged metrics data; it is used as is, not copied.
   */
  static fromData(data: MetricsData): Metrics {
    return new Metrics(data);
  }

  /**
   * Builds metrics from raw sources: any of the job, events, checkpoints and result files.
   *
   * @param sources - See {@link MetricsSources}.
   * @returns The merged metrics; parse problems are in `metrics.issues`, never thrown.
   * @example
   * ```ts
   * const metrics = Metrics.from({ job, events: page.data, resultFiles: [await response.text()] });
   * ```
   */
  static from(sources: MetricsSources): Metrics {
    const events = parseMetricsEvents(sources.events ?? []);
    const checkpoints = parseCheckpoints(sources.checkpoints ?? []);
    const resultFiles = [...(sources.resultFiles ?? [])].map((file) => {
      const wrapped = typeof file === 'object' && file !== null && 'content' in file;
      const content = wrapped ? file.content : file;
      const id = wrapped ? file.id : undefined;
      return parseResultFile(content, { ...sources.csv, ...(id === undefined ? {} : { id }) });
    });
    return new Metrics(
      mergeMetrics({
        job: sources.job ?? null,
        events: events.points,
        checkpoints: checkpoints.checkpoints,
        resultFiles,
        issues: [...(sources.issues ?? []), ...events.issues, ...checkpoints.issues],
      }),
    );
  }

  /**
   * Builds metrics from a result file alone (e.g. a CSV downloaded from the dashboard).
   *
   * @param input - Plain, base64 or JSON-string CSV, as text or bytes.
   * @param options - CSV options (including `maxResultFileBytes`, 64 MiB by default) and,
   *   optionally, the job (for epochs and status).
   * @throws {MetricsFormatError} `result_file_too_large` when the file is above `maxResultFileBytes`.
   */
  static fromResultFile(
    input: ResultFileInput,
    options: ParseResultCsvOptions & { readonly job?: FineTuningJobLike } = {},
  ): Metrics {
    const { job, ...csv } = options;
    return new Metrics(mergeMetrics({ job: job ?? null, resultFiles: [parseResultFile(input, csv)] }));
  }

  /**
   * Builds metrics from a fetched or archived job record.
   *
   * @param record - From `fetchJobRecord` or an archive.
   * @param csv - Options for reading result CSVs.
   */
  static fromRecord(record: JobRecord, csv: ParseResultCsvOptions = {}): Metrics {
    const events = parseMetricsEvents(record.events);
    const checkpoints = parseCheckpoints(record.checkpoints);
    const resultFiles = record.resultFiles
      .filter((file) => file.content !== null)
      .map((file) => ({
        ...parseResultCsv(file.content as string, { ...csv, id: file.id }),
        encoding: file.encoding,
      }));
    return new Metrics(
      mergeMetrics({
        job: record.job,
        events: events.points,
        checkpoints: checkpoints.checkpoints,
        resultFiles,
        issues: [...record.issues, ...events.issues, ...checkpoints.issues],
      }),
    );
  }

  /**
   * Fetches and merges a job's metrics through your `openai` client: the job, every event (paging
   * fully), every checkpoint and the result files (base64 or plain). Works for running, succeeded,
   * failed and cancelled jobs (partial series).
   *
   * @param client - `new OpenAI()`, `new AzureOpenAI(…)`, or any {@link MetricsClient}.
   * @param jobId - `ftjob-…`.
   * @param options - `signal`, `pageSize`, `resultFiles`, `maxResultFileBytes` (64 MiB), `csv`.
   * @returns The metrics.
   * @throws {FinetuneKitAbortError} When aborted. SDK errors (unknown job, auth) pass through.
   * @throws {MetricsFormatError} `result_file_too_large` when a result file is above `maxResultFileBytes`.
   * @example
   * ```ts
   * const metrics = await Metrics.fromJob(client, 'ftjob-abc123', { signal: AbortSignal.timeout(60_000) });
   * ```
   */
  static async fromJob(client: MetricsClient, jobId: string, options: FromJobOptions = {}): Promise<Metrics> {
    const { csv, ...fetchOptions } = options;
    return Metrics.fromRecord(await fetchJobRecord(client, jobId, fetchOptions), csv);
  }

  /**
   * Rebuilds metrics offline from a job archive written by `archiveJob`/`archiveAll`.
   *
   * @param archive - The archive's path (Node only), or the parsed document.
   * @returns The metrics.
   * @throws {JobArchiveError} When the file is not a readable archive of a supported version.
   */
  static async fromArchive(archive: string | JobArchive | unknown): Promise<Metrics> {
    if (typeof archive === 'string') {
      const { readJobArchive } = await import('./archive-node.js');
      return Metrics.fromRecord(archiveToRecord(await readJobArchive(archive)));
    }
    return Metrics.fromRecord(archiveToRecord(parseJobArchive(archive)));
  }

  /**
   * Reads the JSON form written by {@link Metrics.toJSON}.
   *
   * @param json - The object or its JSON text.
   * @throws {MetricsFormatError} When the input is not the version-1 form (names the field).
   */
  static fromJSON(json: unknown): Metrics {
    return new Metrics(metricsFromJson(json));
  }

  /** What is known about the job (all `null` for metrics built from a CSV alone). */
  get job(): MetricsJobInfo {
    return this.data.job;
  }

  /** `supervised`, `dpo`, `reinforcement`, or `null` when unknown. */
  get method(): MetricsMethod | null {
    return this.data.job.method;
  }

  /** Total training steps, when known. */
  get totalSteps(): number | null {
    return this.data.totalSteps;
  }

  /** Steps per epoch (may be fractional), when known. */
  get stepsPerEpoch(): number | null {
    return this.data.stepsPerEpoch;
  }

  /** How the epoch boundaries were found. */
  get epochSource(): EpochSource {
    return this.data.epochSource;
  }

  /** The steps that have data, in order. */
  get steps(): number[] {
    return this.data.points.map((point) => point.step);
  }

  /** Epochs with their step ranges. */
  get epochs(): readonly MetricsEpoch[] {
    return this.data.epochs;
  }

  /** Every metric name with data: known names in display order first, then extras. */
  get metricNames(): MetricName[] {
    return Object.keys(this.data.coverage.metrics).sort(compareMetricNames);
  }

  /** Merged points, one per step. */
  get points(): readonly MetricsPoint[] {
    return this.data.points;
  }

  /** The job's checkpoints, by step. */
  get checkpoints(): readonly MetricsCheckpoint[] {
    return this.data.checkpoints;
  }

  /** Which steps carry which metric from which source. */
  get coverage(): MetricsCoverage {
    return this.data.coverage;
  }

  /** Problems found while fetching, parsing and merging. */
  get issues(): readonly MetricsIssue[] {
    return this.data.issues;
  }

  /** True when the metric has at least one value. */
  has(name: MetricName): boolean {
    return ownMetric(this.data.coverage.metrics, name) !== undefined;
  }

  /**
   * The points of one metric as a `Series` (a frozen array of `{ step, value, epoch }` that can be
   * smoothed fluently). Unknown names give an empty series.
   *
   * @param name - A known metric name (autocompleted) or an extra key.
   * @example
   * ```ts
   * metrics.series('full_valid_loss').best();
   * metrics.series('train_loss').smooth(0.6);
   * metrics.series('scores/graders/score_model/Accuracy/train_reward_mean');
   * ```
   */
  series<N extends KnownMetricName>(name: N): Series<N>;
  series(name: string): Series<string>;
  series(name: string): Series<string> {
    return new Series(name, seriesPoints(this.data, name));
  }

  /** Per-epoch aggregates: mean train loss, full-valid values at epoch end, and every metric's mean/min/max/last. */
  epochAggregates(): EpochAggregate[] {
    return epochAggregates(this.data);
  }

  /**
   * Diagnoses the curves (overfitting, memorisation, spikes, plateaus, reward hacking, grader
   * errors, …) (docs/metrics.md, "Diagnostics").
   *
   * @param options - Thresholds; see {@link DiagnoseOptions}.
   * @returns Findings, most severe first.
   * @throws {FinetuneKitUsageError} When an option is out of range.
   */
  diagnose(options: DiagnoseOptions = {}): MetricsFinding[] {
    return diagnoseMetrics(this.data, options);
  }

  /**
   * Replays Keras, Lightning or Hugging Face early stopping on the finished curve.
   *
   * @param options - Semantics, patience, minDelta, monitor, …
   * @returns Stop step and epoch, share of tokens after it, and a recommended `n_epochs`.
   * @throws {FinetuneKitUsageError} On invalid options.
   */
  earlyStopping(options: EarlyStoppingOptions = {}): EarlyStoppingResult {
    return replayEarlyStopping(this.data, options);
  }

  /**
   * Ranks the retained checkpoints and returns the model id to use.
   *
   * @param checkpoints - Checkpoints to rank (API objects or merged). @default this job's checkpoints
   */
  bestCheckpoint(checkpoints?: CheckpointsInput): BestCheckpointResult {
    return rankCheckpoints(this.data, checkpoints);
  }

  /** CSV with one row per step. See {@link CsvExportOptions}. */
  toCSV(options: CsvExportOptions = {}): string {
    return metricsToCsv(this.data, options);
  }

  /** The versioned JSON form; `Metrics.fromJSON(metrics.toJSON())` gives equal metrics. */
  toJSON(): MetricsJson {
    return metricsToJson(this.data);
  }

  /** A Vega-Lite v5 spec (loss and accuracy or reward panels). See {@link VegaLiteOptions}. */
  toVegaLite(options: VegaLiteOptions = {}): VegaLiteSpec {
    return toVegaLiteSpec(this.data, options);
  }

  /** A standalone SVG chart. See {@link SvgOptions}. */
  toSVG(options: SvgOptions = {}): string {
    return renderSvg(this.data, options);
  }

  /** A compact terminal chart (braille or ASCII). See {@link TerminalChartOptions}. */
  toTerminalChart(options: TerminalChartOptions = {}): string {
    return renderTerminalChart(this.data, options);
  }

  /**
   * Rich display in Deno and other Jupyter kernels that honour `Symbol.for('Jupyter.display')`:
   * the Vega-Lite chart, with the SVG and a text chart as fallbacks.
   */
  [JUPYTER_DISPLAY](): Record<string, unknown> {
    return {
      'application/vnd.vegalite.v5+json': this.toVegaLite(),
      'image/svg+xml': this.toSVG(),
      'text/plain': this.toTerminalChart({ ascii: true }),
    };
  }

  /**
   * The same bundle for ijavascript, which renders a cell's value through its `_toMime()` method
   * (Deno reads `Symbol.for('Jupyter.display')`; tslab neither: use `display(metrics)` there).
   */
  _toMime(): Record<string, unknown> {
    return this[JUPYTER_DISPLAY]();
  }
}
