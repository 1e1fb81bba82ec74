/**
 * Parses fine-tuning result CSVs: OpenAI (5 decimals, `train_accuracy`), Azure (full precision,
 * `train_mean_token_accuracy`, reinforcement columns with `/`), and the legacy `/v1/fine-tunes`
 * columns. Bad rows and cells become issues with their row number; parsing never throws.
 *
 * @module
 */
import { canonicalizeRecord, type MetricRecordValues } from './canonicalize-record.js';
import { decodeResultFile, type ResultFileInput } from './decode-result-file.js';
import { type MetricsIssue, type MetricsIssueCode, metricsIssue } from './issue-codes.js';
import { canonicalMetricName, isKnownMetricName, type MetricName } from './metric-names.js';
import { readCsvRecords } from './read-csv-records.js';

/** The column family a result CSV belongs to. */
export type ResultCsvProfile = 'openai' | 'azure' | 'reinforcement' | 'legacy' | 'unknown';

/** Options of {@link parseResultCsv} and {@link parseResultFile}. */
export interface ParseResultCsvOptions {
  /** The file id, used in issue messages. */
  readonly id?: string;
  /**
   * How to read `-1` in a legacy (`/v1/fine-tunes`) CSV, where some tools wrote it for "no value".
   * Other profiles always keep `-1` as a number.
   * @default 'missing'
   */
  readonly legacySentinel?: 'missing' | 'keep';
  /**
   * Issues stored per code (counts in `issueCounts` stay exact).
   * @default 20
   */
  readonly maxIssuesPerCode?: number;
  /**
   * The largest result file read by `parseResultFile` (and `Metrics.from`/`fromResultFile`), in
   * decoded bytes. A larger file throws `MetricsFormatError` (`result_file_too_large`) before it is
   * decoded.
   * @default 67108864 (64 MiB, far above any real result file)
   */
  readonly maxResultFileBytes?: number;
}

/** One CSV column: its header verbatim and the metric it maps to. */
export interface ResultCsvColumn {
  readonly header: string;
  /** Canonical name (`train_accuracy` → `train_mean_token_accuracy`), or the verbatim header for extras. */
  readonly name: MetricName;
  readonly known: boolean;
}

/** One data row. */
export interface ResultCsvRow extends MetricRecordValues {
  readonly step: number;
  /** 1-based data row (the header is row 0). */
  readonly row: number;
  /** 1-based physical line. */
  readonly line: number;
}

/** A parsed result CSV. */
export interface ResultCsv {
  readonly profile: ResultCsvProfile;
  /**
   * `rounded` when no value has more than 5 decimals (OpenAI rounds to 5), `full` otherwise and for
   * Azure files. Decides the merge precedence and the consistency tolerance.
   */
  readonly precision: 'full' | 'rounded';
  /** How the file body was wrapped (set by {@link parseResultFile}). */
  readonly encoding: 'plain' | 'base64' | null;
  readonly columns: readonly ResultCsvColumn[];
  /** Rows sorted by step, one per step. */
  readonly rows: readonly ResultCsvRow[];
  readonly issues: readonly MetricsIssue[];
  /** Exact number of issues per code, including those not stored. */
  readonly issueCounts: Readonly<Partial<Record<MetricsIssueCode, number>>>;
}

