/**
 * The kinds of input a dataset can be read from, and their conversion to a stream of byte chunks
 * or, for in-memory examples, directly to lines.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../../errors.js';
import { raceAbort, throwIfAborted } from '../../internal/abort.js';
import { describeType } from '../../internal/describe-type.js';
import type { SourceLine } from './line-splitter.js';

/** Anything a dataset can be read from. Built by the `Dataset.from*` factories. */
export type DatasetInput =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'text'; readonly text: string; readonly name?: string | undefined }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly name?: string | undefined }
  | { readonly kind: 'blob'; readonly blob: Blob; readonly name?: string | undefined }
  | {
      readonly kind: 'stream';
      readonly stream: ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string>;
      readonly name?: string | undefined;
      readonly size?: number | undefined;
    }
  | {
      readonly kind: 'examples';
      readonly examples: Iterable<unknown> | AsyncIterable<unknown>;
      readonly name?: string | undefined;
    };

/** Bytes per chunk for in-memory inputs, so progress and batches have a useful granularity. */
export const CHUNK_SIZE = 1_048_576;

/**
 * Lets the event loop run timers and I/O (an abort, a progress bar) before the caller goes on:
 * reading an in-memory input and counting a huge line never wait on I/O, so without these turns an
 * abort timer could not fire until the whole line was done.
 */
export function nextTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * The bytes of a string, a chunk at a time, never splitting a surrogate pair.
 *
 * @param text - Any string; lone surrogates become U+FFFD as in any UTF-8 encoder.
 */
export function* textChunks(text: string, chunkChars = CHUNK_SIZE / 2): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + chunkChars);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    yield encoder.encode(text.slice(start, end));
    start = end;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The bytes of a `Uint8Array`, in sub-arrays of at most `CHUNK_SIZE` (no copy). */
export function* byteChunks(bytes: Uint8Array): Generator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += CHUNK_SIZE) {
    yield bytes.subarray(start, Math.min(bytes.length, start + CHUNK_SIZE));
  }
}

/** The bytes of a `Blob` or `File`, read a slice at a time (works in every runtime with `Blob`). */
export async function* blobChunks(blob: Blob, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < blob.size; start += CHUNK_SIZE) {
    throwIfAborted(signal);
    const buffer = await blob.slice(start, Math.min(blob.size, start + CHUNK_SIZE)).arrayBuffer();
    yield new Uint8Array(buffer);
  }
}

/**
 * The bytes of a web `ReadableStream` or an async iterable of strings and byte chunks. Strings
 * are UTF-8 encoded; a high surrogate at the end of one string chunk waits for its pair in the next.
 * Reading through `getReader()` works also where streams are not async-iterable (Safari).
 */
export async function* streamChunks(
  stream: ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let pendingSurrogate = '';
  const encode = (chunk: unknown): Uint8Array => {
    if (typeof chunk === 'string') {
      let text = pendingSurrogate + chunk;
      pendingSurrogate = '';
      if (text.length > 0 && isHighSurrogate(text.charCodeAt(text.length - 1))) {
        pendingSurrogate = text.slice(-1);
        text = text.slice(0, -1);
      }
      return encoder.encode(text);
    }
    const bytes = toBytes(chunk);
    if (pendingSurrogate) {
      // A lone surrogate followed by bytes cannot be completed.
      const lone = encoder.encode(pendingSurrogate);
      pendingSurrogate = '';
      const joined = new Uint8Array(lone.length + bytes.length);
      joined.set(lone);
      joined.set(bytes, lone.length);
      return joined;
    }
    return bytes;
  };

  if (isReadableStream(stream)) {
    const reader = stream.getReader();
    try {
      for (;;) {
        throwIfAborted(signal);
        // Raced with the signal: a stream that stops sending must not hold an aborted call.
        const { done, value } = await raceAbort(reader.read(), signal);
        if (done) break;
        yield encode(value);
      }
    } finally {
      // On early exit (abort, consumer stopped) cancel the source; on normal end this is a no-op.
      // Not awaited after an abort: a stalled source may never confirm the cancellation.
      const cancelled = reader.cancel().catch(() => {});
      if (!signal?.aborted) await cancelled;
      try {
        reader.releaseLock();
      } catch {
        // A read still pending on a stalled stream keeps the lock in older runtimes.
      }
    }
  } else {
    for await (const chunk of abortableIteration(stream, signal)) yield encode(chunk);
  }
  if (pendingSurrogate) yield encoder.encode(pendingSurrogate);
}

