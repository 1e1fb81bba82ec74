/**
 * Reads any {@link DatasetInput} as batches of numbered lines, streaming, with byte totals for
 * progress and the file-level facts the report needs (size, name, BOM, CRLF count).
 *
 * @module
 */
import { DatasetError } from '../../errors.js';
import { throwIfAborted } from '../../internal/abort.js';
import {
  blobChunks,
  byteChunks,
  type DatasetInput,
  exampleLines,
  nextTurn,
  streamChunks,
  textChunks,
} from './dataset-input.js';
import { type LineRegion, LineSplitter, type SourceLine } from './line-splitter.js';

/** Bytes read between two turns of the event loop. */
const TURN_BYTES = 4_194_304;

/** Bytes of complete lines joined into one region before it is handed on (see `batches`). */
const REGION_BYTES = 1_048_576;

/** Lines completed by one chunk of input. */
export interface LineBatch {
  readonly lines: readonly SourceLine[];
  /**
   * Lines after `lines`, still as bytes: only while {@link DatasetLineReader.deferRegions} says so
   * (decode them with `regionLines`).
   */
  readonly region?: LineRegion;
  /** Bytes read so far, for progress. */
  readonly bytesRead: number;
}

/** What is known about the input after (or while) reading it. */
export interface ReadTotals {
  /** File or object name, when known (for the `.jsonl` extension check). */
  readonly name: string | null;
  /** Declared size in bytes (file size, `Blob.size`, byte length), or `null` for streams. */
  readonly size: number | null;
  /** Bytes read (for in-memory examples: the bytes their JSONL takes). */
  readonly bytes: number;
  /** Physical lines read. */
  readonly lines: number;
  /** True when the input started with a UTF-8 BOM. */
  readonly bom: boolean;
  /** Lines that ended in `\r\n`. */
  readonly crlfLines: number;
  /** Lines that ended in a lone `\r` (classic Mac OS line endings). */
  readonly crLines: number;
  /** Why the input could not be read at all (missing file), or `null`. */
  readonly unreadable: string | null;
}

/**
 * Throws when the input could not be read at all. A missing file yields no lines, like an empty
 * one; readers that must not mistake one for the other (iteration, fixes) call this at the end.
 *
 * @param totals - The reader's totals once reading has finished.
 * @throws {DatasetError} With code `file_not_found`, naming the source and the reason.
 */
export function assertReadable(totals: ReadTotals): void {
  if (totals.unreadable === null) return;
  throw new DatasetError(
    `Cannot read the dataset: ${totals.unreadable}.`,
    'file_not_found',
    totals.name === null ? {} : { source: totals.name },
  );
}

/** Options for {@link DatasetLineReader}. */
export interface DatasetLineReaderOptions {
  readonly signal?: AbortSignal | undefined;
  /** Longest line kept whole (see `LineSplitterOptions`). @default 268_435_456 */
  readonly maxLineBytes?: number;
}

/**
 * Streams the lines of one input. Single use: {@link DatasetLineReader.batches} may be iterated once.
 *
 * @example
 * ```ts
 * const reader = new DatasetLineReader({ kind: 'text', text: '{"a":1}\n{"a":2}\n' });
 * for await (const batch of reader.batches()) for (const line of batch.lines) console.log(line.line, line.text);
 * reader.totals.lines // 2
 * ```
 */
export class DatasetLineReader {
  readonly #input: DatasetInput;
  readonly #signal: AbortSignal | undefined;
  readonly #splitter: LineSplitter;
  #name: string | null;
  #size: number | null;
  #exampleBytes = 0;
  #exampleLines = 0;
  #unreadable: string | null = null;
  #started = false;
  /**
   * Asked before each chunk: whether its complete lines may come back as an undecoded
   * {@link LineBatch.region} (a validation whose workers decode them). @default never
   */
  deferRegions: (() => boolean) | null = null;
  /** Memory for a region's bytes (see `LineSplitter.takeRegion`); `null` gives each region a copy. */
  regionBuffer: ((length: number) => Uint8Array | null) | null = null;

