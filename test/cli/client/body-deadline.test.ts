import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { APIConnectionTimeoutError } from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type BodyDeadlineTimers,
  bodyDeadlineMessage,
  guardResponseBody,
  isFileContentDownload,
  withBodyDeadline,
} from '../../../src/cli/client/body-deadline.js';
import { createClient } from '../../../src/cli/client/create-client.js';
import { describeError } from '../../../src/cli/describe-error.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { usageError } from '../../helpers/usage-error.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';

/** The deadline of the loopback tests: small, so a hanging body fails in a fraction of a second. */
const DEADLINE_MS = 300;

/** The global timers, counting the ones set and not yet fired or cleared. */
function countingTimers(): BodyDeadlineTimers & { readonly live: Set<unknown> } {
  const live = new Set<unknown>();
  return {
    live,
    setTimeout(callback, ms) {
      const timer = setTimeout(() => {
        live.delete(timer);
        callback();
      }, ms);
      live.add(timer);
      return timer;
    },
    clearTimeout(timer) {
      live.delete(timer);
      clearTimeout(timer as NodeJS.Timeout);
    },
  };
}

type Handler = (path: string, response: ServerResponse) => void;

/**
 * A loopback server on 127.0.0.1 answering with `handler`. Every interval it starts is cleared and
 * every socket destroyed when it closes (in `afterEach`), so it never outlives its test.
 */
async function startServer(handler: Handler): Promise<{ url: (path: string) => string }> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    request.resume();
    handler(new URL(request.url ?? '/', 'http://127.0.0.1').pathname, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ server, sockets });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: (path) => `http://127.0.0.1:${address.port}${path}` };
}

const servers: { server: Server; sockets: Set<Socket> }[] = [];
const intervals = new Set<NodeJS.Timeout>();

afterEach(async () => {
  for (const interval of intervals) clearInterval(interval);
  intervals.clear();
  for (const { server, sockets } of servers.splice(0)) {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  vi.useRealTimers();
});

/** Writes `first`, then one byte every 50 ms: forever, or until `endAfterMs` (then ends the body). */
function dribble(response: ServerResponse, first: string, endAfterMs = Number.POSITIVE_INFINITY): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write(first);
  const started = Date.now();
  const interval = setInterval(() => {
    if (Date.now() - started >= endAfterMs) {
      clearInterval(interval);
      intervals.delete(interval);
      response.end('"}');
      return;
    }
    response.write('x');
  }, 50);
  intervals.add(interval);
  response.on('close', () => {
    clearInterval(interval);
    intervals.delete(interval);
  });
}

