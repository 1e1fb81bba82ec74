/**
 * CSV export of merged metrics: one row per step, `step`, `epoch` and one column per metric, with
 * optional source columns. Empty cells are missing values; non-finite values are `nan`/`inf`/`-inf`.
 *
 * @module
 */

import { compareMetricNames, type MetricName } from './metric-names.js';
import { ownMetric } from './metric-record.js';
import type { MetricsData } from './metrics-data.js';

/** Options of `metrics.toCSV()`. */
export interface CsvExportOptions {
  /** Metrics to write, in this order. @default every metric (known ones first) */
  readonly metrics?: readonly MetricName[];
  /** Add a `<metric>:source` column after each metric (`event`, `csv`, `checkpoint`, `message`). @default false */
  readonly sources?: boolean;
  /** Line ending. @default '\n' */
  readonly newline?: '\n' | '\r\n';
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function formatValue(value: number | undefined): string {
  if (value === undefined) return '';
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  return String(value);
}

/**
 * Writes merged metrics as CSV (RFC 4180 quoting, full precision).
 *
 * @param data - Merged metrics.
 * @param options - See {@link CsvExportOptions}.
 * @returns The CSV text, ending with a newline.
 */
export function metricsToCsv(data: MetricsData, options: CsvExportOptions = {}): string {
  const names =
    options.metrics ??
    [...new Set(data.points.flatMap((point) => Object.keys(point.values)))].sort(compareMetricNames);
  const newline = options.newline ?? '\n';
  const header = ['step', 'epoch'];
  for (const name of names) {
    header.push(name);
    if (options.sources) header.push(`${name}:source`);
  }
  const lines = [header.map(quote).join(',')];
  for (const point of data.points) {
    const cells = [String(point.step), point.epoch === null ? '' : String(point.epoch)];
    for (const name of names) {
      cells.push(formatValue(ownMetric(point.values, name)));
      if (options.sources) cells.push(ownMetric(point.sources, name) ?? '');
    }
    lines.push(cells.map(quote).join(','));
  }
  return `${lines.join(newline)}${newline}`;
}
