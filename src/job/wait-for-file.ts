/**
 * Waits until an uploaded file is `processed`. The SDK's `files.waitForProcessing` takes no
 * `AbortSignal` and returns on `error` as if it were success, so this is our own loop: abortable,
 * with a timeout on the injectable clock, and `error` becomes an {@link UploadError} with the
 * server's reason.
 *
 * @module
 */
import type { FileObject } from 'openai/resources/files';
import { FinetuneKitTimeoutError, UploadError } from '../errors.js';
import { abortError } from '../internal/abort.js';
import { type CallContext, retrySettings, sdkOptions } from './client.js';
import { withRetry } from './retry.js';

/** Options of {@link waitForFileProcessed}. */
export interface WaitForFileOptions {
  /** Delay between checks. @default 1000 */
  readonly pollIntervalMs: number;
  /** Give up after this long. @default 1_800_000 (30 min, as the SDK) */
  readonly timeoutMs: number;
  /** Called with each status seen. */
  readonly onStatus?: ((file: FileObject) => void) | undefined;
}

/**
 * Polls `files.retrieve` until the file is `processed`.
 *
 * @returns The processed file.
 * @throws {UploadError} `file_processing_failed` (status `error`, with `status_details`) or
 *   `file_deleted`.
 * @throws {FinetuneKitTimeoutError} When `timeoutMs` passes first.
 * @throws {FinetuneKitAbortError} When the signal aborts.
 */
export async function waitForFileProcessed(
  context: CallContext,
  fileId: string,
  options: WaitForFileOptions,
): Promise<FileObject> {
  const started = context.clock.now();
  for (;;) {
    const file = await withRetry(
      (_attempt, signal) => context.client.files.retrieve(fileId, sdkOptions(context, signal)),
      retrySettings(context, 'files.retrieve', fileId),
    );
    options.onStatus?.(file);
    const status: string = file.status;
    if (status === 'processed') return file;
    if (status === 'error') {
      const details = (file as { status_details?: unknown }).status_details;
      const reason =
        typeof details === 'string' && details.trim() ? details.trim() : 'no reason given by the server';
      throw new UploadError(
        `File ${fileId} (${file.filename}) failed processing: ${reason}`,
        'file_processing_failed',
        fileId,
      );
    }
    if (status === 'deleted' || status === 'deleting') {
      throw new UploadError(
        `File ${fileId} (${file.filename}) was deleted while waiting for it to be processed.`,
        'file_deleted',
        fileId,
      );
    }
    // `uploaded`, Azure's `pending`/`running`, or anything new: keep waiting.
    const elapsed = context.clock.now() - started;
    if (elapsed >= options.timeoutMs) {
      throw new FinetuneKitTimeoutError(
        `File ${fileId} (${file.filename}) was not processed within ${options.timeoutMs} ms (last status: ${status}).`,
        options.timeoutMs,
      );
    }
    try {
      await context.clock.sleep(
        Math.min(options.pollIntervalMs, options.timeoutMs - elapsed),
        context.signal,
      );
    } catch (error) {
      // Any clock may reject with the signal's raw reason: report an abort as ours.
      if (context.signal?.aborted) throw abortError(context.signal, `Waiting for file ${fileId}`);
      throw error;
    }
  }
}
