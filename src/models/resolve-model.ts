import { FinetuneKitUsageError, UnknownModelError } from '../errors.js';
import { type EncodingName, MODEL_TABLE, type ModelInfo } from './model-table.js';

/**
 * Entries to add to or replace in the model table, keyed by snapshot name. A partial entry for a
 * known snapshot overrides only the given fields (e.g. an Azure price).
 *
 * @example
 * ```ts
 * resolveModel('gpt-4o-mini', { models: { 'gpt-4o-mini-2024-07-18': { trainingPricePer1M: 3.3 } } });
 * ```
 */
export type ModelTableOverrides = Readonly<Record<string, Partial<ModelInfo>>>;

/** Options for {@link resolveModel}. */
export interface ResolveModelOptions {
  /** Entries that add to or override the built-in table. */
  readonly models?: ModelTableOverrides;
}

/** The parts of an `ft:` model name. */
export interface FineTunedModelName {
  /** The base model as written in the name (usually a dated snapshot). */
  readonly base: string;
  /** The organisation segment (`personal` for personal accounts). */
  readonly organization: string;
  /** The user-provided suffix; may be empty. */
  readonly suffix: string;
  /** The model id segment. */
  readonly id: string;
  /** The checkpoint step, for `…:ckpt-step-N` names. */
  readonly checkpointStep: number | null;
}

/** A resolved model: the table entry plus how the name was read. */
export interface ResolvedModel extends ModelInfo {
  /** The name as the caller gave it. */
  readonly requested: string;
  /** Set when the name was an `ft:` fine-tuned model or checkpoint. */
  readonly fineTuned: FineTunedModelName | null;
}

const CHECKPOINT_PATTERN = /^ckpt-step-(\d+)$/;

/**
 * Parses `ft:<base>:<org>:<suffix>:<id>[:ckpt-step-N]`. Returns `null` for any other name.
 *
 * @example
 * ```ts
 * parseFineTunedModelName('ft:gpt-4o-mini-2024-07-18:personal:x:9uJPavMj:ckpt-step-200')
 * // { base: 'gpt-4o-mini-2024-07-18', organization: 'personal', suffix: 'x', id: '9uJPavMj', checkpointStep: 200 }
 * ```
 */
export function parseFineTunedModelName(name: string): FineTunedModelName | null {
  if (!name.startsWith('ft:')) return null;
  const parts = name.split(':');
  // ft : base : org : suffix : id [: ckpt-step-N]
  if (parts.length !== 5 && parts.length !== 6) return null;
  const [, base, organization, suffix, id, checkpoint] = parts as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  if (!base || !organization || !id) return null;
  let checkpointStep: number | null = null;
  if (checkpoint !== undefined) {
    const match = CHECKPOINT_PATTERN.exec(checkpoint);
    if (!match) return null;
    checkpointStep = Number(match[1]);
  }
  return { base, organization, suffix, id, checkpointStep };
}

/**
 * The built-in table merged with the caller's overrides. Cached per overrides object, because
 * resolution happens on hot paths (once per validation, once per job).
 */
const mergedTables = new WeakMap<ModelTableOverrides, Readonly<Record<string, ModelInfo>>>();

/**
 * Returns the model table with `overrides` applied.
 *
 * @throws {FinetuneKitUsageError} When an override adds a model without `encoding`,
 *   `maxTokensPerExample` or `methods` (`option`: `options.models.<name>`).
 */
export function modelTable(overrides?: ModelTableOverrides): Readonly<Record<string, ModelInfo>> {
  if (!overrides) return MODEL_TABLE;
  const cached = mergedTables.get(overrides);
  if (cached) return cached;
  const merged: Record<string, ModelInfo> = { ...MODEL_TABLE };
  for (const [snapshot, entry] of Object.entries(overrides)) {
    const base = merged[snapshot];
    const combined = { ...base, ...entry, snapshot } as Partial<ModelInfo>;
    merged[snapshot] = completeEntry(snapshot, combined);
  }
  const frozen = Object.freeze(merged);
  mergedTables.set(overrides, frozen);
  return frozen;
}

function completeEntry(snapshot: string, entry: Partial<ModelInfo>): ModelInfo {
  const missing = (['encoding', 'maxTokensPerExample', 'methods'] as const).filter(
    (key) => entry[key] === undefined,
  );
  if (missing.length > 0) {
    throw new FinetuneKitUsageError(
      `options.models.${snapshot} is a new model and needs ${missing.join(', ')} (no built-in entry to inherit them from).`,
      `options.models.${snapshot}`,
    );
  }
  return {
    family: snapshot,
    aliases: [],
    trainingPricePer1M: null,
    jobCreationEnds: null,
    shutdown: null,
    confirmed: false,
    ...entry,
    snapshot,
  } as ModelInfo;
}

