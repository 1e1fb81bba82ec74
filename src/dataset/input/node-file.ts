/**
 * Node-only file access for datasets: stat, chunked read, streamed write.
 *
 * The only module of the dataset layer that touches `node:fs`, always through a dynamic
 * `import()`, so that bundles for browsers, Deno or edge runtimes never load it unless a file path
 * is actually used.
 *
 * @module
 */
import { throwIfAborted } from '../../internal/abort.js';

/** The part of `node:fs` this module uses; imported lazily. */
type NodeFs = typeof import('node:fs');

let fsPromise: Promise<NodeFs> | undefined;

function loadFs(): Promise<NodeFs> {
  fsPromise ??= import('node:fs');
  return fsPromise;
}

/** The outcome of looking at a path before reading it. */
export type FileStat =
  | { readonly ok: true; readonly size: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks that `path` is a readable regular file.
 *
 * @param path - A file path.
 * @returns Its size, or why it cannot be read (missing, a directory, no permission).
 */
export async function statFile(path: string): Promise<FileStat> {
  const fs = await loadFs();
  try {
    const stats = await fs.promises.stat(path);
    if (!stats.isFile()) return { ok: false, reason: `${path} is not a regular file` };
    await fs.promises.access(path, fs.constants.R_OK);
    return { ok: true, size: stats.size };
  } catch (error) {
    return { ok: false, reason: describeFsError(path, error) };
  }
}

function describeFsError(path: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return `${path} does not exist`;
  if (code === 'EACCES' || code === 'EPERM') return `${path} is not readable (permission denied)`;
  return `${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`;
}

/** Options for {@link readFileChunks}. */
export interface ReadFileChunksOptions {
  readonly signal?: AbortSignal | undefined;
  /**
   * Bytes per chunk. 64 KiB keeps each chunk's decoded text out of V8's large-object space (objects
   * over 128 KiB), which is only reclaimed by full collections: with 1 MiB chunks, peak RSS of a
   * parallel validation was 60 MB higher at the same speed (docs/performance.md).
   * @default 65_536
   */
  readonly chunkSize?: number;
}

/**
 * Reads a file in chunks of `chunkSize` bytes, closing it on completion, on error and when the
 * consumer stops early. A chunk is valid until the consumer asks for the next one (its
 * buffer is then read into again): keep a copy of what must outlive that.
 *
 * @param path - The file to read.
 * @throws {FinetuneKitAbortError} When `signal` aborts.
 * @throws {Error} The file-system error when the file cannot be opened or read.
 */
export async function* readFileChunks(
  path: string,
  options: ReadFileChunksOptions = {},
): AsyncGenerator<Uint8Array> {
  const fs = await loadFs();
  const chunkSize = options.chunkSize ?? 65_536;
  const handle = await fs.promises.open(path, 'r');
  // The next chunk is requested before this one is handed over, so the file system reads while the
  // caller works: awaiting each read in turn left the calling thread idle for 8–9% of a
  // validation. Two buffers take turns (the caller is done with a chunk when it asks for the next
  // one): a fresh buffer per read was 100 MB of buffers per 100 MB read, and their churn
  // triggered full garbage collections.
  const buffers = [new Uint8Array(chunkSize), new Uint8Array(chunkSize)];
  let turn = 0;
  const read = async (): Promise<Uint8Array> => {
    const buffer = buffers[turn]!;
    turn ^= 1;
    const { bytesRead } = await handle.read(buffer, 0, chunkSize, null);
    return bytesRead === chunkSize ? buffer : buffer.subarray(0, bytesRead);
  };
  let pending: Promise<Uint8Array> | null = null;
  try {
    throwIfAborted(options.signal);
    pending = read();
    for (;;) {
      const chunk = await pending;
      pending = null;
      if (chunk.length === 0) return;
      throwIfAborted(options.signal);
      pending = read();
      // Settled (and its error ignored) if the consumer stops before taking it.
      pending.catch(() => {});
      yield chunk;
    }
  } finally {
    // The handle must not close under a read still in flight.
    if (pending !== null) await pending.catch(() => undefined);
    await handle.close();
  }
}

/** A buffered writer to a new file, committed atomically (see {@link createFileWriter}). */
export interface FileWriter {
  /** Appends text (buffered; written about every megabyte). */
  write(text: string): Promise<void>;
  /** Flushes, closes and renames the temporary file to its final name. Returns the bytes written. */
  commit(): Promise<number>;
  /** Closes and deletes the temporary file. Never throws. */
  discard(): Promise<void>;
}

/**
 * Opens a writer for a new file. The data goes to a temporary file next to `path`, renamed on
 * {@link FileWriter.commit}, so a failed or aborted run never leaves a half-written output under the
 * requested name.
 *
 * @param path - The output file (replaced if it exists).
 */
export async function createFileWriter(path: string): Promise<FileWriter> {
  const fs = await loadFs();
  const temporary = `${path}.${process.pid}.${Date.now().toString(36)}.partial`;
  const handle = await fs.promises.open(temporary, 'w');
  const encoder = new TextEncoder();
  let bytes = 0;
  let buffered: string[] = [];
  let bufferedLength = 0;
  let closed = false;
  const flush = async () => {
    if (bufferedLength === 0) return;
    const data = encoder.encode(buffered.join(''));
    buffered = [];
    bufferedLength = 0;
    await handle.write(data);
    bytes += data.length;
  };
  return {
    async write(text) {
      buffered.push(text);
      bufferedLength += text.length;
      if (bufferedLength >= 1_048_576) await flush();
    },
    async commit() {
      await flush();
      closed = true;
      await handle.close();
      await fs.promises.rename(temporary, path);
      return bytes;
    },
    async discard() {
      if (!closed) {
        closed = true;
        await handle.close().catch(() => {});
      }
      await fs.promises.rm(temporary, { force: true }).catch(() => {});
    },
  };
}

/** Options for {@link writeTextToFile}. */
export interface WriteTextOptions {
  readonly signal?: AbortSignal | undefined;
}

/**
 * Writes text pieces to a new file (atomically, see {@link createFileWriter}).
 *
 * @param path - The output file.
 * @param pieces - Text to write, in order.
 * @returns The number of bytes written.
 * @throws {FinetuneKitAbortError} When `signal` aborts (the temporary file is removed).
 */
export async function writeTextToFile(
  path: string,
  pieces: AsyncIterable<string> | Iterable<string>,
  options: WriteTextOptions = {},
): Promise<number> {
  const writer = await createFileWriter(path);
  try {
    for await (const piece of pieces) {
      throwIfAborted(options.signal);
      await writer.write(piece);
    }
    return await writer.commit();
  } catch (error) {
    await writer.discard();
    throw error;
  }
}

/**
 * True when two paths name the same file (so a fix never overwrites its own input).
 *
 * @param first - A path.
 * @param second - Another path.
 */
export async function isSameFile(first: string, second: string): Promise<boolean> {
  const fs = await loadFs();
  const path = await import('node:path');
  if (path.resolve(first) === path.resolve(second)) return true;
  try {
    const [a, b] = await Promise.all([fs.promises.stat(first), fs.promises.stat(second)]);
    return a.ino === b.ino && a.dev === b.dev;
  } catch {
    return false;
  }
}