describe('withBodyDeadline against a loopback server', () => {
  it('fails an answer whose body dribbles forever once the deadline passes, and leaves no timer', async () => {
    const server = await startServer((_path, response) => dribble(response, '{"id":"'));
    const timers = countingTimers();
    const guarded = withBodyDeadline(fetch, { timeoutMs: DEADLINE_MS, timers });
    const response = await guarded(server.url('/v1/fine_tuning/jobs/ftjob-abc'));
    expect(response.status).toBe(200);
    expect(response.url).toBe(server.url('/v1/fine_tuning/jobs/ftjob-abc'));
    const started = performance.now();
    await expect(response.text()).rejects.toThrow('The server did not finish its answer within 300 ms');
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 20);
    expect(elapsed).toBeLessThan(900);
    expect(timers.live.size).toBe(0);
  });

  it('passes an ordinary body through unchanged and clears its timer', async () => {
    const server = await startServer((_path, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_123' });
      response.end(JSON.stringify({ object: 'fine_tuning.job', id: 'ftjob-abc', status: 'running' }));
    });
    const timers = countingTimers();
    const guarded = withBodyDeadline(fetch, { timeoutMs: DEADLINE_MS, timers });
    const response = await guarded(server.url('/v1/fine_tuning/jobs/ftjob-abc'));
    expect(response.headers.get('x-request-id')).toBe('req_123');
    expect(await response.json()).toEqual({ object: 'fine_tuning.job', id: 'ftjob-abc', status: 'running' });
    expect(timers.live.size).toBe(0);
  });

  it('lets a file download take longer than the limit while data keeps coming', async () => {
    // 700 ms of one byte every 50 ms: over twice the limit in total, never idle for as long.
    const server = await startServer((_path, response) => dribble(response, '{"data":"', 700));
    const timers = countingTimers();
    const guarded = withBodyDeadline(fetch, { timeoutMs: DEADLINE_MS, timers });
    const started = performance.now();
    const response = await guarded(server.url('/v1/files/file-abc/content'));
    const text = await response.text();
    expect(performance.now() - started).toBeGreaterThan(DEADLINE_MS);
    expect(text).toMatch(/^\{"data":"x{10,}"\}$/);
    expect(timers.live.size).toBe(0);
  });

  it('fails a file download that stops sending for the limit', async () => {
    const server = await startServer((_path, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.write('step,train_loss\n1,0.5\n');
    });
    const timers = countingTimers();
    const guarded = withBodyDeadline(fetch, {
      timeoutMs: DEADLINE_MS,
      timers,
      createError: (message) => new APIConnectionTimeoutError({ message }),
    });
    const response = await guarded(server.url('/v1/files/file-abc/content'));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('step,train_loss\n1,0.5\n');
    const error = await reader.read().then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toBe('The server stopped sending its answer (no data for 300 ms)');
    expect(timers.live.size).toBe(0);
  });

  it('errors the body with the abort reason and clears its timer when the signal aborts', async () => {
    const server = await startServer((_path, response) => dribble(response, '{"id":"'));
    const timers = countingTimers();
    const guarded = withBodyDeadline(fetch, { timeoutMs: 60_000, timers });
    const controller = new AbortController();
    const response = await guarded(server.url('/v1/fine_tuning/jobs'), { signal: controller.signal });
    const reading = response.text();
    setTimeout(() => controller.abort(new Error('stop reading')), 100);
    await expect(reading).rejects.toThrow('stop reading');
    expect(timers.live.size).toBe(0);
  });
});

