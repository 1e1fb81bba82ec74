/**
 * How the simulator turns `'auto'` hyperparameters into numbers once a job runs.
 *
 * `n_epochs` follows the cookbook heuristic (docs/internals/dataset-rules.md#epochs) that `estimateEpochs` implements for
 * cost estimates, so the simulator trains as many epochs as the dataset report predicts. `batch_size` and `learning_rate_multiplier` are simulation choices: the server's rule is
 * not published.
 *
 * @module
 */
import { estimateEpochs } from '../dataset/report/estimate-cost.js';
import type { SimulatedHyperparameters } from './wire-types.js';

/**
 * The simulator's `n_epochs: 'auto'`: the dataset module's {@link estimateEpochs} (the cookbook
 * heuristic: 3 epochs, raised so that small files see at least 100 examples, at most 25 epochs, and
 * lowered so that large files see at most 25,000, at least 1), for a count of at least 1 example.
 *
 * @param examples - Number of training examples; below 1 counts as 1, a fraction is rounded down.
 * @returns The epoch count.
 * @throws {FinetuneKitUsageError} When `examples` is not a finite number (`option` is `examples`).
 * @example
 * ```ts
 * autoEpochs(10) // 10
 * autoEpochs(5_000) // 3
 * autoEpochs(10_000) // 2
 * ```
 */
export function autoEpochs(examples: number): number {
  return estimateEpochs(Math.max(1, Math.floor(examples)));
}

/**
 * The simulator's `batch_size: 'auto'`: 1 below 500 examples, then a power of two that grows with
 * the file (2 at 500, 4 at 1,000, 16 at 4,000), at most 256.
 */
export function autoBatchSize(examples: number): number {
  if (examples < 500) return 1;
  return Math.min(256, 2 ** Math.floor(Math.log2(examples / 250)));
}

/** The hyperparameters of a running job, every `'auto'` replaced by a number. */
export interface ResolvedHyperparameters {
  readonly n_epochs: number;
  readonly batch_size: number;
  readonly learning_rate_multiplier: number;
  readonly beta?: number;
}

/**
 * Resolves requested hyperparameters for a file of `examples` examples.
 *
 * @param requested - As sent (missing keys mean `'auto'`).
 * @param method - `dpo` adds `beta` (auto → 0.1).
 * @param examples - Number of training examples.
 * @param autoLearningRate - The value used for `learning_rate_multiplier: 'auto'`.
 */
export function resolveHyperparameters(
  requested: SimulatedHyperparameters,
  method: 'supervised' | 'dpo' | 'reinforcement',
  examples: number,
  autoLearningRate: number,
): ResolvedHyperparameters {
  const pick = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
  const resolved = {
    n_epochs: pick(requested.n_epochs, autoEpochs(examples)),
    batch_size: pick(requested.batch_size, autoBatchSize(examples)),
    learning_rate_multiplier: pick(requested.learning_rate_multiplier, autoLearningRate),
  };
  return method === 'dpo' ? { beta: pick(requested.beta, 0.1), ...resolved } : resolved;
}
