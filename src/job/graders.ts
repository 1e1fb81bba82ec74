/**
 * The graders API (`fineTuning.alpha.graders`): check a grader and try it on a sample before paying
 * for a reinforcement fine-tuning job. Both calls go through the job layer's retry policy and
 * error mapping; the answer of `run` is read into the grader core's {@link GradeResult} (camelCase,
 * lenient about missing fields), the same shape `gradeSample` returns locally.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import type { GradeResult, Grader, GraderSample } from '../graders/types.js';
import { fromRunGraderResponse } from '../graders/wire.js';
import { isRecord } from '../internal/is-record.js';
import {
  assertClient,
  type CallContext,
  type FineTuningClient,
  retrySettings,
  type SdkRequestOptions,
  sdkOptions,
} from './client.js';
import { type JobClock, systemClock } from './clock.js';
import {
  DEFAULT_RETRY,
  type RetryContext,
  type RetryOptions,
  resolveRetryOptions,
  withRetry,
} from './retry.js';

/** Options of {@link validateGrader} and {@link runGrader}. */
export interface GraderCallOptions {
  readonly signal?: AbortSignal;
  /** Retry policy of the call. @default 8 retries with backoff */
  readonly retry?: RetryOptions;
  /** Told before each retry. */
  readonly onRetry?: (context: RetryContext) => void;
  /** Clock of the backoff waits (tests pass a fake one). @default systemClock */
  readonly clock?: JobClock;
  /** Per-request SDK options (timeout, headers). */
  readonly requestOptions?: SdkRequestOptions;
}

/** What {@link runGrader} grades. */
export interface RunGraderParams {
  /** The grader, as a reinforcement job would take it. */
  readonly grader: Grader;
  /**
   * The model's answer: a string (the API's `model_sample`; `output_json` is filled when it is
   * JSON), or a sample whose `output_text` (else `output_json`, as JSON) is sent.
   */
  readonly sample?: string | GraderSample;
  /** The API's name for `sample` as a string; give one of the two. */
  readonly modelSample?: string;
  /** The dataset item (`{{item.*}}`). @default none */
  readonly item?: Readonly<Record<string, unknown>>;
}

interface GradersResource {
  validate(body: unknown, options?: unknown): Promise<unknown>;
  run(body: unknown, options?: unknown): Promise<unknown>;
}

function callContext(client: FineTuningClient, options: GraderCallOptions): CallContext {
  return {
    client,
    clock: options.clock ?? systemClock,
    retry: resolveRetryOptions(options.retry, DEFAULT_RETRY),
    signal: options.signal,
    onRetry: options.onRetry,
    requestOptions: options.requestOptions,
  };
}

function gradersResource(client: unknown): GradersResource {
  assertClient(client, ['fineTuning']);
  const graders = (client as { fineTuning: { alpha?: { graders?: Partial<GradersResource> } } }).fineTuning
    .alpha?.graders;
  if (typeof graders?.run !== 'function' || typeof graders.validate !== 'function') {
    throw new FinetuneKitUsageError(
      'This version of `openai` has no fineTuning.alpha.graders: update the `openai` package.',
      'client',
    );
  }
  return graders as GradersResource;
}

function assertGrader(grader: unknown): void {
  if (!isRecord(grader) || typeof grader.type !== 'string')
    throw new FinetuneKitUsageError('grader must be a grader object with a type.', 'grader');
}

/** The `model_sample` string of the params. */
function modelSampleOf(params: RunGraderParams): string {
  const { sample, modelSample } = params;
  if (sample !== undefined && modelSample !== undefined)
    throw new FinetuneKitUsageError('Give params.sample or params.modelSample, not both.', 'params.sample');
  if (typeof modelSample === 'string') return modelSample;
  if (typeof sample === 'string') return sample;
  if (isRecord(sample)) {
    if (typeof sample.output_text === 'string') return sample.output_text;
    if (sample.output_json !== undefined) return JSON.stringify(sample.output_json);
  }
  throw new FinetuneKitUsageError(
    'params.sample must be a string or a sample with output_text or output_json.',
    'params.sample',
  );
}

/**
 * Checks a grader on the graders API (`POST /fine_tuning/alpha/graders/validate`).
 *
 * @param client - The `openai` client.
 * @param grader - The grader.
 * @param options - Signal, retry policy, request options.
 * @returns The grader as the API validated it.
 * @throws {FinetuneKitApiError} 400 when the grader is invalid: `param` names the field.
 * @throws {FinetuneKitAbortError} When `signal` aborts.
 * @example
 * ```ts
 * await validateGrader(client, { type: 'string_check', name: 'exact', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' });
 * ```
 */
export async function validateGrader(
  client: FineTuningClient,
  grader: Grader,
  options: GraderCallOptions = {},
): Promise<Grader> {
  const graders = gradersResource(client);
  assertGrader(grader);
  const context = callContext(client, options);
  const response = await withRetry(
    (_attempt, signal) => graders.validate({ grader }, sdkOptions(context, signal)),
    retrySettings(context, 'fineTuning.alpha.graders.validate'),
  );
  return (isRecord(response) && isRecord(response.grader) ? response.grader : grader) as Grader;
}

/**
 * Runs a grader on one sample on the graders API (`POST /fine_tuning/alpha/graders/run`).
 *
 * @param client - The `openai` client.
 * @param params - The grader, the sample and the item.
 * @param options - Signal, retry policy, request options.
 * @returns The reward, sub-rewards, error flags and token usage. A grader that fails on this sample
 *   (a missing template variable, an unparsable model answer) is a result with its flags set.
 * @throws {FinetuneKitApiError} 400 when the grader or the request is invalid.
 * @throws {FinetuneKitUsageError} When neither or both of `sample` and `modelSample` are given.
 * @example
 * ```ts
 * const result = await runGrader(client, { grader, sample: 'Paris', item: { answer: 'Paris' } });
 * result.reward; // 1
 * ```
 */
export async function runGrader(
  client: FineTuningClient,
  params: RunGraderParams,
  options: GraderCallOptions = {},
): Promise<GradeResult> {
  const graders = gradersResource(client);
  if (!isRecord(params)) throw new FinetuneKitUsageError('params must be an object.', 'params');
  assertGrader(params.grader);
  const body = {
    grader: params.grader,
    model_sample: modelSampleOf(params),
    ...(params.item === undefined ? {} : { item: params.item }),
  };
  const context = callContext(client, options);
  const response = await withRetry(
    (_attempt, signal) => graders.run(body, sdkOptions(context, signal)),
    retrySettings(context, 'fineTuning.alpha.graders.run'),
  );
  return fromRunGraderResponse(response);
}
