/**
 * `Dataset`: a fine-tuning dataset from any source, read as a stream; validate it, iterate it, fix
 * it, convert it, split it.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import type { DatasetReport } from './dataset-report.js';
import { DatasetOutput } from './fixes/dataset-output.js';
import { type FixOptions, type FixResult, fixLines } from './fixes/fix-dataset.js';
import {
  type ConversionResult,
  type PromptCompletionToChatOptions,
  promptCompletionToChatLines,
} from './fixes/prompt-completion-to-chat.js';
import { DatasetSplit, type SplitOptions, splitLines } from './fixes/split-dataset.js';
import {
  type ImportFormat,
  type ImportOptions,
  type ImportResult,
  importLines,
} from './import/import-dataset.js';
import type { DatasetInput } from './input/dataset-input.js';
import { assertReadable } from './input/dataset-line-reader.js';
import { loadTokenCounter } from './tokens/index.js';
import type { DatasetIssue, ExampleFormat, ExampleTokens } from './types.js';
import { analyzeContext, type ValidationSeams, validateDataset } from './validate-dataset.js';
import {
  normalizeValidateOptions,
  type ValidateOptions,
  type ValidationFileInput,
} from './validate-options.js';
import { localBatchAnalyzer, ValidationRun } from './validation-run.js';

/** Options of the `Dataset.from*` factories. */
export interface DatasetSourceOptions {
  /** A file name for messages and the `.jsonl` extension check (e.g. an uploaded file's name). */
  readonly name?: string;
}

/** Options of {@link Dataset.fromStream}. */
export interface DatasetStreamOptions extends DatasetSourceOptions {
  /** The stream's total size in bytes, when known (for progress and the size checks). */
  readonly size?: number;
}

/** One line of a dataset, as yielded by iteration. */
export interface DatasetLine {
  /** 1-based physical line (for a JSON array file: where the element starts). */
  readonly line: number;
  /** 1-based example number among non-blank lines (OpenAI's "Example N"). */
  readonly example?: number;
  /** The parsed JSON value, when the line parsed. */
  readonly value?: unknown;
  /** What the line is. */
  readonly kind: 'blank' | 'invalid' | 'example' | 'fragment';
  readonly format: ExampleFormat | null;
  /** Token counts, when a model was given and the example could be counted. */
  readonly tokens: ExampleTokens | null;
  /** This line's issues (file-level issues come only with `validate()`). */
  readonly issues: readonly DatasetIssue[];
}

/** Options of {@link Dataset.lines}: the per-line subset of the validation options. */
export type DatasetLinesOptions = Pick<
  ValidateOptions,
  'model' | 'models' | 'method' | 'profile' | 'framing' | 'signal' | 'severity' | 'tokenCounter'
> & {
  /** Include each line's parsed value. @default true */
  readonly includeValues?: boolean;
};

/**
 * A fine-tuning dataset. Create one with a `from*` factory; nothing is read until you validate,
 * iterate, fix, convert or split it. Files, strings, byte arrays, blobs and arrays of examples can
 * be read any number of times; streams and iterators only once.
 *
 * @example
 * ```ts
 * const report = await Dataset.fromFile('train.jsonl').validate({ model: 'gpt-4o-mini' });
 * if (!report.ok) for (const issue of report.issues) console.log(issue.line, issue.code, issue.message);
 * console.log(report.tokens.total, report.estimate.costUsd);
 * ```
 */
export class Dataset implements AsyncIterable<DatasetLine> {
  readonly #input: DatasetInput;
  readonly #reusable: boolean;
  #consumed = false;

  private constructor(input: DatasetInput, reusable: boolean) {
    this.#input = input;
    this.#reusable = reusable;
    internals.set(this, {
      input: () => {
        this.#claim();
        return this.#input;
      },
    });
  }

  /**
   * A dataset read from a file path (Node). A missing file is reported by `validate()` as
   * `file_not_found`, not thrown.
   *
   * @param path - The JSONL file.
   * @throws {FinetuneKitUsageError} When `path` is not a non-empty string (`option` is `path`).
   */
  static fromFile(path: string): Dataset {
    if (typeof path !== 'string' || path.length === 0) {
      throw new FinetuneKitUsageError('Dataset.fromFile(path): path must be a non-empty string.', 'path');
    }
    return new Dataset({ kind: 'file', path }, true);
  }

  /**
   * A dataset held in a string (JSONL text).
   *
   * @param text - The file's content.
   * @throws {FinetuneKitUsageError} When `text` is not a string (`option` is `text`).
   */
  static fromString(text: string, options: DatasetSourceOptions = {}): Dataset {
    if (typeof text !== 'string') {
      throw new FinetuneKitUsageError('Dataset.fromString(text): text must be a string.', 'text');
    }
    return new Dataset({ kind: 'text', text, name: sourceName(options) }, true);
  }

