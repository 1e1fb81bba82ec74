/**
 * Node-only: opens a local file as a disk-backed `Blob` (`fs.openAsBlob`), so uploads read it a
 * slice at a time and never hold the whole file in memory. Loaded through a dynamic `import()` only
 * when a path is given, so browser, Deno and edge bundles never touch `node:fs`.
 *
 * @module
 */
import { UploadError } from '../errors.js';

/** A local file opened for upload. */
export interface NodeFileBlob {
  readonly blob: Blob;
  readonly size: number;
  /** The modification time when it was opened (ms since the epoch), to tell whether a report is stale. */
  readonly mtimeMs: number;
  /** The file's base name, sent as the upload's filename. */
  readonly filename: string;
  /** The absolute path. */
  readonly path: string;
}

/**
 * Opens `path` (or a `file:` URL) as a lazily read `Blob`.
 *
 * @throws {UploadError} `file_not_found` / `file_unreadable` naming the path and the reason.
 */
export async function openNodeFile(path: string | URL): Promise<NodeFileBlob> {
  const [fs, nodePath, nodeUrl] = await Promise.all([
    import('node:fs'),
    import('node:path'),
    import('node:url'),
  ]);
  const filePath = typeof path === 'string' ? path : nodeUrl.fileURLToPath(path);
  const absolute = nodePath.resolve(filePath);
  let size: number;
  let mtimeMs: number;
  try {
    const stats = await fs.promises.stat(absolute);
    if (!stats.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    size = stats.size;
    mtimeMs = stats.mtimeMs;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'not a regular file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new UploadError(
      `Cannot upload ${absolute}: ${reason}.`,
      code === 'ENOENT' ? 'file_not_found' : 'file_unreadable',
      undefined,
      { cause: error },
    );
  }
  const blob = await fs.openAsBlob(absolute);
  return { blob, size, mtimeMs, filename: nodePath.basename(absolute), path: absolute };
}
