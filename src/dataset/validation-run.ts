/**
 * One validation pass over one input: read lines, analyse them in batches (on this thread or, via
 * a {@link BatchAnalyzer}, elsewhere), aggregate in order, and build the report.
 *
 * @module
 */

import { raceAbort, throwIfAborted } from '../internal/abort.js';
import {
  type AnalyzeLinesOptions,
  analyzeLinesInSteps,
  invalidUtf8Issue,
  isBlank,
  type LineResult,
  type RegionAnalysis,
} from './analyze-lines.js';
import { createDatasetReport, type DatasetReport } from './dataset-report.js';
import { validationSplitSize } from './fixes/split-dataset.js';
import type { DatasetInput } from './input/dataset-input.js';
import { DatasetLineReader, type ReadTotals } from './input/dataset-line-reader.js';
import { JsonDocumentSplitter, looksLikeJsonDocument } from './input/json-document-splitter.js';
import type { LineRegion, SourceLine } from './input/line-splitter.js';
import {
  checkExampleCount,
  checkExtension,
  checkFileSize,
  checkFormatFit,
  checkImageExamples,
  methodForFormat,
} from './report/check-file.js';
import { checkHyperparameters } from './report/check-hyperparameters.js';
import { checkModel } from './report/check-model.js';
import { type CostEstimate, estimateCost } from './report/estimate-cost.js';
import { ExampleAggregator, FORMAT_NAMES } from './report/example-aggregator.js';
import { formatInteger } from './report/format-number.js';
import type { HashIndex } from './report/hash-index.js';
import type { DistributionSummary } from './report/integer-distribution.js';
import { IssueCollector } from './report/issue-collector.js';
import type { NearDuplicateIndex } from './report/near-duplicate-index.js';
import type {
  AnalyzeContext,
  DatasetFormat,
  DatasetIssue,
  ExampleFormat,
  ExampleTokens,
  IssueDraft,
  TokenCounter,
} from './types.js';
import type { ModerationExample, ValidationSettings } from './validate-options.js';

/** Lines whose results may wait in a run's queue at once (batches of tiny lines hold many). */
const MAX_QUEUED_LINES = 65_536;

/**
 * Runs the per-line analysis of a batch. The default runs {@link analyzeLines} on the calling
 * thread; a worker pool implements the same interface and may keep several batches in flight.
 */
export interface BatchAnalyzer {
  /**
   * Analyses one batch.
   *
   * @param lines - Lines in order.
   * @param options - Per-batch options (values, blank-line reporting).
   * @returns One result per line, same order.
   */
  analyze(
    lines: readonly SourceLine[],
    options: AnalyzeLinesOptions,
  ): readonly LineResult[] | Promise<readonly LineResult[]>;
  /** Batches that may be in flight at once. @default 1 */
  readonly concurrency?: number;
  /**
   * True while the analyzer wants lines as undecoded regions ({@link BatchAnalyzer.analyzeRegion}):
   * a worker pool that is ready. Asked before each chunk is read. @default false
   */
  readonly acceptsRegions?: boolean;
  /**
   * Analyses the lines of a region (decoded with `regionLines`, wherever it runs).
   *
   * @param region - Complete lines as bytes.
   * @param options - Per-batch options.
   * @returns One result per line, in order, and the region's `\r\n` line count.
   */
  analyzeRegion?(region: LineRegion, options: AnalyzeLinesOptions): RegionAnalysis | Promise<RegionAnalysis>;
  /**
   * Memory for the bytes of the next region, or `null` (the region then gets a copy of its own):
   * a pool hands out slots of memory shared with its workers, so a region crosses threads
   * without being copied.
   */
  regionBuffer?(length: number): Uint8Array | null;
}

/**
 * The analyzer that runs on the calling thread. Huge lines are counted in steps that let the event
 * loop run, so that `signal` can end the call in the middle of one.
 *
 * @param context - What the checks need.
 * @param counter - Token counter, or `null` to skip counting.
 * @param signal - The run's abort signal.
 */
export function localBatchAnalyzer(
  context: AnalyzeContext,
  counter: TokenCounter | null,
  signal?: AbortSignal,
): BatchAnalyzer {
  return { analyze: (lines, options) => analyzeLinesInSteps(lines, context, counter, options, signal) };
}

