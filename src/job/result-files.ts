/**
 * Downloads and decodes a job's result files. OpenAI serves the result CSV base64-encoded (users
 * report it as "garbled"); Azure and older jobs serve plain CSV (docs/internals/metrics-formats.md#decoding). Decoding is
 * the metrics layer's, so `job.resultFiles()` and `Metrics` read files the same way.
 *
 * @module
 */
import { FinetuneKitError } from '../errors.js';
import {
  DEFAULT_MAX_RESULT_FILE_BYTES,
  decodeResultFile,
  maxServedResultFileBytes,
  resultFileTooLarge,
} from '../metrics/decode-result-file.js';
import { readBoundedBody } from '../metrics/read-bounded-body.js';
import { type CallContext, retrySettings, sdkOptions } from './client.js';
import { withRetry } from './retry.js';

/** One result file, decoded. */
export interface JobResultFile {
  /** The file id (`purpose: fine-tune-results`). */
  readonly id: string;
  /** The decoded CSV text (BOM removed), starting with its header (`step,…`). */
  readonly content: string;
  /** `base64` when the server sent base64 of the CSV (current OpenAI), else `plain`. */
  readonly encoding: 'plain' | 'base64';
  /** True when the body was a JSON string literal that had to be unwrapped first. */
  readonly jsonString: boolean;
  /** Size of the body as served, in bytes. */
  readonly bytes: number;
}

/**
 * Downloads one result file with retries and decodes it.
 *
 * @throws {FinetuneKitApiError} When the download fails for good.
 * @throws {FinetuneKitError} `unrecognized_result_file`, quoting the first bytes, when the body is
 *   neither a CSV nor base64 of one.
 * @throws {MetricsFormatError} `result_file_too_large` when the file is above 64 MiB of CSV (the
 *   metrics layer's default `maxResultFileBytes`); the download stops once that is known.
 */
export async function fetchResultFile(context: CallContext, fileId: string): Promise<JobResultFile> {
  const body = await withRetry(
    async (_attempt, signal) => {
      const response = await context.client.files.content(fileId, sdkOptions(context, signal));
      // Read the body inside the retried call: a connection dropped mid-body is retried too. The
      // read stops once the body is longer than a result file within the default limit can be.
      return readBoundedBody(
        response,
        maxServedResultFileBytes(DEFAULT_MAX_RESULT_FILE_BYTES),
        (size, atLeast) =>
          resultFileTooLarge(
            fileId,
            size,
            DEFAULT_MAX_RESULT_FILE_BYTES,
            atLeast ? 'served_at_least' : 'served',
          ),
      );
    },
    retrySettings(context, 'files.content', fileId),
  );
  const decoded = decodeResultFile(body, { id: fileId });
  if (!decoded.ok) throw new FinetuneKitError(decoded.issue.message, 'unrecognized_result_file');
  return Object.freeze({
    id: fileId,
    content: decoded.text,
    encoding: decoded.encoding,
    jsonString: decoded.jsonString,
    bytes: body.byteLength,
  });
}
