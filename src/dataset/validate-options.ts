/**
 * Options of `Dataset.validate()` and their normalisation: one function checks them and fills the
 * defaults; a bad option is rejected with a `FinetuneKitUsageError` naming its path.
 *
 * @module
 */

import { FinetuneKitUsageError } from '../errors.js';
import { isTemplateProblem, templateReferences } from '../graders/template.js';
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

/** The optional checks of `Dataset.validate()` that can be switched off or tuned. */
export interface ValidationChecks {
  /**
   * Look for secrets (`possible_secret`) and personal data (`possible_pii`) in every string of
   * every example (docs/security.md lists what is detected and how precisely). Off by default: the
   * scan costs 5–11% of `validate`'s time on text with many addresses (docs/performance.md), and
   * plain validation keeps its speed.
   * @default false
   */
  readonly sensitiveData?: boolean;
  /**
   * Look for near-duplicate examples within the file (`near_duplicate_example`) and between the
   * training and validation files (`near_duplicate_across_files`), with MinHash sketches. Off by
   * default: sketching every example costs about a third of the analysis time (docs/performance.md).
   * @default false
   */
  readonly nearDuplicates?: boolean;
  /**
   * The estimated Jaccard similarity of word 3-shingles (0 < t ≤ 1) from which two examples are
   * near-duplicates. Giving it turns `nearDuplicates` on.
   * @default 0.8
   */
  readonly nearDuplicateThreshold?: number;
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
  /**
   * What the file is for in a job: its `training_file` or its `validation_file`. A validation file
   * is held to the validation rules: no example minimum or recommendation (OpenAI states the
   * 10-example minimum for training files only), no cost estimate, and its format checked against
   * the method; the maximum and every per-example check still apply. To check both files of a
   * job together (overlap, same format), validate the training file with `validationFile` instead.
   * @default 'training'
   */
  readonly role?: 'training' | 'validation';
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
  /** Switches on or tunes the optional checks, e.g. `{ sensitiveData: true }`. */
  readonly checks?: ValidationChecks;
  /** An optional moderation pre-check (see {@link ModerationHook}). */
  readonly moderation?: ModerationHook;
  /** Examples per moderation call. @default 32 */
  readonly moderationBatchSize?: number;
  /** A token counter to use instead of the built-in one for the model's encoding. */
  readonly tokenCounter?: TokenCounter;
  /**
   * Worker threads for large inputs (Node). Inputs under about 2 MB always stay on the calling
   * thread; `0` keeps every input there. Results are identical either way.
   * @default os.availableParallelism() - 1 (at least 1, at most 7); the calling thread analyses
   * too, except when there are as many workers as cores
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
  /** The file's role (`options.role`). */
  readonly role: 'training' | 'validation';
  readonly maxIssuesPerCode: number;
  readonly severity: Readonly<Partial<Record<DatasetIssueCode, IssueSeverity>>>;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((progress: ValidationProgress) => void) | undefined;
  readonly now: Date;
  readonly deprecationWarningDays: number;
  readonly moderation: ModerationHook | undefined;
  readonly moderationBatchSize: number;
  readonly checks: Required<ValidationChecks>;
  readonly tokenCounter: TokenCounter | undefined;
  readonly workers: number | undefined;
}

const METHODS = ['supervised', 'dpo', 'reinforcement'] as const satisfies readonly TrainingMethod[];
const SEVERITIES = ['error', 'warning', 'info'] as const satisfies readonly IssueSeverity[];
const ROLES = ['training', 'validation'] as const;
const CHECK_KEYS = ['sensitiveData', 'nearDuplicates', 'nearDuplicateThreshold'] as const;

/** The options after their checks, with the defaults filled in. */
interface CheckedOptions {
  readonly model: string | undefined;
  readonly profile: ValidationProfile;
  readonly limits: Partial<DatasetLimits> | undefined;
  readonly role: 'training' | 'validation';
  readonly maxIssuesPerCode: number;
  readonly deprecationWarningDays: number;
  readonly moderationBatchSize: number;
  readonly checks: ValidationChecks | undefined;
  readonly severity: Readonly<Partial<Record<DatasetIssueCode, IssueSeverity>>> | undefined;
}

