/**
 * Options of `Dataset.validate()` and their normalisation: defaults filled in one place, bad
 * options rejected with a `TypeError` that names the option.
 *
 * @module
 */

import { isRecord } from '../internal/is-record.js';
import {
  type EncodingName,
  encodingForModel,
  type ModelTableOverrides,
  modelTable,
  type ResolvedModel,
  safeResolveModel,
} from '../models/index.js';
import type { Dataset } from './dataset.js';
import { type DatasetIssueCode, type IssueSeverity, isDatasetIssueCode } from './issue-codes.js';
import type { Hyperparameters } from './report/check-hyperparameters.js';
import { type DatasetLimits, type ProfileRules, VALIDATION_PROFILES } from './report/validation-profiles.js';
import { DEFAULT_TOKEN_FRAMING, normalizeFraming } from './tokens/index.js';
import type { TokenCounter, TokenFraming, TrainingMethod, ValidationProfile } from './types.js';

/** Progress of a validation run, reported after each chunk read. */
export interface ValidationProgress {
  /** Bytes read so far. */
  readonly bytesRead: number;
  /** Total bytes when known (files, blobs, byte arrays), else `null`. */
  readonly totalBytes: number | null;
  /** Physical lines read so far. */
  readonly lines: number;
  /** `training` or `validation` (the `validationFile`). */
  readonly file: 'training' | 'validation';
}

/** One example handed to the moderation hook. */
export interface ModerationExample {
  /** 1-based physical line. */
  readonly line: number;
  /** 1-based example number. */
  readonly example: number;
  /** The parsed example. */
  readonly value: unknown;
}

/** A line the moderation hook flags: its number, or an object with categories. */
export type ModerationFlag = number | { readonly line: number; readonly categories?: readonly string[] };

/**
 * A moderation pre-check: receives batches of examples, returns the lines (of that batch) it flags;
 * other line numbers are ignored. OpenAI runs
 * its moderation on training files and blocks files with too many flagged examples; this hook lets
 * you run the Moderation API (or anything else) first. Errors it throws reject `validate()`.
 *
 * @example
 * ```ts
 * const moderation: ModerationHook = async (examples) => {
 *   const result = await openai.moderations.create({ input: examples.map((e) => JSON.stringify(e.value)) });
 *   return result.results.flatMap((r, i) => (r.flagged ? [{ line: examples[i]!.line, categories: Object.keys(r.categories).filter((c) => r.categories[c as never]) }] : []));
 * };
 * ```
 */
export type ModerationHook = (
  examples: readonly ModerationExample[],
  context: { readonly signal: AbortSignal | undefined },
) => Iterable<ModerationFlag> | Promise<Iterable<ModerationFlag>>;

/** The `method` object of a job-creation request (`openai.fineTuning.jobs.create`), read leniently. */
export interface JobMethodLike {
  readonly type: TrainingMethod;
  readonly supervised?: { readonly hyperparameters?: Hyperparameters | null } | null;
  readonly dpo?: { readonly hyperparameters?: Hyperparameters | null } | null;
  readonly reinforcement?: {
    readonly hyperparameters?: Hyperparameters | null;
    readonly grader?: unknown;
  } | null;
}

/** Options of `Dataset.validate()`. Every property is optional. */
export interface ValidateOptions {
  /**
   * The model to fine-tune: an alias (`gpt-4o-mini`), a snapshot or an `ft:` name. Decides the
   * encoding, the per-example token limit, the price and the model checks. Without it tokens are
   * counted with `o200k_base`, limits are not checked and the cost is `null`.
   */
  readonly model?: string;
  /** Entries that add to or override the model table (e.g. Azure prices). */
  readonly models?: ModelTableOverrides;
  /**
   * The fine-tuning method, or the whole `method` object of the job request (its hyperparameters
   * and reinforcement grader are then checked too). Without it the method is inferred from the
   * file's format.
   */
  readonly method?: TrainingMethod | JobMethodLike;
  /** Provider profile: limits and severities. @default 'openai' */
  readonly profile?: ValidationProfile;
  /** Hyperparameters to check (they override those inside `method`); `n_epochs` also sets the estimate's epochs. */
  readonly hyperparameters?: Hyperparameters;
  /** The fine-tuned model name suffix to check (1–64 characters; Azure 18). */
  readonly suffix?: string;
  /** The reinforcement grader; the `{{ item.<field> }}` fields it reads must be present in every example. */
  readonly grader?: unknown;
  /**
   * A validation file, validated too (its report is `report.validation`); examples that also appear
   * in the training file are reported as `train_validation_overlap`. A string is a file path (Node).
   */
  readonly validationFile?: ValidationFileInput;
  /** Issues stored per code; `countsByCode` stays exact. @default 100 */
  readonly maxIssuesPerCode?: number;
  /** Token framing constants (cookbook defaults: 3 per message, 1 per name, 3 priming). */
  readonly framing?: Partial<TokenFraming>;
  /** Aborts validation with `FinetuneKitAbortError`. */
  readonly signal?: AbortSignal;
  /** Called after each chunk read (about every megabyte). */
  readonly onProgress?: (progress: ValidationProgress) => void;
  /** The day used for the deprecation checks. @default new Date() */
  readonly now?: Date;
  /** Warn (`model_deprecated`) this many days before a cut-off or shutdown. @default 90 */
  readonly deprecationWarningDays?: number;
  /** Changes the severity of codes, e.g. `{ example_too_long: 'error' }`. Wins over the profile. */
  readonly severity?: Readonly<Partial<Record<DatasetIssueCode, IssueSeverity>>>;
  /** Changes file-level limits, e.g. `{ maxExamples: 20_000 }`. */
  readonly limits?: Partial<DatasetLimits>;
  /** An optional moderation pre-check (see {@link ModerationHook}). */
  readonly moderation?: ModerationHook;
  /** Examples per moderation call. @default 32 */
  readonly moderationBatchSize?: number;
  /** A token counter to use instead of the built-in one for the model's encoding. */
  readonly tokenCounter?: TokenCounter;
  /**
   * Worker threads for large inputs (Node). Inputs under about 8 MB always stay on the calling
   * thread; `0` keeps every input there. Results are identical either way.
   * @default os.availableParallelism() - 1 (at least 1, at most 7); the calling thread analyses too
   */
  readonly workers?: number;
}

