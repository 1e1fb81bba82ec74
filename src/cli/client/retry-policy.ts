/**
 * How long the CLI keeps retrying: `--max-retries` and `--timeout` turned into the job layer's
 * retry policies, and the line shown for each retry.
 *
 * A single call (list, status, upload, create, …) gives up after 30 s by default, so an unreachable
 * API is reported within seconds instead of after minutes of silent backoff. Following a job keeps
 * the job layer's tolerance of outages (30 min of consecutive failures) unless a flag is given.
 *
 * @module
 */
import type { RetryContext, RetryOptions } from '../../job/index.js';
import { formatWait } from '../ui/format.js';
import { connectionFailureReason } from './observe-retries.js';

/** `--max-retries` and `--timeout`, as given (absent: the defaults apply). */
export interface RetryBudget {
  /** Retries after the first attempt. */
  readonly maxRetries?: number | undefined;
  /** How long one call may keep retrying, in seconds of real time. */
  readonly timeoutSeconds?: number | undefined;
}

/** The two policies of one CLI run. */
export interface CliRetryPolicy {
  /** Single calls: bounded by the budget (30 s by default); every retry is reported. */
  readonly call: RetryOptions;
  /** Following a job: the job layer's defaults unless the budget was given explicitly. */
  readonly watch: RetryOptions;
}

/** Options of {@link cliRetryPolicy}. */
export interface CliRetryPolicyOptions {
  /** The timeout when `--timeout` is not given, in seconds. */
  readonly defaultTimeoutSeconds: number;
  /**
   * The job clock's speed-up (the simulator's): budgets are in real time, the job layer measures
   * them on its clock. @default 1
   */
  readonly speed?: number;
  /** Told before each retry of a single call. */
  readonly onRetry: (context: RetryContext) => void;
}

/**
 * Builds the call and watch policies.
 *
 * @param budget - The flags as given.
 * @param options - Defaults, clock speed and the retry observer.
 */
export function cliRetryPolicy(budget: RetryBudget, options: CliRetryPolicyOptions): CliRetryPolicy {
  const speed = options.speed ?? 1;
  const timeoutMs = (budget.timeoutSeconds ?? options.defaultTimeoutSeconds) * 1000 * speed;
  const explicit: RetryOptions = {
    ...(budget.maxRetries === undefined ? {} : { retries: budget.maxRetries }),
    ...(budget.timeoutSeconds === undefined ? {} : { maxElapsedMs: timeoutMs }),
  };
  return {
    call: { ...explicit, maxElapsedMs: timeoutMs, onRetry: options.onRetry },
    // The live display of a followed job reports its own retries.
    watch: explicit,
  };
}

/** Options of {@link describeCallRetry}. */
export interface DescribeRetryOptions {
  /** The API's base URL, named when it cannot be reached. */
  readonly baseURL: string;
  /** The job clock's speed-up: waits are shown in real time. @default 1 */
  readonly speed?: number;
}

/**
 * The line shown before a call is retried: what failed, why, and how long until the next attempt.
 *
 * @example
 * ```text
 * Cannot reach http://127.0.0.1:9/v1 (ECONNREFUSED) on fineTuning.jobs.list: attempt 1 failed, retrying in 1.0s…
 * ```
 */
export function describeCallRetry(context: RetryContext, options: DescribeRetryOptions): string {
  const wait = formatWait(context.delayMs / (options.speed ?? 1));
  const attempt = `attempt ${context.attempt} failed, retrying in ${wait}…`;
  if (context.status !== null) {
    return `The API answered ${context.status} on ${context.operation}: ${attempt}`;
  }
  const why = context.reason === 'timeout' ? 'timed out' : connectionFailureReason(context.error);
  return `Cannot reach ${options.baseURL} (${why}) on ${context.operation}: ${attempt}`;
}
