/**
 * Uploads a large file through the Uploads API: create an upload, send 64 MB parts with bounded
 * concurrency (each part retried on its own), complete with the part ids in order (and an optional
 * MD5), and cancel the upload if anything fails or the caller aborts.
 *
 * Parts are cut from the source a range at a time (a disk-backed `Blob` for paths), so at most
 * `concurrency` parts are in memory whatever the file size.
 *
 * @module
 */
import type { FileObject } from 'openai/resources/files';
import type { Upload } from 'openai/resources/uploads/uploads';
import { UploadError } from '../errors.js';
import { abortError } from '../internal/abort.js';
import { Md5 } from '../internal/md5.js';
import { errorCode, errorStatus } from './api-error.js';
import { type CallContext, retrySettings, sdkOptions } from './client.js';
import { withRetry } from './retry.js';
import type { UploadSource } from './upload-source.js';

/** Settings of {@link uploadInParts}. */
export interface MultipartSettings {
  readonly partSize: number;
  readonly concurrency: number;
  readonly md5: boolean;
  readonly mimeType: string;
  readonly expiresAfterSeconds?: number | undefined;
  /** Called after each part with the bytes sent so far. */
  readonly onPart: (sentBytes: number, partsDone: number, partsTotal: number) => void;
  /** Called once the upload exists, with its id. */
  readonly onUploadCreated?: ((uploadId: string) => void) | undefined;
}

/**
 * Sends `source` through `uploads.create` → `uploads.parts.create` × N → `uploads.complete`.
 *
 * When the answer to `complete` is lost (a dropped connection, a gateway error after the server did
 * the work), the retry is refused with "it is completed": the file exists, so it is looked up in
 * `files.list` (the API has no way to retrieve an Upload) instead of being left orphaned.
 *
 * @returns The file object of the completed upload.
 * @throws {UploadError} `upload_incomplete` when the completed upload carries no file, or its file
 *   cannot be found after a lost answer.
 * @throws {FinetuneKitApiError} When a call fails for good (the upload is cancelled first).
 * @throws {FinetuneKitAbortError} When the signal aborts (the upload is cancelled first).
 */
export async function uploadInParts(
  context: CallContext,
  source: UploadSource,
  settings: MultipartSettings,
): Promise<FileObject> {
  const upload = await withRetry(
    (_attempt, signal) =>
      context.client.uploads.create(
        {
          bytes: source.size,
          filename: source.filename,
          mime_type: settings.mimeType,
          purpose: 'fine-tune',
          ...(settings.expiresAfterSeconds === undefined
            ? {}
            : { expires_after: { anchor: 'created_at' as const, seconds: settings.expiresAfterSeconds } }),
        },
        sdkOptions(context, signal),
      ),
    retrySettings(context, 'uploads.create'),
  );
  settings.onUploadCreated?.(upload.id);
  try {
    const parts = await sendParts(context, source, settings, upload.id);
    const completed = await withRetry(
      async (attempt, signal) => {
        try {
          return await context.client.uploads.complete(
            upload.id,
            { part_ids: parts.ids, ...(parts.md5 === null ? {} : { md5: parts.md5 }) },
            sdkOptions(context, signal),
          );
        } catch (error) {
          // Only a retry can find the upload completed: by the attempt whose answer was lost.
          if (attempt > 1 && isAlreadyCompleted(error)) return null;
          throw error;
        }
      },
      retrySettings(context, 'uploads.complete', upload.id),
    );
    if (completed === null) return await findCompletedFile(context, upload);
    if (!completed.file) {
      throw new UploadError(
        `Upload ${upload.id} (${source.filename}) completed with status ${completed.status} but no file.`,
        'upload_incomplete',
        upload.id,
      );
    }
    return completed.file;
  } catch (error) {
    await cancelQuietly(context, upload.id);
    throw error;
  }
}

interface SentParts {
  /** Part ids in file order. */
  readonly ids: string[];
  /** Hex MD5 of the whole file, when asked for. */
  readonly md5: string | null;
}

