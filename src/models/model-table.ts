/**
 * The table of fine-tunable models: encoding, per-example token limit, training price, methods and
 * deprecation dates.
 *
 * Sources (as of 2026-11-26):
 * - Limits: https://platform.openai.com/docs/guides/fine-tuning (gpt-4o, gpt-4o-mini, gpt-3.5);
 *   Azure `MicrosoftDocs/azure-ai-docs` `articles/ai-foundry/openai/includes/fine-tune-models.md`
 *   (gpt-4.1 family, o4-mini).
 * - Prices: https://developers.openai.com/api/docs/pricing (fine-tuning, standard tier: training and
 *   the inference of fine-tuned models; text tokens, standard tier, for the base models' own
 *   inference). Inference prices are given only where that page lists the model.
 * - Dates: https://developers.openai.com/api/docs/deprecations ("Update to OpenAI's self-serve
 *   fine-tuning"); the 2027-01-14 shutdowns come from secondary sources only.
 *
 * Values marked `confirmed: false` come from one weak or secondary source. Callers override or extend
 * the table with their own entries (Azure prices, new snapshots) through `ModelTableOverrides`.
 *
 * @module
 */

/** The tokenizer encodings finetune-kit counts with. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

/** Fine-tuning methods, as in `method.type` of a job, plus `vision` for image data in supervised jobs. */
export type FineTuningMethod = 'supervised' | 'dpo' | 'reinforcement' | 'vision';

/** An inference price in USD per 1M tokens. */
export interface InferencePrice {
  /** Prompt tokens. */
  readonly input: number;
  /** Prompt tokens served from the prompt cache, when the model has a cached-input price. */
  readonly cachedInput?: number;
  /** Completion tokens (reasoning tokens included). */
  readonly output: number;
}

/** One fine-tunable base model. */
export interface ModelInfo {
  /** The dated snapshot name the API reports in `job.model`. */
  readonly snapshot: string;
  /** The family, e.g. `gpt-4o-mini`. */
  readonly family: string;
  /** Undated names that resolve to this snapshot. */
  readonly aliases: readonly string[];
  /** Tokenizer encoding. */
  readonly encoding: EncodingName;
  /** Maximum tokens per training example; longer examples are truncated from the end. */
  readonly maxTokensPerExample: number;
  /**
   * Training price in USD per 1M trained tokens, or `null` when training is not billed per token
   * (reinforcement fine-tuning is billed per training hour).
   */
  readonly trainingPricePer1M: number | null;
  /** Training price per hour of training wall-clock, for methods billed by time. */
  readonly trainingPricePerHour?: number;
  /**
   * Inference price of this model's fine-tunes (and their checkpoints), in USD per 1M tokens;
   * absent when unknown.
   */
  readonly fineTunedInferencePricePer1M?: InferencePrice;
  /** Inference price of the base model itself, in USD per 1M tokens; absent when unknown. */
  readonly baseInferencePricePer1M?: InferencePrice;
  /** Supported methods. */
  readonly methods: readonly FineTuningMethod[];
  /** Last day (ISO date, UTC) on which OpenAI accepts new jobs for this model, or `null` if unknown. */
  readonly jobCreationEnds: string | null;
  /** Day (ISO date) the base model and its fine-tunes shut down, or `null` if unknown. */
  readonly shutdown: string | null;
  /** True when every value here comes from a primary source. */
  readonly confirmed: boolean;
  /** Free-text caveats shown with warnings. */
  readonly notes?: string;
}

/** OpenAI stops accepting new fine-tuning jobs from all customers on this day. */
export const OPENAI_JOB_CREATION_CUTOFF = '2027-01-06';

