/**
 * Incremental splitting of UTF-8 bytes into numbered lines.
 *
 * Chunks may end anywhere: inside a multi-byte character, between `\r` and `\n`, inside the BOM.
 * Memory holds only the unfinished tail of the current line. Complete lines inside one chunk are
 * decoded with a single `TextDecoder` call and split on `\n`, so the hot path has no per-byte loop;
 * the per-line path runs only for the first line (BOM), for lines spanning chunks and when a chunk
 * holds invalid UTF-8.
 *
 * @module
 */

/** One physical line of the input, decoded, without its line terminator. */
export interface SourceLine {
  /** 1-based physical line number. */
  readonly line: number;
  /**
   * The decoded text (lossy when `invalidUtf8` is set), without `\n` / `\r\n` (or the lone `\r`
   * of a file with classic Mac OS line endings) and without a leading BOM.
   */
  readonly text: string;
  /** Set when the line's bytes are not valid UTF-8. */
  readonly invalidUtf8?: InvalidUtf8Location;
  /** Set for an in-memory example that has no JSON text (`JSON.stringify` threw or returned nothing). */
  readonly serializeError?: string;
  /**
   * Set when the line is longer than the splitter's `maxLineBytes`: its length in bytes. `text` then
   * holds only the line's first 64 KiB (enough to tell what it is), so memory stays bounded.
   */
  readonly oversizedBytes?: number;
}

/** Options of {@link LineSplitter}. */
export interface LineSplitterOptions {
  /**
   * Longest line kept whole, in bytes. A valid example with ten 10 MB images is about 140 MB of
   * base64; longer lines are reported by length instead of being held in memory.
   * @default 268_435_456 (256 MiB)
   */
  readonly maxLineBytes?: number;
}

/**
 * Most bytes one chunk adds to a {@link LineRegion}: the chunk (64 KiB from files, 1 MiB from
 * other inputs) and the line carried into it. Beyond that the chunk's lines come decoded, one by
 * one, as they always did; shorter long lines travel in regions, which say how long their longest
 * line is (`longestLine`) so that the analyzer applies the same long-line rules.
 */
export const MAX_REGION_BYTES = 4_194_304;

/** Bytes of an oversized line kept for diagnostics. */
const OVERSIZED_PREFIX_BYTES = 65_536;

/** Where the first invalid UTF-8 sequence of a line starts. */
export interface InvalidUtf8Location {
  /** Byte offset from the start of the input. */
  readonly byteOffset: number;
  /** Byte offset from the start of the line (0-based). */
  readonly lineByteOffset: number;
}

/**
 * Complete lines still as bytes (see {@link LineSplitter.pushRegion}): whoever analyses them
 * decodes them with {@link regionLines}, which gives exactly the lines `push` would have given.
 */
export interface LineRegion {
  /** The lines' bytes, separated by `\n`, without the final `\n` (a copy, or a slot of shared memory). */
  readonly bytes: Uint8Array;
  /** 1-based number of the first line. */
  readonly firstLine: number;
  /** Byte offset of the first line in the input. */
  readonly byteOffset: number;
  /** Number of lines (the `\n`s in `bytes` + 1). */
  readonly lines: number;
  /** Bytes of its longest line (at least its number of characters), for the long-line rules. */
  readonly longestLine: number;
}

/** The decoded lines of a {@link LineRegion}, and how many of them ended in `\r\n`. */
export interface DecodedRegion {
  readonly lines: SourceLine[];
  readonly crlfLines: number;
}

/** Totals known once the input has been split. */
export interface LineSplitterTotals {
  /** Bytes pushed so far, including the BOM and line terminators. */
  readonly bytes: number;
  /** Lines emitted so far. */
  readonly lines: number;
  /** True when the input started with a UTF-8 byte-order mark (EF BB BF). */
  readonly bom: boolean;
  /** Lines that ended in `\r\n`. */
  readonly crlfLines: number;
  /** Lines that ended in a lone `\r` (a file with classic Mac OS line endings). */
  readonly crLines: number;
}

const LF = 0x0a;
const CR = 0x0d;
const CR_BYTE = new Uint8Array([CR]);
const EMPTY = new Uint8Array(0);

