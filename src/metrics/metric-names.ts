/**
 * The canonical metric names, what each one measures, and the alias table that maps the names used
 * by events, checkpoints, OpenAI and Azure result CSVs and the legacy fine-tunes API onto them.
 *
 * Sources: the OpenAI and Azure OpenAI fine-tuning docs, the OpenAPI spec and observed result files
 * (as of 2026-11-26); docs/metrics.md lists the table. Mappings marked `confirmed: false` come from
 * one weak source (the Azure duration columns).
 *
 * @module
 */

/** What a metric measures; decides the chart panel and the direction of "better". */
export type MetricKind = 'loss' | 'accuracy' | 'reward' | 'rate' | 'tokens' | 'seconds' | 'count';

/** Which data a metric is computed on. */
export type MetricSplit = 'train' | 'valid' | 'full_valid';

/** Facts about one known metric. */
export interface MetricDefinition {
  readonly kind: MetricKind;
  readonly split: MetricSplit | null;
  /** `lower` for losses and error rates, `higher` for accuracies and rewards, `null` when neither. */
  readonly better: 'lower' | 'higher' | null;
  /** Other names of the same metric in some source, verbatim. */
  readonly aliases: readonly string[];
  /** One line for docs and chart tooltips. */
  readonly description: string;
  /** False when an alias mapping comes from a single weak source. */
  readonly confirmed: boolean;
}

/** Every known metric with its definition. Order is the display order (charts, CSV columns). */
export const METRIC_DEFINITIONS = {
  train_loss: {
    kind: 'loss',
    split: 'train',
    better: 'lower',
    aliases: ['training_loss'],
    description: 'Loss on the training batch of this step (noisy; compare epoch means).',
    confirmed: true,
  },
  train_mean_token_accuracy: {
    kind: 'accuracy',
    split: 'train',
    better: 'higher',
    aliases: ['train_accuracy', 'training_token_accuracy'],
    description: 'Share of tokens of the training batch predicted exactly.',
    confirmed: true,
  },
  valid_loss: {
    kind: 'loss',
    split: 'valid',
    better: 'lower',
    aliases: ['validation_loss'],
    description: 'Loss on a small validation batch (mini-batch: can be off by 10x; prefer full_valid_loss).',
    confirmed: true,
  },
  valid_mean_token_accuracy: {
    kind: 'accuracy',
    split: 'valid',
    better: 'higher',
    aliases: ['validation_mean_token_accuracy', 'validation_token_accuracy'],
    description: 'Token accuracy on a small validation batch.',
    confirmed: true,
  },
  full_valid_loss: {
    kind: 'loss',
    split: 'full_valid',
    better: 'lower',
    aliases: [],
    description: 'Loss on the whole validation file, at the end of each epoch (the most accurate metric).',
    confirmed: true,
  },
  full_valid_mean_token_accuracy: {
    kind: 'accuracy',
    split: 'full_valid',
    better: 'higher',
    aliases: [],
    description: 'Token accuracy on the whole validation file, at the end of each epoch.',
    confirmed: true,
  },
  train_sequence_accuracy: {
    kind: 'accuracy',
    split: 'train',
    better: 'higher',
    aliases: ['training_sequence_accuracy'],
    description: 'Legacy fine-tunes: share of completions of the batch predicted exactly.',
    confirmed: true,
  },
  valid_sequence_accuracy: {
    kind: 'accuracy',
    split: 'valid',
    better: 'higher',
    aliases: ['validation_sequence_accuracy'],
    description: 'Legacy fine-tunes: share of validation completions predicted exactly.',
    confirmed: true,
  },
  elapsed_tokens: {
    kind: 'tokens',
    split: 'train',
    better: null,
    aliases: [],
    description: 'Legacy fine-tunes: tokens trained on so far.',
    confirmed: true,
  },
  elapsed_examples: {
    kind: 'count',
    split: 'train',
    better: null,
    aliases: [],
    description: 'Legacy fine-tunes: examples trained on so far (grows by batch_size per step).',
    confirmed: true,
  },
  train_reward_mean: {
    kind: 'reward',
    split: 'train',
    better: 'higher',
    aliases: ['train_mean_reward', 'scores/train_reward_mean'],
    description: 'Reinforcement: mean grader reward on the training samples of this step (fluctuates a lot).',
    confirmed: true,
  },
  valid_reward_mean: {
    kind: 'reward',
    split: 'valid',
    better: 'higher',
    aliases: ['full_valid_mean_reward', 'scores/valid_reward_mean'],
    description: 'Reinforcement: mean grader reward on the validation samples (every eval_interval steps).',
    confirmed: true,
  },
  full_valid_mean_parse_error: {
    kind: 'rate',
    split: 'valid',
    better: 'lower',
    aliases: [],
    description: 'Reinforcement: share of validation samples the grader could not parse.',
    confirmed: true,
  },
  reasoning_tokens_mean: {
    kind: 'tokens',
    split: 'train',
    better: null,
    aliases: ['usage/samples/train_reasoning_tokens_mean'],
    description: 'Reinforcement: mean reasoning tokens per sampled training output.',
    confirmed: true,
  },
  completion_tokens_mean: {
    kind: 'tokens',
    split: 'train',
    better: null,
    aliases: [],
    description: 'Reinforcement: mean completion tokens per sampled training output.',
    confirmed: true,
  },
  valid_reasoning_tokens_mean: {
    kind: 'tokens',
    split: 'valid',
    better: null,
    aliases: ['usage/samples/valid_reasoning_tokens_mean'],
    description: 'Reinforcement: mean reasoning tokens per sampled validation output.',
    confirmed: true,
  },
  mean_unresponsive_rewards: {
    kind: 'rate',
    split: 'train',
    better: 'lower',
    aliases: [],
    description: 'Reinforcement: mean reward share lost to unresponsive samples.',
    confirmed: true,
  },
  'timing/step/sampling': {
    kind: 'seconds',
    split: null,
    better: null,
    aliases: ['sampling_duration'],
    description:
      'Reinforcement: seconds spent sampling in this step (Azure CSV sampling_duration, unconfirmed).',
    confirmed: false,
  },
  'timing/step/training': {
    kind: 'seconds',
    split: null,
    better: null,
    aliases: ['training_duration'],
    description:
      'Reinforcement: seconds spent training in this step (Azure CSV training_duration, unconfirmed).',
    confirmed: false,
  },
  'timing/step/eval': {
    kind: 'seconds',
    split: null,
    better: null,
    aliases: ['eval_duration'],
    description:
      'Reinforcement: seconds spent evaluating in this step (Azure CSV eval_duration, unconfirmed).',
    confirmed: false,
  },
  'timing/step/full_iteration': {
    kind: 'seconds',
    split: null,
    better: null,
    aliases: ['total_duration'],
    description: 'Reinforcement: seconds for the whole step (Azure CSV total_duration, unconfirmed).',
    confirmed: false,
  },
} as const satisfies Record<string, MetricDefinition>;

