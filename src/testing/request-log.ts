/**
 * The record of every request the simulator received (`sim.requests`), for assertions.
 *
 * @module
 */
import type { ParsedBody } from './context.js';

/** One request as the simulator saw it. */
export interface RecordedRequest {
  /** The `x-request-id` sent back. */
  readonly id: string;
  /** Upper-case method. */
  readonly method: string;
  /** The full URL. */
  readonly url: string;
  /** The API path without `/v1` or `/openai`, e.g. `/fine_tuning/jobs`. */
  readonly path: string;
  /** Query parameters (last value wins for repeated keys). */
  readonly query: Readonly<Record<string, string>>;
  /**
   * Request headers, lower-case names. The values of `authorization` and `api-key` are masked
   * (`Bearer sk-…Ab12`), so a real key picked up from the environment never lands in a test log.
   */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The body: parsed JSON, a summary of a multipart form (`{ fields, files }` with file names and
   * sizes, not the bytes), text, or `undefined`.
   */
  readonly body: unknown;
  /** True on Azure-style paths. */
  readonly azure: boolean;
  /** Simulated time (ms) at which it arrived. */
  readonly time: number;
  /** HTTP status answered, or `null` for a dropped, hung or aborted request. */
  status: number | null;
  /**
   * The injected fault, e.g. `error 429`, `drop`, `latency 200ms`, `drop after handling (server
   * answered 200)`, or `null`.
   */
  fault: string | null;
}

/** A summary of a request body for the log: JSON as is, forms without file bytes. */
export function summarizeBody(body: ParsedBody): unknown {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return body.value;
    case 'invalid-json':
    case 'text':
      return body.text.length > 10_000 ? `${body.text.slice(0, 10_000)}…` : body.text;
    case 'form': {
      const fields: Record<string, string> = {};
      const files: Record<string, { name: string; size: number; type: string }> = {};
      for (const [key, value] of body.form) {
        if (typeof value === 'string') fields[key] = value;
        else files[key] = { name: value.name, size: value.size, type: value.type };
      }
      return { fields, files };
    }
  }
}

/** Masks a key as OpenAI's own messages do: its first 3 and last 4 characters only. */
export function maskKey(key: string): string {
  return key.length > 10 ? `${key.slice(0, 3)}…${key.slice(-4)}` : '…';
}

/** The request headers for the log, with credentials masked. */
export function loggableHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, key) => {
    if (key === 'authorization') {
      const match = /^(\S+\s+)(.*)$/.exec(value);
      result[key] = match ? `${match[1]}${maskKey(match[2] ?? '')}` : maskKey(value);
    } else if (key === 'api-key') {
      result[key] = maskKey(value);
    } else {
      result[key] = value;
    }
  });
  return result;
}
