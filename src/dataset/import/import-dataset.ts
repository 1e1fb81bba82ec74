/**
 * The importers: ShareGPT, Alpaca, TRL, CSV/TSV and JSON-array data to OpenAI fine-tuning JSONL,
 * streaming. JSON records (JSONL or one JSON array, read by the same reader as validation) are
 * converted one at a time; CSV and TSV are parsed line by line with a column mapping. A record
 * that cannot be converted is skipped and reported with its line (and column or JSON path) in the
 * source file, so the output only holds examples.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../../errors.js';
import { throwIfAborted } from '../../internal/abort.js';
import { readRecords } from '../fixes/read-records.js';
import type { DatasetInput } from '../input/dataset-input.js';
import { assertReadable, DatasetLineReader } from '../input/dataset-line-reader.js';
import { CsvParser, type CsvRecord } from './csv-parser.js';
import { convertRecord, type ImportFormat, type RecordShape } from './import-formats.js';

export type { ImportFormat } from './import-formats.js';

/** Options of `Dataset.convertFrom()`. */
export interface ImportOptions {
  /** A system message to put first in every example that has none. */
  readonly system?: string;
  /**
   * CSV/TSV: the column of the user's prompt, by header name. Default: the first of `prompt`,
   * `instruction`, `question`, `input`, `query` (any case) in the header.
   */
  readonly promptColumn?: string;
  /**
   * CSV/TSV: the column of the assistant's answer. Default: the first of `completion`, `response`,
   * `output`, `answer`, `target` in the header.
   */
  readonly responseColumn?: string;
  /** CSV/TSV: a column holding each row's system message (wins over `system` when not empty). */
  readonly systemColumn?: string;
  /** Aborts the run. */
  readonly signal?: AbortSignal;
}

/** A source record the import left out, and why. */
export interface ImportIssue {
  /** 1-based line of the source file where the record (or the problem) is. */
  readonly line: number;
  /** 1-based column, when known (CSV problems, invalid JSON). */
  readonly column?: number;
  /** The JSON path inside the record, e.g. `conversations[3].from` (`''` for the record itself). */
  readonly path?: string;
  /** What is wrong, one line, e.g. `conversations[3].from: 'bot' is not one of human|gpt|…`. */
  readonly message: string;
  /** False for a problem the import worked around (the record was still converted). */
  readonly skipped: boolean;
}

/** What an import did. */
export interface ImportResult {
  /** The format read. */
  readonly format: ImportFormat;
  /** Records read (JSON lines or array elements, CSV rows without the header). */
  readonly read: number;
  /** Examples written. */
  readonly written: number;
  /** For a `json` import: how many records had each shape (`openai` passed unchanged). */
  readonly shapes: Readonly<Partial<Record<RecordShape, number>>>;
  /** Problems in source order: skipped records and problems worked around. */
  readonly issues: readonly ImportIssue[];
}

const FORMATS: readonly ImportFormat[] = ['sharegpt', 'alpaca', 'trl', 'csv', 'tsv', 'json'];
const PROMPT_COLUMNS = ['prompt', 'instruction', 'question', 'input', 'query'];
const RESPONSE_COLUMNS = ['completion', 'response', 'output', 'answer', 'target'];

/**
 * Streams the imported examples of `input` as JSONL lines.
 *
 * @param input - The source.
 * @param format - Its format.
 * @param options - See {@link ImportOptions}.
 * @returns A producer for `DatasetOutput`.
 * @throws {FinetuneKitUsageError} When the format or an option is invalid; `option` is its path.
 */
export function importLines(input: DatasetInput, format: ImportFormat, options: ImportOptions = {}) {
  if (!FORMATS.includes(format)) {
    throw new FinetuneKitUsageError(
      `convertFrom(format): format must be one of ${FORMATS.join(', ')}; got ${JSON.stringify(format)}.`,
      'format',
    );
  }
  if (typeof options !== 'object' || options === null)
    throw new FinetuneKitUsageError('convertFrom(format, options): options must be an object.', 'options');
  for (const name of ['system', 'promptColumn', 'responseColumn', 'systemColumn'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'string') {
      throw new FinetuneKitUsageError(
        `convertFrom(format, options): options.${name} must be a string.`,
        `options.${name}`,
      );
    }
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new FinetuneKitUsageError(
      'convertFrom(format, options): options.signal must be an AbortSignal.',
      'options.signal',
    );
  }
  return format === 'csv' || format === 'tsv'
    ? importTable(input, format, options)
    : importJson(input, format, options);
}

function importJson(
  input: DatasetInput,
  format: Exclude<ImportFormat, 'csv' | 'tsv'>,
  options: ImportOptions,
) {
  return async function* produce(): AsyncGenerator<string, ImportResult, undefined> {
    const issues: ImportIssue[] = [];
    const shapes: Partial<Record<RecordShape, number>> = {};
    let read = 0;
    let written = 0;
    for await (const record of readRecords(input, options.signal, () => {})) {
      if (record.kind === 'blank') continue;
      read++;
      if (record.kind === 'invalid') {
        issues.push({ line: record.line, message: record.reason, skipped: true });
        continue;
      }
      const converted = convertRecord(record.value, format, withSystem(options));
      if (!converted.ok) {
        issues.push({
          line: record.line,
          path: converted.path,
          message: converted.path === '' ? converted.message : `${converted.path}: ${converted.message}`,
          skipped: true,
        });
        continue;
      }
      shapes[converted.shape] = (shapes[converted.shape] ?? 0) + 1;
      written++;
      yield JSON.stringify(converted.example);
    }
    return { format, read, written, shapes, issues };
  };
}

