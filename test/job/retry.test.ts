import { APIConnectionError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { FinetuneKitAbortError, FinetuneKitApiError, FinetuneKitError } from '../../src/errors.js';
import {
  backoffDelay,
  DEFAULT_RETRY,
  type RetryContext,
  resolveRetryOptions,
  withRetry,
} from '../../src/job/retry.js';
import { VirtualClock } from './helpers/virtual-clock.js';

function httpError(status: number, headers: Record<string, string> = {}, code?: string) {
  return APIError.generate(
    status,
    { error: { message: `status ${status}`, code } },
    undefined,
    new Headers(headers),
  );
}

const noJitter = resolveRetryOptions({ jitter: 0 });

describe('withRetry', () => {
  it('retries transient failures with exponential backoff and reports each retry', async () => {
    const clock = new VirtualClock();
    const contexts: RetryContext[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 4)
          throw calls === 1 ? new APIConnectionError({ message: 'Connection error.' }) : httpError(503);
        return 'ok';
      },
      {
        operation: 'fineTuning.jobs.retrieve',
        resourceId: 'ftjob-1',
        retry: noJitter,
        clock,
        onRetry: (c) => contexts.push(c),
      },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
    expect(contexts.map((c) => [c.attempt, c.reason, c.status, c.delayMs, c.serverRequested])).toEqual([
      [1, 'connection', null, 1000, false],
      [2, 'server_error', 503, 2000, false],
      [3, 'server_error', 503, 4000, false],
    ]);
    expect(Object.isFrozen(contexts[0])).toBe(true);
  });

  it('waits exactly what Retry-After asks (capped by maxRetryAfterMs)', async () => {
    const clock = new VirtualClock();
    let calls = 0;
    await withRetry(
      async () => {
        calls += 1;
        if (calls === 1) throw httpError(429, { 'retry-after': '20' });
        if (calls === 2) throw httpError(429, { 'retry-after-ms': '250' });
        if (calls === 3) throw httpError(429, { 'retry-after': '86400' });
        return 'ok';
      },
      { operation: 'op', retry: resolveRetryOptions({ jitter: 0, maxRetryAfterMs: 60_000 }), clock },
    );
    expect(clock.sleeps).toEqual([20_000, 250, 60_000]);
  });

  it('does not retry a 400 and wraps it with the SDK error as cause', async () => {
    const clock = new VirtualClock();
    const cause = httpError(400, {}, 'invalid_model');
    const error = await withRetry(async () => Promise.reject(cause), {
      operation: 'fineTuning.jobs.create',
      retry: noJitter,
      clock,
    }).catch((e: unknown) => e);
    expect(FinetuneKitApiError.isInstance(error)).toBe(true);
    const apiError = error as FinetuneKitApiError;
    expect(apiError.cause).toBe(cause);
    expect(apiError.status).toBe(400);
    expect(apiError.apiCode).toBe('invalid_model');
    expect(apiError.attempts).toBe(1);
    expect(apiError.message).toBe('fineTuning.jobs.create failed: 400 status 400 (invalid_model)');
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up after `retries` and says how many attempts were made', async () => {
    const clock = new VirtualClock();
    const error = (await withRetry(async () => Promise.reject(httpError(502)), {
      operation: 'files.retrieve',
      resourceId: 'file-1',
      retry: resolveRetryOptions({ retries: 2, jitter: 0 }),
      clock,
    }).catch((e: unknown) => e)) as FinetuneKitApiError;
    expect(error.attempts).toBe(3);
    expect(error.message).toBe('files.retrieve file-1 failed after 3 attempts: 502 status 502');
  });

  it('gives up when the next wait would pass maxElapsedMs', async () => {
    const clock = new VirtualClock();
    const error = (await withRetry(async () => Promise.reject(httpError(503)), {
      operation: 'op',
      retry: resolveRetryOptions({
        retries: Number.POSITIVE_INFINITY,
        jitter: 0,
        maxDelayMs: 10_000,
        maxElapsedMs: 60_000,
      }),
      clock,
    }).catch((e: unknown) => e)) as FinetuneKitApiError;
    // 1 + 2 + 4 + 8 + 10 + 10 + 10 = 45 s; the next 10 s wait would end at 55 s (ok), then 65 s (stop).
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 10_000]);
    expect(error.attempts).toBe(9);
  });

  it('stops at once with FinetuneKitAbortError when the signal aborts during a wait', async () => {
    const controller = new AbortController();
    const clock = new VirtualClock(0, () => controller.abort(new Error('user pressed Ctrl-C')));
    const error = await withRetry(async () => Promise.reject(httpError(503)), {
      operation: 'op',
      retry: noJitter,
      clock,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error('user pressed Ctrl-C'));
  });

  it('passes finetune-kit errors thrown by the call through unchanged', async () => {
    const own = new FinetuneKitError('nope', 'custom');
    await expect(
      withRetry(async () => Promise.reject(own), {
        operation: 'op',
        retry: noJitter,
        clock: new VirtualClock(),
      }),
    ).rejects.toBe(own);
  });

  it('survives a throwing onRetry listener', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls === 1) throw httpError(500);
        return calls;
      },
      {
        operation: 'op',
        retry: noJitter,
        clock: new VirtualClock(),
        onRetry: () => {
          throw new Error('listener bug');
        },
      },
    );
    expect(result).toBe(2);
  });

  it("tells the policy's onRetry observer about every retry, before the call's own listener", async () => {
    const seen: string[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new APIConnectionError({ message: 'Connection error.' });
        return calls;
      },
      {
        operation: 'fineTuning.jobs.list',
        retry: resolveRetryOptions({
          jitter: 0,
          onRetry: (c) => {
            seen.push(`policy ${c.operation} ${c.attempt} ${c.reason} ${c.delayMs}`);
            throw new Error('observer bug');
          },
        }),
        clock: new VirtualClock(),
        onRetry: (c) => seen.push(`call ${c.attempt}`),
      },
    );
    expect(result).toBe(3);
    // A throwing observer changes nothing: the call's listener still runs and the call is retried.
    expect(seen).toEqual([
      'policy fineTuning.jobs.list 1 connection 1000',
      'call 1',
      'policy fineTuning.jobs.list 2 connection 2000',
      'call 2',
    ]);
  });
});

