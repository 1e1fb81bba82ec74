/**
 * The per-line work of validation, as one pure, synchronous function over a batch of lines: plain
 * data in, plain data out. It can run on the main thread or in a worker thread; the in-order
 * aggregation that follows does not care where it ran.
 *
 * @module
 */
import { FinetuneKitAbortError } from '../errors.js';
import { throwIfAborted } from '../internal/abort.js';
import { analyzeExample } from './analyze-example.js';
import { nextTurn } from './input/dataset-input.js';
import { looksLikeJsonDocument } from './input/json-document-splitter.js';
import { eachRegionLine, type LineRegion, type SourceLine } from './input/line-splitter.js';
import { locateJsonError } from './input/locate-json-error.js';
import { formatBytes } from './report/format-number.js';
import type {
  AnalyzeContext,
  ExampleFeatures,
  ExampleFormat,
  ExampleTokens,
  IssueDraft,
  TokenCounter,
} from './types.js';

/**
 * What one line turned out to be. `fragment` is a physical line inside a multi-line JSON document
 * (see `json_array_file`), reported only for its own issues (invalid UTF-8); it never comes from
 * {@link analyzeLines}.
 */
export type LineKind = 'blank' | 'invalid' | 'example' | 'fragment';

/** The result of analysing one line. Structured-clone safe (it crosses worker boundaries). */
export interface LineResult {
  /** 1-based physical line number (for a JSON-document element: the line it starts on). */
  readonly line: number;
  /** `blank`: whitespace only; `invalid`: not UTF-8, not JSON or not an object; `example`: an object. */
  readonly kind: LineKind;
  /** Issues of this line alone, in the order found. */
  readonly issues: readonly IssueDraft[];
  readonly format: ExampleFormat | null;
  readonly tokens: ExampleTokens | null;
  readonly features: ExampleFeatures | null;
  /** The parsed value, only when asked for (iteration, moderation), to keep worker messages small. */
  readonly value?: unknown;
}

/** The results of a region of lines (`LineRegion`), wherever it was decoded and analysed. */
export interface RegionAnalysis {
  /** One result per line of the region, in order. */
  readonly results: readonly LineResult[];
  /** Lines of the region that ended in `\r\n` (for the `crlf_line_endings` count). */
  readonly crlfLines: number;
}

/** Options of {@link analyzeLines}. */
export interface AnalyzeLinesOptions {
  /** Put the parsed value of each line in its result. @default false */
  readonly includeValues?: boolean;
  /** Report whitespace-only lines as `blank_line` (off inside JSON documents). @default true */
  readonly reportBlankLines?: boolean;
}

/**
 * Analyses a batch of lines: UTF-8 validity, blank lines, `JSON.parse` (with Python-style line and
 * column on failure), object check, then every per-example check, token count and feature of
 * `analyzeExample`.
 *
 * @param lines - Lines from the reader, in any order (results keep the input order).
 * @param context - What the checks need to know (method, model, profile, framing).
 * @param counter - Token counter of the model's encoding, or `null` to skip counting.
 * @param options - See {@link AnalyzeLinesOptions}.
 * @returns One result per input line, same order.
 * An internal defect of a check becomes an `example_check_failed` issue on its line, so the rest
 * of the file is still reported.
 */
export function analyzeLines(
  lines: readonly SourceLine[],
  context: AnalyzeContext,
  counter: TokenCounter | null,
  options: AnalyzeLinesOptions = {},
): LineResult[] {
  const results: LineResult[] = new Array(lines.length);
  for (let index = 0; index < lines.length; index++) {
    results[index] = analyzeLine(lines[index]!, context, counter, options);
  }
  return results;
}

/** Lines longer than this (in characters) are counted in steps by {@link analyzeLinesInSteps}. */
export const LONG_LINE_CHARS = 1_048_576;

/** Strings shorter than this are counted in one go even inside a long line. */
const STEPPED_STRING_CHARS = 65_536;

/** A counter that can count in steps (the built-in `BpeTokenCounter`). */
interface SteppedCounter extends TokenCounter {
  countSteps(text: string): Generator<void, number, undefined>;
}

function isSteppedCounter(counter: TokenCounter | null): counter is SteppedCounter {
  return typeof (counter as Partial<SteppedCounter> | null)?.countSteps === 'function';
}

/**
 * {@link analyzeLines}, with lines over {@link LONG_LINE_CHARS} counted in steps that give the
 * event loop a turn between them: a 200 MB line takes seconds to count, and without the turns an
 * abort (or anything else on the thread) waited for all of it. Batches without a long line are
 * analysed synchronously, exactly as by `analyzeLines`.
 *
 * @param lines - Lines from the reader, in order.
 * @param context - What the checks need to know.
 * @param counter - Token counter, or `null`.
 * @param options - See {@link AnalyzeLinesOptions}.
 * @param signal - Checked between steps.
 * @returns The results, or a promise of them when the batch has a long line.
 * @throws {FinetuneKitAbortError} When `signal` aborts during a long line.
 */