  constructor(input: DatasetInput, options: DatasetLineReaderOptions = {}) {
    this.#input = input;
    this.#signal = options.signal;
    this.#splitter = new LineSplitter(
      options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes },
    );
    this.#name = input.kind === 'file' ? input.path : (input.name ?? null);
    this.#size = initialSize(input);
  }

  /** Totals so far; complete once {@link DatasetLineReader.batches} has finished. */
  get totals(): ReadTotals {
    const split = this.#splitter.totals;
    const examples = this.#input.kind === 'examples';
    return {
      name: this.#name,
      size: this.#size,
      bytes: examples ? this.#exampleBytes : split.bytes,
      lines: examples ? this.#exampleLines : split.lines,
      bom: split.bom,
      crlfLines: split.crlfLines,
      crLines: split.crLines,
      unreadable: this.#unreadable,
    };
  }

  /**
   * The lines, in order, a batch per chunk read. When the input cannot be read (a missing file),
   * yields nothing and sets `totals.unreadable`.
   *
   * @throws {FinetuneKitAbortError} When the signal aborts.
   * @throws {Error} When called twice.
   */
  async *batches(): AsyncGenerator<LineBatch> {
    if (this.#started) throw new Error('A dataset input can be read only once.');
    this.#started = true;
    const input = this.#input;
    if (input.kind === 'examples') {
      for await (const batch of exampleLines(input.examples, this.#signal)) {
        this.#exampleBytes += batch.bytes;
        this.#exampleLines += batch.lines.length;
        yield { lines: batch.lines, bytesRead: this.#exampleBytes };
      }
      return;
    }
    const chunks = await this.#chunks(input);
    if (!chunks) return;
    let sinceTurn = 0;
    const splitter = this.#splitter;
    for await (const chunk of chunks) {
      const lines = this.deferRegions?.() === true ? splitter.pushRegion(chunk) : splitter.push(chunk);
      // In-memory inputs never wait on I/O: a turn of the event loop every few MB lets an abort
      // (or a progress bar) through while a huge line is being read.
      sinceTurn += chunk.length;
      if (sinceTurn >= TURN_BYTES) {
        sinceTurn = 0;
        await nextTurn();
        throwIfAborted(this.#signal);
      }
      const bytesRead = splitter.totals.bytes;
      // The pending region's lines come before `lines`. Regions are handed on once they hold
      // REGION_BYTES: one 64 KiB chunk is 2 ms of a worker's time, too little to pay for a message.
      if (lines.length > 0 || splitter.regionBytes >= REGION_BYTES) {
        const region = splitter.takeRegion(this.regionBuffer);
        if (region !== null) yield { lines: [], region, bytesRead };
      }
      yield { lines, bytesRead };
    }
    const region = splitter.takeRegion(this.regionBuffer);
    if (region !== null) yield { lines: [], region, bytesRead: splitter.totals.bytes };
    const last = this.#splitter.end();
    yield { lines: last, bytesRead: this.#splitter.totals.bytes };
  }

  /**
   * Adds the `\r\n` lines found when a {@link LineBatch.region} was decoded (to `totals.crlfLines`).
   *
   * @param count - `crlfLines` of the decoded region.
   */
  countRegionCrlfLines(count: number): void {
    this.#splitter.countCrlfLines(count);
  }

  async #chunks(
    input: Exclude<DatasetInput, { kind: 'examples' }>,
  ): Promise<AsyncIterable<Uint8Array> | Iterable<Uint8Array> | null> {
    switch (input.kind) {
      case 'text':
        return textChunks(input.text);
      case 'bytes':
        return byteChunks(input.bytes);
      case 'blob':
        return blobChunks(input.blob, this.#signal);
      case 'stream':
        return streamChunks(input.stream, this.#signal);
      case 'file': {
        const { statFile, readFileChunks } = await import('./node-file.js');
        const stat = await statFile(input.path);
        if (!stat.ok) {
          this.#unreadable = stat.reason;
          return null;
        }
        this.#size = stat.size;
        return readFileChunks(input.path, { signal: this.#signal });
      }
    }
  }
}

/**
 * The input's size in bytes before reading it, when it can be known cheaply: a file's size (one
 * `stat`), a Blob's or byte array's length, a string's length in characters (a lower bound), a
 * stream's declared size; `null` otherwise (unsized streams, in-memory examples, a missing file).
 *
 * @param input - Any dataset input.
 */
export async function expectedInputBytes(input: DatasetInput): Promise<number | null> {
  if (input.kind === 'text') return input.text.length;
  if (input.kind !== 'file') return initialSize(input);
  const { statFile } = await import('./node-file.js');
  const stat = await statFile(input.path);
  return stat.ok ? stat.size : null;
}

function initialSize(input: DatasetInput): number | null {
  switch (input.kind) {
    case 'text':
      return null; // known once encoded; the reader counts the bytes
    case 'bytes':
      return input.bytes.length;
    case 'blob':
      return input.blob.size;
    case 'stream':
      return input.size ?? null;
    default:
      return null;
  }
}
