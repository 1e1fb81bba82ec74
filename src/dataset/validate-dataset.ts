/**
 * `Dataset.validate()`: the training file, then the validation file (with the overlap check), into
 * one report.
 *
 * @module
 */

import { throwIfAborted } from '../internal/abort.js';
import type { DatasetReport } from './dataset-report.js';
import type { DatasetInput } from './input/dataset-input.js';
import { expectedInputBytes } from './input/dataset-line-reader.js';
import { createParallelBatchAnalyzer, prestartAnalyzePool } from './parallel/index.js';
import { loadTokenCounter } from './tokens/index.js';
import type { AnalyzeContext, TokenCounter } from './types.js';
import {
  normalizeValidateOptions,
  type ValidateOptions,
  type ValidationSettings,
} from './validate-options.js';
import { type BatchAnalyzer, ValidationRun } from './validation-run.js';

/** Internal seams of a validation (worker pools, tests). */
export interface ValidationSeams {
  /** Builds the batch analyzer; the default analyses on the calling thread. */
  readonly createAnalyzer?: (
    context: AnalyzeContext,
    counter: TokenCounter | null,
    settings: ValidationSettings,
  ) => BatchAnalyzer;
}

/**
 * Inputs of at least this many bytes (known before reading: files, Blobs, byte arrays, strings)
 * start their workers before the vocabulary is loaded; smaller ones start them, if at all, after
 * 2 M characters (`PARALLEL_ANALYZER_DEFAULTS.parallelThreshold`), so a small file never pays for
 * a worker.
 */
const PRESTART_BYTES = 8_388_608;

/**
 * Validates an input.
 *
 * @param input - The training data.
 * @param options - Validation options.
 * @param resolveValidationFile - Turns `options.validationFile` into an input.
 * @param seams - Internal seams.
 * @returns The report.
 * @throws {FinetuneKitUsageError} For bad options; `option` is the option's path.
 * @throws {FinetuneKitAbortError} When `options.signal` aborts.
 */
export async function validateDataset(
  input: DatasetInput,
  options: ValidateOptions | undefined,
  resolveValidationFile: (file: NonNullable<ValidateOptions['validationFile']>) => DatasetInput,
  seams: ValidationSeams = {},
): Promise<DatasetReport> {
  const settings = normalizeValidateOptions(options);
  throwIfAborted(settings.signal);
  const context = analyzeContext(settings);
  const parallelOptions = {
    ...(settings.workers === undefined ? {} : { workers: settings.workers }),
    ...(settings.signal === undefined ? {} : { signal: settings.signal }),
  };
  // A large input gets its workers now, so that they start while the vocabulary loads.
  const prestarted =
    seams.createAnalyzer === undefined &&
    settings.tokenCounter === undefined &&
    settings.workers !== 0 &&
    ((await expectedInputBytes(input)) ?? 0) >= PRESTART_BYTES
      ? prestartAnalyzePool(context, parallelOptions)
      : null;
  let counter: TokenCounter | null;
  try {
    counter =
      settings.tokenCounter ??
      (await loadTokenCounter(settings.encoding, settings.signal ? { signal: settings.signal } : {}));
  } catch (error) {
    await prestarted?.close();
    throw error;
  }
  // Default: the calling thread for small inputs, worker threads once the input proves large
  // (src/dataset/parallel); results are identical either way.
  const analyzer: BatchAnalyzer & { close?: () => Promise<void> } =
    seams.createAnalyzer?.(context, counter, settings) ??
    createParallelBatchAnalyzer(context, counter, { ...parallelOptions, prestarted });
  try {
    const hasValidationFile = settings.validationFile !== undefined;
    // `training` is the file validated; with role 'validation' it is a job's validation file alone.
    const training = new ValidationRun(input, settings, {
      role: settings.role,
      analyzer,
      hasValidationFile,
      emitEvents: false,
    });
    for await (const _event of training.events()) {
      // Events matter to iteration; validation needs only the aggregate.
    }
    let validation: DatasetReport | null = null;
    if (settings.validationFile !== undefined) {
      const run = new ValidationRun(resolveValidationFile(settings.validationFile), settings, {
        role: 'validation',
        analyzer,
        trainingHashes: training.hashes,
        trainingSketches: training.sketches,
        emitEvents: false,
      });
      for await (const _event of run.events()) {
        // as above
      }
      validation = run.finish(null);
    }
    return training.finish(validation);
  } finally {
    await analyzer.close?.();
  }
}

/**
 * The per-example context of a run (plain data, so it can be sent to a worker).
 *
 * @param settings - Normalised options.
 */
export function analyzeContext(settings: ValidationSettings): AnalyzeContext {
  const context: { -readonly [K in keyof AnalyzeContext]: AnalyzeContext[K] } = {
    profile: settings.profile,
    framing: settings.framing,
  };
  if (settings.method !== undefined) context.method = settings.method;
  if (settings.model) context.model = settings.model;
  if (settings.checks.sensitiveData) context.sensitiveData = true;
  if (settings.checks.nearDuplicates) context.nearDuplicates = true;
  return context;
}
