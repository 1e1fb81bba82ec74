/**
 * Turns the flat key/value pairs of one source record (an event's data, a checkpoint's metrics, a
 * CSV row) into canonical known values plus verbatim extras.
 *
 * @module
 */
import { type MetricsIssue, metricsIssue } from './issue-codes.js';
import {
  canonicalMetricName,
  isKnownMetricName,
  type KnownMetricName,
  METRIC_DEFINITIONS,
} from './metric-names.js';
import { metricRecord } from './metric-record.js';

/** Values of one record: known metrics under their canonical names, everything else verbatim. */
export interface MetricRecordValues {
  readonly values: Partial<Record<KnownMetricName, number>>;
  readonly extra: Readonly<Record<string, number>>;
}

/** Where the record came from, for issue messages. */
export interface RecordContext {
  /** e.g. `event ftevent-abc (step 12)` or `CSV row 4`. */
  readonly where: string;
  readonly step?: number;
  readonly row?: number;
  readonly id?: string;
}

/** Rank of a source key for its canonical name: the canonical name itself first, then aliases in table order. */
function aliasRank(canonical: KnownMetricName, key: string): number {
  if (key === canonical) return -1;
  return (METRIC_DEFINITIONS[canonical].aliases as readonly string[]).indexOf(key);
}

function sameValue(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Canonicalises one record. When two names of one metric disagree (e.g. `full_valid_mean_reward`
 * and `scores/valid_reward_mean`), the preferred name wins and the other value is kept verbatim in
 * `extra`, with an `alias_conflict` issue, so nothing is ever dropped.
 *
 * @param entries - Flat `[key, value]` pairs in source order.
 * @param context - Where the record comes from, for issue messages.
 * @returns The values and any issues.
 */
export function canonicalizeRecord(
  entries: Iterable<readonly [string, number]>,
  context: RecordContext,
): MetricRecordValues & { readonly issues: readonly MetricsIssue[] } {
  const chosen = new Map<KnownMetricName, { key: string; value: number }>();
  const extra = metricRecord<number>();
  const losers: [string, number, KnownMetricName, string][] = [];
  for (const [key, value] of entries) {
    const canonical = canonicalMetricName(key);
    if (!isKnownMetricName(canonical)) {
      extra[canonical] = value;
      continue;
    }
    const current = chosen.get(canonical);
    if (!current) {
      chosen.set(canonical, { key, value });
      continue;
    }
    const keepNew = aliasRank(canonical, key) < aliasRank(canonical, current.key);
    const [winner, loser] = keepNew ? [{ key, value }, current] : [current, { key, value }];
    chosen.set(canonical, winner);
    if (!sameValue(winner.value, loser.value)) losers.push([loser.key, loser.value, canonical, winner.key]);
  }
  const issues: MetricsIssue[] = [];
  for (const [key, value, canonical, winnerKey] of losers) {
    extra[key] = value;
    const fields = {
      column: key,
      ...(context.step === undefined ? {} : { step: context.step }),
      ...(context.row === undefined ? {} : { row: context.row }),
      ...(context.id === undefined ? {} : { id: context.id }),
    };
    issues.push(
      metricsIssue(
        'alias_conflict',
        `${context.where}: "${key}" (${value}) disagrees with "${winnerKey}" (${chosen.get(canonical)?.value}) for ${canonical}; ` +
          `using "${winnerKey}", keeping "${key}" as an extra metric.`,
        fields,
      ),
    );
  }
  const values: Partial<Record<KnownMetricName, number>> = metricRecord<number>();
  for (const [name, { value }] of chosen) values[name] = value;
  return { values, extra, issues };
}
