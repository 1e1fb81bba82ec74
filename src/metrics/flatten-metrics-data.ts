/**
 * Flattens nested metrics data (reinforcement events: `scores`, `usage`, `errors`, `timing`,
 * `model_graders_token_usage`) into `/`-joined keys, aligned with Azure's result CSV.
 *
 * @module
 */
import { isRecord } from '../internal/is-record.js';

/** Keys of an event's data that describe the step, not a metric. */
const STEP_KEYS = new Set(['step', 'total_steps']);

/**
 * Escapes a name used as one key segment: `%` and `/` are percent-encoded so the key stays
 * splittable and reversible. Spaces, commas and other characters are kept verbatim.
 *
 * @param name - A grader name or a map key.
 * @returns The segment.
 */
export function encodeKeySegment(name: string): string {
  return name.replaceAll('%', '%25').replaceAll('/', '%2F');
}

/** Reads a number leaf. JSON has no NaN, but some writers send `"NaN"` / `"Infinity"` strings. */
export function numericLeaf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^[+-]?nan$/i.test(text)) return Number.NaN;
  if (/^\+?inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY;
  return undefined;
}

/** The segment of an array item: `<type>/<name>` for named items (graders), else the index. */
function itemSegment(item: unknown, index: number): string {
  if (isRecord(item) && typeof item.name === 'string') {
    const name = encodeKeySegment(item.name);
    return typeof item.type === 'string' && item.type !== ''
      ? `${encodeKeySegment(item.type)}/${name}`
      : name;
  }
  return String(index);
}

function flattenInto(value: unknown, prefix: string, out: [string, number][]): void {
  const leaf = numericLeaf(value);
  if (leaf !== undefined) {
    if (prefix !== '') out.push([prefix, leaf]);
    return;
  }
  if (Array.isArray(value)) {
    const used = new Map<string, number>();
    value.forEach((item, index) => {
      let segment = itemSegment(item, index);
      // Two graders with the same type and name: number the later ones rather than overwrite.
      const count = used.get(segment) ?? 0;
      used.set(segment, count + 1);
      if (count > 0) segment = `${segment}[${count + 1}]`;
      flattenInto(item, prefix === '' ? segment : `${prefix}/${segment}`, out);
    });
    return;
  }
  if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      // String fields (a grader's `name`, `type`, `model`) are labels and fall through as non-metrics.
      flattenInto(child, prefix === '' ? key : `${prefix}/${key}`, out);
    }
  }
  // Strings, booleans and null carry no metric.
}

/**
 * Flattens an event's or checkpoint's `data` object. Numbers (and NaN/Infinity strings) become
 * entries; nested objects join keys with `/` (object keys are kept verbatim, so a DPO key such as
 * `rewards/chosen` stays as it is); arrays of named items (graders) are keyed by `<type>/<name>`
 * instead of their index, with `%` and `/` in names percent-encoded; `step` and `total_steps` are
 * left out.
 *
 * @param data - The `data` of a metrics event, or a checkpoint's `metrics`.
 * @returns `[key, value]` pairs in source order.
 * @example
 * ```ts
 * flattenMetricsData({ step: 3, scores: { graders: [{ name: 'Exact', type: 'string_check', train_reward_mean: 0.5 }] } })
 * // [['scores/graders/string_check/Exact/train_reward_mean', 0.5]]
 * ```
 */
export function flattenMetricsData(data: Readonly<Record<string, unknown>>): [string, number][] {
  const out: [string, number][] = [];
  for (const [key, value] of Object.entries(data)) {
    if (STEP_KEYS.has(key)) continue;
    flattenInto(value, key, out);
  }
  return out;
}