async function sendParts(
  context: CallContext,
  source: UploadSource,
  settings: MultipartSettings,
  uploadId: string,
): Promise<SentParts> {
  const total = Math.max(1, Math.ceil(source.size / settings.partSize));
  const ids: string[] = new Array(total);
  const md5 = settings.md5 ? new Md5() : null;
  // One failure stops the others: they see `failed` and the shared signal.
  const stop = new AbortController();
  const onAbort = () => stop.abort(context.signal?.reason);
  context.signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let sent = 0;
  let done = 0;
  let failure: unknown = null;

  // Parts are cut in order (so the MD5 is fed in order); sending overlaps up to `concurrency`.
  const cutNext = async (): Promise<{ index: number; data: Blob } | null> => {
    if (failure !== null || stop.signal.aborted || next >= total) return null;
    const index = next;
    next += 1;
    const start = index * settings.partSize;
    const end = Math.min(source.size, start + settings.partSize);
    const range = source.slice(start, end);
    if (md5) {
      // Hash the range as a stream and send the (lazy) range itself: no part-sized copy stays in
      // memory; a disk-backed range is simply read twice.
      const reader = range.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        md5.update(value);
      }
    }
    return { index, data: range };
  };
  let cutting: Promise<unknown> = Promise.resolve();
  const takePart = () => {
    // Serialise cutting so MD5 updates happen in part order even with concurrent workers.
    const result = cutting.then(cutNext);
    cutting = result.catch(() => {});
    return result;
  };

  const worker = async () => {
    for (;;) {
      const part = await takePart();
      if (!part) return;
      const file = new File([part.data], `${source.filename}.part${part.index + 1}`, {
        type: 'application/octet-stream',
      });
      const created = await withRetry(
        (_attempt, signal) =>
          context.client.uploads.parts.create(uploadId, { data: file }, sdkOptions(context, signal)),
        { ...retrySettings(context, 'uploads.parts.create', uploadId), signal: stop.signal },
      );
      ids[part.index] = created.id;
      sent += part.data.size;
      done += 1;
      settings.onPart(sent, done, total);
    }
  };

  try {
    const workers = Array.from({ length: Math.min(settings.concurrency, total) }, () =>
      worker().catch((error: unknown) => {
        if (failure === null) failure = error;
        stop.abort(error);
      }),
    );
    await Promise.all(workers);
  } finally {
    context.signal?.removeEventListener('abort', onAbort);
  }
  if (context.signal?.aborted) throw abortError(context.signal, `Upload ${uploadId}`);
  if (failure !== null) throw failure;
  return { ids, md5: md5 ? md5.digestHex() : null };
}

/** True for the 400 the API gives to `complete` on an Upload that is already completed. */
function isAlreadyCompleted(error: unknown): boolean {
  if (errorStatus(error) !== 400) return false;
  return (
    errorCode(error) === 'upload_completed' ||
    /\bis (already )?completed\b/i.test(error instanceof Error ? error.message : '')
  );
}

/**
 * The file of an Upload completed by an attempt whose answer was lost: the newest `fine-tune` file
 * with the Upload's name and size created since the Upload (files are listed newest first, so the
 * walk stops at the first older one).
 *
 * @throws {UploadError} `upload_incomplete` when there is none.
 */
async function findCompletedFile(context: CallContext, upload: Upload): Promise<FileObject> {
  let after: string | undefined;
  for (;;) {
    const page = await withRetry(
      (_attempt, signal) =>
        context.client.files.list(
          { purpose: upload.purpose, order: 'desc', limit: 100, ...(after === undefined ? {} : { after }) },
          sdkOptions(context, signal),
        ),
      retrySettings(context, 'files.list', upload.id),
    );
    for (const file of page.data) {
      if (file.created_at < upload.created_at) return notFound(upload);
      if (file.filename === upload.filename && file.bytes === upload.bytes) return file;
    }
    const last = page.data.at(-1);
    if (!page.hasNextPage() || last === undefined) return notFound(upload);
    after = last.id;
  }
}

function notFound(upload: Upload): never {
  throw new UploadError(
    `Upload ${upload.id} (${upload.filename}) was completed by an attempt whose answer was lost, but files.list has no ${upload.purpose} file named ${upload.filename} of ${upload.bytes} bytes since it was created.`,
    'upload_incomplete',
    upload.id,
  );
}

async function cancelQuietly(context: CallContext, uploadId: string): Promise<void> {
  try {
    // The caller's signal may be aborted already: cancel with a short timeout of its own instead.
    await context.client.uploads.cancel(uploadId, { maxRetries: 0, timeout: 15_000 });
  } catch {
    // Best effort: an upload that is not cancelled expires after an hour anyway.
  }
}
