/**
 * Parses fine-tuning job events into metric points. Lenient: the SDK types `data` as `unknown`, so
 * unknown keys become extras and broken events become issues, never exceptions.
 *
 * @module
 */

import { isRecord } from '../internal/is-record.js';
import { canonicalizeRecord, type MetricRecordValues } from './canonicalize-record.js';
import { flattenMetricsData, numericLeaf } from './flatten-metrics-data.js';
import { type MetricsIssue, metricsIssue } from './issue-codes.js';
import { mergeMetricRecords } from './metric-record.js';
import { parseStepMessage } from './parse-step-message.js';

/**
 * The fields of a `fine_tuning.job.event` that finetune-kit reads. Structural, so the SDK's
 * `FineTuningJobEvent`, an archived event or a hand-made object all fit.
 */
export interface MetricsEventLike {
  readonly id?: string;
  readonly created_at?: number;
  readonly level?: string;
  readonly message?: string;
  readonly type?: string | null;
  readonly data?: unknown;
}

/** One metrics event, parsed. */
export interface ParsedMetricsEvent extends MetricRecordValues {
  readonly id: string | null;
  /** Unix seconds. */
  readonly createdAt: number | null;
  /** 1-based training step. */
  readonly step: number;
  readonly totalSteps: number | null;
  /** `data` for full-precision event data, `message` when values were read from the 2-decimal text. */
  readonly origin: 'data' | 'message';
}

/** The result of parsing one event. */
export interface ParseMetricsEventResult {
  /** The point, or `null` for events that carry no metrics (status messages, errors). */
  readonly point: ParsedMetricsEvent | null;
  readonly issues: readonly MetricsIssue[];
}

function positiveInteger(value: unknown): number | null {
  const number = numericLeaf(value);
  return number !== undefined && Number.isInteger(number) && number > 0 ? number : null;
}

/**
 * Parses one event. Events of `type: "metrics"` (or without a type but with numeric `data.step`)
 * are read from `data`; when `data` is missing or empty, the `Step N/M: …` message is parsed
 * instead (2-decimal values, flagged `event_message_fallback`). Other events give `point: null`.
 *
 * @param event - An event as returned by `client.fineTuning.jobs.listEvents`.
 * @returns The point (or `null`) and issues.
 * @example
 * ```ts
 * parseMetricsEvent({ type: 'metrics', message: 'Step 100/100: training loss=0.00',
 *   data: { step: 100, train_loss: 1.805623287509661e-5, train_mean_token_accuracy: 1.0 } }).point
 * // { step: 100, totalSteps: null, values: { train_loss: 0.0000180…, train_mean_token_accuracy: 1 }, extra: {}, origin: 'data', … }
 * ```
 */
export function parseMetricsEvent(event: MetricsEventLike): ParseMetricsEventResult {
  const id = typeof event.id === 'string' ? event.id : null;
  const createdAt = typeof event.created_at === 'number' ? event.created_at : null;
  const message = typeof event.message === 'string' ? event.message : '';
  const data = isRecord(event.data) ? event.data : null;
  const dataStep = data ? positiveInteger(data.step) : null;
  const isMetricsType = event.type === 'metrics';
  const where = `event ${id ?? '(no id)'}`;
  const idField = id === null ? {} : { id };

  if (data && dataStep !== null && (isMetricsType || event.type == null)) {
    const totalSteps = positiveInteger(data.total_steps);
    const { values, extra, issues } = canonicalizeRecord(flattenMetricsData(data), {
      where: `${where} (step ${dataStep})`,
      step: dataStep,
      ...idField,
    });
    return { point: { id, createdAt, step: dataStep, totalSteps, values, extra, origin: 'data' }, issues };
  }

  const hasData = data !== null && Object.keys(data).length > 0;
  if (!isMetricsType && (hasData || !/^\s*Step\s+\d+\s*\//.test(message))) return { point: null, issues: [] };

  const parsed = parseStepMessage(message);
  if (!parsed || hasData) {
    const why = hasData
      ? 'its data has no positive integer "step"'
      : 'it has no data and its message is not "Step N/M: …"';
    return {
      point: null,
      issues: [
        metricsIssue(
          'event_data_invalid',
          `${where}: metrics event ignored because ${why}: "${message.slice(0, 80)}".`,
          idField,
        ),
      ],
    };
  }
  const { values, extra, issues } = canonicalizeRecord(parsed.entries, {
    where: `${where} (step ${parsed.step})`,
    step: parsed.step,
    ...idField,
  });
  return {
    point: {
      id,
      createdAt,
      step: parsed.step,
      totalSteps: parsed.totalSteps,
      values,
      extra,
      origin: 'message',
    },
    issues: [
      ...issues,
      metricsIssue(
        'event_message_fallback',
        `${where}: no data; step ${parsed.step} read from the message text (values rounded to 2 decimals).`,
        { step: parsed.step, ...idField },
      ),
    ],
  };
}

/** All metric points of a list of events, plus issues. */
export interface ParseMetricsEventsResult {
  /** One point per step, sorted by step. Duplicates of a step are merged, the newest event winning. */
  readonly points: readonly ParsedMetricsEvent[];
  readonly issues: readonly MetricsIssue[];
}

/**
 * Parses a list of events in any order (the API lists newest first; archives store oldest first).
 * When two events report the same step (e.g. after a resume), their values are merged and the one
 * with the later `created_at` (then the later position in `events`) wins each key; a data event
 * always beats a message-text fallback.
 *
 * @param events - Events as returned by the API or stored in an archive.
 * @returns Points sorted by step and issues.
 */
export function parseMetricsEvents(events: Iterable<MetricsEventLike>): ParseMetricsEventsResult {
  const byStep = new Map<number, { point: ParsedMetricsEvent; rank: [number, number, number] }>();
  const issues: MetricsIssue[] = [];
  let index = 0;
  for (const event of events) {
    const result = parseMetricsEvent(event);
    issues.push(...result.issues);
    const point = result.point;
    index += 1;
    if (!point) continue;
    const rank: [number, number, number] = [point.origin === 'data' ? 1 : 0, point.createdAt ?? 0, index];
    const current = byStep.get(point.step);
    if (!current) {
      byStep.set(point.step, { point, rank });
      continue;
    }
    const newer = compareRank(rank, current.rank) > 0;
    const [winner, loser] = newer ? [point, current.point] : [current.point, point];
    byStep.set(point.step, {
      point: {
        ...winner,
        totalSteps: winner.totalSteps ?? loser.totalSteps,
        values: mergeMetricRecords(loser.values, winner.values),
        extra: mergeMetricRecords(loser.extra, winner.extra),
      },
      rank: newer ? rank : current.rank,
    });
  }
  const points = [...byStep.values()].map((entry) => entry.point).sort((a, b) => a.step - b.step);
  return { points, issues };
}

function compareRank(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
