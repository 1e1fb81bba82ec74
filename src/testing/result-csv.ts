/**
 * The result file of a finished job, in the two variants clients meet (docs/internals/metrics-formats.md#result-files):
 * OpenAI's (base64 body, values rounded to 5 decimals and printed like Python floats, empty cells
 * without validation) and Azure's (plain text, full precision, more columns). Reinforcement jobs use
 * Azure's flattened column set in both variants (OpenAI's own RFT columns are not published).
 *
 * @module
 */
import type { GraderSummary } from './grader.js';
import type { SimulatedRewardMetrics, SimulatedStepMetrics } from './wire-types.js';

/**
 * Prints a number the way Python's `repr(round(value, 5))` does: `1.0`, `3.63265`, `6e-05`.
 *
 * @param value - A finite number.
 * @returns Its Python-style text.
 */
export function formatPythonFloat(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  const magnitude = Math.abs(value);
  // Python switches to exponent notation below 1e-4 and from 1e16; JavaScript below 1e-6 and from 1e21.
  if (value !== 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  if (Number.isInteger(value)) return `${value}.0`;
  return String(value);
}

/** One result-file column: its header and how a step's metrics give its value. */
type Column<Metrics> = readonly [header: string, read: (metrics: Metrics) => number | undefined];

/** A value cell: empty when absent; OpenAI's 5 decimals as Python prints them, or Azure's full precision. */
function valueCell(value: number | undefined, variant: 'openai' | 'azure'): string {
  if (value === undefined) return '';
  return variant === 'openai' ? formatPythonFloat(Math.round(value * 1e5) / 1e5) : String(value);
}

/** A CSV cell, quoted when it holds a comma, a quote or a line break (grader names can). */
function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV text: a `step` column then `columns`, one row per step, `\n` line endings. */
function resultTable<Metrics extends { readonly step: number }>(
  steps: readonly Metrics[],
  columns: readonly Column<Metrics>[],
  variant: 'openai' | 'azure',
): string {
  const header = ['step', ...columns.map(([name]) => name)].map(csvCell).join(',');
  const rows = steps.map((metrics) =>
    [String(metrics.step), ...columns.map(([, read]) => valueCell(read(metrics), variant))].join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

/** The supervised metrics of Azure's result file, in column order (each column named after its key). */
const STEP_KEYS = [
  'train_loss',
  'train_mean_token_accuracy',
  'valid_loss',
  'valid_mean_token_accuracy',
  'full_valid_loss',
  'full_valid_mean_token_accuracy',
] as const;

/**
 * The CSV text of a result file.
 *
 * @param steps - The metrics of every step, in step order.
 * @param variant - `openai` or `azure` column set and precision.
 * @returns CSV text with a header row and one row per step, `\n` line endings.
 */
export function buildResultCsv(steps: readonly SimulatedStepMetrics[], variant: 'openai' | 'azure'): string {
  // OpenAI's file has no full-validation columns and heads the training accuracy `train_accuracy`.
  const keys = variant === 'openai' ? STEP_KEYS.slice(0, 4) : STEP_KEYS;
  const columns = keys.map(
    (key): Column<SimulatedStepMetrics> => [
      variant === 'openai' && key === 'train_mean_token_accuracy' ? 'train_accuracy' : key,
      (metrics) => metrics[key],
    ],
  );
  return resultTable(steps, columns, variant);
}

/** A grader's key segment as the metrics module flattens it: `/` and `%` percent-encoded. */
function segment(name: string): string {
  return name.replaceAll('%', '%25').replaceAll('/', '%2F');
}

/**
 * The CSV text of a reinforcement job's result file: headline rewards, token means and step
 * durations, then per grader its rewards (`scores/graders/<type>/<name>/…`) and error rates
 * (`errors/graders/<type>/<name>/errors/…`), as in Azure's files. Validation columns are empty on
 * steps without a validation.
 *
 * @param steps - The metrics of every step, in step order.
 * @param graders - The graders, in the order of the events' `scores.graders`.
 * @param variant - `openai` (5 decimals) or `azure` (full precision).
 * @returns CSV text with a header row and one row per step, `\n` line endings.
 */
export function buildRewardResultCsv(
  steps: readonly SimulatedRewardMetrics[],
  graders: readonly GraderSummary[],
  variant: 'openai' | 'azure',
): string {
  const columns: Column<SimulatedRewardMetrics>[] = [
    ['train_mean_reward', (metrics) => metrics.train_mean_reward],
    ['full_valid_mean_reward', (metrics) => metrics.full_valid_mean_reward],
    ['full_valid_mean_parse_error', (metrics) => metrics.full_valid_mean_parse_error],
    ['completion_tokens_mean', (metrics) => metrics.completion_tokens_mean],
    ['reasoning_tokens_mean', (metrics) => metrics.reasoning_tokens_mean],
    ['valid_reasoning_tokens_mean', (metrics) => metrics.valid_reasoning_tokens_mean],
    ['mean_unresponsive_rewards', (metrics) => metrics.mean_unresponsive_rewards],
    ['sampling_duration', (metrics) => metrics.timing.step.sampling],
    ['training_duration', (metrics) => metrics.timing.step.training],
    ['eval_duration', (metrics) => metrics.timing.step.eval],
    ['total_duration', (metrics) => metrics.timing.step.full_iteration],
  ];
  graders.forEach((grader, index) => {
    const key = `${segment(grader.type)}/${segment(grader.name)}`;
    for (const split of ['train', 'valid'] as const) {
      columns.push([
        `scores/graders/${key}/${split}_reward_mean`,
        (metrics) => metrics.scores.graders[index]?.[`${split}_reward_mean`],
      ]);
    }
    for (const kind of ['sample_parse_error', 'other_error', 'invalid_variable_error']) {
      for (const split of ['train', 'valid'] as const) {
        columns.push([
          `errors/graders/${key}/errors/${split}_${kind}_mean`,
          (metrics) => {
            const value = metrics.errors.graders[index]?.[`${split}_${kind}_mean`];
            return typeof value === 'number' ? value : undefined;
          },
        ]);
      }
    }
  });
  return resultTable(steps, columns, variant);
}

/**
 * Base64 of ASCII/UTF-8 text without Node's `Buffer`, as OpenAI serves result files.
 *
 * @param text - The text to encode.
 */
export function encodeBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}