/** The model table. Keys are snapshot names. */
export const MODEL_TABLE = {
  'gpt-4o-mini-2024-07-18': {
    snapshot: 'gpt-4o-mini-2024-07-18',
    family: 'gpt-4o-mini',
    aliases: ['gpt-4o-mini'],
    encoding: 'o200k_base',
    maxTokensPerExample: 65_536,
    trainingPricePer1M: 3,
    fineTunedInferencePricePer1M: { input: 0.3, cachedInput: 0.15, output: 1.2 },
    baseInferencePricePer1M: { input: 0.15, cachedInput: 0.075, output: 0.6 },
    methods: ['supervised', 'dpo'],
    jobCreationEnds: OPENAI_JOB_CREATION_CUTOFF,
    shutdown: '2027-01-14',
    confirmed: false,
    notes: 'DPO support unconfirmed; 2027-01-14 shutdown from secondary sources.',
  },
  'gpt-4o-2024-08-06': {
    snapshot: 'gpt-4o-2024-08-06',
    family: 'gpt-4o',
    aliases: ['gpt-4o'],
    encoding: 'o200k_base',
    maxTokensPerExample: 65_536,
    trainingPricePer1M: 25,
    fineTunedInferencePricePer1M: { input: 3.75, cachedInput: 1.875, output: 15 },
    baseInferencePricePer1M: { input: 2.5, cachedInput: 1.25, output: 10 },
    methods: ['supervised', 'vision', 'dpo'],
    jobCreationEnds: OPENAI_JOB_CREATION_CUTOFF,
    shutdown: '2027-01-14',
    confirmed: false,
    notes: '2027-01-14 shutdown from secondary sources.',
  },
  'gpt-4.1-2025-04-14': {
    snapshot: 'gpt-4.1-2025-04-14',
    family: 'gpt-4.1',
    aliases: ['gpt-4.1'],
    encoding: 'o200k_base',
    maxTokensPerExample: 65_536,
    trainingPricePer1M: 25,
    fineTunedInferencePricePer1M: { input: 3, cachedInput: 0.75, output: 12 },
    baseInferencePricePer1M: { input: 2, cachedInput: 0.5, output: 8 },
    methods: ['supervised', 'dpo', 'vision'],
    jobCreationEnds: OPENAI_JOB_CREATION_CUTOFF,
    shutdown: '2027-01-14',
    confirmed: false,
    notes: 'Token limit and vision support from Azure docs only.',
  },
  'gpt-4.1-mini-2025-04-14': {
    snapshot: 'gpt-4.1-mini-2025-04-14',
    family: 'gpt-4.1-mini',
    aliases: ['gpt-4.1-mini'],
    encoding: 'o200k_base',
    maxTokensPerExample: 65_536,
    trainingPricePer1M: 5,
    fineTunedInferencePricePer1M: { input: 0.8, cachedInput: 0.2, output: 3.2 },
    baseInferencePricePer1M: { input: 0.4, cachedInput: 0.1, output: 1.6 },
    methods: ['supervised', 'dpo'],
    jobCreationEnds: OPENAI_JOB_CREATION_CUTOFF,
    shutdown: '2027-01-14',
    confirmed: false,
    notes: 'Token limit from Azure docs only.',
  },
  'gpt-4.1-nano-2025-04-14': {
    snapshot: 'gpt-4.1-nano-2025-04-14',
    family: 'gpt-4.1-nano',
    aliases: ['gpt-4.1-nano'],
    encoding: 'o200k_base',
    maxTokensPerExample: 32_768,
    trainingPricePer1M: 1.5,
    fineTunedInferencePricePer1M: { input: 0.2, cachedInput: 0.05, output: 0.8 },
    baseInferencePricePer1M: { input: 0.1, cachedInput: 0.025, output: 0.4 },
    methods: ['supervised', 'dpo'],
    jobCreationEnds: '2026-10-23',
    shutdown: '2026-10-23',
    confirmed: false,
    notes: 'Shut down on OpenAI; Azure may still serve it.',
  },
  'o4-mini-2025-04-16': {
    snapshot: 'o4-mini-2025-04-16',
    family: 'o4-mini',
    aliases: ['o4-mini'],
    encoding: 'o200k_base',
    maxTokensPerExample: 65_536,
    trainingPricePer1M: null,
    trainingPricePerHour: 100,
    fineTunedInferencePricePer1M: { input: 4, cachedInput: 1, output: 16 },
    baseInferencePricePer1M: { input: 1.1, cachedInput: 0.275, output: 4.4 },
    methods: ['reinforcement'],
    jobCreationEnds: '2026-10-23',
    shutdown: '2026-10-23',
    confirmed: false,
    notes: 'Billed per training hour plus grader tokens; shut down on OpenAI, Azure still documents RFT.',
  },
  'gpt-3.5-turbo-0125': {
    snapshot: 'gpt-3.5-turbo-0125',
    family: 'gpt-3.5-turbo',
    aliases: ['gpt-3.5-turbo'],
    encoding: 'cl100k_base',
    maxTokensPerExample: 16_385,
    trainingPricePer1M: 8,
    fineTunedInferencePricePer1M: { input: 3, output: 6 },
    baseInferencePricePer1M: { input: 0.5, output: 1.5 },
    methods: ['supervised'],
    jobCreationEnds: '2026-10-23',
    shutdown: '2026-10-23',
    confirmed: true,
  },
  'gpt-3.5-turbo-1106': {
    snapshot: 'gpt-3.5-turbo-1106',
    family: 'gpt-3.5-turbo',
    aliases: [],
    encoding: 'cl100k_base',
    maxTokensPerExample: 16_385,
    trainingPricePer1M: 8,
    fineTunedInferencePricePer1M: { input: 3, output: 6 },
    methods: ['supervised'],
    jobCreationEnds: '2026-10-23',
    shutdown: null,
    confirmed: false,
    notes: 'Its fine-tunes shut down 2026-10-23; base shutdown date not found.',
  },
  'gpt-3.5-turbo-0613': {
    snapshot: 'gpt-3.5-turbo-0613',
    family: 'gpt-3.5-turbo',
    aliases: [],
    encoding: 'cl100k_base',
    maxTokensPerExample: 4_096,
    trainingPricePer1M: 8,
    fineTunedInferencePricePer1M: { input: 3, output: 6 },
    methods: ['supervised'],
    jobCreationEnds: '2026-10-23',
    shutdown: null,
    confirmed: false,
    notes: 'Its fine-tunes shut down 2026-10-23; base shutdown date not found.',
  },
  'gpt-4-0613': {
    snapshot: 'gpt-4-0613',
    family: 'gpt-4',
    aliases: ['gpt-4'],
    encoding: 'cl100k_base',
    maxTokensPerExample: 8_192,
    trainingPricePer1M: null,
    methods: ['supervised'],
    jobCreationEnds: '2026-10-23',
    shutdown: null,
    confirmed: false,
    notes: 'Experimental fine-tuning; limit assumed to be the context window; price unknown.',
  },
  'davinci-002': {
    snapshot: 'davinci-002',
    family: 'davinci-002',
    aliases: [],
    encoding: 'cl100k_base',
    maxTokensPerExample: 16_384,
    trainingPricePer1M: 6,
    fineTunedInferencePricePer1M: { input: 12, output: 12 },
    baseInferencePricePer1M: { input: 2, output: 2 },
    methods: ['supervised'],
    jobCreationEnds: '2026-09-28',
    shutdown: '2026-09-28',
    confirmed: false,
    notes: 'Prompt/completion format; limit assumed to be the context window.',
  },
  'babbage-002': {
    snapshot: 'babbage-002',
    family: 'babbage-002',
    aliases: [],
    encoding: 'cl100k_base',
    maxTokensPerExample: 16_384,
    trainingPricePer1M: 0.4,
    fineTunedInferencePricePer1M: { input: 1.6, output: 1.6 },
    baseInferencePricePer1M: { input: 0.4, output: 0.4 },
    methods: ['supervised'],
    jobCreationEnds: '2026-09-28',
    shutdown: '2026-09-28',
    confirmed: false,
    notes: 'Prompt/completion format; limit assumed to be the context window.',
  },
} as const satisfies Record<string, ModelInfo>;

/** Snapshot names in the built-in table. */
export type KnownModelSnapshot = keyof typeof MODEL_TABLE;
