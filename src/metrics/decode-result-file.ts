/**
 * Decodes a fine-tuning result file (`purpose: "fine-tune-results"`) into CSV text, whatever the
 * wrapping: plain UTF-8 (Azure, older OpenAI jobs), base64 (current OpenAI), or defensively a JSON
 * string literal holding either. Web APIs only. The decoded size is bounded (`maxBytes`, 64 MiB by
 * default) and checked before anything is copied.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { type MetricsIssue, metricsIssue } from './issue-codes.js';
import { MetricsFormatError } from './metrics-format-error.js';

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

/**
 * The default largest decoded result file read: 64 MiB. A real result file has one short row per
 * step (about 100 bytes for a supervised job, a few KB for a reinforcement job with many graders),
 * so even 100,000 steps stay far below it.
 */
export const DEFAULT_MAX_RESULT_FILE_BYTES = 64 * 1024 * 1024;

/** Options of {@link decodeResultFile}. */
export interface DecodeResultFileOptions {
  /** The file id, used in messages. */
  readonly id?: string;
  /**
   * The largest decoded CSV accepted, in bytes. Larger files throw before they are decoded.
   * @default DEFAULT_MAX_RESULT_FILE_BYTES (64 MiB)
   */
  readonly maxBytes?: number;
}

/** Head of the body inspected to tell a CSV from base64 (its first line must fit). */
const HEAD_CHARS = 64 * 1024;

/**
 * The largest served body that can decode to at most `maxBytes`: base64 is 4/3 of its bytes, plus
 * line breaks (76-character lines) and a possible JSON string wrapping.
 *
 * @param maxBytes - The decoded limit.
 * @returns The limit of the body as served, in bytes.
 */
export function maxServedResultFileBytes(maxBytes: number): number {
  return Math.ceil((maxBytes * 4) / 3) + Math.ceil(maxBytes / 38) + 64;
}

/**
 * Checks a `maxResultFileBytes` option.
 *
 * @param value - The option, or `undefined` for the default.
 * @returns A positive integer limit.
 * @throws {FinetuneKitUsageError} When it is not a positive integer.
 */
export function resolveMaxResultFileBytes(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_RESULT_FILE_BYTES;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new FinetuneKitUsageError(
      `maxResultFileBytes must be a positive integer number of bytes, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toFixed(1))} ${units[unit]} (${bytes} bytes)`;
}

/**
 * The error of a result file above the limit.
 *
 * @param id - The file id, if known.
 * @param size - The decoded size, or the size of the body as served when `served` is true.
 * @param maxBytes - The limit.
 * @param served - `served` when `size` is the body as served (too large to decode within the
 *   limit), `served_at_least` when the download stopped after `size` bytes, `false` when decoded.
 * @returns A `MetricsFormatError` with code `result_file_too_large` and the file id as `path`.
 */
export function resultFileTooLarge(
  id: string | undefined,
  size: number,
  maxBytes: number,
  served: false | 'served' | 'served_at_least' = false,
): MetricsFormatError {
  const what =
    served === false
      ? `decodes to ${formatSize(size)}`
      : `is ${served === 'served_at_least' ? 'more than ' : ''}${formatSize(size)} as served`;
  return new MetricsFormatError(
    `result file${id ? ` ${id}` : ''} ${what}, above the limit of ${formatSize(maxBytes)} ` +
      '(option maxResultFileBytes); pass a larger maxResultFileBytes to read it.',
    id ?? '',
    { code: 'result_file_too_large' },
  );
}

/** Reads one code unit of the body: a byte, or a UTF-16 unit of a text. */
type CodeAt = (index: number) => number;

const BASE64_VALUES = new Int16Array(128).fill(-1);
for (const [index, char] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries())
  BASE64_VALUES[char.charCodeAt(0)] = index;

function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/**
 * Decodes base64 (whitespace anywhere, padding optional) straight into bytes, in two passes and
 * one allocation: the first pass validates and counts, so the decoded size is checked against the
 * limit before anything is allocated.
 *
 * @returns The bytes, or `null` when the body is not base64.
 * @throws {MetricsFormatError} When the decoded bytes would exceed `maxBytes`.
 */
function decodeBase64(
  codeAt: CodeAt,
  range: readonly [number, number],
  maxBytes: number,
  id: string | undefined,
): Uint8Array | null {
  const [start, end] = range;
  let digits = 0;
  let padding = 0;
  for (let i = start; i < end; i += 1) {
    const code = codeAt(i);
    if (isSpace(code)) continue;
    if (code === 0x3d) {
      padding += 1;
      if (padding > 2) return null;
      continue;
    }
    if (padding > 0 || code >= 128 || (BASE64_VALUES[code] as number) < 0) return null;
    digits += 1;
  }
  if (digits < 4 || digits % 4 === 1 || (padding > 0 && (digits + padding) % 4 !== 0)) return null;
  const size = Math.floor((digits * 3) / 4);
  if (size > maxBytes) throw resultFileTooLarge(id, size, maxBytes);
  const out = new Uint8Array(size);
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (let i = start; i < end && written < size; i += 1) {
    const code = codeAt(i);
    const value = code < 128 ? (BASE64_VALUES[code] as number) : -1;
    if (value < 0) continue;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[written] = (buffer >> bits) & 0xff;
      written += 1;
    }
  }
  return out;
}

