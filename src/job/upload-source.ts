/**
 * Turns what a caller passes as a training file (a path, JSONL text, bytes, a `Blob`/`File`) into
 * one shape the upload code reads by byte range.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { describeType } from '../internal/describe-type.js';

/**
 * A training or validation file to upload:
 * - a `string` that starts with `{` (after whitespace or a BOM) or contains a newline: JSONL text;
 * - any other `string`, or a `file:` `URL`: a local path (Node, Deno and Bun);
 * - a `Uint8Array` or `ArrayBuffer`: the file's bytes;
 * - a `Blob` or `File` (its `name` is used as the filename).
 */
export type TrainingFileInput = string | URL | Blob | Uint8Array | ArrayBuffer;

/** Where the bytes come from, for validation with the Dataset module. */
export type UploadDatasetInput =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'blob'; readonly blob: Blob };

/** A file ready to be uploaded. */
export interface UploadSource {
  readonly kind: UploadDatasetInput['kind'];
  /** Size in bytes. */
  readonly size: number;
  /** The filename sent to the API. */
  readonly filename: string;
  /** The absolute path for path inputs, else `null`. */
  readonly path: string | null;
  /** The file's modification time for path inputs (ms since the epoch), else `null`. */
  readonly mtimeMs: number | null;
  /** The same bytes, for validation. */
  readonly dataset: UploadDatasetInput;
  /** Bytes `[start, end)` as a `Blob` (disk-backed and lazy for paths and blobs). */
  slice(start: number, end: number): Blob;
}

const DEFAULT_FILENAME = 'training.jsonl';

/** True when a string is JSONL content rather than a path. */
export function looksLikeJsonlText(value: string): boolean {
  return /^\uFEFF?\s*\{/.test(value) || value.includes('\n');
}

/**
 * Reads a {@link TrainingFileInput}.
 *
 * @param input - The file.
 * @param filename - Name for non-path inputs. @default the `File`'s name, else `training.jsonl`
 * @param option - The option name for error messages (e.g. `params.training_file`).
 * @throws {FinetuneKitUsageError} For unsupported values or an empty string.
 * @throws {UploadError} When a path cannot be opened.
 */
export async function toUploadSource(
  input: TrainingFileInput,
  filename: string | undefined,
  option: string,
): Promise<UploadSource> {
  if (typeof input === 'string') {
    if (input.trim().length === 0) throw new FinetuneKitUsageError(`${option} is an empty string.`, option);
    if (looksLikeJsonlText(input))
      return bytesSource(new TextEncoder().encode(input), filename, { kind: 'text', text: input });
    return pathSource(input);
  }
  if (input instanceof URL) {
    if (input.protocol !== 'file:') {
      throw new FinetuneKitUsageError(
        `${option} must be a file: URL, got ${input.protocol} (download it first).`,
        option,
      );
    }
    return pathSource(input);
  }
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    const name =
      filename ??
      (typeof File !== 'undefined' && input instanceof File && input.name ? input.name : DEFAULT_FILENAME);
    return {
      kind: 'blob',
      size: input.size,
      filename: name,
      path: null,
      mtimeMs: null,
      dataset: { kind: 'blob', blob: input },
      slice: (start, end) => input.slice(start, end),
    };
  }
  if (input instanceof Uint8Array) return bytesSource(input, filename, { kind: 'bytes', bytes: input });
  if (input instanceof ArrayBuffer) {
    const bytes = new Uint8Array(input);
    return bytesSource(bytes, filename, { kind: 'bytes', bytes });
  }
  throw new FinetuneKitUsageError(
    `${option} must be a file id, a path, JSONL text, a Uint8Array, an ArrayBuffer or a Blob; got ${describeType(input)}.`,
    option,
  );
}

function bytesSource(
  bytes: Uint8Array,
  filename: string | undefined,
  dataset: UploadDatasetInput,
): UploadSource {
  return {
    kind: dataset.kind,
    size: bytes.byteLength,
    filename: filename ?? DEFAULT_FILENAME,
    path: null,
    mtimeMs: null,
    dataset,
    // `subarray` shares memory; the Blob copies only this range.
    slice: (start, end) => new Blob([bytes.subarray(start, end) as Uint8Array<ArrayBuffer>]),
  };
}

async function pathSource(path: string | URL): Promise<UploadSource> {
  const { openNodeFile } = await import('./node-file-source.js');
  const file = await openNodeFile(path);
  return {
    kind: 'file',
    size: file.size,
    filename: file.filename,
    path: file.path,
    mtimeMs: file.mtimeMs,
    dataset: { kind: 'file', path: file.path },
    slice: (start, end) => file.blob.slice(start, end),
  };
}
