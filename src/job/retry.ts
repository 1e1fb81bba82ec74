/**
 * One retry layer for every call the job layer makes. The SDK's own retries are turned off for these
 * calls (`maxRetries: 0`) so attempts never multiply; p-retry counts attempts and stops on
 * non-transient errors, and the delay (`Retry-After` or backoff) is slept on the injectable clock so
 * tests never wait for real.
 *
 * @module
 */
import pRetry from 'p-retry';
import {
  FinetuneKitAbortError,
  FinetuneKitApiError,
  FinetuneKitError,
  FinetuneKitUsageError,
} from '../errors.js';
import { abortError, linkSignals } from '../internal/abort.js';
import {
  describeError,
  errorCode,
  errorRequestId,
  errorStatus,
  isUserAbortError,
  redactErrorInPlace,
  retryAfterMs,
  type TransientReason,
  transientReason,
} from './api-error.js';
import type { JobClock } from './clock.js';

/**
 * How transient failures (connection errors, timeouts, 408, 409, 429, 5xx) are retried.
 *
 * @example
 * ```ts
 * await FineTuneJob.attach(client, id, { retry: { retries: 20, maxDelayMs: 120_000 } });
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt. @default 8 (watchers: Infinity, bounded by `maxElapsedMs`) */
  readonly retries?: number;
  /** Delay before the first retry when the server gave no `Retry-After`. @default 1000 */
  readonly minDelayMs?: number;
  /** Upper bound of the backoff delay. @default 30_000 */
  readonly maxDelayMs?: number;
  /** Growth factor of the backoff delay. @default 2 */
  readonly factor?: number;
  /** Random share removed from each backoff delay (0 = none, 0.25 = up to 25 % shorter). @default 0.2 */
  readonly jitter?: number;
  /** Upper bound of a delay requested by `Retry-After`; longer requests are capped. @default 600_000 */
  readonly maxRetryAfterMs?: number;
  /** Give up when retrying would go past this much time since the first attempt. @default Infinity */
  readonly maxElapsedMs?: number;
  /** Source of randomness for jitter (tests pass a constant). @default Math.random */
  readonly random?: () => number;
  /**
   * Told before every wait of every call under this policy (with the call's own `onRetry`, if any),
   * so one observer sees all the retries of a client: the CLI prints each with its reason and wait.
   * A throwing observer is ignored.
   */
  readonly onRetry?: ((context: RetryContext) => void) | undefined;
}

/** The retry options with every default filled in (`onRetry` stays optional). */
export type ResolvedRetryOptions = Required<Omit<RetryOptions, 'onRetry'>> & Pick<RetryOptions, 'onRetry'>;

/** Defaults for single calls (create, cancel, uploads, …). */
export const DEFAULT_RETRY: ResolvedRetryOptions = Object.freeze({
  retries: 8,
  minDelayMs: 1000,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 0.2,
  maxRetryAfterMs: 600_000,
  maxElapsedMs: Number.POSITIVE_INFINITY,
  random: Math.random,
});

/**
 * Defaults for a watcher's polls: keep trying through outages for up to 30 minutes of consecutive
 * failures, with delays growing to 60 s.
 */
export const DEFAULT_WATCH_RETRY: ResolvedRetryOptions = Object.freeze({
  ...DEFAULT_RETRY,
  retries: Number.POSITIVE_INFINITY,
  maxDelayMs: 60_000,
  maxElapsedMs: 30 * 60_000,
});

/**
 * Fills defaults and checks values.
 *
 * @throws {FinetuneKitUsageError} Naming the bad option in `option` (e.g. `options.retry.factor`).
 */
export function resolveRetryOptions(
  options: RetryOptions | undefined,
  defaults: ResolvedRetryOptions = DEFAULT_RETRY,
): ResolvedRetryOptions {
  const resolved = { ...defaults, ...stripUndefined(options ?? {}) };
  const nonNegative = ['retries', 'minDelayMs', 'maxDelayMs', 'maxRetryAfterMs', 'maxElapsedMs'] as const;
  for (const key of nonNegative) {
    const value = resolved[key];
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
      throw new FinetuneKitUsageError(
        `options.retry.${key} must be a number ≥ 0, got ${String(value)}.`,
        `options.retry.${key}`,
      );
    }
  }
  if (!(resolved.factor >= 1))
    throw new FinetuneKitUsageError(
      `options.retry.factor must be ≥ 1, got ${resolved.factor}.`,
      'options.retry.factor',
    );
  if (!(resolved.jitter >= 0 && resolved.jitter <= 1)) {
    throw new FinetuneKitUsageError(
      `options.retry.jitter must be between 0 and 1, got ${resolved.jitter}.`,
      'options.retry.jitter',
    );
  }
  if (typeof resolved.random !== 'function')
    throw new FinetuneKitUsageError('options.retry.random must be a function.', 'options.retry.random');
  if (resolved.onRetry !== undefined && typeof resolved.onRetry !== 'function') {
    throw new FinetuneKitUsageError('options.retry.onRetry must be a function.', 'options.retry.onRetry');
  }
  return Object.freeze(resolved);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/**
 * What a retry listener receives before each wait: a frozen snapshot, never the live error state.
 */