  /**
   * A dataset held in bytes (UTF-8 JSONL).
   *
   * @param bytes - A `Uint8Array` (e.g. a Node `Buffer`) or an `ArrayBuffer`.
   * @throws {FinetuneKitUsageError} When `bytes` is neither (`option` is `bytes`).
   */
  static fromBytes(bytes: Uint8Array | ArrayBuffer, options: DatasetSourceOptions = {}): Dataset {
    const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
    if (!(view instanceof Uint8Array)) {
      throw new FinetuneKitUsageError(
        'Dataset.fromBytes(bytes): bytes must be a Uint8Array or an ArrayBuffer.',
        'bytes',
      );
    }
    return new Dataset({ kind: 'bytes', bytes: view, name: sourceName(options) }, true);
  }

  /**
   * A dataset in a `Blob` or `File` (browsers, `fetch` responses, form uploads). A `File`'s name is
   * used for the extension check unless `options.name` is given.
   *
   * @throws {FinetuneKitUsageError} When `blob` is not a Blob (`option` is `blob`).
   */
  static fromBlob(blob: Blob, options: DatasetSourceOptions = {}): Dataset {
    if (typeof Blob === 'undefined' || !(blob instanceof Blob)) {
      throw new FinetuneKitUsageError('Dataset.fromBlob(blob): blob must be a Blob or File.', 'blob');
    }
    const fileName = (blob as { name?: unknown }).name;
    const name = options.name ?? (typeof fileName === 'string' && fileName.length > 0 ? fileName : undefined);
    return new Dataset({ kind: 'blob', blob, name }, true);
  }

  /**
   * A dataset read from a web `ReadableStream` or any async iterable of strings or byte chunks
   * (a Node `Readable`, a `fetch` body). Single use.
   *
   * @throws {FinetuneKitUsageError} When `stream` is neither, or `options.size` is not a non-negative
   * integer (`option` names which).
   */
  static fromStream(
    stream: ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
    options: DatasetStreamOptions = {},
  ): Dataset {
    const readable = typeof (stream as { getReader?: unknown })?.getReader === 'function';
    const iterable =
      typeof (stream as { [Symbol.asyncIterator]?: unknown })?.[Symbol.asyncIterator] === 'function';
    if (!readable && !iterable) {
      throw new FinetuneKitUsageError(
        'Dataset.fromStream(stream): stream must be a ReadableStream or an async iterable of strings or bytes.',
        'stream',
      );
    }
    if (options.size !== undefined && (!Number.isInteger(options.size) || options.size < 0)) {
      throw new FinetuneKitUsageError(
        'Dataset.fromStream(stream, options): options.size must be a non-negative integer.',
        'options.size',
      );
    }
    return new Dataset({ kind: 'stream', stream, name: sourceName(options), size: options.size }, false);
  }

  /**
   * A dataset of in-memory examples (one object per line, serialised with `JSON.stringify`). An
   * array can be read any number of times; other iterables once.
   *
   * @param examples - An array, iterable or async iterable of examples.
   * @throws {FinetuneKitUsageError} When `examples` is not iterable (`option` is `examples`).
   * @example
   * ```ts
   * const report = await Dataset.fromExamples([{ messages: [...] }]).validate({ model: 'gpt-4o-mini' });
   * ```
   */
  static fromExamples(
    examples: Iterable<unknown> | AsyncIterable<unknown>,
    options: DatasetSourceOptions = {},
  ): Dataset {
    const iterable =
      typeof (examples as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] === 'function' ||
      typeof (examples as { [Symbol.asyncIterator]?: unknown })?.[Symbol.asyncIterator] === 'function';
    if (!iterable || typeof examples === 'string') {
      throw new FinetuneKitUsageError(
        'Dataset.fromExamples(examples): examples must be an array or an (async) iterable of objects.',
        'examples',
      );
    }
    return new Dataset({ kind: 'examples', examples, name: sourceName(options) }, Array.isArray(examples));
  }

  /** The file path or name, when known. */
  get name(): string | null {
    return this.#input.kind === 'file' ? this.#input.path : (this.#input.name ?? null);
  }

  /** True when the dataset can be read more than once (not a stream or iterator). */
  get reusable(): boolean {
    return this.#reusable;
  }