export function analyzeLinesInSteps(
  lines: readonly SourceLine[],
  context: AnalyzeContext,
  counter: TokenCounter | null,
  options: AnalyzeLinesOptions = {},
  signal?: AbortSignal,
): LineResult[] | Promise<LineResult[]> {
  if (!isSteppedCounter(counter) || !lines.some((line) => line.text.length > LONG_LINE_CHARS))
    return analyzeLines(lines, context, counter, options);
  return (async () => {
    const results: LineResult[] = [];
    for (const source of lines) {
      if (source.text.length > LONG_LINE_CHARS) {
        results.push(await analyzeLongLine(source, context, counter, options, signal));
      } else {
        results.push(analyzeLine(source, context, counter, options));
      }
    }
    return results;
  })();
}

/**
 * Analyses the lines of a region as they are decoded, so that only the line being analysed (and
 * the results) stay alive, not the region's text. With `steps`, a line over
 * {@link LONG_LINE_CHARS} and the lines after it are analysed as {@link analyzeLinesInSteps}
 * does (a region's first line can be a long line carried into it).
 *
 * @param region - Complete lines as bytes.
 * @param context - What the checks need to know.
 * @param counter - Token counter, or `null`.
 * @param options - See {@link AnalyzeLinesOptions}.
 * @param steps - On the calling thread: the run's signal, for long lines counted in steps.
 * @returns One result per line and the region's `\r\n` count, or a promise of them.
 */
export function analyzeRegion(
  region: LineRegion,
  context: AnalyzeContext,
  counter: TokenCounter | null,
  options: AnalyzeLinesOptions = {},
  steps?: { readonly signal?: AbortSignal | undefined },
): RegionAnalysis | Promise<RegionAnalysis> {
  const results: LineResult[] = [];
  const later: SourceLine[] = [];
  const stepped = steps !== undefined && isSteppedCounter(counter);
  const crlfLines = eachRegionLine(region, (line) => {
    if (later.length === 0 && !(stepped && line.text.length > LONG_LINE_CHARS)) {
      results.push(analyzeLine(line, context, counter, options));
    } else {
      later.push(line);
    }
  });
  if (later.length === 0) return { results, crlfLines };
  return Promise.resolve(analyzeLinesInSteps(later, context, counter, options, steps?.signal)).then(
    (rest) => ({ results: results.concat(rest), crlfLines }),
  );
}

/** One long line: its long strings are counted in steps first, then the usual checks run. */
async function analyzeLongLine(
  source: SourceLine,
  context: AnalyzeContext,
  counter: SteppedCounter,
  options: AnalyzeLinesOptions,
  signal: AbortSignal | undefined,
): Promise<LineResult> {
  if (source.invalidUtf8 || source.serializeError !== undefined || source.oversizedBytes !== undefined)
    return analyzeLine(source, context, counter, options);
  await nextTurn();
  throwIfAborted(signal);
  let value: unknown;
  try {
    value = JSON.parse(source.text);
  } catch {
    return analyzeLine(source, context, counter, options); // reports the JSON error
  }
  await nextTurn();
  throwIfAborted(signal);
  const counts = new Map<string, number>();
  for (const text of longStrings(value, STEPPED_STRING_CHARS)) {
    if (counts.has(text)) continue;
    const steps = counter.countSteps(text);
    for (;;) {
      const step = steps.next();
      if (step.done) {
        counts.set(text, step.value);
        break;
      }
      await nextTurn();
      throwIfAborted(signal);
    }
  }
  const remembered: TokenCounter = {
    encoding: counter.encoding,
    count: (text) =>
      (text.length >= STEPPED_STRING_CHARS ? counts.get(text) : undefined) ?? counter.count(text),
  };
  return analyzeLine(source, context, remembered, options, { value });
}

/** The strings of at least `min` characters in a JSON value (walked without recursion). */
function longStrings(value: unknown, min: number): string[] {
  const found: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (item.length >= min) found.push(item);
    } else if (Array.isArray(item)) {
      for (const element of item) stack.push(element);
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, element] of Object.entries(item)) {
        if (key.length >= min) found.push(key);
        stack.push(element);
      }
    }
  }
  return found;
}

/** {@link analyzeLineIssues} with every message on one line. */
function analyzeLine(
  source: SourceLine,
  context: AnalyzeContext,
  counter: TokenCounter | null,
  options: AnalyzeLinesOptions,
  parsed: { readonly value: unknown } | null = null,
): LineResult {
  const result = analyzeLineIssues(source, context, counter, options, parsed);
  const issues = result.issues;
  for (let index = 0; index < issues.length; index++) {
    LINE_BREAKS.lastIndex = 0;
    if (LINE_BREAKS.test(issues[index]!.message)) return { ...result, issues: issues.map(singleLineIssue) };
  }
  return result;
}

