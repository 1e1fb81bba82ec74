/**
 * Deterministic train/validation split: exactly k of n examples go to validation, chosen by a
 * seeded selection sampling (Knuth's Algorithm S) over two streaming passes, so memory stays flat
 * and the same seed always gives the same split of the same file.
 *
 * @module
 */
import { DatasetError, FinetuneKitUsageError } from '../../errors.js';
import { throwIfAborted } from '../../internal/abort.js';
import { createRandom, hashString } from '../../internal/seeded-random.js';
import type { DatasetInput } from '../input/dataset-input.js';
import type { ReadTotals } from '../input/dataset-line-reader.js';
import type { FileWriter } from '../input/node-file.js';
import { formatInteger } from '../report/format-number.js';
import type { DroppedLine } from './fix-dataset.js';
import { outputWriteError } from './output-write-error.js';
import { readRecords } from './read-records.js';

/** Options of `Dataset.split()`. */
export interface SplitOptions {
  /** Seed of the pseudo-random choice (a 32-bit integer or any string). @default 42 */
  readonly seed?: number | string;
  /** Exact number of validation examples; overrides the fraction. */
  readonly validationSize?: number;
  /** Share of examples held out, capped by `maxValidationExamples`. @default 0.2 */
  readonly validationFraction?: number;
  /** Cap on held-out examples when using the fraction. @default 1000 */
  readonly maxValidationExamples?: number;
  /** Aborts the run. */
  readonly signal?: AbortSignal;
}

/** One output line of a split. */
export interface SplitLine {
  readonly split: 'train' | 'validation';
  /** 1-based line of the input. */
  readonly line: number;
  /** The JSONL text. */
  readonly text: string;
}

/** What a split did. */
export interface SplitResult {
  readonly train: number;
  readonly validation: number;
  /** The seed used (numeric form). */
  readonly seed: number;
  /** Blank and invalid lines left out of both files. */
  readonly dropped: readonly DroppedLine[];
}

/**
 * The legacy CLI's hold-out size: `n − max(n − 1000, ⌊0.8 n⌋)`, i.e. min(1000, ⌈20 %⌉).
 *
 * @param examples - Number of examples.
 * @param fraction - Share held out. @default 0.2
 * @param cap - Maximum held out. @default 1000
 */
export function validationSplitSize(examples: number, fraction = 0.2, cap = 1000): number {
  const train = Math.max(examples - cap, Math.floor(examples * (1 - fraction) + 1e-9));
  return Math.max(0, examples - train);
}

/**
 * Streams the split in two passes (count, then choose).
 *
 * @param input - A re-readable dataset input.
 * @param options - See {@link SplitOptions}.
 * @returns A producer of split lines and the summary.
 * @throws {FinetuneKitUsageError} When an option is invalid; `option` names it.
 * @throws {DatasetError} With code `dataset_changed` (from the producer) when the input changed
 *   between or during the two passes, e.g. a file still being written: the k-of-n choice of the
 *   first pass would not fit the second.
 */
export function splitLines(input: DatasetInput, options: SplitOptions = {}) {
  const seed = seedNumber(options.seed ?? 42);
  const fraction = options.validationFraction ?? 0.2;
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
    throw new FinetuneKitUsageError(
      'split(options): options.validationFraction must be a number from 0 to 1.',
      'options.validationFraction',
    );
  }
  const cap = options.maxValidationExamples ?? 1000;
  if (!Number.isInteger(cap) || cap < 0) {
    throw new FinetuneKitUsageError(
      'split(options): options.maxValidationExamples must be a non-negative integer.',
      'options.maxValidationExamples',
    );
  }
  const size = options.validationSize;
  if (size !== undefined && (!Number.isInteger(size) || size < 0)) {
    throw new FinetuneKitUsageError(
      'split(options): options.validationSize must be a non-negative integer.',
      'options.validationSize',
    );
  }
  return async function* produce(): AsyncGenerator<SplitLine, SplitResult, undefined> {
    let examples = 0;
    let counted: ReadTotals | undefined;
    for await (const record of readRecords(input, options.signal, (summary) => {
      counted = summary.totals;
    })) {
      if (record.kind === 'example') examples++;
    }
    const countedBytes = counted?.bytes ?? 0;
    const changed = (now: string) =>
      new DatasetError(
        `${counted?.name ?? 'The input'} changed while it was being split (${formatInteger(countedBytes)} bytes and ${formatInteger(examples)} examples when counted, ${now}); split it again once nothing writes to it.`,
        'dataset_changed',
        counted?.name ? { source: counted.name } : {},
      );
    if (input.kind === 'file') {
      // Refuse before the second pass writes anything: a file that grew (still being written)
      // would otherwise put every later example in the validation file.
      const { statFile } = await import('../input/node-file.js');
      const now = await statFile(input.path);
      if (now.ok && now.size !== countedBytes) throw changed(`${formatInteger(now.size)} bytes now`);
    }
    const held = Math.min(examples, size ?? validationSplitSize(examples, fraction, cap));
    const random = createRandom(seed);
    const dropped: DroppedLine[] = [];
    let seen = 0;
    let chosen = 0;
    let reread: ReadTotals | undefined;
    for await (const record of readRecords(input, options.signal, (summary) => {
      reread = summary.totals;
    })) {
      if (record.kind === 'example' && seen === examples) throw changed('more on the second pass');
      if (record.kind !== 'example') {
        dropped.push({
          line: record.line,
          code: record.kind === 'blank' ? 'blank_line' : record.code,
          reason: record.kind === 'blank' ? 'blank line' : record.reason,
        });
        continue;
      }
      // Algorithm S: choose this one with probability (still needed) / (still to come).
      const validation = random.next() * (examples - seen) < held - chosen;
      seen++;
      if (validation) chosen++;
      yield {
        split: validation ? 'validation' : 'train',
        line: record.line,
        text: record.text ?? JSON.stringify(record.value),
      };
    }
    if (seen !== examples || (reread !== undefined && reread.bytes !== countedBytes)) {
      throw changed(
        `${formatInteger(reread?.bytes ?? 0)} bytes and ${formatInteger(seen)} examples on the second pass`,
      );
    }
    return { train: seen - chosen, validation: chosen, seed, dropped };
  };
}

