/**
 * The typed step point of a `metrics` event, read with the metrics layer's own event parser so a
 * live watcher and `Metrics` agree on every value and name. Only the parser module is imported
 * (not `finetune-kit/metrics` as a whole), so following a job loads no charts or archives.
 *
 * @module
 */
import { parseMetricsEvent } from '../metrics/parse-metrics-event.js';
import type { FineTuneJobEvent } from './normalize.js';

/**
 * One training step's metrics, as reported by a `metrics` event. Metric values are under the
 * metrics layer's canonical metric names (`train_loss`, as in `metrics.series('train_loss')`);
 * the point's own fields are camelCase like the rest of the library (`totalSteps`, `eventId`,
 * `createdAt`). Absent values are `null`, never 0.
 */
export interface JobMetricsPoint {
  /** 1-based training step. */
  readonly step: number;
  /** Steps in the whole job, when the event says. */
  readonly totalSteps: number | null;
  /** Loss on this step's training batch. */
  readonly train_loss: number | null;
  readonly train_mean_token_accuracy: number | null;
  /** Mini-batch validation loss (noisy; prefer `full_valid_loss`). */
  readonly valid_loss: number | null;
  readonly valid_mean_token_accuracy: number | null;
  /** Loss on the whole validation file, at epoch ends. */
  readonly full_valid_loss: number | null;
  readonly full_valid_mean_token_accuracy: number | null;
  /** Reinforcement fine-tuning: mean training reward (`train_mean_reward` on the wire). */
  readonly train_reward_mean: number | null;
  /** Reinforcement fine-tuning: mean validation reward (`full_valid_mean_reward` on the wire). */
  readonly valid_reward_mean: number | null;
  /**
   * Every numeric value of the event: known metrics under their canonical names, anything else
   * verbatim, nested keys joined with `/` (e.g. `timing/step/sampling`).
   */
  readonly values: Readonly<Record<string, number>>;
  /** `data` for full-precision values, `message` when read from the 2-decimal message text. */
  readonly origin: 'data' | 'message';
  /** The id of the event the point came from. */
  readonly eventId: string;
  /** The event's `created_at` (Unix seconds). */
  readonly createdAt: number;
}

const TYPED_KEYS = [
  'train_loss',
  'train_mean_token_accuracy',
  'valid_loss',
  'valid_mean_token_accuracy',
  'full_valid_loss',
  'full_valid_mean_token_accuracy',
  'train_reward_mean',
  'valid_reward_mean',
] as const;

/**
 * Reads the metrics point of an event, or `null` when the event carries no metrics.
 *
 * @param event - A normalised job event.
 * @returns The point, or `null` for status messages, errors and unreadable metrics events.
 * @example
 * ```ts
 * readMetricsPoint(event)?.train_loss // 0.1499…
 * ```
 */
export function readMetricsPoint(event: FineTuneJobEvent): JobMetricsPoint | null {
  const { point } = parseMetricsEvent(event);
  if (!point) return null;
  const values: Record<string, number> = { ...point.extra, ...point.values };
  const typed = Object.fromEntries(TYPED_KEYS.map((key) => [key, values[key] ?? null])) as Record<
    (typeof TYPED_KEYS)[number],
    number | null
  >;
  return Object.freeze({
    step: point.step,
    totalSteps: point.totalSteps,
    ...typed,
    values: Object.freeze(values),
    origin: point.origin,
    eventId: event.id,
    createdAt: event.created_at,
  });
}