describe('retry options', () => {
  it('applies jitter downwards only, within the given share', () => {
    const options = resolveRetryOptions({ jitter: 0.25, random: () => 1 });
    expect(backoffDelay(1, options)).toBe(750);
    expect(backoffDelay(20, options)).toBe(DEFAULT_RETRY.maxDelayMs * 0.75);
  });

  it('names the bad option', () => {
    const usage = (option: string, message: string) =>
      expect.objectContaining({ name: 'FinetuneKitUsageError', code: 'invalid_usage', option, message });
    expect(() => resolveRetryOptions({ retries: -1 })).toThrow(
      usage('options.retry.retries', 'options.retry.retries must be a number ≥ 0, got -1.'),
    );
    expect(() => resolveRetryOptions({ factor: 0.5 })).toThrow(
      usage('options.retry.factor', 'options.retry.factor must be ≥ 1, got 0.5.'),
    );
    expect(() => resolveRetryOptions({ jitter: 2 })).toThrow(
      usage('options.retry.jitter', 'options.retry.jitter must be between 0 and 1, got 2.'),
    );
    expect(() => resolveRetryOptions({ random: 0.5 as never })).toThrow(
      usage('options.retry.random', 'options.retry.random must be a function.'),
    );
    expect(() => resolveRetryOptions({ onRetry: 'log' as never })).toThrow(
      usage('options.retry.onRetry', 'options.retry.onRetry must be a function.'),
    );
    expect(() => resolveRetryOptions({ onRetry: 'log' as never })).not.toThrow(TypeError);
  });
});