const DEFAULTS = Object.freeze({ legacySentinel: 'missing', maxIssuesPerCode: 20 } as const);
const DECIMAL = /^[+-]?(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const LEGACY_HEADERS = new Set([
  'training_loss',
  'elapsed_tokens',
  'elapsed_examples',
  'training_token_accuracy',
]);

type Cell =
  | { kind: 'missing' }
  | { kind: 'number'; value: number; decimals: number }
  | { kind: 'non_finite'; value: number }
  | { kind: 'invalid' };

function readCell(raw: string): Cell {
  const text = raw.trim();
  if (text === '') return { kind: 'missing' };
  const match = DECIMAL.exec(text);
  if (match && (match[1] !== undefined || (match[2] !== undefined && match[2] !== ''))) {
    const fraction = match[2]?.length ?? 0;
    const exponent = match[3] === undefined ? 0 : Number(match[3]);
    return { kind: 'number', value: Number(text), decimals: Math.max(0, fraction - exponent) };
  }
  if (/^[+-]?nan$/i.test(text)) return { kind: 'non_finite', value: Number.NaN };
  if (/^\+?inf(inity)?$/i.test(text)) return { kind: 'non_finite', value: Number.POSITIVE_INFINITY };
  if (/^-inf(inity)?$/i.test(text)) return { kind: 'non_finite', value: Number.NEGATIVE_INFINITY };
  return { kind: 'invalid' };
}

function detectProfile(headers: readonly string[]): ResultCsvProfile {
  if (headers.some((header) => LEGACY_HEADERS.has(header))) return 'legacy';
  if (
    headers.some(
      (header) =>
        header === 'train_mean_reward' ||
        header === 'full_valid_mean_reward' ||
        header.startsWith('scores/') ||
        header.startsWith('errors/'),
    )
  ) {
    return 'reinforcement';
  }
  if (headers.includes('train_accuracy')) return 'openai';
  if (headers.includes('train_mean_token_accuracy')) return 'azure';
  return 'unknown';
}

class IssueSink {
  readonly issues: MetricsIssue[] = [];
  readonly counts: Partial<Record<MetricsIssueCode, number>> = {};
  constructor(private readonly cap: number) {}
  add(issue: MetricsIssue): void {
    const count = (this.counts[issue.code] ?? 0) + 1;
    this.counts[issue.code] = count;
    if (count <= this.cap) this.issues.push(issue);
  }
  finish(where: string): void {
    for (const [code, count] of Object.entries(this.counts) as [MetricsIssueCode, number][]) {
      if (count > this.cap) {
        this.issues.push(
          metricsIssue(
            code,
            `${where}: ${count - this.cap} more "${code}" issues not listed (${count} in all).`,
          ),
        );
      }
    }
  }
}

/**
 * Parses decoded result-CSV text.
 *
 * Cells: empty → missing (never 0); decimals and exponents (`6e-05`) → numbers; `nan`/`inf` →
 * non-finite values, flagged; other text in a metric column → missing, flagged; `-1` in a legacy
 * file → missing (see `legacySentinel`). Columns: known names and aliases map to canonical names,
 * anything else (`classification/accuracy`, grader columns with spaces) is kept verbatim, except the
 * `epoch` and `<metric>:source` columns that `metrics.toCSV()` adds.
 * A missing `step` column is a `result_csv_missing_step` error and gives no rows.
 *
 * @param text - CSV text (see {@link decodeResultFile} for base64 bodies).
 * @param options - See {@link ParseResultCsvOptions}.
 * @returns The parsed file; check `issues` for problems.
 * @example
 * ```ts
 * const csv = parseResultCsv('step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,3.63265,0.5,,\n');
 * csv.profile; // 'openai'
 * csv.rows[0]; // { step: 1, row: 1, line: 2, values: { train_loss: 3.63265, train_mean_token_accuracy: 0.5 }, extra: {} }
 * ```
 */
export function parseResultCsv(text: string, options: ParseResultCsvOptions = {}): ResultCsv {
  const legacySentinel = options.legacySentinel ?? DEFAULTS.legacySentinel;
  const where = `result CSV${options.id ? ` ${options.id}` : ''}`;
  const idField = options.id ? { id: options.id } : {};
  const sink = new IssueSink(options.maxIssuesPerCode ?? DEFAULTS.maxIssuesPerCode);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const { records, unterminatedQuoteLine } = readCsvRecords(body);
  const empty = (profile: ResultCsvProfile, columns: ResultCsvColumn[] = []): ResultCsv => {
    sink.finish(where);
    return {
      profile,
      precision: 'full',
      encoding: null,
      columns,
      rows: [],
      issues: sink.issues,
      issueCounts: sink.counts,
    };
  };
  if (unterminatedQuoteLine !== null) {
    sink.add(
      metricsIssue(
        'result_csv_unterminated_quote',
        `${where}, line ${unterminatedQuoteLine}: a quoted cell is never closed; the rest of the file is ignored.`,
        { line: unterminatedQuoteLine, ...idField },
      ),
    );
  }
  const [header, ...dataRecords] = records;
  if (!header) {
    sink.add(
      metricsIssue(
        'result_csv_missing_step',
        `${where}: the file has no header row, so it has no "step" column.`,
        idField,
      ),
    );
    return empty('unknown');
  }
  const headers = header.cells.map((cell) => cell.trim());
  const profile = detectProfile(headers);
  const stepIndex = headers.findIndex((cell) => cell.toLowerCase() === 'step');
  const columns: ResultCsvColumn[] = headers.map((headerText) => {
    const name = canonicalMetricName(headerText);
    return { header: headerText, name, known: isKnownMetricName(name) };
  });
  if (stepIndex === -1) {
    sink.add(
      metricsIssue(
        'result_csv_missing_step',
        `${where}: the header has no "step" column (${JSON.stringify(headers.slice(0, 6).join(','))}), so no row can be placed.`,
        { line: header.line, ...idField },
      ),
    );
    return empty(profile, columns);
  }
  // `epoch` and `<metric>:source` columns are written by `metrics.toCSV()`; they are not metrics.
  const ignored = headers.map((header) => header.toLowerCase() === 'epoch' || header.endsWith(':source'));
  const seenNames = new Map<string, string>();
  for (const [index, column] of columns.entries()) {
    if (column.header.toLowerCase() === 'step' || ignored[index]) continue;
    const first = seenNames.get(column.name);
    if (first === undefined) seenNames.set(column.name, column.header);
    else {
      sink.add(
        metricsIssue(
          'result_csv_duplicate_column',
          `${where}: columns "${first}" and "${column.header}" both map to ${column.name}; "${first}" is used where they differ.`,
          { column: column.header, line: header.line, ...idField },
        ),
      );
    }
  }

  const rows: ResultCsvRow[] = [];
  const seenSteps = new Map<number, number>();
  let maxDecimals = 0;
  let sawNumber = false;
  dataRecords.forEach((record, index) => {
    const row = index + 1;
    const at = `${where}, row ${row} (line ${record.line})`;
    if (record.cells.length !== headers.length) {
      sink.add(
        metricsIssue(
          'result_csv_malformed_row',
          `${at}: ${record.cells.length} cells but the header has ${headers.length}; row skipped.`,
          { row, line: record.line, ...idField },
        ),
      );
      return;
    }
    const stepCell = readCell(record.cells[stepIndex] ?? '');
    if (stepCell.kind !== 'number' || !Number.isInteger(stepCell.value) || stepCell.value < 1) {
      sink.add(
        metricsIssue(
          'result_csv_invalid_step',
          `${at}: step ${JSON.stringify(record.cells[stepIndex] ?? '')} is not a positive integer; row skipped.`,
          { row, line: record.line, column: headers[stepIndex] ?? 'step', ...idField },
        ),
      );
      return;
    }
    const step = stepCell.value;
    const firstRow = seenSteps.get(step);
    if (firstRow !== undefined) {
      sink.add(
        metricsIssue(
          'result_csv_duplicate_step',
          `${at}: step ${step} already appeared in row ${firstRow}; this row is skipped.`,
          {
            row,
            line: record.line,
            step,
            ...idField,
          },
        ),
      );
      return;
    }
    seenSteps.set(step, row);
    const entries: [string, number][] = [];
    record.cells.forEach((raw, columnIndex) => {
      if (columnIndex === stepIndex || ignored[columnIndex]) return;
      const headerText = headers[columnIndex] ?? '';
      const cell = readCell(raw);
      const fields = { row, line: record.line, column: headerText, step, ...idField };
      switch (cell.kind) {
        case 'missing':
          return;
        case 'invalid':
          sink.add(
            metricsIssue(
              'result_csv_non_numeric_cell',
              `${at}, column "${headerText}": ${JSON.stringify(raw.slice(0, 40))} is not a number; read as missing.`,
              fields,
            ),
          );
          return;
        case 'non_finite':
          sink.add(
            metricsIssue(
              'result_csv_non_finite_cell',
              `${at}, column "${headerText}": ${raw.trim()} kept as a non-finite value.`,
              fields,
            ),
          );
          entries.push([headerText, cell.value]);
          return;
        case 'number':
          if (profile === 'legacy' && legacySentinel === 'missing' && cell.value === -1) return;
          sawNumber = true;
          maxDecimals = Math.max(maxDecimals, cell.decimals);
          entries.push([headerText, cell.value]);
          return;
      }
    });
    const { values, extra, issues } = canonicalizeRecord(entries, { where: at, row, step, ...idField });
    for (const issue of issues) sink.add(issue);
    rows.push({ step, row, line: record.line, values, extra });
  });
  if (dataRecords.length === 0) {
    sink.add(metricsIssue('result_csv_empty', `${where}: the header has no data rows below it.`, idField));
  }
  rows.sort((a, b) => a.step - b.step);
  sink.finish(where);
  const precision = profile === 'azure' || !sawNumber || maxDecimals > 5 ? 'full' : 'rounded';
  return { profile, precision, encoding: null, columns, rows, issues: sink.issues, issueCounts: sink.counts };
}

/**
 * Decodes (plain, base64, JSON string) and parses a result file in one call.
 *
 * @param input - The body of `client.files.content(id)` as text or bytes.
 * @param options - See {@link ParseResultCsvOptions}.
 * @returns The parsed CSV; an undecodable body gives no rows and an `unrecognized_result_file` issue.
 * @throws {MetricsFormatError} `result_file_too_large` when the file is above `maxResultFileBytes`.
 * @example
 * ```ts
 * const response = await client.files.content(job.result_files[0]);
 * const csv = parseResultFile(await response.text(), { id: job.result_files[0] });
 * ```
 */
export function parseResultFile(input: ResultFileInput, options: ParseResultCsvOptions = {}): ResultCsv {
  const decoded = decodeResultFile(input, {
    ...(options.id ? { id: options.id } : {}),
    ...(options.maxResultFileBytes === undefined ? {} : { maxBytes: options.maxResultFileBytes }),
  });
  if (!decoded.ok) {
    return {
      profile: 'unknown',
      precision: 'full',
      encoding: null,
      columns: [],
      rows: [],
      issues: [decoded.issue],
      issueCounts: { unrecognized_result_file: 1 },
    };
  }
  return { ...parseResultCsv(decoded.text, options), encoding: decoded.encoding };
}
