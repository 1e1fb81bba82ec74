/**
 * Downloads and decodes a job's result files. OpenAI serves the result CSV base64-encoded (users
 * report it as "garbled"); Azure and older jobs serve plain CSV (METRICS_FORMATS §3.1).
 *
 * @module
 */
import { FinetuneKitError } from '../errors.js';
import { type CallContext, sdkOptions } from './client.js';
import { withRetry } from './retry.js';

/** How a result file was encoded on the wire. */
export type ResultFileEncoding = 'plain' | 'base64' | 'json-string';

/** One result file, decoded. */
export interface JobResultFile {
  /** The file id (`purpose: fine-tune-results`). */
  readonly id: string;
  /** The decoded text, normally a CSV starting with `step,`. */
  readonly content: string;
  /** How the server encoded it. */
  readonly encoding: ResultFileEncoding;
  /** Size of the body as served, in bytes. */
  readonly bytes: number;
}

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function decodeBase64(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 === 1) return null;
  try {
    const binary = atob(compact);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes the body of a result file: plain CSV, base64 CSV, or a JSON string literal holding either.
 *
 * @param fileId - For the error message.
 * @param text - The body as text.
 * @returns The decoded CSV and how it was encoded.
 * @throws {FinetuneKitError} `unrecognized_result_file`, quoting the first bytes, when it is none of these.
 */
export function decodeResultFile(
  fileId: string,
  text: string,
): { content: string; encoding: ResultFileEncoding } {
  let body = stripBom(text);
  let encoding: ResultFileEncoding = 'plain';
  if (body.trimStart().startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'string') {
        body = stripBom(parsed);
        encoding = 'json-string';
      }
    } catch {
      // Not a JSON string: fall through to the other forms.
    }
  }
  if (body.startsWith('step,') || body.startsWith('step\t')) return { content: body, encoding };
  if (BASE64.test(body)) {
    const decoded = decodeBase64(body);
    if (decoded !== null && stripBom(decoded).startsWith('step')) {
      return { content: stripBom(decoded), encoding: 'base64' };
    }
  }
  const preview = JSON.stringify(body.slice(0, 40));
  throw new FinetuneKitError(
    `Result file ${fileId} is neither a CSV nor base64 of one (starts with ${preview}).`,
    'unrecognized_result_file',
  );
}

/**
 * Downloads one result file with retries and decodes it.
 *
 * @throws {FinetuneKitApiError} When the download fails for good.
 * @throws {FinetuneKitError} `unrecognized_result_file` when the body cannot be decoded.
 */
export async function fetchResultFile(context: CallContext, fileId: string): Promise<JobResultFile> {
  const text = await withRetry(
    async (_attempt, signal) => {
      const response = await context.client.files.content(fileId, sdkOptions(context, signal));
      // Read the body inside the retried call: a connection dropped mid-body is retried too.
      return response.text();
    },
    {
      operation: 'files.content',
      resourceId: fileId,
      retry: context.retry,
      clock: context.clock,
      signal: context.signal,
      onRetry: context.onRetry,
    },
  );
  const { content, encoding } = decodeResultFile(fileId, text);
  return Object.freeze({ id: fileId, content, encoding, bytes: new TextEncoder().encode(text).byteLength });
}
