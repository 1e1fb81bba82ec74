/**
 * The reading half of every fix and conversion: the input's examples, one at a time, as raw text
 * and parsed value, with blank lines, invalid lines and JSON documents already sorted out.
 *
 * @module
 */

import { throwIfAborted } from '../../internal/abort.js';
import { isBlank } from '../analyze-lines.js';
import type { DatasetInput } from '../input/dataset-input.js';
import { assertReadable, DatasetLineReader, type ReadTotals } from '../input/dataset-line-reader.js';
import { JsonDocumentSplitter, looksLikeJsonDocument } from '../input/json-document-splitter.js';
import type { SourceLine } from '../input/line-splitter.js';
import { locateJsonError } from '../input/locate-json-error.js';
import type { DatasetIssueCode } from '../issue-codes.js';

/** One record of the input. */
export type InputRecord =
  | {
      readonly kind: 'example';
      /** 1-based physical line (for a JSON-document element: where it starts). */
      readonly line: number;
      /** The original text; `null` for JSON-document elements, which must be re-serialised. */
      readonly text: string | null;
      /** The parsed object. */
      readonly value: Record<string, unknown>;
    }
  | { readonly kind: 'blank'; readonly line: number; readonly text: string }
  | {
      readonly kind: 'invalid';
      readonly line: number;
      /** The original text; only a prefix when `truncated` (a line too long to hold). */
      readonly text: string;
      readonly code: DatasetIssueCode;
      readonly reason: string;
      readonly truncated?: boolean;
    };

/** Facts about the input once read. */
export interface ReadRecordsSummary {
  readonly totals: ReadTotals;
  /** True when the input was a JSON document (array) rather than JSONL. */
  readonly jsonDocument: boolean;
}

/**
 * Reads an input as records.
 *
 * @param input - The dataset input.
 * @param signal - Aborts reading.
 * @param onDone - Receives the summary once the input is exhausted.
 * @throws {DatasetError} With code `file_not_found` when the input file cannot be read.
 * @throws {FinetuneKitAbortError} When `signal` aborts.
 */
export async function* readRecords(
  input: DatasetInput,
  signal: AbortSignal | undefined,
  onDone: (summary: ReadRecordsSummary) => void,
): AsyncGenerator<InputRecord> {
  const reader = new DatasetLineReader(input, { signal });
  let mode: 'undecided' | 'lines' | 'document' = input.kind === 'examples' ? 'lines' : 'undecided';
  const splitter = new JsonDocumentSplitter();
  for await (const batch of reader.batches()) {
    throwIfAborted(signal);
    for (const source of batch.lines) {
      if (mode === 'undecided' && !isBlank(source.text)) {
        const document =
          !source.invalidUtf8 && source.oversizedBytes === undefined && looksLikeJsonDocument(source.text);
        mode = document ? 'document' : 'lines';
      }
      if (mode === 'document') {
        for (const element of splitter.push(source.text, source.line)) yield parseRecord(element, true);
      } else {
        yield parseRecord(source, false);
      }
    }
  }
  if (mode === 'document') {
    const end = splitter.end();
    for (const element of end.elements) yield parseRecord(element, true);
  }
  assertReadable(reader.totals);
  onDone({ totals: reader.totals, jsonDocument: mode === 'document' });
}

function parseRecord(source: SourceLine, element: boolean): InputRecord {
  const { line, text } = source;
  if (source.serializeError !== undefined) {
    return {
      kind: 'invalid',
      line,
      text,
      code: 'invalid_json',
      reason: `not serialisable: ${source.serializeError}`,
    };
  }
  if (source.oversizedBytes !== undefined) {
    return {
      kind: 'invalid',
      line,
      text,
      code: 'invalid_json',
      reason: `line of ${source.oversizedBytes} bytes, too long to be an example`,
      truncated: true,
    };
  }
  if (source.invalidUtf8) {
    return { kind: 'invalid', line, text, code: 'invalid_utf8', reason: 'not valid UTF-8' };
  }
  if (isBlank(text)) return { kind: 'blank', line, text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const location = locateJsonError(text);
    return {
      kind: 'invalid',
      line,
      text,
      code: 'invalid_json',
      reason: `invalid JSON: ${location?.message ?? 'unparsable'}`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', line, text, code: 'not_an_object', reason: 'not a JSON object' };
  }
  return { kind: 'example', line, text: element ? null : text, value: value as Record<string, unknown> };
}