/** The UTF-8 size of a text, counted without encoding it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

function firstNonSpace(codeAt: CodeAt, from: number, length: number): number {
  let index = from;
  while (index < length && isSpace(codeAt(index))) index += 1;
  return index;
}

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

interface TextState {
  readonly id: string | undefined;
  readonly maxBytes: number;
  readonly jsonString: boolean;
  readonly bom: boolean;
}

/** Decodes a text body: string input, a JSON-unwrapped body, or a plain body read from bytes. */
function decodeText(raw: string, state: TextState): DecodedResultFile | UndecodableResultFile {
  const { id, maxBytes, jsonString } = state;
  const { text, bom: ownBom } = stripBom(raw);
  const bom = state.bom || ownBom;
  if (text.length > maxServedResultFileBytes(maxBytes))
    throw resultFileTooLarge(id, utf8Length(text), maxBytes, 'served');
  const codeAt: CodeAt = (index) => text.charCodeAt(index);
  const start = firstNonSpace(codeAt, 0, text.length);
  if (start === text.length) return unrecognized(raw, 'the file is empty', id);
  if (!jsonString && text.charCodeAt(start) === 0x22) {
    const trimmed = text.trim();
    if (trimmed.length >= 2 && trimmed.endsWith('"')) {
      try {
        const inner: unknown = JSON.parse(trimmed);
        if (typeof inner === 'string') return decodeText(inner, { id, maxBytes, jsonString: true, bom });
      } catch {
        // Not one JSON literal (e.g. a CSV whose cells are quoted): fall through to the other checks.
      }
    }
  }
  if (looksLikeCsv(text.slice(start, start + HEAD_CHARS))) {
    // A text has at least one UTF-8 byte per code unit and at most three: count only when unsure.
    if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text) > maxBytes))
      throw resultFileTooLarge(id, utf8Length(text), maxBytes);
    return { ok: true, text, encoding: 'plain', jsonString, bom };
  }
  const bytes = decodeBase64(codeAt, [start, text.length], maxBytes, id);
  return bytes ? fromBase64Bytes(bytes, raw, { id, jsonString, bom }) : notCsvNorBase64(raw, id);
}

