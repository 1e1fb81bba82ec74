/**
 * Fallback parser for the text of metrics events, used only when an event carries no `data`:
 * `Step 300/300: training loss=0.15, validation loss=0.27, full validation loss=0.40` (supervised)
 * and `Step 10/20 , train mean reward=0.42, full validation mean reward=0.68, …` (reinforcement,
 * with the space before the comma). Values have 2 decimals only.
 *
 * @module
 */
import { ownMetric } from './metric-record.js';

/** The message label of each value, mapped to the key it has in event data. */
const LABEL_TO_KEY: Readonly<Record<string, string>> = {
  'training loss': 'train_loss',
  'train loss': 'train_loss',
  'validation loss': 'valid_loss',
  'full validation loss': 'full_valid_loss',
  'training accuracy': 'train_mean_token_accuracy',
  'validation accuracy': 'valid_mean_token_accuracy',
  'full validation accuracy': 'full_valid_mean_token_accuracy',
  'train mean reward': 'train_mean_reward',
  'full validation mean reward': 'full_valid_mean_reward',
  'full validation mean parse error': 'full_valid_mean_parse_error',
};

/** What a step message says. */
export interface StepMessage {
  readonly step: number;
  readonly totalSteps: number;
  /** `[key, value]` pairs in message order; unknown labels become `message/<label_with_underscores>`. */
  readonly entries: readonly (readonly [string, number])[];
}

const HEAD = /^\s*Step\s+(\d+)\s*\/\s*(\d+)\s*[:,]\s*(.*)$/s;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseValue(text: string): number | undefined {
  const value = text.trim();
  if (NUMBER.test(value)) return Number(value);
  if (/^[+-]?nan$/i.test(value)) return Number.NaN;
  if (/^\+?inf(inity)?$/i.test(value)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(value)) return Number.NEGATIVE_INFINITY;
  return undefined;
}

/**
 * Parses a `Step N/M: label=value, …` message.
 *
 * @param message - The event's `message`.
 * @returns The step, total and values, or `null` when the text is not a step message.
 * @example
 * ```ts
 * parseStepMessage('Step 100/100: training loss=0.00')
 * // { step: 100, totalSteps: 100, entries: [['train_loss', 0]] }
 * ```
 */
export function parseStepMessage(message: string): StepMessage | null {
  const head = HEAD.exec(message);
  if (!head) return null;
  const step = Number(head[1]);
  const totalSteps = Number(head[2]);
  const entries: [string, number][] = [];
  for (const part of (head[3] ?? '').split(',')) {
    const equals = part.indexOf('=');
    if (equals === -1) {
      if (part.trim() === '') continue;
      return null;
    }
    const label = part.slice(0, equals).trim().toLowerCase().replace(/\s+/g, ' ');
    const value = parseValue(part.slice(equals + 1));
    if (value === undefined) return null;
    entries.push([ownMetric(LABEL_TO_KEY, label) ?? `message/${label.replaceAll(' ', '_')}`, value]);
  }
  return { step, totalSteps, entries };
}