/** One line (or JSON-document element) as validation saw it. */
export interface LineEvent {
  /** 1-based physical line. */
  readonly line: number;
  /** 1-based example number, for non-blank lines. */
  readonly example?: number;
  readonly kind: LineResult['kind'];
  readonly format: ExampleFormat | null;
  readonly tokens: ExampleTokens | null;
  /** The parsed value, when values were requested and the line parsed. */
  readonly value?: unknown;
  /** Every issue of this line (not capped). */
  readonly issues: readonly DatasetIssue[];
}

/** Options of a {@link ValidationRun}. */
export interface ValidationRunOptions {
  /** The training file, or the validation file of a training run. */
  readonly role: 'training' | 'validation';
  /** Hashes of the training file, for overlap (validation role). */
  readonly trainingHashes?: HashIndex | undefined;
  /** Sketches of the training file, for near-duplicates across files (validation role). */
  readonly trainingSketches?: NearDuplicateIndex | undefined;
  /** Put parsed values in the events. */
  readonly includeValues?: boolean;
  /** Build per-line events (iteration); validation alone needs only the aggregate. @default true */
  readonly emitEvents?: boolean;
  readonly analyzer: BatchAnalyzer;
  /** Whether a validation file is given (for `split_suggestion`). */
  readonly hasValidationFile?: boolean;
}

/**
 * A single pass: iterate {@link ValidationRun.events} to the end, then call
 * {@link ValidationRun.finish}.
 */
export class ValidationRun {
  readonly #settings: ValidationSettings;
  readonly #options: ValidationRunOptions;
  readonly #reader: DatasetLineReader;
  readonly #input: DatasetInput;
  readonly #collector: IssueCollector;
  readonly #aggregator: ExampleAggregator;
  #mode: 'undecided' | 'lines' | 'document' = 'undecided';
  #document: JsonDocumentSplitter | null = null;
  #documentLine = 0;
  #lastLine = 0;
  #moderationBatch: ModerationExample[] = [];

