/**
 * The result of `Dataset.validate()`.
 *
 * @module
 */
import type { EncodingName, ResolvedModel } from '../models/index.js';
import type { DatasetIssueCode, IssueSeverity } from './issue-codes.js';
import type { CostEstimate } from './report/estimate-cost.js';
import type { DistributionSummary } from './report/integer-distribution.js';
import { JUPYTER_DISPLAY, reportDisplay } from './report/report-display.js';
import type { DatasetLimits } from './report/validation-profiles.js';
import type {
  DatasetFormat,
  DatasetIssue,
  ExampleFormat,
  TrainingMethod,
  ValidationProfile,
} from './types.js';

/** Token totals of a file. */
export interface DatasetTokens {
  /** Σ tokens(example) over the examples that could be counted. */
  readonly total: number;
  /** Σ assistant tokens. */
  readonly assistant: number;
  /** Σ min(limit, tokens(example)): what one epoch bills (equal to `total` without a model). */
  readonly billable: number;
  /** The encoding used. */
  readonly encoding: EncodingName;
  /** Examples whose tokens were counted (broken examples are not). */
  readonly countedExamples: number;
}

/** Distributions and counts over the examples. */
export interface DatasetStats {
  /** Messages per example. */
  readonly messages: DistributionSummary | null;
  /** Tokens per example. */
  readonly totalTokens: DistributionSummary | null;
  /** Assistant tokens per example. */
  readonly assistantTokens: DistributionSummary | null;
  /** The model's per-example token limit, or `null` without a model. */
  readonly tokenLimit: number | null;
  /** Examples over `tokenLimit` (OpenAI truncates them from the end). */
  readonly examplesOverLimit: number;
  /** Examples per detected format. */
  readonly examplesByFormat: Readonly<Partial<Record<ExampleFormat, number>>>;
  /** Examples that carry at least one image. */
  readonly imageExamples: number;
  /** Examples that repeat an earlier one exactly. */
  readonly duplicateExamples: number;
  /** Blank lines. */
  readonly blankLines: number;
  /** Lines that are not UTF-8, not JSON, or not an object. */
  readonly invalidLines: number;
}

/** Everything a validation found, as plain data. */
export interface DatasetReportData {
  /** True when neither this file nor its validation file has an issue of severity `error`. */
  readonly ok: boolean;
  /** The file's format; `mixed` when examples disagree, `unknown` when none was recognised. */
  readonly format: DatasetFormat;
  /** Non-blank lines (for a JSON-array file: array elements). */
  readonly examples: number;
  /** Physical lines. */
  readonly lines: number;
  /** Bytes read. */
  readonly bytes: number;
  /** File name or path, when known. */
  readonly name: string | null;
  /** Stored issues (at most `maxIssuesPerCode` per code), file-level first, then by line. */
  readonly issues: readonly DatasetIssue[];
  /** Exact issue counts per code. */
  readonly countsByCode: Readonly<Partial<Record<DatasetIssueCode, number>>>;
  /** Exact issue counts per severity (of this file only). */
  readonly countsBySeverity: Readonly<Record<IssueSeverity, number>>;
  /** Codes whose stored issues were capped (`countsByCode` > stored). */
  readonly truncatedCodes: readonly DatasetIssueCode[];
  readonly tokens: DatasetTokens;
  readonly stats: DatasetStats;
  /** Epochs, billed tokens and cost (for a validation file: zero cost, it is not billed). */
  readonly estimate: CostEstimate;
  /** The resolved model, or `null` when none was given or it is unknown. */
  readonly model: ResolvedModel | null;
  /** The method: given, or inferred from the format; `null` when unknown. */
  readonly method: TrainingMethod | null;
  readonly profile: ValidationProfile;
  /** The limits applied. */
  readonly limits: DatasetLimits;
  /** The report of `validationFile`, when one was given. */
  readonly validation: DatasetReportData | null;
}

/**
 * The result of `Dataset.validate()`: plain data plus `toJSON()`. Left as the value of a Jupyter
 * notebook cell (Deno kernel), it displays as HTML tables through `Symbol.for('Jupyter.display')`.
 */
export interface DatasetReport extends DatasetReportData {
  readonly validation: DatasetReport | null;
  /** The report as plain JSON-serialisable data (what `JSON.stringify(report)` writes). */
  toJSON(): DatasetReportData;
}

/**
 * Freezes report data into a {@link DatasetReport}.
 *
 * @param data - The report fields.
 * @returns The report.
 */
export function createDatasetReport(
  data: Omit<DatasetReportData, 'validation'> & { validation: DatasetReport | null },
): DatasetReport {
  const report: DatasetReport = {
    ...data,
    toJSON(): DatasetReportData {
      const { toJSON: _toJSON, validation, ...rest } = report;
      return { ...rest, validation: validation ? validation.toJSON() : null };
    },
  };
  Object.defineProperty(report, 'toJSON', { enumerable: false });
  // A report left as a notebook cell's value renders as tables (see docs/notebooks.md). Not
  // enumerable, like toJSON: spreading, comparing or serialising a report never sees it.
  Object.defineProperty(report, JUPYTER_DISPLAY, { value: () => reportDisplay(report), enumerable: false });
  // ijavascript renders a cell's value through its `_toMime()` method instead of the symbol.
  Object.defineProperty(report, '_toMime', { value: () => reportDisplay(report), enumerable: false });
  return Object.freeze(report);
}