/** A metric name finetune-kit knows and types. */
export type KnownMetricName = keyof typeof METRIC_DEFINITIONS;

/**
 * Any metric name: a known one (autocompleted) or the verbatim key of an extra metric, such as a
 * per-grader reinforcement key (`scores/graders/score_model/Accuracy/train_reward_mean`) or a DPO key.
 */
export type MetricName = KnownMetricName | (string & {});

/** The known metric names in display order. */
export const KNOWN_METRIC_NAMES: readonly KnownMetricName[] = Object.freeze(
  Object.keys(METRIC_DEFINITIONS) as KnownMetricName[],
);

const ALIAS_TO_CANONICAL: ReadonlyMap<string, KnownMetricName> = new Map(
  KNOWN_METRIC_NAMES.flatMap((name) => [
    [name, name] as const,
    ...METRIC_DEFINITIONS[name].aliases.map((alias) => [alias, name] as const),
  ]),
);

/** True when `name` is a canonical known metric name (not an alias). */
export function isKnownMetricName(name: string): name is KnownMetricName {
  return Object.hasOwn(METRIC_DEFINITIONS, name);
}

/**
 * Maps any source key to its canonical name: aliases become their canonical name, Azure's
 * reinforcement error columns lose their redundant `errors/` segment, everything else is returned
 * verbatim (spaces and all).
 *
 * @param key - A key as found in an event (already flattened with `/`), a checkpoint or a CSV header.
 * @returns The canonical known name, or the normalised verbatim key.
 * @example
 * ```ts
 * canonicalMetricName('train_accuracy') // 'train_mean_token_accuracy'
 * canonicalMetricName('errors/graders/score_model/My Grader/errors/train_other_error_mean')
 * // 'errors/graders/score_model/My Grader/train_other_error_mean'
 * ```
 */
export function canonicalMetricName(key: string): MetricName {
  const known = ALIAS_TO_CANONICAL.get(key);
  if (known) return known;
  return normalizeGraderErrorKey(key);
}

/**
 * Azure writes grader error columns as `errors/graders/<type>/<name>/errors/<metric>`, the event data
 * flattens to `errors/graders/<type>/<name>/<metric>`. Both forms become the latter.
 */
function normalizeGraderErrorKey(key: string): string {
  const match = /^(errors\/graders\/[^/]+\/[^/]+)\/errors\/([^/]+)$/.exec(key);
  return match ? `${match[1]}/${match[2]}` : key;
}

/**
 * The definition of a known metric, or a best guess for an extra one from its name (a key ending in
 * `_loss` is a loss, `reward` a reward, `accuracy` an accuracy, `error` a rate).
 *
 * @param name - A canonical or extra metric name.
 * @returns The definition; `confirmed` is false for guesses.
 */
export function metricDefinition(name: MetricName): MetricDefinition {
  if (isKnownMetricName(name)) return METRIC_DEFINITIONS[name];
  const leaf = name.slice(name.lastIndexOf('/') + 1);
  const split: MetricSplit | null = leaf.startsWith('full_valid')
    ? 'full_valid'
    : leaf.startsWith('valid') || leaf.startsWith('eval')
      ? 'valid'
      : leaf.startsWith('train')
        ? 'train'
        : null;
  const guess = (kind: MetricKind, better: 'lower' | 'higher' | null): MetricDefinition => ({
    kind,
    split,
    better,
    aliases: [],
    description: `Extra metric "${name}" kept verbatim from the source.`,
    confirmed: false,
  });
  if (/loss/.test(leaf)) return guess('loss', 'lower');
  if (/error/.test(leaf)) return guess(leaf.endsWith('_count') ? 'count' : 'rate', 'lower');
  if (/accurac/.test(leaf)) return guess('accuracy', 'higher');
  if (/reward|score/.test(leaf)) return guess('reward', 'higher');
  if (/tokens/.test(leaf)) return guess('tokens', null);
  if (/latency|duration|seconds|^sampling$|^training$|^eval$|^full_iteration$/.test(leaf)) {
    return guess('seconds', null);
  }
  return guess(leaf.endsWith('_count') ? 'count' : 'rate', null);
}

/** Sorts metric names: known names in display order first, then extras alphabetically. */
export function compareMetricNames(a: string, b: string): number {
  const ia = KNOWN_METRIC_NAMES.indexOf(a as KnownMetricName);
  const ib = KNOWN_METRIC_NAMES.indexOf(b as KnownMetricName);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib) || 0;
  return a < b ? -1 : a > b ? 1 : 0;
}
