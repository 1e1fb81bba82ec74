/**
 * Every problem the metrics parsers and the merge can report, with its default severity.
 *
 * Parsing never throws on bad data: it reports these issues and keeps what it can (like the dataset
 * layer). Codes are stable and part of the public contract.
 *
 * @module
 */

/** How bad a metrics issue is. */
export type MetricsIssueSeverity = 'error' | 'warning' | 'info';

/** Where an issue was found. */
export type MetricsIssueOrigin = 'event' | 'checkpoint' | 'csv' | 'job' | 'merge' | 'fetch';

/** Definition of one metrics issue code. */
export interface MetricsIssueCodeDefinition {
  readonly severity: MetricsIssueSeverity;
  readonly origin: MetricsIssueOrigin;
  /** One line: what the code means. */
  readonly summary: string;
}

/** The catalogue of metrics issue codes. */
export const METRICS_ISSUE_CODES = {
  unrecognized_result_file: {
    severity: 'error',
    origin: 'csv',
    summary: 'The result file is neither a CSV, nor base64 of a CSV, nor a JSON string holding one.',
  },
  result_csv_missing_step: {
    severity: 'error',
    origin: 'csv',
    summary: 'The result CSV has no `step` column, so no row can be placed.',
  },
  result_csv_empty: {
    severity: 'info',
    origin: 'csv',
    summary: 'The result CSV has a header but no data rows.',
  },
  result_csv_malformed_row: {
    severity: 'warning',
    origin: 'csv',
    summary: 'A row has a different number of cells than the header; it is skipped.',
  },
  result_csv_unterminated_quote: {
    severity: 'warning',
    origin: 'csv',
    summary: 'A quoted cell is never closed; the rest of the file is ignored.',
  },
  result_csv_invalid_step: {
    severity: 'warning',
    origin: 'csv',
    summary: 'The step cell is empty or not a positive integer; the row is skipped.',
  },
  result_csv_duplicate_step: {
    severity: 'warning',
    origin: 'csv',
    summary: 'Two rows have the same step; the first one is kept.',
  },
  result_csv_duplicate_column: {
    severity: 'info',
    origin: 'csv',
    summary: 'Two columns map to the same metric; the first is used, the other is kept verbatim as an extra.',
  },
  result_csv_non_numeric_cell: {
    severity: 'warning',
    origin: 'csv',
    summary: 'A metric cell is not a number; it is read as missing.',
  },
  result_csv_non_finite_cell: {
    severity: 'info',
    origin: 'csv',
    summary: 'A metric cell is nan or inf; it is kept as a non-finite value.',
  },
  result_file_unavailable: {
    severity: 'warning',
    origin: 'fetch',
    summary: 'A result file listed on the job could not be downloaded (deleted or not found).',
  },
  event_data_invalid: {
    severity: 'warning',
    origin: 'event',
    summary: 'A metrics event has neither usable data nor a parsable "Step N/M" message.',
  },
  event_message_fallback: {
    severity: 'info',
    origin: 'event',
    summary: 'A metrics event had no data; values were read from its message text (2 decimals).',
  },
  alias_conflict: {
    severity: 'info',
    origin: 'merge',
    summary: 'Two names of the same metric disagree in one record; the preferred one is used.',
  },
  checkpoint_invalid: {
    severity: 'warning',
    origin: 'checkpoint',
    summary: 'A checkpoint has no usable step number; it is ignored.',
  },
  source_mismatch: {
    severity: 'info',
    origin: 'merge',
    summary: 'An event value and the result CSV value for the same step differ by more than the rounding.',
  },
  total_steps_conflict: {
    severity: 'info',
    origin: 'merge',
    summary: 'Sources disagree on the total number of steps; the largest is used.',
  },
  epoch_inference_mismatch: {
    severity: 'info',
    origin: 'merge',
    summary: 'Epoch boundaries from the hyperparameters disagree with full-validation or checkpoint steps.',
  },
  pagination_stalled: {
    severity: 'warning',
    origin: 'fetch',
    summary: 'A list endpoint kept returning the same page; paging stopped to avoid a loop.',
  },
} as const satisfies Record<string, MetricsIssueCodeDefinition>;

/** A metrics issue code. */
export type MetricsIssueCode = keyof typeof METRICS_ISSUE_CODES;

/** One problem found while parsing or merging metrics. Issues are data: they are reported, never thrown. */
export interface MetricsIssue {
  readonly code: MetricsIssueCode;
  readonly severity: MetricsIssueSeverity;
  /** One-line human message that says where and why. */
  readonly message: string;
  /** 1-based data row of a result CSV (the header is row 0). */
  readonly row?: number;
  /** 1-based physical line of a result CSV. */
  readonly line?: number;
  /** The CSV column (header text) or metric name concerned. */
  readonly column?: string;
  /** The training step concerned. */
  readonly step?: number;
  /** The event id (`ftevent-…`), checkpoint id or file id concerned. */
  readonly id?: string;
}

/** Builds an issue with the code's default severity. */
export function metricsIssue(
  code: MetricsIssueCode,
  message: string,
  fields: Omit<MetricsIssue, 'code' | 'severity' | 'message'> = {},
): MetricsIssue {
  return { code, severity: METRICS_ISSUE_CODES[code].severity, message, ...fields };
}