/** The error for a bad option: its dotted path, then what it must be (`options.workers must be …`). */
function badOption(option: string, message: string): FinetuneKitUsageError {
  return new FinetuneKitUsageError(`${option} ${message}.`, option);
}

/** An integer ≥ 0; `Infinity` too when `orInfinity`. */
function isNonNegativeInteger(value: unknown, orInfinity: boolean): boolean {
  return (
    typeof value === 'number' &&
    value >= 0 &&
    (Number.isInteger(value) || (orInfinity && value === Number.POSITIVE_INFINITY))
  );
}

/** A finite number ≥ 0. */
function isNonNegativeNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Checks every option in one fixed order (the first bad one is reported) and fills the defaults.
 *
 * Written out rather than declared with a schema library: `Dataset.validate()` is usually the first
 * thing a script or the CLI does, and loading zod's hundred modules took about 85 ms of a fresh
 * process (docs/performance.md, "Two cores, third pass"). `test/dataset/validate-options.test.ts`
 * pins each option's message.
 */
function checkOptions(options: unknown): CheckedOptions {
  if (!isRecord(options)) throw badOption('options', 'must be an object');
  const {
    model,
    models,
    method,
    profile,
    hyperparameters,
    limits,
    role,
    maxIssuesPerCode,
    deprecationWarningDays,
    moderationBatchSize,
    checks,
    signal,
    onProgress,
    moderation,
    now,
    tokenCounter,
    workers,
    validationFile,
    severity,
  } = options;
  if (model !== undefined && (typeof model !== 'string' || model === ''))
    throw badOption('options.model', 'must be a non-empty string');
  if (models !== undefined && (typeof models !== 'object' || models === null))
    throw badOption('options.models', 'must be an object keyed by snapshot name');
  if (method !== undefined) checkMethod(method);
  const profiles = Object.keys(VALIDATION_PROFILES);
  if (profile !== undefined && !profiles.includes(profile as string))
    throw badOption('options.profile', `must be one of ${profiles.join(', ')}`);
  if (hyperparameters !== undefined && !isRecord(hyperparameters))
    throw badOption('options.hyperparameters', 'must be an object such as { n_epochs: 3 }');
  if (limits !== undefined) checkLimits(limits);
  if (role !== undefined && !ROLES.includes(role as never))
    throw badOption('options.role', 'must be "training" or "validation"');
  if (maxIssuesPerCode !== undefined && !isNonNegativeInteger(maxIssuesPerCode, true))
    throw badOption('options.maxIssuesPerCode', 'must be a non-negative integer');
  if (deprecationWarningDays !== undefined && !isNonNegativeInteger(deprecationWarningDays, true))
    throw badOption('options.deprecationWarningDays', 'must be a non-negative integer');
  if (
    moderationBatchSize !== undefined &&
    !(Number.isInteger(moderationBatchSize) && (moderationBatchSize as number) >= 1)
  )
    throw badOption('options.moderationBatchSize', 'must be a positive integer');
  if (checks !== undefined) checkChecks(checks);
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw badOption('options.signal', 'must be an AbortSignal');
  if (onProgress !== undefined && typeof onProgress !== 'function')
    throw badOption('options.onProgress', 'must be a function');
  if (moderation !== undefined && typeof moderation !== 'function')
    throw badOption('options.moderation', 'must be a function');
  if (now !== undefined && !(now instanceof Date && !Number.isNaN(now.getTime())))
    throw badOption('options.now', 'must be a valid Date');
  if (tokenCounter !== undefined && typeof (tokenCounter as TokenCounter | null)?.count !== 'function')
    throw badOption('options.tokenCounter', 'must have a count(text) method');
  if (workers !== undefined && !isNonNegativeInteger(workers, false))
    throw badOption('options.workers', 'must be a non-negative integer');
  if (
    validationFile !== undefined &&
    !(
      typeof validationFile === 'string' ||
      (typeof Blob !== 'undefined' && validationFile instanceof Blob) ||
      typeof (validationFile as { validate?: unknown } | null)?.validate === 'function'
    )
  )
    throw badOption('options.validationFile', 'must be a file path, a Blob or a Dataset');
  if (severity !== undefined) checkSeverity(severity);
  return {
    model: model as string | undefined,
    profile: (profile as ValidationProfile | undefined) ?? 'openai',
    limits: limits as Partial<DatasetLimits> | undefined,
    role: (role as 'training' | 'validation' | undefined) ?? 'training',
    maxIssuesPerCode: (maxIssuesPerCode as number | undefined) ?? 100,
    deprecationWarningDays: (deprecationWarningDays as number | undefined) ?? 90,
    moderationBatchSize: (moderationBatchSize as number | undefined) ?? 32,
    checks: checks as ValidationChecks | undefined,
    severity: severity as CheckedOptions['severity'],
  };
}