/**
 * Finds the table entry for `name` without throwing: an alias (`gpt-4o-mini`), a snapshot
 * (`gpt-4o-mini-2024-07-18`), or an `ft:` model or checkpoint name (resolved to its base).
 *
 * @returns The resolved model, or `null` when the name is unknown.
 */
export function safeResolveModel(name: string, options: ResolveModelOptions = {}): ResolvedModel | null {
  const table = modelTable(options.models);
  const fineTuned = parseFineTunedModelName(name);
  const lookup = fineTuned ? fineTuned.base : name;
  const entry = table[lookup] ?? Object.values(table).find((model) => model.aliases.includes(lookup));
  if (!entry) return null;
  return { ...entry, requested: name, fineTuned };
}

/**
 * Resolves a model name to its table entry.
 *
 * @param name - An alias, a dated snapshot, or an `ft:` name (`ft:gpt-4o-mini-2024-07-18:org:suffix:id`,
 *   optionally `:ckpt-step-N`).
 * @returns The entry with `requested` and, for `ft:` names, the parsed parts.
 * @throws {UnknownModelError} When the model is not in the table (never a silent default).
 * @example
 * ```ts
 * resolveModel('gpt-4o-mini').maxTokensPerExample // 65536
 * ```
 */
export function resolveModel(name: string, options: ResolveModelOptions = {}): ResolvedModel {
  const resolved = safeResolveModel(name, options);
  if (!resolved) throw new UnknownModelError(name, Object.keys(modelTable(options.models)));
  return resolved;
}

/**
 * The encoding for a model name, also for models outside the table, by the longest-prefix rule
 * (`gpt-4o*`, `gpt-4.1*`, `o4-mini*`, `gpt-5*` → o200k_base; `gpt-4*`, `gpt-3.5-turbo*` → cl100k_base).
 * Unlike python tiktoken, `ft:gpt-4.1-…` resolves to o200k_base.
 *
 * @returns The encoding, or `null` when no rule matches.
 */
export function encodingForModel(name: string, options: ResolveModelOptions = {}): EncodingName | null {
  const resolved = safeResolveModel(name, options);
  if (resolved) return resolved.encoding;
  const base = parseFineTunedModelName(name)?.base ?? name;
  for (const [prefix, encoding] of ENCODING_PREFIXES) if (base.startsWith(prefix)) return encoding;
  return null;
}

// Longest prefixes first: `gpt-4o` and `gpt-4.1` must win over `gpt-4`.
const ENCODING_PREFIXES: readonly (readonly [string, EncodingName])[] = [
  ['gpt-4o', 'o200k_base'],
  ['gpt-4.1', 'o200k_base'],
  ['gpt-4.5', 'o200k_base'],
  ['gpt-5', 'o200k_base'],
  ['o4-mini', 'o200k_base'],
  ['o3', 'o200k_base'],
  ['o1', 'o200k_base'],
  ['gpt-3.5-turbo', 'cl100k_base'],
  ['gpt-4', 'cl100k_base'],
  ['davinci-002', 'cl100k_base'],
  ['babbage-002', 'cl100k_base'],
];

/** How close a model is to its deprecation dates, for a given day. */
export interface ModelDeprecationStatus {
  /** True when the job-creation cut-off has passed. */
  readonly jobCreationEnded: boolean;
  /** True when the model has shut down. */
  readonly shutDown: boolean;
  /** Whole days until the job-creation cut-off (negative once past), or `null` when unknown. */
  readonly daysUntilJobCreationEnds: number | null;
  /** Whole days until shutdown (negative once past), or `null` when unknown. */
  readonly daysUntilShutdown: number | null;
}

const DAY_MS = 86_400_000;

/**
 * Where a model stands against its cut-off dates on `now`. A date is inclusive: jobs can be
 * created on the cut-off day itself and not after.
 *
 * @param model - A table entry (from {@link resolveModel}).
 * @param now - The day to judge by. @default new Date()
 */
export function modelDeprecationStatus(model: ModelInfo, now: Date = new Date()): ModelDeprecationStatus {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const daysUntil = (iso: string | null) =>
    iso === null ? null : Math.round((Date.parse(iso) - today) / DAY_MS);
  const daysUntilJobCreationEnds = daysUntil(model.jobCreationEnds);
  const daysUntilShutdown = daysUntil(model.shutdown);
  return {
    jobCreationEnded: daysUntilJobCreationEnds !== null && daysUntilJobCreationEnds < 0,
    shutDown: daysUntilShutdown !== null && daysUntilShutdown <= 0,
    daysUntilJobCreationEnds,
    daysUntilShutdown,
  };
}