/** Where a validation file comes from: a path (Node), a `Blob`/`File`, or a dataset. */
export type ValidationFileInput = string | Blob | Dataset;

/** Options after normalisation: defaults filled, model resolved. */
export interface ValidationSettings {
  readonly modelName: string | undefined;
  /** `undefined`: no model given; `null`: given but unknown. */
  readonly model: ResolvedModel | null | undefined;
  readonly knownModels: readonly string[];
  readonly encoding: EncodingName;
  /** The method given by the caller, if any. */
  readonly method: TrainingMethod | undefined;
  readonly profile: ValidationProfile;
  readonly rules: ProfileRules;
  readonly limits: DatasetLimits;
  readonly framing: TokenFraming;
  readonly hyperparameters: Readonly<Record<string, unknown>> | undefined;
  readonly suffix: unknown;
  /** Fields the grader reads as `{{ item.<field> }}`. */
  readonly graderFields: readonly string[];
  readonly validationFile: ValidationFileInput | undefined;
  readonly maxIssuesPerCode: number;
  readonly severity: Readonly<Partial<Record<DatasetIssueCode, IssueSeverity>>>;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((progress: ValidationProgress) => void) | undefined;
  readonly now: Date;
  readonly deprecationWarningDays: number;
  readonly moderation: ModerationHook | undefined;
  readonly moderationBatchSize: number;
  readonly tokenCounter: TokenCounter | undefined;
  readonly workers: number | undefined;
}

const METHODS: readonly TrainingMethod[] = ['supervised', 'dpo', 'reinforcement'];
const SEVERITIES: readonly IssueSeverity[] = ['error', 'warning', 'info'];

/**
 * Validates and completes the options.
 *
 * @param options - As given by the caller.
 * @returns The settings of the run.
 * @throws {TypeError} When an option has the wrong type or value; the message names the option.
 */
export function normalizeValidateOptions(options: ValidateOptions = {}): ValidationSettings {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object.');
  const modelName = optionalString(options.model, 'options.model');
  if (options.models !== undefined && (typeof options.models !== 'object' || options.models === null)) {
    throw new TypeError('options.models must be an object keyed by snapshot name.');
  }
  const models = options.models;
  const knownModels = Object.keys(modelTable(models));
  const model = modelName === undefined ? undefined : safeResolveModel(modelName, models ? { models } : {});
  const encoding = model?.encoding ?? (modelName ? encodingForModel(modelName) : null) ?? 'o200k_base';

  const { method, methodHyperparameters, grader: methodGrader } = readMethod(options.method);
  const profile = options.profile ?? 'openai';
  const rules = VALIDATION_PROFILES[profile];
  if (!rules)
    throw new TypeError(`options.profile must be one of ${Object.keys(VALIDATION_PROFILES).join(', ')}.`);

  if (options.hyperparameters !== undefined && !isRecord(options.hyperparameters)) {
    throw new TypeError('options.hyperparameters must be an object such as { n_epochs: 3 }.');
  }
  const hyperparameters =
    methodHyperparameters || options.hyperparameters
      ? { ...methodHyperparameters, ...(options.hyperparameters as Record<string, unknown> | undefined) }
      : undefined;

  const limits = { ...rules.limits, ...checkLimits(options.limits) };
  const maxIssuesPerCode = nonNegativeInteger(options.maxIssuesPerCode, 'options.maxIssuesPerCode', 100);
  const deprecationWarningDays = nonNegativeInteger(
    options.deprecationWarningDays,
    'options.deprecationWarningDays',
    90,
  );
  const moderationBatchSize = positiveInteger(options.moderationBatchSize, 'options.moderationBatchSize', 32);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError('options.signal must be an AbortSignal.');
  }
  for (const name of ['onProgress', 'moderation'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new TypeError(`options.${name} must be a function.`);
    }
  }
  if (options.now !== undefined && !(options.now instanceof Date && !Number.isNaN(options.now.getTime()))) {
    throw new TypeError('options.now must be a valid Date.');
  }
  if (options.tokenCounter !== undefined && typeof options.tokenCounter?.count !== 'function') {
    throw new TypeError('options.tokenCounter must have a count(text) method.');
  }
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 0)) {
    throw new TypeError('options.workers must be a non-negative integer.');
  }
  const validationFile = options.validationFile;
  if (
    validationFile !== undefined &&
    typeof validationFile !== 'string' &&
    !(typeof Blob !== 'undefined' && validationFile instanceof Blob) &&
    typeof (validationFile as { validate?: unknown })?.validate !== 'function'
  ) {
    throw new TypeError('options.validationFile must be a file path, a Blob or a Dataset.');
  }

  return {
    modelName,
    model,
    knownModels,
    encoding,
    method,
    profile,
    rules,
    limits,
    framing: options.framing ? normalizeFraming(options.framing) : DEFAULT_TOKEN_FRAMING,
    hyperparameters,
    suffix: options.suffix,
    graderFields: graderFieldNames(options.grader ?? methodGrader),
    validationFile,
    maxIssuesPerCode,
    severity: checkSeverities(options.severity),
    signal: options.signal,
    onProgress: options.onProgress,
    now: options.now ?? new Date(),
    deprecationWarningDays,
    moderation: options.moderation,
    moderationBatchSize,
    tokenCounter: options.tokenCounter,
    workers: options.workers,
  };
}

