/**
 * The processing verdict on an uploaded file. The real API processes every upload and may end it in
 * `status: 'error'` with a reason in `status_details` (a file it cannot read, a blocked file); a
 * {@link FileProcessingHook} lets a test decide which files do, so a client's error path runs.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { decodeChunks } from './store.js';

/** What a {@link FileProcessingHook} sees of one uploaded file. */
export interface FileProcessingCheck {
  /** The file id (`file-…`). */
  readonly id: string;
  /** The name given at upload. */
  readonly filename: string;
  /** The upload's `purpose`, e.g. `fine-tune`. */
  readonly purpose: string;
  /** Size in bytes. */
  readonly bytes: number;
  /** The content, as the chunks (upload parts) it was received in. */
  readonly chunks: readonly Uint8Array[];
  /** The content as UTF-8 text, decoded on first access (prefer `chunks` for large files). */
  readonly text: string;
}

/**
 * Decides how processing of an uploaded file ends. Return a reason to make the file end in
 * `status: 'error'` with that reason as `status_details`; return `null` or `undefined` to let it
 * become `processed`. Called once per file, when it is stored; the verdict shows once the file's
 * processing time (`timing.fileProcessingMs`) has passed. Files the simulator writes itself (result
 * files) are not checked.
 *
 * @example
 * ```ts
 * const sim = createSimulator({
 *   fileProcessing: ({ filename }) =>
 *     filename === 'corrupt.jsonl' ? 'Invalid file format: line 3 is not valid JSON.' : null,
 * });
 * ```
 */
export type FileProcessingHook = (file: FileProcessingCheck) => string | null | undefined;

/**
 * Runs the hook for one file.
 *
 * @returns The `status_details` of a file that fails processing, or `null`.
 * @throws {FinetuneKitUsageError} When the hook returns something other than a non-empty string, `null`
 * or `undefined` (`option` is `options.fileProcessing`).
 */
export function fileProcessingError(
  hook: FileProcessingHook | undefined,
  details: Omit<FileProcessingCheck, 'text'>,
): string | null {
  if (!hook) return null;
  let text: string | undefined;
  const verdict = hook(
    Object.freeze({
      ...details,
      get text() {
        text ??= decodeChunks(details.chunks);
        return text;
      },
    }),
  );
  if (verdict === null || verdict === undefined) return null;
  if (typeof verdict !== 'string' || verdict === '') {
    throw new FinetuneKitUsageError(
      `options.fileProcessing must return a non-empty string, null or undefined, got ${JSON.stringify(verdict) ?? String(verdict)}.`,
      'options.fileProcessing',
    );
  }
  return verdict;
}