/**
 * A method name or a job `method` object. A wrong name or type gets one message; a wrong setting
 * inside a valid object gets its own path (`options.method.dpo.hyperparameters`).
 */
function checkMethod(method: unknown): void {
  if (typeof method === 'string' && METHODS.includes(method as TrainingMethod)) return;
  if (isRecord(method) && METHODS.includes(method.type as TrainingMethod)) {
    const type = method.type as TrainingMethod;
    const settings = method[type];
    if (settings === undefined || settings === null) return;
    if (isRecord(settings)) {
      const { hyperparameters } = settings;
      if (hyperparameters !== undefined && hyperparameters !== null && !isRecord(hyperparameters))
        throw badOption(`options.method.${type}.hyperparameters`, 'must be an object');
      return;
    }
  }
  throw badOption(
    'options.method',
    `must be one of ${METHODS.join(', ')}, or a job method object { type, ... }; got ${JSON.stringify(method)}`,
  );
}

/** `limits`: `maxExamples` a number ≥ 0 or `null`, `reinforcementNeedsValidationFile` a boolean, every other limit a number ≥ 0. */
function checkLimits(limits: unknown): void {
  if (!isRecord(limits)) throw badOption('options.limits', 'must be an object');
  const { reinforcementNeedsValidationFile, maxExamples } = limits;
  if (reinforcementNeedsValidationFile !== undefined && typeof reinforcementNeedsValidationFile !== 'boolean')
    throw badOption('options.limits.reinforcementNeedsValidationFile', 'must be a boolean');
  if (maxExamples !== undefined && maxExamples !== null && !isNonNegativeNumber(maxExamples))
    throw badOption('options.limits.maxExamples', 'must be a non-negative number');
  for (const key of Object.keys(limits)) {
    if (key === 'reinforcementNeedsValidationFile' || key === 'maxExamples') continue;
    const value = limits[key];
    if (value !== undefined && !isNonNegativeNumber(value))
      throw badOption(`options.limits.${key}`, 'must be a non-negative number');
  }
}

/** `checks`: only its three keys, with their types. */
function checkChecks(checks: unknown): void {
  const shape = `must be an object such as { sensitiveData: true } (keys: ${CHECK_KEYS.join(', ')})`;
  if (!isRecord(checks)) throw badOption('options.checks', shape);
  const { sensitiveData, nearDuplicates, nearDuplicateThreshold } = checks;
  if (sensitiveData !== undefined && typeof sensitiveData !== 'boolean')
    throw badOption('options.checks.sensitiveData', 'must be a boolean');
  if (nearDuplicates !== undefined && typeof nearDuplicates !== 'boolean')
    throw badOption('options.checks.nearDuplicates', 'must be a boolean');
  if (
    nearDuplicateThreshold !== undefined &&
    !(
      typeof nearDuplicateThreshold === 'number' &&
      Number.isFinite(nearDuplicateThreshold) &&
      nearDuplicateThreshold > 0 &&
      nearDuplicateThreshold <= 1
    )
  )
    throw badOption('options.checks.nearDuplicateThreshold', 'must be a number over 0 and at most 1');
  for (const key of Object.keys(checks)) {
    if (!CHECK_KEYS.includes(key as never)) throw badOption('options.checks', shape);
  }
}

