/**
 * Options of `Dataset.validate()` and their normalisation: a zod schema checks them and fills the
 * defaults in one place; a bad option is rejected with a `FinetuneKitUsageError` naming its path.
 *
 * @module
 */

import { z } from 'zod';
import { FinetuneKitUsageError } from '../errors.js';
import { isTemplateProblem, templateReferences } from '../graders/template.js';
import { isRecord } from '../internal/is-record.js';
import { parseOptions } from '../internal/parse-options.js';
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

/** A zod check's error, worded to follow the option's path: `options.workers` + `must be …`. */
const says = (message: string) => ({ error: message });

const isFunction = (value: unknown): boolean => typeof value === 'function';

/** An integer ≥ 0; `Infinity` too when `orInfinity` (zod's own `int()` stops at 2^53). */
function nonNegativeInteger(orInfinity: boolean) {
  const message = says('must be a non-negative integer');
  return z.custom<number>(
    (value) =>
      typeof value === 'number' &&
      value >= 0 &&
      (Number.isInteger(value) || (orInfinity && value === Number.POSITIVE_INFINITY)),
    message,
  );
}

const nonNegativeNumber = z
  .number(says('must be a non-negative number'))
  .min(0, says('must be a non-negative number'))
  .optional();

/** Any non-array object, as `isRecord` accepts it (zod's `record()` refuses class instances). */
function objectOption<T>(message: string) {
  return z.custom<T>(isRecord, says(message));
}

/** The method's own settings: only their hyperparameters are read here (the grader is any value). */
const methodSettings = z
  .looseObject({
    // A refinement, not a type: see `methodOption`.
    hyperparameters: z
      .custom<Hyperparameters | null | undefined>()
      .refine((value) => value === undefined || value === null || isRecord(value), says('must be an object'))
      .optional(),
  })
  .nullish();

/**
 * A method name or a job `method` object. A wrong name or type gets one message; a wrong setting
 * inside a valid object keeps its own path (`options.method.dpo.hyperparameters`), because zod
 * reports the issues of the one union member that fails only a refinement.
 */
const methodOption = z.union(
  [
    z.enum(METHODS),
    z.discriminatedUnion('type', [
      z.looseObject({ type: z.literal('supervised'), supervised: methodSettings }),
      z.looseObject({ type: z.literal('dpo'), dpo: methodSettings }),
      z.looseObject({ type: z.literal('reinforcement'), reinforcement: methodSettings }),
    ]),
  ],
  {
    error: (issue) =>
      `must be one of ${METHODS.join(', ')}, or a job method object { type, ... }; got ${JSON.stringify(issue.input)}`,
  },
);

const optionsSchema = z.object(
  {
    model: z.string(says('must be a non-empty string')).min(1, says('must be a non-empty string')).optional(),
    models: z
      .custom<ModelTableOverrides>(
        (value) => typeof value === 'object' && value !== null,
        says('must be an object keyed by snapshot name'),
      )
      .optional(),
    method: methodOption.optional(),
    profile: z
      .enum(
        Object.keys(VALIDATION_PROFILES) as [ValidationProfile, ...ValidationProfile[]],
        says(`must be one of ${Object.keys(VALIDATION_PROFILES).join(', ')}`),
      )
      .default('openai'),
    hyperparameters: objectOption<Hyperparameters>('must be an object such as { n_epochs: 3 }').optional(),
    limits: z
      .object(
        {
          reinforcementNeedsValidationFile: z.boolean(says('must be a boolean')).optional(),
          maxExamples: nonNegativeNumber.or(z.null()),
        },
        says('must be an object'),
      )
      .catchall(nonNegativeNumber)
      .optional(),
    role: z.enum(['training', 'validation'], says('must be "training" or "validation"')).default('training'),
    maxIssuesPerCode: nonNegativeInteger(true).default(100),
    deprecationWarningDays: nonNegativeInteger(true).default(90),
    moderationBatchSize: z
      .custom<number>(
        (value) => Number.isInteger(value) && (value as number) >= 1,
        says('must be a positive integer'),
      )
      .default(32),
    checks: z
      .strictObject(
        {
          sensitiveData: z.boolean(says('must be a boolean')).optional(),
          nearDuplicates: z.boolean(says('must be a boolean')).optional(),
          nearDuplicateThreshold: z
            .number(says('must be a number over 0 and at most 1'))
            .gt(0, says('must be a number over 0 and at most 1'))
            .max(1, says('must be a number over 0 and at most 1'))
            .optional(),
        },
        says(
          'must be an object such as { sensitiveData: true } (keys: sensitiveData, nearDuplicates, nearDuplicateThreshold)',
        ),
      )
      .optional(),
    signal: z.instanceof(AbortSignal, says('must be an AbortSignal')).optional(),
    onProgress: z.custom<ValidateOptions['onProgress']>(isFunction, says('must be a function')).optional(),
    moderation: z.custom<ModerationHook>(isFunction, says('must be a function')).optional(),
    now: z.date(says('must be a valid Date')).optional(),
    tokenCounter: z
      .custom<TokenCounter>(
        (value) => typeof (value as TokenCounter | null)?.count === 'function',
        says('must have a count(text) method'),
      )
      .optional(),
    workers: nonNegativeInteger(false).optional(),
    validationFile: z
      .custom<ValidationFileInput>(
        (value) =>
          typeof value === 'string' ||
          (typeof Blob !== 'undefined' && value instanceof Blob) ||
          typeof (value as { validate?: unknown } | null)?.validate === 'function',
        says('must be a file path, a Blob or a Dataset'),
      )
      .optional(),
    severity: z
      .record(
        z.string().refine(isDatasetIssueCode),
        z.enum(SEVERITIES, says('must be "error", "warning" or "info"')),
        {
          // zod reports a bad key as "Invalid key in record"; name what the key should be instead.
          error: (issue) =>
            issue.code === 'invalid_key'
              ? 'is not a finetune-kit issue code'
              : 'must be an object such as { example_too_long: "error" }',
        },
      )
      .optional(),
  },
  says('must be an object'),
);

/**
 * Validates and completes the options.
 *
 * @param options - As given by the caller.
 * @returns The settings of the run.
 * @throws {FinetuneKitUsageError} When an option has the wrong type or value; `option` is its path
 *   (e.g. `options.limits.maxExamples`) and the message says what is expected.
 */
export function normalizeValidateOptions(options: ValidateOptions = {}): ValidationSettings {
  const parsed = parseOptions(optionsSchema, options, 'options');
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
