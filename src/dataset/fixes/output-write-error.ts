/**
 * Errors of writing an output file, in terms of the file the caller named: outputs are written
 * under a temporary name and renamed at the end, and the file system's error names that temporary
 * file, which the caller never asked for.
 *
 * @module
 */
import { DatasetError } from '../../errors.js';

/** Why a file cannot be written, by Node error code. */
const REASONS: Readonly<Record<string, string>> = {
  EISDIR: 'it is a directory',
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of its path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

/**
 * Turns a file-system error met while writing `path` into a {@link DatasetError} that names
 * `path`; any other error (one about the input, say) is returned unchanged.
 *
 * @param error - What writing threw.
 * @param path - The output path the caller gave.
 * @returns A `DatasetError` with code `output_unwritable` (the original as `cause`), or `error`.
 */
export function outputWriteError(error: unknown, path: string): unknown {
  const { code, path: failed } = (error ?? {}) as { code?: unknown; path?: unknown };
  if (typeof code !== 'string' || !Object.hasOwn(REASONS, code)) return error;
  // Only errors about the output or its temporary file (`<path>.<pid>.<time>.partial`).
  if (typeof failed !== 'string' || !failed.startsWith(path)) return error;
  return new DatasetError(
    `Cannot write ${path}: ${REASONS[code]}.`,
    'output_unwritable',
    {},
    { cause: error },
  );
}