describe('the CLI against a server that dribbles its answer', () => {
  it('createClient bounds the body by --timeout with the SDK timeout error, reported as exit 4', async () => {
    const server = await startServer((_path, response) =>
      dribble(response, '{"object":"fine_tuning.job","id":"'),
    );
    const handle = await createClient({
      env: { OPENAI_API_KEY: 'sk-test-body-deadline', OPENAI_BASE_URL: server.url('/v1') },
      timeoutSeconds: DEADLINE_MS / 1000,
      maxRetries: 0,
    });
    const error = await handle.client.fineTuning.jobs.retrieve('ftjob-abc').then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    const description = describeError(error, { baseURL: handle.baseURL });
    expect(description.exitCode).toBe(ExitCode.unavailable);
    expect(description.code).toBe('connection_error');
    expect(description.message).toBe(
      `Could not reach the API at ${server.url('/v1')} (The server did not finish its answer within 300 ms).`,
    );
  });

  it('`status --timeout 0.3` ends with one error line and exit 4 instead of hanging', async () => {
    const server = await startServer((_path, response) =>
      dribble(response, '{"object":"fine_tuning.job","id":"'),
    );
    const started = performance.now();
    const run = await runCliInProcess(['status', 'ftjob-abc', '--timeout', '0.3'], {
      env: { NO_COLOR: '1', OPENAI_API_KEY: 'sk-test-body-deadline', OPENAI_BASE_URL: server.url('/v1') },
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(run.code).toBe(ExitCode.unavailable);
    const [line, hint, ...rest] = run.stderr.trimEnd().split('\n');
    expect(line).toBe(
      `Error: Could not reach the API at ${server.url('/v1')} (fineTuning.jobs.retrieve ftjob-abc failed: The server did not finish its answer within 300 ms).`,
    );
    expect(hint).toContain('--timeout <seconds> waits longer');
    expect(rest).toEqual([]);
  });
});

describe('guardResponseBody (fake timers)', () => {
  /** A body that sends `chunks` at once, then nothing until cancelled; records the cancel. */
  function stalledBody(chunks: string[]): { response: Response; cancelled: () => unknown } {
    let reason: unknown = 'not cancelled';
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      },
      cancel(why) {
        reason = why;
      },
    });
    return { response: new Response(body, { status: 200 }), cancelled: () => reason };
  }

  it('starts no timer for a body nobody reads, and counts the whole body from the first read', async () => {
    vi.useFakeTimers();
    const { response, cancelled } = stalledBody(['{"a":']);
    const guarded = guardResponseBody(response, 'total', { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(vi.getTimerCount()).toBe(0);
    const reading = guarded.text().then(
      () => null,
      (reason: unknown) => reason,
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await reading;
    expect((error as Error).message).toBe(bodyDeadlineMessage('total', 1000));
    // The original body is cancelled with the same error, releasing the connection.
    expect(cancelled()).toBe(error);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not count the time the reader spends between reads of a download', async () => {
    vi.useFakeTimers();
    const { response } = stalledBody(['a', 'b']);
    const reader = (
      guardResponseBody(response, 'idle', { timeoutMs: 1000 }).body as ReadableStream
    ).getReader();
    expect((await reader.read()).done).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await reader.read()).done).toBe(false);
    const next = reader.read().then(
      () => null,
      (reason: unknown) => reason,
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect((await next) as Error).toEqual(
      new Error('The server stopped sending its answer (no data for 1.0s)'),
    );
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears its timer when the reader cancels the body', async () => {
    vi.useFakeTimers();
    const { response, cancelled } = stalledBody(['a']);
    const reader = (
      guardResponseBody(response, 'total', { timeoutMs: 1000 }).body as ReadableStream
    ).getReader();
    await reader.read();
    expect(vi.getTimerCount()).toBe(1);
    await reader.cancel('done with it');
    expect(vi.getTimerCount()).toBe(0);
    expect(cancelled()).toBe('done with it');
  });

  it('fails at once, with no timer, when the signal is already aborted', async () => {
    vi.useFakeTimers();
    const { response, cancelled } = stalledBody(['a']);
    const reason = new Error('aborted before reading');
    const guarded = guardResponseBody(response, 'total', { timeoutMs: 1000 }, AbortSignal.abort(reason));
    await expect(guarded.text()).rejects.toBe(reason);
    expect(cancelled()).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('returns a response without a body as it is', () => {
    const response = new Response(null, { status: 204 });
    expect(guardResponseBody(response, 'total', { timeoutMs: 1000 })).toBe(response);
  });
});

describe('isFileContentDownload', () => {
  it('recognises OpenAI and Azure file downloads only', () => {
    expect(isFileContentDownload('https://api.openai.com/v1/files/file-abc/content')).toBe(true);
    expect(
      isFileContentDownload(
        'https://res.openai.azure.com/openai/files/file-abc/content?api-version=2024-10-21',
      ),
    ).toBe(true);
    expect(isFileContentDownload('https://api.openai.com/v1/files/file-abc')).toBe(false);
    expect(isFileContentDownload('https://api.openai.com/v1/fine_tuning/jobs/ftjob-abc/events')).toBe(false);
    expect(isFileContentDownload('not a url')).toBe(false);
  });

  it('rejects a limit that is not a positive number', () => {
    expect(() => withBodyDeadline(fetch, { timeoutMs: 0 })).toThrow(
      usageError('options.timeoutMs', 'withBodyDeadline: timeoutMs must be a positive number (got 0).'),
    );
    expect(() => withBodyDeadline(fetch, { timeoutMs: Number.NaN })).toThrow(
      usageError('options.timeoutMs', 'withBodyDeadline: timeoutMs must be a positive number (got NaN).'),
    );
  });
});