/**
 * The values of an (async) iterable, each wait raced with `signal`: after an abort the loop ends at
 * once with the library's abort error, even when the source is stuck in an `await` of its own.
 * The source's `return()` is called when the loop ends early, so it can close what it holds; it is
 * not awaited after an abort, since a generator suspended in a stalled `await` only returns once
 * that `await` settles.
 *
 * @param source - An iterable or async iterable.
 * @param signal - Aborts the iteration.
 */
export async function* abortableIteration<T>(
  source: Iterable<T> | AsyncIterable<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  const asyncFactory = (source as AsyncIterable<T>)[Symbol.asyncIterator];
  if (typeof asyncFactory !== 'function') {
    // A synchronous source cannot stall: no race needed.
    for (const value of source as Iterable<T>) {
      throwIfAborted(signal);
      yield value;
    }
    return;
  }
  const iterator: AsyncIterator<T> = asyncFactory.call(source);
  let finished = false;
  try {
    for (;;) {
      throwIfAborted(signal);
      const step = await raceAbort(Promise.resolve(iterator.next()), signal);
      if (step.done) {
        finished = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!finished && typeof iterator.return === 'function') {
      const returned = Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => {});
      if (!signal?.aborted) await returned;
    }
  }
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array | string> {
  return typeof (value as { getReader?: unknown }).getReader === 'function';
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  // The chunks come from the stream the caller passed to `Dataset.fromStream`, so a bad one is a
  // usage error about that argument, not bad data.
  throw new FinetuneKitUsageError(
    `Dataset stream chunks must be strings, Uint8Array, ArrayBuffer or ArrayBufferView; got ${describeType(chunk)}.`,
    'stream',
  );
}

/** Lines per batch when the input is a list of in-memory examples. */
const EXAMPLES_PER_BATCH = 1000;

/** A batch of lines built from in-memory examples, and the bytes their JSONL would take. */
export interface ExampleLineBatch {
  readonly lines: SourceLine[];
  readonly bytes: number;
}

/**
 * Serialises in-memory examples to JSONL lines (one per example, numbered from 1), in batches.
 * A value that `JSON.stringify` rejects (a BigInt, a cycle) or cannot represent (`undefined`, a
 * function) becomes a line with `serializeError` instead of throwing.
 */
export async function* exampleLines(
  examples: Iterable<unknown> | AsyncIterable<unknown>,
  signal?: AbortSignal,
): AsyncGenerator<ExampleLineBatch> {
  let lines: SourceLine[] = [];
  let bytes = 0;
  let line = 0;
  for await (const example of abortableIteration(examples, signal)) {
    line++;
    let text: string | undefined;
    let serializeError: string | undefined;
    try {
      text = JSON.stringify(example);
      if (text === undefined) serializeError = `${describeType(example)} has no JSON representation`;
    } catch (error) {
      serializeError = error instanceof Error ? error.message : String(error);
    }
    if (serializeError !== undefined) lines.push({ line, text: '', serializeError });
    else {
      lines.push({ line, text: text! });
      bytes += utf8Length(text!) + 1;
    }
    if (lines.length >= EXAMPLES_PER_BATCH) {
      yield { lines, bytes };
      lines = [];
      bytes = 0;
    }
  }
  if (lines.length > 0) yield { lines, bytes };
}

/**
 * Number of bytes of `text` in UTF-8 (lone surrogates count 3, as U+FFFD).
 *
 * @param text - Any string.
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 2;
      index++;
    } else bytes += 2;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