/**
 * Splits a stream of UTF-8 byte chunks into {@link SourceLine}s.
 *
 * Call {@link LineSplitter.push} for each chunk and {@link LineSplitter.end} once at the end; both
 * return the lines completed by that call, in order. A final line without a newline is emitted by
 * `end()`; a trailing newline does not create an empty last line.
 *
 * @example
 * ```ts
 * const splitter = new LineSplitter();
 * const lines = [...splitter.push(bytes), ...splitter.end()];
 * ```
 */
export class LineSplitter {
  readonly #fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  readonly #lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  /** Pieces of the unfinished line (copied: callers may reuse their buffers). */
  #carry: Uint8Array[] = [];
  #carryBytes = 0;
  /** Byte offset of the start of the unfinished line. */
  #lineStart = 0;
  #bytes = 0;
  #lines = 0;
  #crlfLines = 0;
  #bom = false;
  #ended = false;
  readonly #maxLineBytes: number;
  /** Length of the current line when it is over `maxLineBytes` (its bytes are no longer kept), else 0. */
  #oversizedBytes = 0;
  /**
   * Line endings: `\n` (with or without `\r`), or a lone `\r` (old Mac files; JSON text never holds
   * a raw `\r`, so there it can only end a line). Decided at the first `\r` or `\n` of the input.
   */
  #endings: 'undecided' | 'lf' | 'cr' = 'undecided';
  /** A `\r` that ended the last chunk: whether it ends a line depends on the next byte. */
  #pendingCr = false;
  #crLines = 0;
  /** The pending region of {@link LineSplitter.pushRegion}: a reused buffer and what it holds. */
  #region = new Uint8Array(0);
  #regionLength = 0;
  #regionLines = 0;
  #regionFirstLine = 0;
  #regionByteOffset = 0;
  #regionLongestLine = 0;

  constructor(options: LineSplitterOptions = {}) {
    this.#maxLineBytes = options.maxLineBytes ?? 268_435_456;
  }

  /** Totals so far; final after {@link LineSplitter.end}. */
  get totals(): LineSplitterTotals {
    return {
      bytes: this.#bytes,
      lines: this.#lines,
      bom: this.#bom,
      crlfLines: this.#crlfLines,
      crLines: this.#crLines,
    };
  }

