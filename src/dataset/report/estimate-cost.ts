/**
 * Epochs, billed tokens and cost of a fine-tuning job (docs/dataset.md).
 *
 * @module
 */
import { FinetuneKitUsageError } from '../../errors.js';
import type { ResolvedModel } from '../../models/index.js';
import type { TrainingMethod } from '../types.js';
import { formatInteger, formatUsd } from './format-number.js';

/** The OpenAI cookbook's constants for the default (`n_epochs: "auto"`) epoch count. */
export const EPOCH_HEURISTIC = Object.freeze({
  targetEpochs: 3,
  minTargetExamples: 100,
  maxTargetExamples: 25_000,
  minDefaultEpochs: 1,
  maxDefaultEpochs: 25,
});

/**
 * The epoch count OpenAI picks for `n_epochs: "auto"`, by the cookbook's heuristic (that the server
 * uses the same rule is unconfirmed): 3 epochs, raised so that small files are seen about 100 times
 * (at most 25 epochs), lowered so that large files are seen about 25,000 times (at least 1 epoch).
 *
 * | examples | 1–4 | 5 | 10 | 33 | 34–8,333 | 8,334 | 10,000 | ≥ 25,001 |
 * |---|---|---|---|---|---|---|---|---|
 * | epochs | 25 | 20 | 10 | 3 | 3 | 2 | 2 | 1 |
 *
 * @param examples - Number of training examples (a positive integer).
 * @returns The epoch count.
 * @throws {FinetuneKitUsageError} When `examples` is not a positive integer (`option`: `examples`).
 * @example
 * ```ts
 * estimateEpochs(10) // 10
 * ```
 */
export function estimateEpochs(examples: number): number {
  if (!Number.isInteger(examples) || examples < 1) {
    throw new FinetuneKitUsageError(
      `estimateEpochs(examples): examples must be a positive integer, got ${examples}.`,
      'examples',
    );
  }
  const { targetEpochs, minTargetExamples, maxTargetExamples, minDefaultEpochs, maxDefaultEpochs } =
    EPOCH_HEURISTIC;
  if (examples * targetEpochs < minTargetExamples) {
    return Math.min(maxDefaultEpochs, Math.floor(minTargetExamples / examples));
  }
  if (examples * targetEpochs > maxTargetExamples) {
    return Math.max(minDefaultEpochs, Math.floor(maxTargetExamples / examples));
  }
  return targetEpochs;
}

/** Why a cost could not be given in USD. */
export type CostUnavailableReason =
  | 'no_model'
  | 'unknown_model'
  | 'unknown_price'
  | 'billed_by_time'
  | 'no_examples';

/** The estimate of a training job. */
export interface CostEstimate {
  /** Epochs: the user's `n_epochs`, or the cookbook heuristic; `null` without examples. */
  readonly epochs: number | null;
  /** Where `epochs` comes from. */
  readonly epochsSource: 'hyperparameters' | 'heuristic' | null;
  /** Tokens billed per epoch: Σ min(limit, tokens(example)) (validation files are free). */
  readonly billablePerEpoch: number;
  /** `epochs × billablePerEpoch`, or `null` without epochs. */
  readonly billedTokens: number | null;
  /** Training price used, USD per 1M tokens, or `null`. */
  readonly pricePer1M: number | null;
  /** `billedTokens × pricePer1M / 1e6`, rounded to a millionth of a dollar; `null` with a reason. */
  readonly costUsd: number | null;
  /** Why `costUsd` is `null`, or `null` when it is known. */
  readonly costUnavailable: CostUnavailableReason | null;
  /** One line for people: the cost, or why there is none. */
  readonly note: string;
}

/** Inputs of {@link estimateCost}. */
export interface EstimateCostInput {
  /** Number of examples. */
  readonly examples: number;
  /** Σ min(limit, tokens) over the examples. */
  readonly billablePerEpoch: number;
  /** The user's `n_epochs` when it is a valid number; `undefined` or `"auto"` for the heuristic. */
  readonly nEpochs?: number | 'auto' | undefined;
  /** The resolved model, `null` when unknown, `undefined` when none was given. */
  readonly model: ResolvedModel | null | undefined;
  /** The model name as given, for messages. */
  readonly modelName?: string | undefined;
  readonly method: TrainingMethod | null;
}

/**
 * Epochs, billed tokens and USD cost. Never returns a silent 0: when the cost cannot be computed,
 * `costUsd` is `null` and `costUnavailable` says why (no model, unknown model or price, or
 * reinforcement fine-tuning, which is billed per training hour).
 *
 * @example
 * ```ts
 * estimateCost({ examples: 5, billablePerEpoch: 8233, model: resolveModel('gpt-4o-mini'), method: 'supervised' })
 * // { epochs: 20, billedTokens: 164660, costUsd: 0.49398, ... }
 * ```
 */
export function estimateCost(input: EstimateCostInput): CostEstimate {
  const { examples, billablePerEpoch, model, method } = input;
  const fromUser = typeof input.nEpochs === 'number';
  const epochs = fromUser ? (input.nEpochs as number) : examples > 0 ? estimateEpochs(examples) : null;
  const billedTokens = epochs === null ? null : epochs * billablePerEpoch;
  const base = {
    epochs,
    epochsSource: epochs === null ? null : fromUser ? ('hyperparameters' as const) : ('heuristic' as const),
    billablePerEpoch,
    billedTokens,
  };
  const unavailable = (
    reason: CostUnavailableReason,
    note: string,
    pricePer1M: number | null = null,
  ): CostEstimate => ({
    ...base,
    pricePer1M,
    costUsd: null,
    costUnavailable: reason,
    note,
  });
  if (
    method === 'reinforcement' ||
    (model && model.trainingPricePer1M === null && model.trainingPricePerHour)
  ) {
    const hourly = model?.trainingPricePerHour;
    return unavailable(
      'billed_by_time',
      `Reinforcement fine-tuning is billed per hour of training${hourly ? ` ($${hourly}/hour on ${model?.snapshot})` : ''} plus grader tokens, so its cost cannot be estimated from tokens.`,
    );
  }
  if (model === undefined) return unavailable('no_model', 'No model given: pass `model` to price the job.');
  if (model === null) {
    return unavailable(
      'unknown_model',
      `Unknown model "${input.modelName ?? ''}": add it with \`models\` (price per 1M training tokens) to price the job.`,
    );
  }
  if (model.trainingPricePer1M === null) {
    return unavailable(
      'unknown_price',
      `The training price of ${model.snapshot} is unknown; pass it with \`models\` to price the job.`,
    );
  }
  if (billedTokens === null) {
    return unavailable('no_examples', 'No examples to price.', model.trainingPricePer1M);
  }
  const costUsd = Math.round(((billedTokens * model.trainingPricePer1M) / 1_000_000) * 1e6) / 1e6;
  return {
    ...base,
    pricePer1M: model.trainingPricePer1M,
    costUsd,
    costUnavailable: null,
    note: `${formatInteger(billedTokens)} tokens (${formatInteger(billablePerEpoch)} × ${epochs} epochs) at $${model.trainingPricePer1M}/1M on ${model.snapshot}: about ${formatUsd(costUsd)}.`,
  };
}
