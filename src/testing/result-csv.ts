/**
 * The result file of a finished job, in the two variants clients meet (METRICS_FORMATS §3):
 * OpenAI's (base64 body, values rounded to 5 decimals and printed like Python floats, empty cells
 * without validation) and Azure's (plain text, full precision, more columns).
 *
 * @module
 */
import type { SimulatedStepMetrics } from './wire-types.js';

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

function round5(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

/**
 * The CSV text of a result file.
 *
 * @param steps - The metrics of every step, in step order.
 * @param variant - `openai` or `azure` column set and precision.
 * @returns CSV text with a header row and one row per step, `\n` line endings.
 */
export function buildResultCsv(steps: readonly SimulatedStepMetrics[], variant: 'openai' | 'azure'): string {
  const cell = (value: number | undefined) =>
    value === undefined ? '' : variant === 'openai' ? formatPythonFloat(round5(value)) : String(value);
  if (variant === 'openai') {
    const rows = steps.map((metrics) =>
      [
        String(metrics.step),
        cell(metrics.train_loss),
        cell(metrics.train_mean_token_accuracy),
        cell(metrics.valid_loss),
        cell(metrics.valid_mean_token_accuracy),
      ].join(','),
    );
    return ['step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy', ...rows].join('\n') + '\n';
  }
  const rows = steps.map((metrics) =>
    [
      String(metrics.step),
      cell(metrics.train_loss),
      cell(metrics.train_mean_token_accuracy),
      cell(metrics.valid_loss),
      cell(metrics.valid_mean_token_accuracy),
      cell(metrics.full_valid_loss),
      cell(metrics.full_valid_mean_token_accuracy),
    ].join(','),
  );
  const header =
    'step,train_loss,train_mean_token_accuracy,valid_loss,valid_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy';
  return [header, ...rows].join('\n') + '\n';
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
