/**
 * What a finished job cost: its `trained_tokens` × the model table's training price, or for
 * reinforcement fine-tuning (billed per hour of training) the table's hourly price × the job's
 * duration, given as an upper bound because the API does not report the billed training time.
 * Never a guess: when a number is missing, `usd` is `null` and `unavailable` says why. It lives in
 * the metrics layer so archives can record it; `FineTuneJob.billedCost()` and `status` use it too. The estimate
 * made before the job started comes along when it is known (the caller's, or the one `finetune-kit
 * run` records in the job's metadata).
 *
 * Prices: https://developers.openai.com/api/docs/pricing (fine-tuning), through the model table
 * (`src/models/model-table.ts`); override them with `models` for Azure or a negotiated price.
 *
 * @module
 */
import { TERMINAL_JOB_STATUSES } from '../internal/terminal-job-statuses.js';
import { type ModelTableOverrides, safeResolveModel } from '../models/index.js';

/** The metadata key where `finetune-kit run` records the cost estimated before the job started. */
export const ESTIMATE_METADATA_KEY = 'finetune_kit_estimate_usd';

/**
 * The fields of a job object the cost needs (a `FineTuneJob` snapshot, an archived job, or the API's
 * object as is).
 */
export interface BillableJob {
  readonly status: string;
  readonly model: string;
  readonly created_at: number;
  readonly finished_at?: number | null | undefined;
  readonly trained_tokens?: number | null | undefined;
  readonly method?: { readonly type?: string | undefined } | null | undefined;
  readonly metadata?: Readonly<Record<string, string>> | null | undefined;
}

/** Why {@link BilledCost.usd} is `null`. */
export type BilledCostUnavailableReason =
  /** The job has no `trained_tokens` (it failed or was cancelled before the count, or the API omitted it). */
  | 'no_trained_tokens'
  /** The model is not in the model table. */
  | 'unknown_model'
  /** The model table has no price for this model and billing unit. */
  | 'unknown_price'
  /** Reinforcement: the job has no `finished_at` to measure its duration. */
  | 'no_duration';

/** The billed cost of a finished job. */
export interface BilledCost {
  /** USD, rounded to a millionth; for hourly billing an upper bound (see `upperBound`); `null` with `unavailable`. */
  readonly usd: number | null;
  /** What the job is billed by: trained tokens, or hours of training (reinforcement). */
  readonly unit: 'tokens' | 'hours';
  /** The job's `trained_tokens`, or `null` when the API gave none. */
  readonly trainedTokens: number | null;
  /** Hourly billing: hours from `created_at` to `finished_at`; `null` for token billing. */
  readonly hours: number | null;
  /** USD per 1M tokens, or per hour, from the model table; `null` when unknown. */
  readonly pricePerUnit: number | null;
  /**
   * True for hourly billing: the duration includes queueing and validation, which OpenAI does not
   * bill, so the real charge is at most `usd` (grader tokens are billed on top).
   */
  readonly upperBound: boolean;
  /** The estimate made before the job started, when known, in USD. */
  readonly estimateUsd: number | null;
  /** Why `usd` is `null`, or `null`. */
  readonly unavailable: BilledCostUnavailableReason | null;
  /** One line for people: the cost and how it was computed, or why there is none. */
  readonly note: string;
}

/** Options of {@link computeBilledCost}. */
export interface BilledCostOptions {
  /** Entries that add to or override the model table (prices for Azure, new snapshots). */
  readonly models?: ModelTableOverrides;
  /**
   * The estimate made before the job started, in USD. @default the job's
   * `metadata.finetune_kit_estimate_usd`, when it holds a number
   */
  readonly estimateUsd?: number | null;
}

const roundUsd = (value: number): number => Math.round(value * 1e6) / 1e6;

function formatUsd(value: number): string {
  return value >= 1 ? `$${value.toFixed(2)}` : `$${Number(value.toPrecision(3))}`;
}

/** The estimate recorded in the job's metadata, when it is a finite number ≥ 0. */
export function recordedEstimate(job: Pick<BillableJob, 'metadata'>): number | null {
  const raw = job.metadata?.[ESTIMATE_METADATA_KEY];
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * The billed cost of a job, or `null` while it has not finished.
 *
 * @param job - A job snapshot (`job.job`, or a normalised API object).
 * @param options - Model table overrides and the estimate.
 * @returns The cost; `usd` is `null` (with `unavailable`) when a number is missing.
 * @example
 * ```ts
 * computeBilledCost(done) // { usd: 0.49398, unit: 'tokens', trainedTokens: 164660, pricePerUnit: 3, … }
 * ```
 */
export function computeBilledCost(job: BillableJob, options: BilledCostOptions = {}): BilledCost | null {
  if (!(TERMINAL_JOB_STATUSES as readonly string[]).includes(job.status)) return null;
  const estimateUsd = options.estimateUsd === undefined ? recordedEstimate(job) : options.estimateUsd;
  const trainedTokens =
    typeof job.trained_tokens === 'number' && Number.isFinite(job.trained_tokens) ? job.trained_tokens : null;
  const model = safeResolveModel(job.model, options.models ? { models: options.models } : {});
  const hourly = job.method?.type === 'reinforcement';
  const unit = hourly ? ('hours' as const) : ('tokens' as const);
  const estimateText = estimateUsd === null ? '' : ` (estimated ${formatUsd(estimateUsd)} before it started)`;
  const base = { unit, trainedTokens, estimateUsd, upperBound: hourly };
  const unavailable = (
    reason: BilledCostUnavailableReason,
    note: string,
    pricePerUnit: number | null = null,
  ): BilledCost => ({
    ...base,
    usd: null,
    hours: null,
    pricePerUnit,
    unavailable: reason,
    note: `${note}${estimateText}.`,
  });
  if (!model) return unavailable('unknown_model', `Cost unknown: ${job.model} is not in the model table`);
  if (hourly) {
    const price = model.trainingPricePerHour ?? null;
    if (price === null) {
      return unavailable(
        'unknown_price',
        `Cost unknown: reinforcement fine-tuning is billed per training hour, and the model table has no hourly price for ${model.snapshot}`,
      );
    }
    if (typeof job.finished_at !== 'number' || !(job.created_at > 0)) {
      return unavailable('no_duration', 'Cost unknown: the job reports no finish time to measure', price);
    }
    const hours = Math.max(0, job.finished_at - job.created_at) / 3600;
    const usd = roundUsd(hours * price);
    return {
      ...base,
      usd,
      hours,
      pricePerUnit: price,
      unavailable: null,
      note: `At most ${formatUsd(usd)}: ${hours.toFixed(2)} h from creation to finish × $${price}/h (OpenAI bills training time only, and grader tokens on top)${estimateText}.`,
    };
  }
  const price = model.trainingPricePer1M;
  if (trainedTokens === null) {
    return unavailable(
      'no_trained_tokens',
      `Cost unknown: the job reports no trained tokens (status: ${job.status})`,
      price,
    );
  }
  if (price === null)
    return unavailable(
      'unknown_price',
      `Cost unknown: the model table has no training price for ${model.snapshot}`,
    );
  const usd = roundUsd((trainedTokens * price) / 1e6);
  return {
    ...base,
    usd,
    hours: null,
    pricePerUnit: price,
    unavailable: null,
    note: `${formatUsd(usd)}: ${trainedTokens.toLocaleString('en-US')} trained tokens × $${price}/1M${estimateText}.`,
  };
}