function importTable(input: DatasetInput, format: 'csv' | 'tsv', options: ImportOptions) {
  return async function* produce(): AsyncGenerator<string, ImportResult, undefined> {
    const issues: ImportIssue[] = [];
    const parser = new CsvParser(format === 'csv' ? ',' : '\t');
    const reader = new DatasetLineReader(input, { signal: options.signal });
    let mapping: ColumnMapping | null = null;
    let stopped = false;
    let read = 0;
    let written = 0;
    const take = function* (rows: readonly CsvRecord[]): Generator<string> {
      for (const row of rows) {
        if (stopped) return;
        if (mapping === null) {
          const found = mapColumns(row, options);
          if (typeof found === 'string') {
            issues.push({ line: row.line, message: found, skipped: true });
            stopped = true;
            return;
          }
          mapping = found;
          continue;
        }
        read++;
        const example = rowExample(row, mapping, options, issues);
        if (example !== null) {
          written++;
          yield JSON.stringify(example);
        }
      }
    };
    for await (const batch of reader.batches()) {
      throwIfAborted(options.signal);
      for (const source of batch.lines) {
        if (stopped) break;
        if (source.invalidUtf8 || source.oversizedBytes !== undefined) {
          issues.push({
            line: source.line,
            message: source.invalidUtf8
              ? 'not valid UTF-8 (line skipped)'
              : 'line too long to hold (skipped)',
            skipped: true,
          });
          continue;
        }
        const { records, problems } = parser.pushLine(source.text, source.line);
        for (const problem of problems) issues.push({ ...problem, skipped: false });
        yield* take(records);
      }
    }
    const { records, problems } = parser.end();
    for (const problem of problems) issues.push({ ...problem, skipped: false });
    yield* take(records);
    assertReadable(reader.totals);
    if (mapping === null && !stopped)
      issues.push({ line: 1, message: 'no header row: the file is empty', skipped: true });
    issues.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    return { format, read, written, shapes: {}, issues };
  };
}

interface ColumnMapping {
  readonly prompt: number;
  readonly response: number;
  readonly system: number | null;
  readonly width: number;
}

/** Finds the mapped columns in the header row, or says what is missing. */
function mapColumns(header: CsvRecord, options: ImportOptions): ColumnMapping | string {
  const names = header.fields.map((name) => name.trim());
  const lower = names.map((name) => name.toLowerCase());
  const find = (wanted: string | undefined, defaults: readonly string[], what: string): number | string => {
    if (wanted !== undefined) {
      const index = names.indexOf(wanted);
      const loose = index >= 0 ? index : lower.indexOf(wanted.toLowerCase());
      return loose >= 0
        ? loose
        : `the header has no column ${JSON.stringify(wanted)} (${what}); its columns: ${listNames(names)}`;
    }
    for (const name of defaults) {
      const index = lower.indexOf(name);
      if (index >= 0) return index;
    }
    return `no ${what} column found (looked for ${defaults.join(', ')}); name it with the ${what === 'prompt' ? '--prompt-column' : '--response-column'} option (promptColumn/responseColumn); columns: ${listNames(names)}`;
  };
  const prompt = find(options.promptColumn, PROMPT_COLUMNS, 'prompt');
  if (typeof prompt === 'string') return prompt;
  const response = find(options.responseColumn, RESPONSE_COLUMNS, 'response');
  if (typeof response === 'string') return response;
  let system: number | null = null;
  if (options.systemColumn !== undefined) {
    const found = find(options.systemColumn, [], 'system');
    if (typeof found === 'string') return found;
    system = found;
  }
  return { prompt, response, system, width: names.length };
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((name) => JSON.stringify(name));
  return `${shown.join(', ')}${names.length > 10 ? ', …' : ''}`;
}

function rowExample(
  row: CsvRecord,
  mapping: ColumnMapping,
  options: ImportOptions,
  issues: ImportIssue[],
): Record<string, unknown> | null {
  if (row.fields.length !== mapping.width) {
    issues.push({
      line: row.line,
      message: `${row.fields.length} field${row.fields.length === 1 ? '' : 's'}, the header has ${mapping.width}${row.fields.length < mapping.width ? '' : ' (extra fields ignored)'}`,
      skipped: row.fields.length <= Math.max(mapping.prompt, mapping.response),
    });
  }
  const prompt = row.fields[mapping.prompt];
  const response = row.fields[mapping.response];
  if (prompt === undefined || response === undefined) return null;
  if (prompt.trim() === '' || response.trim() === '') {
    issues.push({
      line: row.line,
      message: `empty ${prompt.trim() === '' ? 'prompt' : 'response'} (row skipped)`,
      skipped: true,
    });
    return null;
  }
  const rowSystem = mapping.system === null ? undefined : row.fields[mapping.system];
  const system = rowSystem !== undefined && rowSystem.trim() !== '' ? rowSystem : options.system;
  const messages = [];
  if (system !== undefined) messages.push({ role: 'system', content: system });
  messages.push({ role: 'user', content: prompt }, { role: 'assistant', content: response });
  return { messages };
}

function withSystem(options: ImportOptions): { system?: string } {
  return options.system === undefined ? {} : { system: options.system };
}
