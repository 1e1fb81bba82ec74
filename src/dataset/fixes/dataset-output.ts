/**
 * The output of a fix or conversion: an async iterable of JSONL lines that can also be collected
 * into a string or written to a file. The input is never modified.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../../errors.js';
import { outputWriteError } from './output-write-error.js';

/** Lines produced by a transform, with its summary as the generator's return value. */
export type LineProducer<R> = () => AsyncGenerator<string, R, undefined>;

/** Options of {@link DatasetOutput.toFile}. */
export interface ToFileOptions {
  /** Aborts writing; the partial file is removed. */
  readonly signal?: AbortSignal;
}

/**
 * A transformed dataset, produced lazily. Each consumption re-reads the input (so a stream input
 * can be consumed once only).
 *
 * @example
 * ```ts
 * const output = dataset.fix({ dedupe: true });
 * const result = await output.toFile('train.fixed.jsonl');
 * console.log(result.written, result.dropped);
 * ```
 */
export class DatasetOutput<R> implements AsyncIterable<string> {
  readonly #produce: LineProducer<R>;
  readonly #inputPath: string | null;
  #result: R | undefined;

  /**
   * @param produce - Yields each output line (without newline) and returns the summary.
   * @param inputPath - The input's file path, so that `toFile` can refuse to overwrite it.
   */
  constructor(produce: LineProducer<R>, inputPath: string | null = null) {
    this.#produce = produce;
    this.#inputPath = inputPath;
  }

  /** The summary of the last complete consumption, or `undefined` before one finished. */
  get result(): R | undefined {
    return this.#result;
  }

  /** Yields the output lines, without line terminators. `result` is set once the last line was read. */
  async *[Symbol.asyncIterator](): AsyncGenerator<string, void, undefined> {
    // yield* hands a consumer's early stop on to the producer, so the input is closed then too.
    this.#result = yield* this.#produce();
  }

  /**
   * Runs the transform and returns the output as one JSONL string (every line ends in `\n`).
   *
   * @returns The text and the summary.
   */
  async text(): Promise<{ readonly text: string; readonly result: R }> {
    const lines: string[] = [];
    for await (const line of this) lines.push(line, '\n');
    return { text: lines.join(''), result: this.#result as R };
  }

  /**
   * Runs the transform and writes the output to a new file (Node). Written under a temporary name
   * and renamed at the end, so a failure never leaves a half-written file.
   *
   * @param path - The output path; must differ from the input's path.
   * @returns The summary, with the bytes written.
   * @throws {FinetuneKitUsageError} When `path` is empty or is the input file (`option`: `path`).
   */
  async toFile(path: string, options: ToFileOptions = {}): Promise<R & { readonly bytesWritten: number }> {
    if (typeof path !== 'string' || path.length === 0)
      throw new FinetuneKitUsageError('toFile(path): path must be a non-empty string.', 'path');
    const { isSameFile, writeTextToFile } = await import('../input/node-file.js');
    if (this.#inputPath !== null && (await isSameFile(this.#inputPath, path))) {
      throw new FinetuneKitUsageError(
        `toFile(path): "${path}" is the input file; fixes never modify their input.`,
        'path',
      );
    }
    const self = this;
    async function* withNewlines(): AsyncGenerator<string> {
      for await (const line of self) yield `${line}\n`;
    }
    // File-system errors name the temporary file: say which output failed instead.
    const bytesWritten = await writeTextToFile(path, withNewlines(), { signal: options.signal }).catch(
      (error: unknown) => {
        throw outputWriteError(error, path);
      },
    );
    return { ...(this.#result as R), bytesWritten };
  }
}