function analyzeLineIssues(
  source: SourceLine,
  context: AnalyzeContext,
  counter: TokenCounter | null,
  options: AnalyzeLinesOptions,
  parsed: { readonly value: unknown } | null,
): LineResult {
  const { line, text } = source;
  const issues: IssueDraft[] = [];
  if (source.invalidUtf8) issues.push(invalidUtf8Issue(source));
  if (source.serializeError !== undefined) {
    issues.push({
      code: 'invalid_json',
      message: `Example ${line} cannot be written as JSON: ${source.serializeError}.`,
    });
    return invalid(line, issues);
  }
  if (source.oversizedBytes !== undefined) {
    const arrayHint = looksLikeJsonDocument(text)
      ? ': the file looks like one JSON array written on a single line; write one example per line'
      : '';
    issues.push({
      code: 'invalid_json',
      message: `Line ${line} has ${formatBytes(source.oversizedBytes)}, more than any single example can hold; it was not parsed${arrayHint}.`,
    });
    return invalid(line, issues);
  }
  if (isBlank(text)) {
    if (options.reportBlankLines !== false) {
      issues.push({
        code: 'blank_line',
        message: `Line ${line} is blank; OpenAI and other checkers expect one JSON object on every line.`,
      });
    }
    return { line, kind: 'blank', issues, format: null, tokens: null, features: null };
  }
  let value: unknown;
  try {
    value = parsed === null ? JSON.parse(text) : parsed.value;
  } catch (error) {
    const location = locateJsonError(text);
    if (location) {
      issues.push({
        code: 'invalid_json',
        message: `Line ${line} is not valid JSON: ${location.message}.`,
        details: { column: location.column },
      });
    } else {
      issues.push({
        code: 'invalid_json',
        message: `Line ${line} is not valid JSON: ${(error as Error).message}.`,
      });
    }
    return invalid(line, issues);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    issues.push({ code: 'not_an_object', message: `Line ${line} is ${kind}, not a JSON object.` });
    return invalid(line, issues, options.includeValues ? value : undefined);
  }
  let analysis: ReturnType<typeof analyzeExample>;
  try {
    analysis = analyzeExample(value, context, counter, text);
  } catch (error) {
    // A defect in one check must not lose the report of the whole file: the line gets an issue
    // and the run goes on. Aborts are not defects.
    if (FinetuneKitAbortError.isInstance(error)) throw error;
    issues.push({
      code: 'example_check_failed',
      message: `Line ${line} could not be fully checked: internal error ${singleLine(error)} (please report this to finetune-kit with the line).`,
    });
    return invalid(line, issues, options.includeValues ? value : undefined);
  }
  for (const issue of analysis.issues) issues.push(issue);
  const result: LineResult = {
    line,
    kind: 'example',
    issues,
    format: analysis.format,
    tokens: analysis.tokens,
    features: analysis.features,
  };
  return options.includeValues ? { ...result, value } : result;
}

/**
 * The `invalid_utf8` issue of a line read with invalid bytes.
 *
 * @param source - A line whose `invalidUtf8` is set.
 */
export function invalidUtf8Issue(source: SourceLine): IssueDraft {
  const { byteOffset, lineByteOffset } = source.invalidUtf8 ?? { byteOffset: 0, lineByteOffset: 0 };
  return {
    code: 'invalid_utf8',
    message: `Line ${source.line} is not valid UTF-8 at byte ${lineByteOffset + 1} of the line (byte offset ${byteOffset} in the file); re-save the file as UTF-8.`,
    details: { byteOffset },
  };
}

/** Line breaks a message may quote from the data (JSON escapes put them in any string). */
const LINE_BREAKS = /[\n\v\f\r\u0085\u2028\u2029]/g;

/**
 * The issue with the line breaks in its message written as escapes (`\r` → `\\r`): messages quote
 * keys and values of the data, and one message must stay one line in logs and terminals.
 */
function singleLineIssue(issue: IssueDraft): IssueDraft {
  LINE_BREAKS.lastIndex = 0;
  if (!LINE_BREAKS.test(issue.message)) return issue;
  const message = issue.message.replace(LINE_BREAKS, (character) => {
    if (character === '\n') return '\\n';
    if (character === '\r') return '\\r';
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return { ...issue, message };
}

/** An error as one short line: its name and message, whitespace collapsed, at most 200 characters. */
function singleLine(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  const text = `${name}: ${message}`.replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function invalid(line: number, issues: IssueDraft[], value?: unknown): LineResult {
  const result: LineResult = { line, kind: 'invalid', issues, format: null, tokens: null, features: null };
  return value === undefined ? result : { ...result, value };
}

/**
 * True when `text` holds only JSON whitespace (space, tab, carriage return) or nothing.
 *
 * @param text - A line without its `\n`.
 */
export function isBlank(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0d) return false;
  }
  return true;
}