/** Options of {@link DatasetSplit.toFiles}. */
export interface SplitToFilesOptions {
  readonly signal?: AbortSignal;
}

/**
 * The two outputs of a split.
 *
 * @example
 * ```ts
 * const result = await dataset.split({ seed: 7 }).toFiles('train.jsonl', 'valid.jsonl');
 * ```
 */
export class DatasetSplit implements AsyncIterable<SplitLine> {
  readonly #produce: () => AsyncGenerator<SplitLine, SplitResult, undefined>;
  readonly #inputPath: string | null;
  #result: SplitResult | undefined;

  constructor(
    produce: () => AsyncGenerator<SplitLine, SplitResult, undefined>,
    inputPath: string | null = null,
  ) {
    this.#produce = produce;
    this.#inputPath = inputPath;
  }

  /** The summary of the last complete consumption. */
  get result(): SplitResult | undefined {
    return this.#result;
  }

  /** Yields every kept line with the side it goes to, in input order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<SplitLine, void, undefined> {
    // yield* hands a consumer's early stop on to the producer, so the input is closed then too.
    this.#result = yield* this.#produce();
  }

  /** Both outputs as JSONL strings. */
  async text(): Promise<{
    readonly train: string;
    readonly validation: string;
    readonly result: SplitResult;
  }> {
    const train: string[] = [];
    const validation: string[] = [];
    for await (const line of this) (line.split === 'train' ? train : validation).push(line.text, '\n');
    return { train: train.join(''), validation: validation.join(''), result: this.#result! };
  }

  /**
   * Writes both outputs to new files (Node).
   *
   * @throws {FinetuneKitUsageError} When a path is empty, is the input file, or both paths are the same.
   */
  async toFiles(
    trainPath: string,
    validationPath: string,
    options: SplitToFilesOptions = {},
  ): Promise<SplitResult> {
    const { createFileWriter, isSameFile } = await import('../input/node-file.js');
    for (const [name, path] of [
      ['trainPath', trainPath],
      ['validationPath', validationPath],
    ] as const) {
      if (typeof path !== 'string' || path.length === 0)
        throw new FinetuneKitUsageError(`toFiles(): ${name} must be a non-empty string.`, name);
      if (this.#inputPath !== null && (await isSameFile(this.#inputPath, path))) {
        throw new FinetuneKitUsageError(
          `toFiles(): ${name} "${path}" is the input file; splits never modify their input.`,
          name,
        );
      }
    }
    if (await isSameFile(trainPath, validationPath))
      throw new FinetuneKitUsageError(
        'toFiles(): trainPath and validationPath are the same file.',
        'validationPath',
      );
    // File-system errors name the temporary files: say which output failed instead.
    const onPath = (path: string) => (error: unknown) => {
      throw outputWriteError(error, path);
    };
    const train = await createFileWriter(trainPath).catch(onPath(trainPath));
    let validation: FileWriter;
    try {
      validation = await createFileWriter(validationPath);
    } catch (error) {
      await train.discard();
      throw outputWriteError(error, validationPath);
    }
    let trainCommitted = false;
    try {
      for await (const line of this) {
        throwIfAborted(options.signal);
        const [writer, path] = line.split === 'train' ? [train, trainPath] : [validation, validationPath];
        await writer.write(`${line.text}\n`).catch(onPath(path));
      }
      await train.commit().catch(onPath(trainPath));
      trainCommitted = true;
      await validation.commit().catch(onPath(validationPath));
      return this.#result!;
    } catch (error) {
      await Promise.all([train.discard(), validation.discard()]);
      // A training file without its validation file looks finished but is not: remove it.
      if (trainCommitted) {
        const { rm } = await import('node:fs/promises');
        await rm(trainPath, { force: true }).catch(() => {});
      }
      throw error;
    }
  }
}

const badSeed = () =>
  new FinetuneKitUsageError('split(options): options.seed must be an integer or a string.', 'options.seed');

/** A 32-bit seed from a number or a string. */
function seedNumber(seed: number | string): number {
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed)) throw badSeed();
    return seed >>> 0;
  }
  if (typeof seed !== 'string') throw badSeed();
  return hashString(seed);
}