  /**
   * Adds a chunk of bytes.
   *
   * @param chunk - Any number of bytes, split anywhere.
   * @returns The lines this chunk completed.
   * @throws {Error} When called after {@link LineSplitter.end}.
   */
  push(chunk: Uint8Array): SourceLine[] {
    if (this.#ended) throw new Error('LineSplitter.push() called after end().');
    if (this.#endings === 'lf' || chunk.length === 0) return this.#pushBytes(chunk);
    let bytes = chunk;
    if (this.#pendingCr) {
      this.#pendingCr = false;
      bytes = new Uint8Array(chunk.length + 1);
      bytes[0] = CR;
      bytes.set(chunk, 1);
    }
    if (this.#endings === 'undecided') {
      const out: SourceLine[] = [];
      const first = firstLineBreak(bytes);
      if (first < 0) return this.#pushBytes(bytes);
      if (bytes[first] === CR && first + 1 === bytes.length) {
        // Undecided until the next byte arrives.
        this.#pendingCr = true;
        return this.#pushBytes(bytes.subarray(0, first));
      }
      // A lone `\r` right before the next JSON value ends the line; any other `\r` (JSON allows it
      // as whitespace inside a value) leaves `\n` as the only line break, as before.
      const next = bytes[first + 1];
      const loneCrBeforeValue = bytes[first] === CR && (next === 0x7b || next === 0x5b || next === CR);
      this.#endings = loneCrBeforeValue ? 'cr' : 'lf';
      if (this.#endings === 'lf') return this.#pushBytes(bytes);
      for (const line of this.#pushBytes(bytes.subarray(0, first))) out.push(line);
      for (const line of this.#pushCr(bytes.subarray(first))) out.push(line);
      return out;
    }
    return this.#pushCr(bytes);
  }

  /**
   * {@link LineSplitter.push}, except that the chunk's complete lines (with the end of the line
   * carried from the previous chunk) are appended, still as bytes, to a pending region when they
   * can be: take it with {@link LineSplitter.takeRegion}. A worker thread then decodes them, which
   * costs the calling thread a copy and a count of `\n`s instead of decoding, and the worker a
   * fraction of what receiving strings cost. Otherwise (the first line, lone-`\r` files, a long
   * line) the chunk's lines come back decoded; they follow the pending region in the input, so
   * take the region first. Lines of a region that end in `\r\n` are added with
   * {@link LineSplitter.countCrlfLines}.
   *
   * @param chunk - Any number of bytes, split anywhere; not kept after the call.
   * @returns The lines decoded instead (often none).
   */
  pushRegion(chunk: Uint8Array): SourceLine[] {
    if (
      this.#ended ||
      this.#endings !== 'lf' ||
      this.#lines === 0 ||
      this.#oversizedBytes > 0 ||
      chunk.length === 0
    ) {
      return this.push(chunk);
    }
    const last = chunk.lastIndexOf(LF);
    if (last < 0 || this.#carryBytes + last > Math.min(this.#maxLineBytes, MAX_REGION_BYTES)) {
      return this.push(chunk);
    }
    this.#bytes += chunk.length;
    const complete = chunk.subarray(0, last);
    const added = this.#carryBytes + complete.length;
    let at = this.#reserveRegion(added);
    for (const piece of this.#carry) {
      this.#region.set(piece, at);
      at += piece.length;
    }
    this.#region.set(complete, at);
    this.#carry = [];
    this.#carryBytes = 0;
    // The lines and the longest of them (the first one starts in the carried bytes).
    let lines = 1;
    let lineStart = complete.length - added;
    let longest = 0;
    for (let newline = complete.indexOf(LF); newline >= 0; newline = complete.indexOf(LF, newline + 1)) {
      longest = Math.max(longest, newline - lineStart);
      lineStart = newline + 1;
      lines++;
    }
    this.#regionLongestLine = Math.max(this.#regionLongestLine, longest, complete.length - lineStart);
    this.#regionLines += lines;
    this.#lines += lines;
    this.#lineStart += added + 1;
    if (last + 1 < chunk.length) this.#keep(chunk.subarray(last + 1));
    return [];
  }

  /** Bytes waiting in the pending region. */
  get regionBytes(): number {
    return this.#regionLength;
  }

  /**
   * The pending region (its lines come before any line pushed after it), or `null` when empty.
   *
   * @param buffer - Gives memory of the region's length to copy its bytes into (a slot of
   *   memory shared with workers), or `null` for a fresh copy.
   * @returns A region whose bytes are no longer the splitter's.
   */
  takeRegion(buffer: ((length: number) => Uint8Array | null) | null = null): LineRegion | null {
    if (this.#regionLines === 0) return null;
    const pending = this.#region.subarray(0, this.#regionLength);
    const target = buffer?.(pending.length) ?? null;
    if (target !== null) target.set(pending);
    const region: LineRegion = {
      bytes: target ?? pending.slice(),
      firstLine: this.#regionFirstLine,
      byteOffset: this.#regionByteOffset,
      lines: this.#regionLines,
      longestLine: this.#regionLongestLine,
    };
    this.#regionLength = 0;
    this.#regionLines = 0;
    this.#regionLongestLine = 0;
    return region;
  }

  /** Makes room for `length` more bytes in the pending region (and a `\n` before them); returns where they go. */
  #reserveRegion(length: number): number {
    if (this.#regionLines === 0) {
      this.#regionFirstLine = this.#lines + 1;
      this.#regionByteOffset = this.#lineStart;
    } else {
      length++;
    }
    const needed = this.#regionLength + length;
    if (needed > this.#region.length) {
      const grown = new Uint8Array(Math.max(needed, 2 * this.#region.length, 65_536));
      grown.set(this.#region.subarray(0, this.#regionLength));
      this.#region = grown;
    }
    if (this.#regionLines > 0) this.#region[this.#regionLength++] = LF;
    const at = this.#regionLength;
    this.#regionLength = needed;
    return at;
  }

  /**
   * Adds the `\r\n` lines found when a region from {@link LineSplitter.pushRegion} was decoded.
   *
   * @param count - `crlfLines` of its {@link DecodedRegion}.
   */
  countCrlfLines(count: number): void {
    this.#crlfLines += count;
  }

  /** A chunk of a file with lone-`\r` line endings: each lone `\r` becomes `\n` (in a copy). */
  #pushCr(chunk: Uint8Array): SourceLine[] {
    let bytes = chunk;
    let copy: Uint8Array | null = null;
    let index = bytes.indexOf(CR);
    while (index >= 0) {
      if (index + 1 === bytes.length) {
        this.#pendingCr = true;
        bytes = bytes.subarray(0, index);
        if (copy) copy = copy.subarray(0, index);
        break;
      }
      if (bytes[index + 1] !== LF) {
        copy ??= bytes.slice();
        copy[index] = LF;
        this.#crLines++;
      }
      index = bytes.indexOf(CR, index + 1);
    }
    return this.#pushBytes(copy ?? bytes);
  }

  #pushBytes(chunk: Uint8Array): SourceLine[] {
    const out: SourceLine[] = [];
    if (chunk.length === 0) return out;
    this.#bytes += chunk.length;
    let start = 0;
    // The first line always takes the per-line path, so that the BOM check sees its first bytes
    // even when they arrive one chunk at a time.
    if (this.#carryBytes > 0 || this.#oversizedBytes > 0 || this.#lines === 0) {
      const newline = chunk.indexOf(LF);
      if (newline < 0) {
        this.#keep(chunk);
        return out;
      }
      if (this.#oversizedBytes > 0 || this.#carryBytes + newline > this.#maxLineBytes) {
        this.#keep(chunk.subarray(0, newline));
        this.#emitOversized(out);
      } else {
        this.#emitBytes(this.#takeCarry(chunk.subarray(0, newline)), out);
      }
      start = newline + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (last >= start) {
      this.#emitRegion(chunk.subarray(start, last), out);
      start = last + 1;
    }
    if (start < chunk.length) this.#keep(chunk.subarray(start));
    return out;
  }

  /**
   * Ends the input.
   *
   * @returns The final line when the input does not end with a newline, else nothing.
   */
  end(): SourceLine[] {
    if (this.#ended) return [];
    const out: SourceLine[] = [];
    if (this.#pendingCr) {
      // A final lone `\r`: a line break in a CR file; otherwise kept, as a trailing `\r` always was.
      this.#pendingCr = false;
      if (this.#endings === 'cr') {
        this.#crLines++;
        for (const line of this.#pushBytes(new Uint8Array([LF]))) out.push(line);
      } else {
        for (const line of this.#pushBytes(CR_BYTE)) out.push(line);
      }
    }
    this.#ended = true;
    if (this.#oversizedBytes > 0) this.#emitOversized(out);
    else if (this.#carryBytes > 0) this.#emitBytes(this.#takeCarry(EMPTY), out);
    return out;
  }

  #keep(bytes: Uint8Array): void {
    if (this.#oversizedBytes > 0) {
      this.#oversizedBytes += bytes.length;
      return;
    }
    if (this.#carryBytes + bytes.length > this.#maxLineBytes) {
      // Too long to hold: keep a prefix for diagnostics and only count the rest.
      const prefix = this.#takeCarry(EMPTY);
      const joined = new Uint8Array(Math.min(OVERSIZED_PREFIX_BYTES, prefix.length + bytes.length));
      joined.set(prefix.subarray(0, joined.length));
      if (prefix.length < joined.length)
        joined.set(bytes.subarray(0, joined.length - prefix.length), prefix.length);
      this.#carry = [joined];
      this.#oversizedBytes = prefix.length + bytes.length;
      return;
    }
    this.#carry.push(bytes.slice());
    this.#carryBytes += bytes.length;
  }

  /** Emits the current oversized line: its prefix (lossy, BOM stripped) and its length. */
  #emitOversized(out: SourceLine[]): void {
    const bytes = this.#oversizedBytes;
    let prefix = this.#carry[0] ?? EMPTY;
    this.#carry = [];
    this.#carryBytes = 0;
    this.#oversizedBytes = 0;
    if (this.#lines === 0 && prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf) {
      this.#bom = true;
      prefix = prefix.subarray(3);
    }
    this.#lines++;
    out.push({
      line: this.#lines,
      text: this.#lossy.decode(prefix, { stream: false }),
      oversizedBytes: bytes,
    });
    this.#lineStart += bytes + 1;
  }

  /** The unfinished line followed by `rest`, as one array. */
  #takeCarry(rest: Uint8Array): Uint8Array {
    if (this.#carryBytes === 0) return rest;
    const joined = new Uint8Array(this.#carryBytes + rest.length);
    let offset = 0;
    for (const piece of this.#carry) {
      joined.set(piece, offset);
      offset += piece.length;
    }
    joined.set(rest, offset);
    this.#carry = [];
    this.#carryBytes = 0;
    return joined;
  }

  /** Several complete lines separated by `\n` (the region excludes the final `\n`). */
  #emitRegion(region: Uint8Array, out: SourceLine[]): void {
    if (region.length <= this.#maxLineBytes) {
      const before = out.length;
      this.#crlfLines += decodeRegion(
        region,
        this.#lines + 1,
        this.#lineStart,
        this.#fatal,
        this.#lossy,
        (line) => out.push(line),
      );
      this.#lines += out.length - before;
      this.#lineStart += region.length + 1;
      return;
    }
    // A region longer than a line may be (only with huge caller-given chunks) is split line by line
    // so that an over-long line is never decoded whole.
    let from = 0;
    for (;;) {
      const newline = region.indexOf(LF, from);
      const end = newline < 0 ? region.length : newline;
      if (end - from > this.#maxLineBytes) {
        this.#keep(region.subarray(from, end));
        this.#emitOversized(out);
      } else {
        this.#emitBytes(region.subarray(from, end), out);
      }
      if (newline < 0) return;
      from = newline + 1;
    }
  }

  /** One complete line (without its `\n`). */
  #emitBytes(bytes: Uint8Array, out: SourceLine[]): void {
    let body = bytes;
    if (
      this.#lines === 0 &&
      bytes.length >= 3 &&
      bytes[0] === 0xef &&
      bytes[1] === 0xbb &&
      bytes[2] === 0xbf
    ) {
      this.#bom = true;
      body = bytes.subarray(3);
    }
    const line = decodeLine(
      body,
      this.#lines + 1,
      this.#lineStart,
      bytes.length - body.length,
      this.#fatal,
      this.#lossy,
    );
    if (line.crlf) this.#crlfLines++;
    this.#lines++;
    out.push(line.source);
    this.#lineStart += bytes.length + 1;
  }
}

/** Decoders of {@link regionLines} (stateless between calls: every call decodes complete lines). */
let regionDecoders: { readonly fatal: TextDecoder; readonly lossy: TextDecoder } | null = null;

/**
 * Decodes a {@link LineRegion} into the lines {@link LineSplitter.push} would have returned for it
 * (same text, numbers and invalid-UTF-8 locations; the same code decodes both).
 *
 * @param region - A region from {@link LineSplitter.pushRegion}, on any thread.
 * @returns Its lines and how many ended in `\r\n`.
 */
export function regionLines(region: LineRegion): DecodedRegion {
  const lines: SourceLine[] = [];
  const crlfLines = eachRegionLine(region, (line) => lines.push(line));
  return { lines, crlfLines };
}

/**
 * {@link regionLines} one line at a time: `onLine` gets each line as it is decoded, so that only
 * a few kilobytes of text are alive at once (an array of a megabyte's lines stayed alive through
 * every young-generation collection during its analysis, and was copied by each).
 *
 * @param region - A region from {@link LineSplitter.pushRegion}, on any thread.
 * @param onLine - Called with each line, in order.
 * @returns How many of the lines ended in `\r\n`.
 */
export function eachRegionLine(region: LineRegion, onLine: (line: SourceLine) => void): number {
  regionDecoders ??= {
    fatal: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }),
    lossy: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }),
  };
  return decodeRegion(
    region.bytes,
    region.firstLine,
    region.byteOffset,
    regionDecoders.fatal,
    regionDecoders.lossy,
    onLine,
  );
}

/**
 * Bytes decoded at once by {@link decodeRegion}: one call per line would cost more on files of tiny
 * lines, and one per megabyte would put the text in V8's large-object space (over 128 KiB), which
 * only full collections reclaim, while the lines sliced from it keep all of it alive.
 */
const DECODE_BYTES = 16_384;

/**
 * Complete lines separated by `\n`, decoded about {@link DECODE_BYTES} at a time and handed to
 * `onLine` one by one (a caller that is done with each line keeps only one piece of text alive).
 *
 * @returns How many of the lines ended in `\r\n`.
 */
function decodeRegion(
  region: Uint8Array,
  firstLine: number,
  byteOffset: number,
  fatal: TextDecoder,
  lossy: TextDecoder,
  onLine: (line: SourceLine) => void,
): number {
  let crlfLines = 0;
  let line = firstLine;
  let from = 0;
  while (from <= region.length) {
    // Whole lines up to DECODE_BYTES, or one longer line.
    let cut = region.length;
    if (cut - from > DECODE_BYTES) {
      cut = region.lastIndexOf(LF, from + DECODE_BYTES);
      if (cut < from) cut = region.indexOf(LF, from + DECODE_BYTES);
      if (cut < 0) cut = region.length;
    }
    const part = region.subarray(from, cut);
    let text: string | null = null;
    try {
      text = fatal.decode(part);
    } catch {
      // Some line here is not UTF-8: line by line, to locate it.
    }
    if (text !== null) {
      // A multi-byte UTF-8 sequence never contains 0x0A, so splitting the text on "\n" gives
      // exactly the byte lines.
      for (const raw of text.split('\n')) {
        let body = raw;
        if (body.charCodeAt(body.length - 1) === CR) {
          body = body.slice(0, -1);
          crlfLines++;
        }
        onLine({ line: line++, text: body });
      }
    } else {
      let start = 0;
      for (;;) {
        const newline = part.indexOf(LF, start);
        const end = newline < 0 ? part.length : newline;
        const decoded = decodeLine(
          part.subarray(start, end),
          line++,
          byteOffset + from + start,
          0,
          fatal,
          lossy,
        );
        if (decoded.crlf) crlfLines++;
        onLine(decoded.source);
        if (newline < 0) break;
        start = newline + 1;
      }
    }
    from = cut + 1;
  }
  return crlfLines;
}

/**
 * One line's bytes (after any BOM, which `skipped` counts) as a {@link SourceLine}: the text
 * without a final `\r`, and where its first invalid UTF-8 sequence starts.
 */
function decodeLine(
  body: Uint8Array,
  line: number,
  lineStart: number,
  skipped: number,
  fatal: TextDecoder,
  lossy: TextDecoder,
): { readonly source: SourceLine; readonly crlf: boolean } {
  let text: string;
  let invalidUtf8: InvalidUtf8Location | undefined;
  try {
    text = fatal.decode(body);
  } catch {
    text = lossy.decode(body);
    const lineByteOffset = skipped + firstInvalidUtf8Offset(body);
    invalidUtf8 = { byteOffset: lineStart + lineByteOffset, lineByteOffset };
  }
  const crlf = text.charCodeAt(text.length - 1) === CR;
  if (crlf) text = text.slice(0, -1);
  return { source: invalidUtf8 ? { line, text, invalidUtf8 } : { line, text }, crlf };
}

/** Index of the first `\r` or `\n`, or -1. */
function firstLineBreak(bytes: Uint8Array): number {
  const lf = bytes.indexOf(LF);
  const cr = bytes.indexOf(CR);
  if (cr < 0) return lf;
  return lf < 0 ? cr : Math.min(cr, lf);
}

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence (WHATWG decoder rules: overlong
 * forms, surrogates and code points above U+10FFFF are invalid; a sequence cut short by the end of
 * the bytes is invalid at its first byte).
 *
 * @param bytes - Bytes known to hold an invalid sequence.
 * @returns The offset, or `bytes.length` when all bytes are valid.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let needed: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    } else return index;
    for (let k = 1; k <= needed; k++) {
      const next = bytes[index + k];
      if (next === undefined || next < (k === 1 ? lower : 0x80) || next > (k === 1 ? upper : 0xbf))
        return index;
    }
    index += needed + 1;
  }
  return bytes.length;
}