export interface RetryContext {
  /** The SDK call that failed, e.g. `fineTuning.jobs.retrieve`. */
  readonly operation: string;
  /** The job, file or upload id the call was about, when there is one. */
  readonly resourceId: string | null;
  /** The attempt that failed, 1-based. */
  readonly attempt: number;
  /** Why it is retried. `rate_limited` at job creation means "waiting for a slot". */
  readonly reason: TransientReason;
  /** The HTTP status, or `null` for connection errors. */
  readonly status: number | null;
  /** How long the next attempt waits, in ms. */
  readonly delayMs: number;
  /** True when the delay came from the server's `Retry-After` / `retry-after-ms`. */
  readonly serverRequested: boolean;
  /** The error of the failed attempt (the SDK's error). */
  readonly error: unknown;
}

/** The backoff delay before retry number `attempt` (1-based), without server hints. */
export function backoffDelay(attempt: number, options: ResolvedRetryOptions): number {
  const base = Math.min(options.maxDelayMs, options.minDelayMs * options.factor ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - options.jitter * options.random()));
}

/** Settings of one retried call. */
export interface RetryCallSettings {
  /** The SDK call, for messages and retry contexts. */
  readonly operation: string;
  /** The id the call is about, for messages. */
  readonly resourceId?: string;
  readonly retry: ResolvedRetryOptions;
  readonly clock: JobClock;
  readonly signal?: AbortSignal | undefined;
  /** Called before each wait; a throwing listener is ignored. */
  readonly onRetry?: ((context: RetryContext) => void) | undefined;
  /** Decides transience; the default is {@link transientReason}. */
  readonly classify?: (error: unknown) => TransientReason | null;
}

/**
 * Runs `call` and retries it on transient failures.
 *
 * @param call - Receives the 1-based attempt number and the attempt's signal (a child of
 *   `settings.signal`, dropped after the attempt so listeners never pile up on a long-lived signal).
 *   It must pass `maxRetries: 0` and that signal to the SDK.
 * @returns What `call` resolved with.
 * @throws {FinetuneKitAbortError} When `signal` aborts (during a call or a wait).
 * @throws {FinetuneKitApiError} When the error is not transient or retries ran out (SDK error as `cause`).
 */
export async function withRetry<T>(
  call: (attempt: number, signal: AbortSignal | undefined) => Promise<T>,
  settings: RetryCallSettings,
): Promise<T> {
  const { retry, clock, signal } = settings;
  const classify = settings.classify ?? transientReason;
  const started = clock.now();
  let attempts = 0;
  let retryDecision = false;
  try {
    return await pRetry(
      async (attempt) => {
        attempts = attempt;
        if (!signal) return call(attempt, undefined);
        const linked = linkSignals(signal);
        try {
          return await call(attempt, linked.signal);
        } finally {
          linked.dispose();
        }
      },
      {
        retries: retry.retries,
        // p-retry never sleeps: we sleep in onFailedAttempt on the injectable clock, honouring Retry-After.
        minTimeout: 0,
        factor: 1,
        signal,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          retryDecision = false;
          redactErrorInPlace(error);
          if (signal?.aborted || isUserAbortError(error)) return;
          const reason = classify(error);
          if (reason === null || retriesLeft <= 0) return;
          const hinted = retryAfterMs(error, clock.now());
          const delayMs =
            hinted === null ? backoffDelay(attemptNumber, retry) : Math.min(hinted, retry.maxRetryAfterMs);
          if (clock.now() - started + delayMs > retry.maxElapsedMs) return;
          retryDecision = true;
          const status = errorStatus(error);
          const context: RetryContext = Object.freeze({
            operation: settings.operation,
            resourceId: settings.resourceId ?? null,
            attempt: attemptNumber,
            reason,
            status: status ?? null,
            delayMs,
            serverRequested: hinted !== null,
            error,
          });
          for (const listener of [retry.onRetry, settings.onRetry]) {
            try {
              listener?.(context);
            } catch {
              // A listener's bug must not change whether we retry.
            }
          }
          await clock.sleep(delayMs, signal);
        },
        shouldRetry: () => retryDecision,
      },
    );
  } catch (error) {
    if (signal?.aborted || isUserAbortError(error) || FinetuneKitAbortError.isInstance(error)) {
      throw abortError(
        signal,
        `${settings.operation}${settings.resourceId ? ` ${settings.resourceId}` : ''}`,
      );
    }
    throw toApiError(error, settings.operation, settings.resourceId, attempts);
  }
}

/**
 * Wraps an SDK error in a {@link FinetuneKitApiError} with a one-line message naming the call, the id
 * and the reason. Errors that already belong to finetune-kit pass through.
 */
function toApiError(
  error: unknown,
  operation: string,
  resourceId: string | undefined,
  attempts: number,
): Error {
  // finetune-kit errors thrown inside a call (e.g. a validation refusal) are already final.
  if (FinetuneKitError.isInstance(error)) return error;
  redactErrorInPlace(error);
  const attemptsText = attempts > 1 ? ` after ${attempts} attempts` : '';
  const subject = resourceId ? `${operation} ${resourceId}` : operation;
  return new FinetuneKitApiError(
    `${subject} failed${attemptsText}: ${describeError(error)}`,
    {
      operation,
      ...(resourceId === undefined ? {} : { resourceId }),
      status: errorStatus(error) ?? null,
      apiCode: errorCode(error),
      requestId: errorRequestId(error),
      attempts: Math.max(1, attempts),
    },
    { cause: error },
  );
}
