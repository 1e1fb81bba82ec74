/**
 * The versioned JSON form of `Metrics` (`metrics.toJSON()` / `Metrics.fromJSON()`).
 *
 * JSON has no NaN or Infinity, so those values are written as the strings `"NaN"`, `"Infinity"`
 * and `"-Infinity"`. Coverage is not stored: it is recomputed from the points on read.
 *
 * @module
 */

import { z } from 'zod';
import { documentProblem, metricsIssueSchema } from './document-schema.js';
import { computeCoverage } from './merge-metrics.js';
import { mergeMetricRecords, metricRecord, ownMetric } from './metric-record.js';
import type { MetricsData } from './metrics-data.js';
import { MetricsFormatError } from './metrics-format-error.js';

export { MetricsFormatError } from './metrics-format-error.js';

/** The `format` field of the JSON form. */
export const METRICS_JSON_FORMAT = 'finetune-kit.metrics';
/** The current version of the JSON form. */
export const METRICS_JSON_VERSION = 1;

// A literal union, not z.enum: z.enum's declared type keys its options by value, and a key
// `-Infinity` comes out of the declaration build as the computed key `[-Infinity]`, which
// TypeScript rejects (TS1170) in projects that check library types (`skipLibCheck: false`).
const numberLike = z.union([z.number(), z.literal(['NaN', 'Infinity', '-Infinity'])]);
const source = z.enum(['event', 'checkpoint', 'csv', 'message']);
const nullableNumber = z.number().nullable();

/** Zod schema of the JSON form (version 1). */
export const metricsJsonSchema = z.object({
  format: z.literal(METRICS_JSON_FORMAT),
  version: z.literal(METRICS_JSON_VERSION),
  job: z.object({
    id: z.string().nullable(),
    model: z.string().nullable(),
    status: z.string().nullable(),
    method: z.enum(['supervised', 'dpo', 'reinforcement']).nullable(),
    nEpochs: nullableNumber,
    batchSize: nullableNumber,
    learningRateMultiplier: nullableNumber,
    evalInterval: nullableNumber,
    // Added after version 1 was first written: documents without it read as unknown.
    beta: nullableNumber.default(null),
    trainedTokens: nullableNumber,
    fineTunedModel: z.string().nullable(),
    hasValidationFile: z.boolean().nullable(),
    createdAt: nullableNumber,
    finishedAt: nullableNumber,
  }),
  totalSteps: nullableNumber,
  stepsPerEpoch: nullableNumber,
  epochSource: z.enum(['hyperparameters', 'full_valid', 'checkpoints']).nullable(),
  epochs: z.array(
    z.object({ epoch: z.number(), startStep: z.number(), endStep: z.number(), complete: z.boolean() }),
  ),
  points: z.array(
    z.object({
      step: z.number().int().positive(),
      epoch: nullableNumber,
      values: z.record(z.string(), numberLike),
      sources: z.record(z.string(), source),
    }),
  ),
  checkpoints: z.array(
    z.object({
      id: z.string().nullable(),
      step: z.number().int().positive(),
      epoch: nullableNumber,
      model: z.string().nullable(),
      createdAt: nullableNumber,
      values: z.record(z.string(), numberLike),
    }),
  ),
  mismatches: z.array(
    z.object({ metric: z.string(), steps: z.array(z.number()), maxDifference: z.number() }),
  ),
  issues: z.array(metricsIssueSchema),
});

/** The JSON form of `Metrics` (version 1). */
export type MetricsJson = z.infer<typeof metricsJsonSchema>;

function encodeNumber(value: number): number | 'NaN' | 'Infinity' | '-Infinity' {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return value;
}

