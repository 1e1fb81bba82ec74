/**
 * The typed step point of a `metrics` event. Lenient: `data` is `unknown` in the SDK, so every
 * numeric leaf is kept (nested RFT data flattened with `/`), the headline metrics get typed fields,
 * and a metrics event without usable `data` falls back to its `Step N/M: …` message (2 decimals).
 *
 * @module
 */
import type { FineTuneJobEvent } from './normalize.js';

/** One training step's metrics, as reported by a `metrics` event. Absent values are `null`, never 0. */
export interface JobMetricsPoint {
  /** 1-based training step. */
  readonly step: number;
  /** Steps in the whole job, when the event says. */
  readonly total_steps: number | null;
  /** Loss on this step's training batch. */
  readonly train_loss: number | null;
  readonly train_mean_token_accuracy: number | null;
  /** Mini-batch validation loss (noisy; prefer `full_valid_loss`). */
  readonly valid_loss: number | null;
  readonly valid_mean_token_accuracy: number | null;
  /** Loss on the whole validation file, at epoch ends. */
  readonly full_valid_loss: number | null;
  readonly full_valid_mean_token_accuracy: number | null;
  /** Reinforcement fine-tuning: mean training reward. */
  readonly train_mean_reward: number | null;
  /** Reinforcement fine-tuning: mean reward on the validation set. */
  readonly full_valid_mean_reward: number | null;
  /** Every numeric value of the event, nested keys joined with `/` (e.g. `timing/step/sampling`). */
  readonly values: Readonly<Record<string, number>>;
  /** `data` for full-precision values, `message` when read from the 2-decimal message text. */
  readonly origin: 'data' | 'message';
  /** The id of the event the point came from. */
  readonly event_id: string;
  /** The event's `created_at` (Unix seconds). */
  readonly created_at: number;
}

const TYPED_KEYS = [
  'train_loss',
  'train_mean_token_accuracy',
  'valid_loss',
  'valid_mean_token_accuracy',
  'full_valid_loss',
  'full_valid_mean_token_accuracy',
  'train_mean_reward',
  'full_valid_mean_reward',
] as const;

// Message labels (OPENAI_API_FACTS §6.2, METRICS_FORMATS §1) → data keys.
const MESSAGE_LABELS: Readonly<Record<string, string>> = {
  'training loss': 'train_loss',
  'validation loss': 'valid_loss',
  'full validation loss': 'full_valid_loss',
  'train mean reward': 'train_mean_reward',
  'full validation mean reward': 'full_valid_mean_reward',
  'full validation mean parse error': 'full_valid_mean_parse_error',
};

const STEP_MESSAGE = /^\s*Step\s+(\d+)\s*\/\s*(\d+)\s*(?:,|:)?(.*)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix: string, into: Record<string, number>): void {
  if (typeof value === 'number') {
    if (prefix) into[prefix] = value;
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      // Grader arrays are keyed by `<type>/<name>` when the items say so (METRICS_FORMATS §5.2).
      const key =
        isRecord(item) && typeof item.name === 'string'
          ? `${typeof item.type === 'string' ? `${item.type}/` : ''}${item.name.replaceAll('/', '%2F')}`
          : String(index);
      flatten(item, prefix ? `${prefix}/${key}` : key, into);
    });
    return;
  }
  if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}/${key}` : key, into);
  }
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

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
  const values: Record<string, number> = {};
  let step: number | null = null;
  let totalSteps: number | null = null;
  let origin: JobMetricsPoint['origin'] = 'data';
  const data = isRecord(event.data) ? event.data : null;
  if (data && positiveInteger(data.step) !== null && (event.type === 'metrics' || event.type === 'message')) {
    if (event.type !== 'metrics' && !/^\s*Step\s+\d/.test(event.message)) return null;
    flatten(data, '', values);
    step = positiveInteger(data.step);
    totalSteps = positiveInteger(data.total_steps);
  } else if (event.type === 'metrics') {
    const match = STEP_MESSAGE.exec(event.message);
    if (!match) return null;
    origin = 'message';
    step = Number(match[1]);
    totalSteps = Number(match[2]);
    for (const part of (match[3] ?? '').split(',')) {
      const [label, raw] = part.split('=');
      const key = label ? MESSAGE_LABELS[label.trim().toLowerCase()] : undefined;
      const number = raw === undefined ? Number.NaN : Number(raw.trim());
      if (key && Number.isFinite(number)) values[key] = number;
    }
  } else {
    return null;
  }
  if (step === null) return null;
  const typed = Object.fromEntries(TYPED_KEYS.map((key) => [key, values[key] ?? null])) as Record<
    (typeof TYPED_KEYS)[number],
    number | null
  >;
  return Object.freeze({
    step,
    total_steps: totalSteps,
    ...typed,
    values: Object.freeze(values),
    origin,
    event_id: event.id,
    created_at: event.created_at,
  });
}
