/**
 * Validates a file with the Dataset module before it is uploaded. The dataset layer (and its
 * tokenizer) is loaded with a dynamic `import()` only when an upload actually validates, so
 * importing `finetune-kit/job` never loads a tokenizer: only types are imported statically.
 *
 * @module
 */
import type { Dataset, DatasetReport, ValidateOptions } from '../dataset/index.js';
import { DatasetError } from '../errors.js';
import type { UploadDatasetInput } from './upload-source.js';

/** The validation report attached to uploads: the Dataset module's report. */
export type UploadValidationReport = DatasetReport;

/**
 * A report already made for a local file (e.g. by a validate step just before the upload), with the
 * file's size and modification time as they were when validation started.
 */
export interface PrevalidatedFile {
  /** The file's absolute path. */
  readonly path: string;
  /** Its size in bytes when it was validated. */
  readonly size: number;
  /** Its `mtimeMs` (from `fs.stat`) when it was validated. */
  readonly mtimeMs: number;
  /** The report (it may cover more files, e.g. training and validation validated together). */
  readonly report: DatasetReport;
}

/**
 * The report of `validated` made for this same file, when it is still current: same path, same size
 * and same modification time as now. A changed (or non-path) file gets `null`: validate again.
 *
 * @param source - The file about to be uploaded.
 * @param validated - Reports the caller already has.
 * @returns The report to trust, or `null`.
 */
export function currentReport(
  source: { readonly path: string | null; readonly size: number; readonly mtimeMs: number | null },
  validated: PrevalidatedFile | readonly PrevalidatedFile[] | undefined,
): DatasetReport | null {
  if (validated === undefined || source.path === null) return null;
  const entries: readonly PrevalidatedFile[] = Array.isArray(validated)
    ? validated
    : [validated as PrevalidatedFile];
  const match = entries.find(
    (entry) => entry.path === source.path && entry.size === source.size && entry.mtimeMs === source.mtimeMs,
  );
  return match?.report ?? null;
}

function openDataset(factory: typeof Dataset, input: UploadDatasetInput): Dataset {
  switch (input.kind) {
    case 'file':
      return factory.fromFile(input.path);
    case 'text':
      return factory.fromString(input.text);
    case 'bytes':
      return factory.fromBytes(input.bytes);
    case 'blob':
      return factory.fromBlob(input.blob);
  }
}

/**
 * Runs `Dataset.from…(input).validate(options)`.
 *
 * @param input - What is about to be uploaded.
 * @param options - Model, method (or the job's whole `method` object), profile, signal, …
 * @returns The report.
 */
export async function validateUpload(
  input: UploadDatasetInput,
  options: ValidateOptions,
): Promise<DatasetReport> {
  const { Dataset: factory } = await import('../dataset/index.js');
  return openDataset(factory, input).validate(options);
}

/**
 * Builds the refusal for a report with errors: one line with the error count, the codes and the
 * first error's location, and the report attached.
 *
 * @param report - A report with `ok: false`.
 * @param name - The file path or name, for the message.
 * @param role - A job's validation file is called so in the message. @default 'training'
 */
export function refusal(
  report: DatasetReport,
  name: string,
  role: 'training' | 'validation' = 'training',
): DatasetError {
  const errors = report.issues.filter((issue) => issue.severity === 'error');
  const errorCodes = [...new Set(errors.map((issue) => issue.code))];
  const counted = errorCodes.map((code) => [code, report.countsByCode[code] ?? 1] as const);
  const total = report.countsBySeverity.error || counted.reduce((sum, [, count]) => sum + count, 0);
  const first = errors[0];
  const where = first
    ? `; first: ${first.line === undefined ? '' : `line ${first.line}: `}${first.code}: ${first.message}`
    : '';
  const codes = counted.map(([code, count]) => `${code} ×${count}`).join(', ');
  return new DatasetError(
    `Refusing to upload ${role === 'validation' ? 'validation file ' : ''}${name}: validation found ${total} error${total === 1 ? '' : 's'}${codes ? ` (${codes})` : ''}${where}. Fix them or pass force: true.`,
    'dataset_invalid',
    { report, source: name },
  );
}
