import { APIConnectionError, APIConnectionTimeoutError } from 'openai';
import { describe, expect, it } from 'vitest';
import { cliRetryPolicy, describeCallRetry } from '../../../src/cli/client/retry-policy.js';
import { DEFAULT_TIMEOUT_SECONDS } from '../../../src/cli/global-options.js';
import { FinetuneKitApiError } from '../../../src/errors.js';
import { type RetryContext, resolveRetryOptions, withRetry } from '../../../src/job/retry.js';
import { VirtualClock } from '../../job/helpers/virtual-clock.js';

/** What the SDK throws when nothing listens on the port. */
function refused(): APIConnectionError {
  const cause = new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
  });
  return new APIConnectionError({ message: 'Connection error.', cause });
}

const onRetry = () => {};

describe('cliRetryPolicy', () => {
  it('bounds single calls by the default timeout and leaves following to the job layer', () => {
    const policy = cliRetryPolicy({}, { defaultTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS, onRetry });
    expect(policy.call).toEqual({ maxElapsedMs: 30_000, onRetry });
    expect(policy.watch).toEqual({});
  });

  it('applies --max-retries and --timeout to both, in the clock of the simulator', () => {
    const policy = cliRetryPolicy(
      { maxRetries: 3, timeoutSeconds: 5 },
      { defaultTimeoutSeconds: 30, speed: 100, onRetry },
    );
    expect(policy.call).toEqual({ retries: 3, maxElapsedMs: 500_000, onRetry });
    expect(policy.watch).toEqual({ retries: 3, maxElapsedMs: 500_000 });
  });

  it('gives up on an unreachable API within the timeout, reporting every retry with its wait', async () => {
    const clock = new VirtualClock();
    const started = clock.now();
    const seen: RetryContext[] = [];
    const policy = cliRetryPolicy(
      {},
      { defaultTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS, onRetry: (context) => seen.push(context) },
    );
    const failure = await withRetry(
      async () => {
        throw refused();
      },
      { operation: 'fineTuning.jobs.list', retry: resolveRetryOptions({ ...policy.call, jitter: 0 }), clock },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FinetuneKitApiError);
    expect((failure as FinetuneKitApiError).message).toBe(
      'fineTuning.jobs.list failed after 5 attempts: Connection error.',
    );
    // 1 + 2 + 4 + 8 s; waiting 16 s more would pass 30 s, so the fifth failure is final.
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect(clock.now() - started).toBe(15_000);
    expect(seen.map((context) => describeCallRetry(context, { baseURL: 'http://127.0.0.1:1/v1' }))).toEqual([
      'Cannot reach http://127.0.0.1:1/v1 (ECONNREFUSED) on fineTuning.jobs.list: attempt 1 failed, retrying in 1.0s…',
      'Cannot reach http://127.0.0.1:1/v1 (ECONNREFUSED) on fineTuning.jobs.list: attempt 2 failed, retrying in 2.0s…',
      'Cannot reach http://127.0.0.1:1/v1 (ECONNREFUSED) on fineTuning.jobs.list: attempt 3 failed, retrying in 4.0s…',
      'Cannot reach http://127.0.0.1:1/v1 (ECONNREFUSED) on fineTuning.jobs.list: attempt 4 failed, retrying in 8.0s…',
    ]);
  });
});

describe('describeCallRetry', () => {
  const context = (overrides: Partial<RetryContext>): RetryContext => ({
    operation: 'files.create',
    resourceId: null,
    attempt: 2,
    reason: 'connection',
    status: null,
    delayMs: 4000,
    serverRequested: false,
    error: refused(),
    ...overrides,
  });

  it('names timeouts, statuses and causes without a system code, and shows real time', () => {
    expect(
      describeCallRetry(context({ reason: 'timeout', error: new APIConnectionTimeoutError() }), {
        baseURL: 'https://api.openai.com/v1',
      }),
    ).toBe(
      'Cannot reach https://api.openai.com/v1 (timed out) on files.create: attempt 2 failed, retrying in 4.0s…',
    );
    expect(describeCallRetry(context({ status: 503, reason: 'server_error' }), { baseURL: 'x' })).toBe(
      'The API answered 503 on files.create: attempt 2 failed, retrying in 4.0s…',
    );
    const badPort = new APIConnectionError({
      message: 'Connection error.',
      cause: new TypeError('fetch failed', { cause: new Error('bad port') }),
    });
    expect(describeCallRetry(context({ error: badPort }), { baseURL: 'http://h:9/v1', speed: 100 })).toBe(
      'Cannot reach http://h:9/v1 (bad port) on files.create: attempt 2 failed, retrying in 40 ms…',
    );
  });
});