function readMethod(value: ValidateOptions['method']): {
  method: TrainingMethod | undefined;
  methodHyperparameters: Record<string, unknown> | undefined;
  grader: unknown;
} {
  if (value === undefined) return { method: undefined, methodHyperparameters: undefined, grader: undefined };
  const type = typeof value === 'string' ? value : (value as JobMethodLike | null)?.type;
  if (!METHODS.includes(type as TrainingMethod)) {
    throw new TypeError(
      `options.method must be one of ${METHODS.join(', ')}, or a job method object { type, ... }; got ${JSON.stringify(value)}.`,
    );
  }
  const method = type as TrainingMethod;
  if (typeof value === 'string') return { method, methodHyperparameters: undefined, grader: undefined };
  const settings = value[method] as { hyperparameters?: unknown; grader?: unknown } | null | undefined;
  const hyperparameters = settings?.hyperparameters;
  if (hyperparameters !== undefined && hyperparameters !== null && !isRecord(hyperparameters)) {
    throw new TypeError(`options.method.${method}.hyperparameters must be an object.`);
  }
  return {
    method,
    methodHyperparameters: (hyperparameters ?? undefined) as Record<string, unknown> | undefined,
    grader: settings?.grader,
  };
}

/**
 * The fields a grader reads from each example, from its `{{ item.<field> }}` templates.
 *
 * @param grader - A grader configuration (any JSON value), or `undefined`.
 * @returns Field names, sorted, without duplicates.
 */
export function graderFieldNames(grader: unknown): string[] {
  if (grader === undefined || grader === null) return [];
  const text = typeof grader === 'string' ? grader : JSON.stringify(grader);
  const fields = new Set<string>();
  for (const match of text.matchAll(/\{\{\s*item\.([A-Za-z0-9_-]+)/g)) fields.add(match[1]!);
  return [...fields].sort();
}

function checkLimits(limits: Partial<DatasetLimits> | undefined): Partial<DatasetLimits> {
  if (limits === undefined) return {};
  if (!isRecord(limits)) throw new TypeError('options.limits must be an object.');
  for (const [key, value] of Object.entries(limits)) {
    if (value === undefined) continue;
    if (key === 'reinforcementNeedsValidationFile') {
      if (typeof value !== 'boolean') throw new TypeError(`options.limits.${key} must be a boolean.`);
    } else if (key === 'maxExamples' && value === null) {
      // no limit
    } else if (typeof value !== 'number' || !(value >= 0)) {
      throw new TypeError(`options.limits.${key} must be a non-negative number.`);
    }
  }
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}

function checkSeverities(
  severity: ValidateOptions['severity'],
): Readonly<Partial<Record<DatasetIssueCode, IssueSeverity>>> {
  if (severity === undefined) return {};
  if (!isRecord(severity))
    throw new TypeError('options.severity must be an object such as { example_too_long: "error" }.');
  for (const [code, value] of Object.entries(severity)) {
    if (!isDatasetIssueCode(code)) throw new TypeError(`options.severity: unknown issue code "${code}".`);
    if (!SEVERITIES.includes(value as IssueSeverity)) {
      throw new TypeError(`options.severity.${code} must be "error", "warning" or "info".`);
    }
  }
  return { ...severity };
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0)
    throw new TypeError(`${name} must be a non-empty string.`);
  return value;
}

function nonNegativeInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !(Number.isInteger(value) || value === Number.POSITIVE_INFINITY) ||
    value < 0
  ) {
    throw new TypeError(`${name} must be a non-negative integer.`);
  }
  return value;
}

function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a positive integer.`);
  }
  return value;
}