/** `severity`: issue codes to `error`, `warning` or `info`. */
function checkSeverity(severity: unknown): void {
  if (!isRecord(severity))
    throw badOption('options.severity', 'must be an object such as { example_too_long: "error" }');
  for (const key of Object.keys(severity)) {
    if (!isDatasetIssueCode(key))
      throw badOption(`options.severity.${key}`, 'is not a finetune-kit issue code');
    if (!SEVERITIES.includes(severity[key] as IssueSeverity))
      throw badOption(`options.severity.${key}`, 'must be "error", "warning" or "info"');
  }
}

/**
 * Validates and completes the options.
 *
 * @param options - As given by the caller.
 * @returns The settings of the run.
 * @throws {FinetuneKitUsageError} When an option has the wrong type or value; `option` is its path
 *   (e.g. `options.limits.maxExamples`) and the message says what is expected.
 */
export function normalizeValidateOptions(options: ValidateOptions = {}): ValidationSettings {
  const parsed = checkOptions(options);
  if (parsed.role === 'validation' && options.validationFile !== undefined) {
    throw new FinetuneKitUsageError(
      'options.validationFile cannot be combined with role: "validation": validate the training file with validationFile to check both together.',
      'options.validationFile',
    );
  }
  const modelName = parsed.model;
  // The caller's object itself, not a parsed copy: merged model tables are cached per object.
  const models = options.models;
  const knownModels = Object.keys(modelTable(models));
  const model = modelName === undefined ? undefined : safeResolveModel(modelName, models ? { models } : {});
  const encoding = model?.encoding ?? (modelName ? encodingForModel(modelName) : null) ?? 'o200k_base';

  const methodOption = options.method;
  const method = typeof methodOption === 'object' ? methodOption.type : methodOption;
  const methodSettings = typeof methodOption === 'object' ? methodOption[methodOption.type] : undefined;
  const methodHyperparameters = methodSettings?.hyperparameters ?? undefined;
  const hyperparameters =
    methodHyperparameters || options.hyperparameters
      ? { ...methodHyperparameters, ...options.hyperparameters }
      : undefined;
  const rules = VALIDATION_PROFILES[parsed.profile];

  return {
    modelName,
    model,
    knownModels,
    encoding,
    method,
    profile: parsed.profile,
    rules,
    // An explicit `undefined` limit keeps the profile's value.
    limits: {
      ...rules.limits,
      ...Object.fromEntries(Object.entries(parsed.limits ?? {}).filter(([, value]) => value !== undefined)),
    },
    framing: options.framing ? normalizeFraming(options.framing) : DEFAULT_TOKEN_FRAMING,
    hyperparameters,
    suffix: options.suffix,
    graderFields: graderFieldNames(
      options.grader ?? (methodSettings as { grader?: unknown } | null | undefined)?.grader,
    ),
    validationFile: options.validationFile,
    role: parsed.role,
    maxIssuesPerCode: parsed.maxIssuesPerCode,
    severity: { ...parsed.severity },
    signal: options.signal,
    onProgress: options.onProgress,
    now: options.now ?? new Date(),
    deprecationWarningDays: parsed.deprecationWarningDays,
    moderation: options.moderation,
    moderationBatchSize: parsed.moderationBatchSize,
    checks: {
      sensitiveData: parsed.checks?.sensitiveData ?? false,
      nearDuplicates: parsed.checks?.nearDuplicates ?? parsed.checks?.nearDuplicateThreshold !== undefined,
      nearDuplicateThreshold: parsed.checks?.nearDuplicateThreshold ?? 0.8,
    },
    tokenCounter: options.tokenCounter,
    workers: options.workers,
  };
}

/**
 * The fields a grader reads from each example: the first key of its `{{ item.<field>… }}`
 * templates, read with the grader core's template parser (the rules the graders API and the
 * simulator apply), so `{{ item.answer.city }}` and `{{ item["reference answer"] }}` name `answer`
 * and `reference answer`.
 *
 * @param grader - A grader configuration (any JSON value), or `undefined`.
 * @returns Field names, sorted, without duplicates.
 */
export function graderFieldNames(grader: unknown): string[] {
  const fields = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const reference of templateReferences(value)) {
        if (isTemplateProblem(reference) || reference.namespace !== 'item') continue;
        const [field] = reference.path;
        if (typeof field === 'string') fields.add(field);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit(grader);
  return [...fields].sort();
}