function fromBase64Bytes(
  bytes: Uint8Array,
  head: string,
  state: Omit<TextState, 'maxBytes'>,
): DecodedResultFile | UndecodableResultFile {
  const decoded = decodeUtf8(bytes);
  if (decoded === null)
    return unrecognized(head, 'it is base64, but the decoded bytes are not UTF-8 text', state.id);
  const inner = stripBom(decoded);
  if (!looksLikeCsv(inner.text.slice(0, HEAD_CHARS)))
    return unrecognized(head, 'it is base64, but the decoded bytes are not a CSV', state.id);
  return {
    ok: true,
    text: inner.text,
    encoding: 'base64',
    jsonString: state.jsonString,
    bom: state.bom || inner.bom,
  };
}

function notCsvNorBase64(head: string, id: string | undefined): UndecodableResultFile {
  return unrecognized(head, 'it is neither a CSV (no comma in the first line) nor base64', id);
}

/**
 * Decodes a result file body into CSV text.
 *
 * Order: strip a BOM; a body that starts like a CSV is plain; a JSON string literal is unwrapped
 * and decoded again; a base64 body is decoded (its bytes must be UTF-8 and look like a CSV);
 * anything else is `unrecognized_result_file`, quoting the first bytes.
 *
 * Memory is bounded before anything is copied: a body too long to decode within `maxBytes` is
 * refused from its length alone, and base64 is decoded straight from the served bytes into one
 * buffer whose size is checked first (no intermediate text copies of the body).
 *
 * @param input - The body of `client.files.content(id)` as text or bytes.
 * @param options - `id` (used in messages) and `maxBytes` (the decoded limit, 64 MiB by default).
 * @returns `{ ok: true, text, encoding }` or `{ ok: false, issue }`.
 * @throws {MetricsFormatError} Code `result_file_too_large` when the decoded CSV would exceed
 *   `maxBytes`; the message names the file id, the size and the option.
 * @throws {FinetuneKitUsageError} When `maxBytes` is not a positive integer.
 * @example
 * ```ts
 * const response = await client.files.content(job.result_files[0]);
 * const decoded = decodeResultFile(new Uint8Array(await response.arrayBuffer()));
 * if (decoded.ok) console.log(decoded.encoding, decoded.text.split('\n')[0]); // base64 step,train_loss,…
 * ```
 */
export function decodeResultFile(
  input: ResultFileInput,
  options: DecodeResultFileOptions = {},
): DecodedResultFile | UndecodableResultFile {
  const maxBytes = resolveMaxResultFileBytes(options.maxBytes);
  const { id } = options;
  if (typeof input === 'string') return decodeText(input, { id, maxBytes, jsonString: false, bom: false });
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length > maxServedResultFileBytes(maxBytes))
    throw resultFileTooLarge(id, bytes.length, maxBytes, 'served');
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const codeAt: CodeAt = (index) => bytes[index] as number;
  const start = firstNonSpace(codeAt, bom ? 3 : 0, bytes.length);
  const head = new TextDecoder('utf-8').decode(bytes.subarray(start, start + HEAD_CHARS));
  if (start === bytes.length) return unrecognized(head, 'the file is empty', id);
  const quoted = bytes[start] === 0x22;
  if (quoted || looksLikeCsv(head)) {
    // Plain CSV: its decoded size is its byte length, checked before the one UTF-8 decode.
    const size = bytes.length - (bom ? 3 : 0);
    if (!quoted && size > maxBytes) throw resultFileTooLarge(id, size, maxBytes);
    const text = decodeUtf8(bytes);
    if (text === null) return unrecognized(head, 'not UTF-8 text', id);
    return decodeText(text, { id, maxBytes, jsonString: false, bom: false });
  }
  // Base64 (current OpenAI): decoded from the bytes themselves, with no text copy of the body.
  const decoded = decodeBase64(codeAt, [start, bytes.length], maxBytes, id);
  if (decoded) return fromBase64Bytes(decoded, head, { id, jsonString: false, bom });
  if (decodeUtf8(bytes) === null) return unrecognized(head, 'not UTF-8 text', id);
  return notCsvNorBase64(head, id);
}
