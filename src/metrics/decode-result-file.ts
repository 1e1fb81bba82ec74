/**
 * Decodes a fine-tuning result file (`purpose: "fine-tune-results"`) into CSV text, whatever the
 * wrapping: plain UTF-8 (Azure, older OpenAI jobs), base64 (current OpenAI), or defensively a JSON
 * string literal holding either (METRICS_FORMATS §3.1). Web APIs only.
 *
 * @module
 */
import { type MetricsIssue, metricsIssue } from './issue-codes.js';

/** A successfully decoded result file. */
export interface DecodedResultFile {
  readonly ok: true;
  /** The CSV text, BOM removed. */
  readonly text: string;
  /** `base64` when the body was base64 of the CSV (current OpenAI behaviour). */
  readonly encoding: 'plain' | 'base64';
  /** True when the body was a JSON string literal (`"…"`) that had to be unwrapped first. */
  readonly jsonString: boolean;
  /** True when a UTF-8 byte-order mark was removed. */
  readonly bom: boolean;
}

/** A result file that could not be decoded. */
export interface UndecodableResultFile {
  readonly ok: false;
  /** An `unrecognized_result_file` issue quoting the first bytes. */
  readonly issue: MetricsIssue;
}

/** What {@link decodeResultFile} accepts: the text or bytes of `files.content(id)`. */
export type ResultFileInput = string | Uint8Array | ArrayBuffer;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function stripBom(text: string): { text: string; bom: boolean } {
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), bom: true } : { text, bom: false };
}

/** A CSV's first line has a comma, or is a lone `step` header. */
function looksLikeCsv(text: string): boolean {
  const firstLine = text.trimStart().split(/\r?\n/, 1)[0] ?? '';
  return firstLine.includes(',') || /^"?step"?$/i.test(firstLine.trim());
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    // `ignoreBOM: true` keeps the BOM in the text so that stripBom can report it.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function tryBase64(text: string): Uint8Array | null {
  const compact = text.replace(/\s+/g, '');
  if (compact.length < 4 || compact.length % 4 === 1 || !BASE64.test(compact)) return null;
  try {
    const binary = atob(compact.padEnd(Math.ceil(compact.length / 4) * 4, '='));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

function unrecognized(original: string, why: string, id: string | undefined): UndecodableResultFile {
  const head = JSON.stringify(original.slice(0, 40));
  return {
    ok: false,
    issue: metricsIssue(
      'unrecognized_result_file',
      `result file${id ? ` ${id}` : ''}: ${why}; it starts with ${head}${original.length > 40 ? '…' : ''}.`,
      id ? { id } : {},
    ),
  };
}

/**
 * Decodes a result file body into CSV text.
 *
 * Order: strip a BOM; a body that starts like a CSV is plain; a JSON string literal is unwrapped
 * and decoded again; a base64 body is decoded (its bytes must be UTF-8 and look like a CSV);
 * anything else is `unrecognized_result_file`, quoting the first bytes. Never throws.
 *
 * @param input - The body of `client.files.content(id)` as text or bytes.
 * @param options - `id`: the file id, used in the issue message.
 * @returns `{ ok: true, text, encoding }` or `{ ok: false, issue }`.
 * @example
 * ```ts
 * const response = await client.files.content(job.result_files[0]);
 * const decoded = decodeResultFile(new Uint8Array(await response.arrayBuffer()));
 * if (decoded.ok) console.log(decoded.encoding, decoded.text.split('\n')[0]); // base64 step,train_loss,…
 * ```
 */
export function decodeResultFile(
  input: ResultFileInput,
  options: { readonly id?: string } = {},
): DecodedResultFile | UndecodableResultFile {
  let raw: string;
  if (typeof input === 'string') raw = input;
  else {
    const decoded = decodeUtf8(input instanceof Uint8Array ? input : new Uint8Array(input));
    if (decoded === null) {
      return unrecognized(
        new TextDecoder('utf-8').decode(input instanceof Uint8Array ? input : new Uint8Array(input)),
        'not UTF-8 text',
        options.id,
      );
    }
    raw = decoded;
  }
  const { text, bom } = stripBom(raw);
  if (text.trim() === '') return unrecognized(raw, 'the file is empty', options.id);

  let body = text;
  let jsonString = false;
  const trimmed = text.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    try {
      const inner: unknown = JSON.parse(trimmed);
      if (typeof inner === 'string') {
        body = stripBom(inner).text;
        jsonString = true;
      }
    } catch {
      // Not one JSON literal (e.g. a CSV whose cells are quoted): fall through to the other checks.
    }
  }

  if (looksLikeCsv(body)) return { ok: true, text: body, encoding: 'plain', jsonString, bom };

  const bytes = tryBase64(body);
  if (bytes) {
    const decoded = decodeUtf8(bytes);
    if (decoded !== null) {
      const inner = stripBom(decoded);
      if (looksLikeCsv(inner.text)) {
        return { ok: true, text: inner.text, encoding: 'base64', jsonString, bom: bom || inner.bom };
      }
      return unrecognized(raw, 'it is base64, but the decoded bytes are not a CSV', options.id);
    }
    return unrecognized(raw, 'it is base64, but the decoded bytes are not UTF-8 text', options.id);
  }
  return unrecognized(raw, 'it is neither a CSV (no comma in the first line) nor base64', options.id);
}