  /**
   * Validates the dataset: every check of docs/internals/dataset-rules.md#checks-and-issue-codes, token counts, statistics and the cost
   * estimate. Never throws on bad data: problems are issues in the report.
   *
   * @param options - Model, method, profile, hyperparameters, validation file, limits... (see {@link ValidateOptions}).
   * @returns The report.
   * @throws {FinetuneKitUsageError} When an option is invalid; `option` is its path.
   * @throws {FinetuneKitAbortError} When `options.signal` aborts.
   * @throws {FinetuneKitUsageError} When a single-use source (stream) was already read.
   * @example
   * ```ts
   * const report = await Dataset.fromFile('train.jsonl').validate({
   *   model: 'gpt-4o-mini',
   *   validationFile: 'valid.jsonl',
   *   onProgress: ({ bytesRead, totalBytes }) => bar.update(bytesRead / (totalBytes ?? bytesRead)),
   * });
   * ```
   */
  validate(options: ValidateOptions = {}): Promise<DatasetReport> {
    return validateWithSeams(this, options, {});
  }

  /**
   * Iterates the lines with their per-line issues (file-level checks need the whole file: use
   * {@link Dataset.validate}). Tokens are counted only when `options.model` is given.
   *
   * @param options - See {@link DatasetLinesOptions}.
   * @throws {FinetuneKitUsageError} When an option is invalid; `option` is its path.
   * @throws {DatasetError} With code `file_not_found` when the input file cannot be read.
   * @example
   * ```ts
   * for await (const { line, issues } of dataset.lines()) if (issues.length) console.log(line, issues[0].code);
   * ```
   */
  async *lines(options: DatasetLinesOptions = {}): AsyncGenerator<DatasetLine, void, undefined> {
    const { includeValues = true, ...validateOptions } = options;
    const settings = normalizeValidateOptions(validateOptions);
    this.#claim();
    const counter =
      settings.tokenCounter ??
      (settings.modelName === undefined
        ? null
        : await loadTokenCounter(settings.encoding, settings.signal ? { signal: settings.signal } : {}));
    const run = new ValidationRun(this.#input, settings, {
      role: 'training',
      includeValues,
      analyzer: localBatchAnalyzer(analyzeContext(settings), counter, settings.signal),
    });
    for await (const events of run.events()) yield* events;
    assertReadable(run.readTotals);
  }

  /** Same as {@link Dataset.lines} with default options. */
  [Symbol.asyncIterator](): AsyncGenerator<DatasetLine, void, undefined> {
    return this.lines();
  }

  /**
   * Repairs the dataset into a new output (the input is never modified): strips the BOM, writes
   * `\n` line endings, converts a JSON array file to JSONL, drops blank and invalid lines,
   * lower-cases legacy keys and drops extra prompt/completion columns; optionally dedupes and drops
   * empty completions.
   *
   * @param options - See {@link FixOptions}.
   * @returns An output to iterate, collect with `text()` or write with `toFile(path)`.
   * @throws {FinetuneKitUsageError} When an option is invalid; `option` is its path.
   * @example
   * ```ts
   * const { written, dropped } = await Dataset.fromFile('raw.jsonl').fix({ dedupe: true }).toFile('clean.jsonl');
   * ```
   */
  fix(options: FixOptions = {}): DatasetOutput<FixResult> {
    const produce = fixLines(this.#input, options);
    return new DatasetOutput(this.#guard(produce), this.#path());
  }

  /**
   * Converts legacy prompt/completion data to chat (`system?` + `user` + `assistant`) into a new
   * output; chat lines pass unchanged.
   *
   * @param options - System prompt, separators to remove, trimming.
   * @throws {FinetuneKitUsageError} When an option is invalid; `option` is its path.
   * @example
   * ```ts
   * await Dataset.fromFile('legacy.jsonl').promptCompletionToChat({ systemPrompt: 'Classify the review.', promptSuffix: ' ->' }).toFile('chat.jsonl');
   * ```
   */
  promptCompletionToChat(options: PromptCompletionToChatOptions = {}): DatasetOutput<ConversionResult> {
    const produce = promptCompletionToChatLines(this.#input, options);
    return new DatasetOutput(this.#guard(produce), this.#path());
  }

  /**
   * Imports data of another format into OpenAI fine-tuning examples, streaming: ShareGPT
   * (`conversations: [{from, value}]`), Alpaca (`instruction`/`input`/`output`), Hugging Face TRL
   * (preference → DPO, `messages`, prompt/completion), CSV or TSV with a column mapping, or `json`
   * (each record's shape detected; OpenAI examples pass unchanged). JSON formats may be JSONL or
   * one JSON array. Records that cannot be converted are skipped and listed in the result's
   * `issues` with their line in the source. Details: docs/dataset.md (importing data).
   *
   * @param format - The source format.
   * @param options - System message, CSV column names.
   * @throws {FinetuneKitUsageError} When the format or an option is invalid; `option` is its path.
   * @example
   * ```ts
   * const { written, issues } = await Dataset.fromFile('sharegpt.json').convertFrom('sharegpt').toFile('train.jsonl');
   * await Dataset.fromFile('faq.csv').convertFrom('csv', { promptColumn: 'question', responseColumn: 'answer' }).toFile('faq.jsonl');
   * ```
   */
  convertFrom(format: ImportFormat, options: ImportOptions = {}): DatasetOutput<ImportResult> {
    const produce = importLines(this.#input, format, options);
    return new DatasetOutput(this.#guard(produce), this.#path());
  }

  /**
   * Splits the examples into training and validation outputs, deterministically for a seed. By
   * default holds out min(1000, 20 %) like the legacy OpenAI CLI. Reads the input twice, so it
   * needs a reusable dataset.
   *
   * @param options - Seed and size.
   * @throws {FinetuneKitUsageError} When an option is invalid; `option` is its path.
   * @throws {FinetuneKitUsageError} When the dataset is a single-use stream.
   * @example
   * ```ts
   * await Dataset.fromFile('all.jsonl').split({ seed: 42 }).toFiles('train.jsonl', 'valid.jsonl');
   * ```
   */
  split(options: SplitOptions = {}): DatasetSplit {
    if (!this.#reusable) {
      throw new FinetuneKitUsageError(
        'Dataset.split() reads the data twice and needs a reusable dataset (a file, string, bytes, Blob or array); this one is a stream.',
        'dataset',
      );
    }
    return new DatasetSplit(splitLines(this.#input, options), this.#path());
  }

  #path(): string | null {
    return this.#input.kind === 'file' ? this.#input.path : null;
  }

  /** Marks a single-use source as read, or throws when it already was. */
  #claim(): void {
    if (this.#reusable) return;
    if (this.#consumed) {
      throw new FinetuneKitUsageError(
        'This dataset reads from a stream or iterator, which can be read only once; create a new Dataset (or use fromFile/fromString/fromBytes/fromBlob) to read it again.',
        'dataset',
      );
    }
    this.#consumed = true;
  }

  #guard<T, R>(produce: () => AsyncGenerator<T, R, undefined>): () => AsyncGenerator<T, R, undefined> {
    return () => {
      this.#claim();
      return produce();
    };
  }
}

/** Package-internal access to a dataset's input (claims single-use inputs). Not exported publicly. */
const internals = new WeakMap<Dataset, { readonly input: () => DatasetInput }>();

/**
 * The input of a dataset, marking a single-use input as read. Internal to the package (the worker
 * pool and the validation-file option use it).
 *
 * @throws {FinetuneKitUsageError} When `dataset` was not made by a `Dataset.from*` factory (`option` is
 * `dataset`), or a single-use input was already read.
 */
export function datasetInput(dataset: Dataset): DatasetInput {
  const entry = internals.get(dataset);
  if (!entry) {
    throw new FinetuneKitUsageError('Expected a Dataset created by a Dataset.from* factory.', 'dataset');
  }
  return entry.input();
}

/**
 * `dataset.validate(options)` with internal seams (a worker-pool analyzer). Internal to the package.
 *
 * @throws {FinetuneKitUsageError} For bad options; `option` is the option's path.
 */
export function validateWithSeams(
  dataset: Dataset,
  options: ValidateOptions,
  seams: ValidationSeams,
): Promise<DatasetReport> {
  let input: DatasetInput;
  try {
    normalizeValidateOptions(options);
    input = datasetInput(dataset);
  } catch (error) {
    return Promise.reject(error);
  }
  return validateDataset(input, options, resolveValidationFile, seams);
}

function sourceName(options: DatasetSourceOptions): string | undefined {
  if (typeof options !== 'object' || options === null)
    throw new FinetuneKitUsageError('options must be an object.', 'options');
  if (options.name !== undefined && typeof options.name !== 'string')
    throw new FinetuneKitUsageError('options.name must be a string.', 'options.name');
  return options.name;
}

function resolveValidationFile(file: ValidationFileInput): DatasetInput {
  if (typeof file === 'string') return { kind: 'file', path: file };
  if (typeof Blob !== 'undefined' && file instanceof Blob) {
    const name = (file as { name?: unknown }).name;
    return { kind: 'blob', blob: file, name: typeof name === 'string' && name.length > 0 ? name : undefined };
  }
  if (file instanceof Dataset) return datasetInput(file);
  throw new FinetuneKitUsageError(
    'options.validationFile must be a file path, a Blob or a Dataset.',
    'options.validationFile',
  );
}
