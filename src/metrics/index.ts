/**
 * `finetune-kit/metrics`: typed training metrics from events, checkpoints and result files;
 * smoothing, diagnostics, checkpoint advice, charts and job archives.
 *
 * Never loads `openai` or a tokenizer: the client is a structural type, and Node's file system is
 * loaded lazily by the archive functions only.
 *
 * @module
 */

export { display } from '../internal/notebook-display.js';
export {
  type ArchivedFile,
  type JobArchive,
  JobArchiveError,
  parseJobArchive,
} from './archive-format.js';
export {
  type ArchiveAllOptions,
  type ArchiveAllResult,
  type ArchiveJobOptions,
  type ArchiveJobResult,
  type ArchiveProgress,
  archiveAll,
  archiveJob,
  readJobArchive,
} from './archive-node.js';
export {
  type BestCheckpointResult,
  type CheckpointCriterion,
  type CheckpointsInput,
  type RankedCheckpoint,
  rankCheckpoints,
} from './best-checkpoint.js';
export type {
  BillableJob,
  BilledCost,
  BilledCostOptions,
  BilledCostUnavailableReason,
} from './billed-cost.js';
export {
  buildChartModel,
  type ChartCheckpoint,
  type ChartModel,
  type ChartOptions,
  type ChartPanel,
  type ChartPanelId,
  type ChartRole,
  type ChartSeries,
} from './chart-model.js';
export {
  type DecodedResultFile,
  type DecodeResultFileOptions,
  decodeResultFile,
  type ResultFileInput,
  type UndecodableResultFile,
} from './decode-result-file.js';
export { diagnoseMetrics } from './diagnose.js';
export type { DiagnoseOptions } from './diagnose-context.js';
export {
  type EarlyStoppingOptions,
  type EarlyStoppingReason,
  type EarlyStoppingResult,
  type EarlyStoppingSemantics,
  replayEarlyStopping,
} from './early-stopping.js';
export type { EpochAggregate, MetricAggregate } from './epoch-aggregates.js';
export {
  type FetchJobRecordOptions,
  fetchJobRecord,
  type JobRecord,
  type ResultFileRecord,
} from './fetch-job-record.js';
export {
  FINDING_CODES,
  type FindingCode,
  type FindingCodeDefinition,
  type FindingEvidenceMap,
  type FindingScope,
  type FindingSeverity,
  type MetricsFinding,
  type MetricsFindingOf,
} from './finding-codes.js';
export {
  METRICS_ISSUE_CODES,
  type MetricsIssue,
  type MetricsIssueCode,
  type MetricsIssueCodeDefinition,
  type MetricsIssueOrigin,
  type MetricsIssueSeverity,
} from './issue-codes.js';
export type {
  FineTuningJobLike,
  HyperparametersLike,
  MetricsJobInfo,
  MetricsMethod,
} from './job-info.js';
export { type MergeMetricsInput, mergeMetrics } from './merge-metrics.js';
export {
  canonicalMetricName,
  isKnownMetricName,
  KNOWN_METRIC_NAMES,
  type KnownMetricName,
  type MetricDefinition,
  type MetricKind,
  type MetricName,
  type MetricSplit,
  metricDefinition,
} from './metric-names.js';
export {
  type FromJobOptions,
  Metrics,
  type MetricsSources,
  type ResultFileSource,
} from './metrics.js';
export type {
  ArchiveClient,
  CursorPageLike,
  CursorQuery,
  FileObjectLike,
  ListedJob,
  MetricsClient,
  RequestOptionsLike,
} from './metrics-client.js';
export type {
  EpochSource,
  MetricSource,
  MetricsCheckpoint,
  MetricsCoverage,
  MetricsData,
  MetricsEpoch,
  MetricsPoint,
  SourceMismatch,
} from './metrics-data.js';
export {
  MetricsFormatError,
  type MetricsJson,
} from './metrics-json.js';
export {
  type CheckpointLike,
  type ParseCheckpointsResult,
  type ParsedCheckpoint,
  parseCheckpoints,
} from './parse-checkpoint.js';
export {
  type MetricsEventLike,
  type ParsedMetricsEvent,
  type ParseMetricsEventResult,
  type ParseMetricsEventsResult,
  parseMetricsEvent,
  parseMetricsEvents,
} from './parse-metrics-event.js';
export {
  type ParseResultCsvOptions,
  parseResultCsv,
  parseResultFile,
  type ResultCsv,
  type ResultCsvColumn,
  type ResultCsvProfile,
  type ResultCsvRow,
} from './parse-result-csv.js';
export type { StepMessage } from './parse-step-message.js';
export { Series, type SeriesPoint, type SmoothingOptions } from './series.js';
export {
  type StepValue,
  smoothEma,
  smoothGaussian,
  smoothRunningAverage,
  smoothTwema,
} from './smooth.js';
export type { CsvExportOptions } from './to-csv.js';
export type { SvgOptions } from './to-svg.js';
export type { TerminalChartOptions } from './to-terminal-chart.js';
export type { VegaLiteOptions, VegaLiteSpec } from './to-vega-lite.js';