function decodeNumber(value: number | 'NaN' | 'Infinity' | '-Infinity'): number {
  return typeof value === 'number' ? value : Number(value);
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, map: (value: T) => U): Record<string, U> {
  return metricRecord(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

/**
 * Writes merged metrics in the JSON form.
 *
 * @param data - Merged metrics.
 * @returns A plain object, ready for `JSON.stringify`.
 */
export function metricsToJson(data: MetricsData): MetricsJson {
  return {
    format: METRICS_JSON_FORMAT,
    version: METRICS_JSON_VERSION,
    job: { ...data.job },
    totalSteps: data.totalSteps,
    stepsPerEpoch: data.stepsPerEpoch,
    epochSource: data.epochSource,
    epochs: data.epochs.map((epoch) => ({ ...epoch })),
    points: data.points.map((point) => ({
      step: point.step,
      epoch: point.epoch,
      values: mapValues(point.values, encodeNumber),
      sources: mergeMetricRecords(point.sources),
    })),
    checkpoints: data.checkpoints.map((checkpoint) => ({
      ...checkpoint,
      values: mapValues(checkpoint.values, encodeNumber),
    })),
    mismatches: data.mismatches.map((mismatch) => ({ ...mismatch, steps: [...mismatch.steps] })),
    issues: data.issues.map((issue) => ({ ...issue })),
  };
}

/**
 * Puts back a metric named `__proto__`: zod leaves that key out of parsed records without checking
 * it, so it is checked and copied here from the raw document.
 */
function withProtoKey<T>(
  parsed: Readonly<Record<string, T>>,
  raw: unknown,
  schema: z.ZodType<T>,
  path: string,
): Readonly<Record<string, T>> {
  const own =
    typeof raw === 'object' && raw !== null ? Object.getOwnPropertyDescriptor(raw, '__proto__') : undefined;
  if (own === undefined) return parsed;
  const checked = schema.safeParse(own.value);
  if (!checked.success) {
    throw new MetricsFormatError(
      `Metrics.fromJSON: invalid metrics JSON at "${path}.__proto__": ${checked.error.issues[0]?.message ?? 'invalid value'}.`,
      `${path}.__proto__`,
    );
  }
  return metricRecord([...Object.entries(parsed), ['__proto__', checked.data] as const]);
}

/**
 * Reads the JSON form back into merged data.
 *
 * @param input - The object from `toJSON()`, or its JSON text.
 * @returns Merged metrics data.
 * @throws {MetricsFormatError} When the input is not valid JSON or not the version-1 form; the
 *   message names the first wrong field.
 */
export function metricsFromJson(input: unknown): MetricsData {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new MetricsFormatError(
        `Metrics.fromJSON: the text is not JSON: ${(error as Error).message}`,
        '',
        { cause: error },
      );
    }
  }
  const parsed = metricsJsonSchema.safeParse(value);
  if (!parsed.success) {
    const { path, message, otherVersion } = documentProblem(parsed.error, value, METRICS_JSON_VERSION);
    const hint =
      otherVersion === undefined
        ? ''
        : ` (version ${otherVersion}; this finetune-kit reads version ${METRICS_JSON_VERSION})`;
    throw new MetricsFormatError(
      `Metrics.fromJSON: invalid metrics JSON at "${path}": ${message}${hint}.`,
      path,
    );
  }
  const json = parsed.data;
  const raw = value as {
    points: { values: unknown; sources: unknown }[];
    checkpoints: { values: unknown }[];
  };
  const points = json.points.map((point, index) => {
    const at = `points[${index}]`;
    const rawPoint = raw.points[index];
    return {
      ...point,
      values: mapValues(
        withProtoKey(point.values, rawPoint?.values, numberLike, `${at}.values`),
        decodeNumber,
      ),
      sources: withProtoKey(point.sources, rawPoint?.sources, source, `${at}.sources`),
    };
  });
  const checkpoints = json.checkpoints.map((checkpoint, index) => ({
    ...checkpoint,
    values: mapValues(
      withProtoKey(
        checkpoint.values,
        raw.checkpoints[index]?.values,
        numberLike,
        `checkpoints[${index}].values`,
      ),
      decodeNumber,
    ),
  }));
  const stepsWith = (names: readonly string[]): number[] =>
    points
      .filter((point) => names.some((name) => ownMetric(point.values, name) !== undefined))
      .map((point) => point.step);
  return {
    job: json.job,
    totalSteps: json.totalSteps,
    stepsPerEpoch: json.stepsPerEpoch,
    epochSource: json.epochSource,
    epochs: json.epochs,
    points,
    checkpoints,
    coverage: computeCoverage(
      points,
      json.totalSteps,
      stepsWith(['valid_loss', 'valid_mean_token_accuracy', 'valid_reward_mean']),
      stepsWith(['full_valid_loss', 'full_valid_mean_token_accuracy']),
      [...new Set(checkpoints.map((checkpoint) => checkpoint.step))].sort((a, b) => a - b),
    ),
    mismatches: json.mismatches,
    issues: json.issues.map(
      (issue) =>
        Object.fromEntries(
          Object.entries(issue).filter(([, field]) => field !== undefined),
        ) as unknown as MetricsData['issues'][number],
    ),
  };
}
