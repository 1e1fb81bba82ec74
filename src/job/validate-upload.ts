/**
 * Validates a file with the Dataset module before it is uploaded. The dataset layer (and its
 * tokenizer) is loaded with a dynamic `import()` only when an upload actually validates, so
 * importing `finetune-kit/job` never loads a tokenizer.
 *
 * @module
 */
import { DatasetError, FinetuneKitError } from '../errors.js';
import type { UploadDatasetInput } from './upload-source.js';

/** The parts of a dataset validation report that uploads read. */
export interface UploadValidationReport {
  /** True when no issue has severity `error`. */
  readonly ok: boolean;
  /** The issues found (samples per code may be capped; counts are exact). */
  readonly issues: readonly {
    readonly code: string;
    readonly severity: string;
    readonly message: string;
    readonly line?: number;
  }[];
  /** Exact number of issues per code. */
  readonly countsByCode: Readonly<Record<string, number>>;
}

/** What validation needs to know about the job. */
export interface UploadValidationOptions {
  /** The model the file is for: enables token limits and per-model checks. */
  readonly model?: string | undefined;
  /** `supervised`, `dpo` or `reinforcement`: checks that the format fits. */
  readonly method?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

interface DatasetLike {
  validate(options: Record<string, unknown>): Promise<UploadValidationReport>;
}

interface DatasetFactories {
  fromFile?(path: string): DatasetLike;
  fromString?(text: string): DatasetLike;
  fromBytes?(bytes: Uint8Array): DatasetLike;
  fromBlob?(blob: Blob): DatasetLike;
  fromStream?(stream: ReadableStream<Uint8Array>): DatasetLike;
}

function openDataset(factories: DatasetFactories, input: UploadDatasetInput): DatasetLike {
  switch (input.kind) {
    case 'file':
      if (factories.fromFile) return factories.fromFile(input.path);
      break;
    case 'text':
      if (factories.fromString) return factories.fromString(input.text);
      break;
    case 'bytes':
      if (factories.fromBytes) return factories.fromBytes(input.bytes);
      if (factories.fromBlob) return factories.fromBlob(new Blob([input.bytes as Uint8Array<ArrayBuffer>]));
      break;
    case 'blob':
      if (factories.fromBlob) return factories.fromBlob(input.blob);
      if (factories.fromStream) return factories.fromStream(input.blob.stream());
      break;
  }
  throw new FinetuneKitError(
    `The dataset module cannot read a ${input.kind} input; pass validate: false to upload without validation.`,
    'validation_unavailable',
  );
}

/**
 * Runs `Dataset.from…(input).validate({ model, method, signal })`.
 *
 * @returns The report.
 */
export async function validateUpload(
  input: UploadDatasetInput,
  options: UploadValidationOptions,
): Promise<UploadValidationReport> {
  const module = (await import('../dataset/index.js')) as unknown as { Dataset?: DatasetFactories };
  if (!module.Dataset) {
    throw new FinetuneKitError(
      'The dataset module does not export Dataset; pass validate: false to upload without validation.',
      'validation_unavailable',
    );
  }
  const validateOptions: Record<string, unknown> = {};
  if (options.model !== undefined) validateOptions.model = options.model;
  if (options.method !== undefined) validateOptions.method = options.method;
  if (options.signal !== undefined) validateOptions.signal = options.signal;
  return openDataset(module.Dataset, input).validate(validateOptions);
}

/**
 * Builds the refusal for a report with errors: one line with the error count, the codes and the
 * first issue's location, and the report attached.
 */
export function refusal(report: UploadValidationReport, name: string): DatasetError {
  const errors = report.issues.filter((issue) => issue.severity === 'error');
  const codes = Object.entries(report.countsByCode)
    .filter(([code]) => errors.some((issue) => issue.code === code))
    .map(([code, count]) => `${code} ×${count}`);
  const total =
    codes.length > 0
      ? Object.entries(report.countsByCode)
          .filter(([code]) => errors.some((issue) => issue.code === code))
          .reduce((sum, [, count]) => sum + count, 0)
      : errors.length;
  const first = errors[0];
  const where = first
    ? `; first: ${first.line === undefined ? '' : `line ${first.line}: `}${first.code}: ${first.message}`
    : '';
  return new DatasetError(
    `Refusing to upload ${name}: validation found ${total} error${total === 1 ? '' : 's'} (${codes.join(', ') || 'see report'})${where}. Fix them or pass force: true.`,
    'dataset_invalid',
    { report, source: name },
  );
}