  constructor(input: DatasetInput, settings: ValidationSettings, options: ValidationRunOptions) {
    this.#input = input;
    this.#settings = settings;
    this.#options = options;
    this.#reader = new DatasetLineReader(input, { signal: settings.signal });
    const analyzer = options.analyzer;
    // JSONL lines go to a ready worker pool as bytes; JSON documents and in-memory examples never.
    if (analyzer.analyzeRegion !== undefined) {
      this.#reader.deferRegions = () => this.#mode === 'lines' && analyzer.acceptsRegions === true;
      if (analyzer.regionBuffer !== undefined) {
        this.#reader.regionBuffer = (length) => analyzer.regionBuffer!(length);
      }
    }
    this.#collector = new IssueCollector({
      maxIssuesPerCode: settings.maxIssuesPerCode,
      profileSeverities: settings.rules.severities,
      severityOverrides: settings.severity,
    });
    this.#aggregator = new ExampleAggregator(this.#collector, {
      tokenLimit: settings.model?.maxTokensPerExample ?? null,
      trainingHashes: options.trainingHashes,
      trainingSketches: options.trainingSketches,
      nearDuplicateThreshold: settings.checks.nearDuplicates ? settings.checks.nearDuplicateThreshold : null,
      graderFields: settings.graderFields,
    });
  }

  /** What the reader knows about the input so far (size, lines, BOM, whether it was readable). */
  get readTotals(): ReadTotals {
    return this.#reader.totals;
  }

  /** Hashes of this file's examples (first line per hash), for the overlap check. */
  get hashes(): HashIndex {
    return this.#aggregator.hashes;
  }

  /** Sketches of this file's examples, for near-duplicates across files. */
  get sketches(): NearDuplicateIndex {
    return this.#aggregator.sketches;
  }

  /**
   * Reads and analyses the input, yielding the lines' events in order, a batch at a time (one
   * `await` per batch, not per line, keeps the per-line cost low on files of millions of lines).
   *
   * @throws {FinetuneKitAbortError} When the signal aborts.
   */
  async *events(): AsyncGenerator<readonly LineEvent[]> {
    const { signal } = this.#settings;
    const analyzer = this.#options.analyzer;
    const queue: Promise<readonly LineResult[]>[] = [];
    const sizes: number[] = [];
    let queuedLines = 0;
    const next = async (): Promise<readonly LineEvent[]> => {
      queuedLines -= sizes.shift()!;
      // Raced with the signal: a worker busy with a huge line must not hold an aborted run.
      return this.#aggregate(await raceAbort(queue.shift()!, signal));
    };
    for await (const batch of this.#reader.batches()) {
      throwIfAborted(signal);
      const work = this.#route(batch.lines).map((promise) => ({ promise, lines: batch.lines.length }));
      const region = batch.region;
      if (region !== undefined) work.push({ promise: this.#analyzeRegion(region), lines: region.lines });
      for (const { promise, lines } of work) {
        // Attach a no-op handler so that a rejection waiting in the queue is not reported as
        // unhandled; it is rethrown when its turn comes.
        promise.catch(() => {});
        queue.push(promise);
        sizes.push(lines);
        queuedLines += lines;
        // The analyzer's concurrency can change (a pool raises it once its workers start); the
        // line bound keeps a queue of batches of tiny lines from holding millions of results.
        while (
          queue.length >= Math.max(1, analyzer.concurrency ?? 1) ||
          (queue.length > 1 && queuedLines > MAX_QUEUED_LINES)
        ) {
          yield await next();
        }
      }
      const last = region === undefined ? batch.lines.at(-1)?.line : region.firstLine + region.lines - 1;
      if (last !== undefined) this.#lastLine = last;
      this.#settings.onProgress?.({
        bytesRead: batch.bytesRead,
        totalBytes: this.#reader.totals.size,
        lines: this.#reader.totals.lines,
        file: this.#options.role,
      });
    }
    if (this.#document) {
      queue.push(this.#endDocument(this.#document));
      sizes.push(0);
    }
    while (queue.length > 0) yield await next();
    await this.#flushModeration();
  }

  /** Splits a batch into the work to do, in order, deciding JSONL vs JSON document on the first non-blank line. */
  #route(lines: readonly SourceLine[]): Promise<readonly LineResult[]>[] {
    if (lines.length === 0) return [];
    if (this.#mode === 'lines') return [this.#analyze(lines, true)];
    if (this.#mode === 'document') return [this.#analyzeDocument(lines)];
    const first = lines.findIndex(
      (line) => !isBlank(line.text) || line.invalidUtf8 || line.serializeError !== undefined,
    );
    if (first < 0) return [this.#analyze(lines, true)];
    const line = lines[first]!;
    if (
      this.#input.kind === 'examples' ||
      line.invalidUtf8 ||
      line.oversizedBytes !== undefined ||
      !looksLikeJsonDocument(line.text)
    ) {
      this.#mode = 'lines';
      return [this.#analyze(lines, true)];
    }
    this.#mode = 'document';
    this.#document = new JsonDocumentSplitter();
    this.#documentLine = line.line;
    const work: Promise<readonly LineResult[]>[] = [];
    if (first > 0) work.push(this.#analyze(lines.slice(0, first), true));
    work.push(this.#analyzeDocument(lines.slice(first)));
    return work;
  }

  /** Per-batch options: values when iterating or moderating; blank lines except inside a document. */
  #lineOptions(reportBlankLines: boolean): AnalyzeLinesOptions {
    return {
      includeValues: this.#options.includeValues === true || this.#settings.moderation !== undefined,
      reportBlankLines,
    };
  }

  #analyze(lines: readonly SourceLine[], reportBlankLines: boolean): Promise<readonly LineResult[]> {
    try {
      return Promise.resolve(this.#options.analyzer.analyze(lines, this.#lineOptions(reportBlankLines)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A region's lines, analysed where the analyzer puts them; its `\r\n` lines join the read totals. */
  async #analyzeRegion(region: LineRegion): Promise<readonly LineResult[]> {
    const analysis = await this.#options.analyzer.analyzeRegion!(region, this.#lineOptions(true));
    this.#reader.countRegionCrlfLines(analysis.crlfLines);
    return analysis.results;
  }

  /** Lines of a JSON document: elements become examples; physical lines report only invalid UTF-8. */
  #analyzeDocument(lines: readonly SourceLine[]): Promise<readonly LineResult[]> {
    const splitter = this.#document!;
    const fragments: LineResult[] = [];
    const elements: SourceLine[] = [];
    for (const source of lines) {
      if (source.invalidUtf8) fragments.push(fragment(source.line, [invalidUtf8Issue(source)]));
      for (const element of splitter.push(source.text, source.line)) elements.push(element);
    }
    return this.#withFragments(elements, fragments);
  }

  #endDocument(splitter: JsonDocumentSplitter): Promise<readonly LineResult[]> {
    const end = splitter.end();
    const fragments: LineResult[] = [];
    if (end.unclosedArrayLine !== null) {
      fragments.push(
        fragment(this.#lastLine, [
          {
            code: 'invalid_json',
            message: `The JSON array opened on line ${end.unclosedArrayLine} is never closed: the file ends at line ${this.#lastLine}.`,
          },
        ]),
      );
    }
    return this.#withFragments(end.elements, fragments);
  }

  async #withFragments(
    elements: readonly SourceLine[],
    fragments: LineResult[],
  ): Promise<readonly LineResult[]> {
    const results = elements.length > 0 ? await this.#analyze(elements, false) : [];
    if (fragments.length === 0) return results;
    return [...results, ...fragments].sort((a, b) => a.line - b.line);
  }

  async #aggregate(results: readonly LineResult[]): Promise<LineEvent[]> {
    const includeValues = this.#options.includeValues === true;
    const emit = this.#options.emitEvents !== false;
    const events: LineEvent[] = emit ? new Array(results.length) : [];
    for (let index = 0; index < results.length; index++) {
      const result = results[index]!;
      const { issues, example } = this.#aggregator.add(result);
      if (this.#settings.moderation && result.kind === 'example' && example !== undefined) {
        this.#moderationBatch.push({ line: result.line, example, value: result.value });
        if (this.#moderationBatch.length >= this.#settings.moderationBatchSize) await this.#flushModeration();
      }
      if (!emit) continue;
      const event: { -readonly [K in keyof LineEvent]: LineEvent[K] } = {
        line: result.line,
        kind: result.kind,
        format: result.format,
        tokens: result.tokens,
        issues,
      };
      if (example !== undefined) event.example = example;
      if (includeValues && 'value' in result) event.value = result.value;
      events[index] = event;
    }
    return events;
  }

  async #flushModeration(): Promise<void> {
    const hook = this.#settings.moderation;
    const batch = this.#moderationBatch;
    if (!hook || batch.length === 0) return;
    this.#moderationBatch = [];
    const flagged = await hook(batch, { signal: this.#settings.signal });
    throwIfAborted(this.#settings.signal);
    const examples = new Map(batch.map((item) => [item.line, item.example]));
    for (const flag of flagged) {
      const line = typeof flag === 'number' ? flag : flag.line;
      const categories = typeof flag === 'number' ? [] : (flag.categories ?? []);
      const example = examples.get(line);
      // Only lines of this batch: a hook that returns other numbers would otherwise repeat them.
      if (example === undefined) continue;
      const draft: IssueDraft = {
        code: 'moderation_risk',
        message: `The moderation check flagged line ${line}${categories.length > 0 ? ` (${categories.join(', ')})` : ''}; OpenAI blocks training files with too many flagged examples.`,
      };
      this.#collector.add(draft, { line, example });
    }
  }

  /**
   * Builds the report once {@link ValidationRun.events} has been read to the end.
   *
   * @param validation - The report of the validation file, when there is one.
   */
  finish(validation: DatasetReport | null): DatasetReport {
    const settings = this.#settings;
    const training = this.#options.role === 'training';
    const read = this.#reader.totals;
    const totals = this.#aggregator.totals;
    const file = (draft: IssueDraft, line?: number) =>
      this.#collector.add(draft, line === undefined ? {} : { line });

    if (read.unreadable !== null) {
      file({ code: 'file_not_found', message: `Cannot read the dataset: ${read.unreadable}.` });
    } else {
      for (const draft of checkExtension(read.name)) file(draft);
      for (const draft of checkFileSize(read.size ?? read.bytes, settings.limits)) file(draft);
      if (read.bom) {
        file(
          {
            code: 'utf8_bom',
            message: 'The file starts with a UTF-8 byte-order mark; it was ignored.',
            remedy: { kind: 'fix', fix: 'stripBom' },
          },
          1,
        );
      }
      if (read.crlfLines > 0) {
        file({
          code: 'crlf_line_endings',
          message: `${formatInteger(read.crlfLines)} of ${formatInteger(read.lines)} lines end in CRLF (\\r\\n); tolerated.`,
          remedy: { kind: 'fix', fix: 'normalizeLineEndings' },
        });
      }
      if (read.crLines > 0) {
        file({
          code: 'crlf_line_endings',
          message: `${formatInteger(read.crLines)} of ${formatInteger(read.lines)} lines end in a lone CR (\\r, classic Mac OS line endings); they were read as line breaks, but other JSONL readers may see one long line.`,
          remedy: { kind: 'fix', fix: 'normalizeLineEndings' },
        });
      }
      if (totals.examples === 0) {
        file({
          code: 'empty_file',
          message:
            read.bytes === 0 || (read.bom && read.bytes === 3)
              ? 'The file is empty.'
              : `The file has no examples: its ${formatInteger(read.lines)} line(s) are blank.`,
        });
      }
      if (this.#mode === 'document') {
        file(
          {
            code: 'json_array_file',
            message: `The file is one JSON document (${formatInteger(totals.examples)} elements starting on line ${this.#documentLine}), not JSONL with one object per line; its elements were checked as examples.`,
            remedy: { kind: 'fix', fix: 'jsonArrayToJsonl' },
          },
          this.#documentLine,
        );
      }
    }

    const format = this.#aggregator.format;
    const method = settings.method ?? methodForFormat(format);
    if (read.unreadable === null) {
      for (const draft of checkExampleCount(totals.examples, settings.limits, this.#options.role))
        file(draft);
      // A validation file checked beside its training file is compared with it (`mixed_formats`);
      // one checked alone (role 'validation') is held to the method like a training file.
      if (training || settings.validationFile === undefined) {
        for (const draft of checkFormatFit(format, settings.method, settings.model)) file(draft);
      }
    }
    for (const draft of checkImageExamples(totals.imageExamples, settings.limits)) file(draft);
    if (training) {
      const validationFormat = validation?.format;
      if (
        isSingleFormat(format) &&
        validationFormat !== undefined &&
        isSingleFormat(validationFormat) &&
        validationFormat !== format
      ) {
        file({
          code: 'mixed_formats',
          message: `The validation file is ${FORMAT_NAMES[validationFormat]} data, but this training file is ${FORMAT_NAMES[format]} data; both must have the same format.`,
        });
      }
      for (const draft of this.#aggregator.qualityIssues()) file(draft);
      const split = this.#splitSuggestion(totals.examples, method);
      if (split) file(split);
      if (settings.modelName !== undefined) {
        for (const draft of checkModel({
          name: settings.modelName,
          model: settings.model ?? null,
          method,
          methodInferred: settings.method === undefined,
          knownModels: settings.knownModels,
          now: settings.now,
          warningDays: settings.deprecationWarningDays,
          checkDates: settings.rules.openaiDeprecationDates,
        })) {
          file(draft);
        }
      }
      for (const draft of checkHyperparameters({
        hyperparameters: settings.hyperparameters,
        suffix: settings.suffix,
        method,
        suffixMaxLength: settings.limits.suffixMaxLength,
      })) {
        file(draft);
      }
    }

    const stats = {
      messages: this.#aggregator.messages.summary(),
      totalTokens: this.#aggregator.totalTokens.summary(),
      assistantTokens: this.#aggregator.assistantTokens.summary(),
      tokenLimit: settings.model?.maxTokensPerExample ?? null,
      examplesOverLimit: totals.overLimit,
      examplesByFormat: totals.examplesByFormat,
      imageExamples: totals.imageExamples,
      duplicateExamples: totals.duplicates,
      blankLines: totals.blankLines,
      invalidLines: totals.invalidLines,
    };
    const estimate = training
      ? this.#estimate(totals.examples, totals.billable, method)
      : validationEstimate(totals.billable);
    if (training) this.#summaryIssues(stats.totalTokens, stats.tokenLimit, totals.overLimit, estimate, file);

    const countsBySeverity = this.#collector.countsBySeverity;
    const countsByCode = this.#collector.countsByCode;
    const issues = this.#collector.issues();
    const stored = new Map<string, number>();
    for (const issue of issues) stored.set(issue.code, (stored.get(issue.code) ?? 0) + 1);
    const truncatedCodes = (Object.keys(countsByCode) as (keyof typeof countsByCode)[]).filter(
      (code) => (countsByCode[code] ?? 0) > (stored.get(code) ?? 0),
    );
    return createDatasetReport({
      ok: countsBySeverity.error === 0 && (validation?.ok ?? true),
      format,
      examples: totals.examples,
      lines: read.lines,
      bytes: read.bytes,
      name: read.name,
      issues,
      countsByCode,
      countsBySeverity,
      truncatedCodes,
      tokens: {
        total: totals.tokenTotal,
        assistant: totals.assistantTotal,
        billable: totals.billable,
        encoding: settings.tokenCounter?.encoding ?? settings.encoding,
        countedExamples: totals.counted,
      },
      stats,
      estimate,
      model: settings.model ?? null,
      method,
      profile: settings.profile,
      limits: settings.limits,
      validation,
    });
  }

  #estimate(examples: number, billable: number, method: ValidationSettings['method'] | null): CostEstimate {
    const nEpochs = this.#settings.hyperparameters?.n_epochs;
    const validEpochs =
      typeof nEpochs === 'number' && Number.isInteger(nEpochs) && nEpochs >= 1 && nEpochs <= 50;
    return estimateCost({
      examples,
      billablePerEpoch: billable,
      nEpochs: validEpochs ? nEpochs : undefined,
      model: this.#settings.modelName === undefined ? undefined : (this.#settings.model ?? null),
      modelName: this.#settings.modelName,
      method: method ?? null,
    });
  }

  #splitSuggestion(examples: number, method: ValidationSettings['method'] | null): IssueDraft | null {
    if (this.#options.hasValidationFile) return null;
    const held = validationSplitSize(examples);
    const train = examples - held;
    const needed = method === 'reinforcement' && this.#settings.limits.reinforcementNeedsValidationFile;
    if (needed) {
      return {
        code: 'split_suggestion',
        severity: 'error',
        message: `Reinforcement fine-tuning on Azure needs a validation file: hold out ${formatInteger(Math.max(held, 1))} of ${formatInteger(examples)} examples.`,
        remedy: { kind: 'split' },
      };
    }
    if (held < 1 || train < this.#settings.limits.minExamples) return null;
    return {
      code: 'split_suggestion',
      message: `No validation file: hold out ${formatInteger(held)} of ${formatInteger(examples)} examples (min(1000, 20 %)) to see overfitting in the validation loss.`,
      remedy: { kind: 'split' },
    };
  }

  #summaryIssues(
    tokens: DistributionSummary | null,
    limit: number | null,
    overLimit: number,
    estimate: CostEstimate,
    file: (draft: IssueDraft) => DatasetIssue,
  ): void {
    if (tokens) {
      const over =
        limit === null ? '' : `; ${formatInteger(overLimit)} over the ${formatInteger(limit)}-token limit`;
      file({
        code: 'token_stats',
        message: `Tokens per example: min ${formatInteger(tokens.min)}, p5 ${round(tokens.p5)}, median ${round(tokens.median)}, mean ${round(tokens.mean)}, p95 ${round(tokens.p95)}, max ${formatInteger(tokens.max)}${over}.`,
      });
    }
    if (estimate.epochs !== null) {
      file({
        code: 'epoch_estimate',
        message:
          estimate.epochsSource === 'hyperparameters'
            ? `${estimate.epochs} epochs, as set by n_epochs.`
            : `${estimate.epochs} epochs expected for n_epochs "auto" (OpenAI cookbook heuristic for ${formatInteger(this.#aggregator.examples)} examples).`,
      });
    }
    if (estimate.billedTokens !== null) file({ code: 'cost_estimate', message: estimate.note });
  }
}

function isSingleFormat(format: DatasetFormat): format is ExampleFormat {
  return format !== 'mixed' && format !== 'unknown';
}

function fragment(line: number, issues: IssueDraft[]): LineResult {
  return { line, kind: 'fragment', issues, format: null, tokens: null, features: null };
}

/** `1648.4` → `1,648.4`; integers without decimals. */
function round(value: number): string {
  if (Number.isInteger(value)) return formatInteger(value);
  const [whole, fraction] = value.toFixed(1).split('.');
  return `${formatInteger(Number(whole))}.${fraction}`;
}

function validationEstimate(billable: number): CostEstimate {
  return {
    epochs: null,
    epochsSource: null,
    billablePerEpoch: billable,
    billedTokens: 0,
    pricePer1M: null,
    costUsd: 0,
    costUnavailable: null,
    note: 'Validation files are not billed.',
  };
}
