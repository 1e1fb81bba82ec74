/**
 * The two followers of a job that return to the caller: `wait()` (one promise for the outcome) and
 * `events()` (an async iterable of every update). Both join the watcher's shared poll loop and leave
 * it when they settle, so following stops once nobody follows.
 *
 * @module
 */
import { FinetuneKitTimeoutError, FinetuneKitUsageError } from '../errors.js';
import { abortError } from '../internal/abort.js';
import type { FineTuneJobUpdate } from './job-events.js';
import { type EventsOptions, FINE_TUNE_JOB_DEFAULTS, type WaitOptions } from './job-options.js';
import type { InternalUpdate, JobWatcher, Watch } from './job-watcher.js';
import type { FineTuneJobSnapshot } from './normalize.js';

/**
 * For `wait()`: settles right away when the job is already done or at a `resolveOn` status.
 *
 * @returns The settled promise, or `null` when the job still has to be followed.
 */
function settledOutcome(
  watcher: JobWatcher,
  resolveOn: ReadonlySet<string>,
): Promise<FineTuneJobSnapshot> | null {
  if (!watcher.finished) {
    return resolveOn.has(watcher.reportedStatus) ? Promise.resolve(watcher.snapshot) : null;
  }
  const terminal = watcher.terminalUpdate();
  if (
    terminal &&
    (terminal.type === 'failed' || terminal.type === 'cancelled') &&
    !resolveOn.has(terminal.type)
  ) {
    return Promise.reject(terminal.error);
  }
  return Promise.resolve(watcher.snapshot);
}

/**
 * Waits for the job to finish, following it meanwhile (see `FineTuneJob.wait`).
 *
 * @param watcher - The job's watcher.
 * @param options - `signal`, `timeoutMs`, `resolveOn`, `webhooks`, `fallbackPollMs`.
 * @returns The final snapshot when the job succeeded (or reached a `resolveOn` status).
 * @throws {JobFailedError} / {JobCancelledError} At those outcomes (unless in `resolveOn`).
 * @throws {FinetuneKitTimeoutError} After `timeoutMs`.
 * @throws {FinetuneKitAbortError} When `signal` aborts or following is stopped.
 */
export function waitForJob(watcher: JobWatcher, options: WaitOptions): Promise<FineTuneJobSnapshot> {
  const { signal, timeoutMs } = options;
  const id = watcher.snapshot.id;
  const resolveOn = new Set<string>(options.resolveOn ?? []);
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs >= 0)) {
    return Promise.reject(
      new FinetuneKitUsageError(
        `options.timeoutMs must be a number ≥ 0, got ${String(timeoutMs)}.`,
        'options.timeoutMs',
      ),
    );
  }
  const { webhooks } = options;
  if (webhooks !== undefined && typeof webhooks?.on !== 'function') {
    return Promise.reject(
      new FinetuneKitUsageError(
        'options.webhooks must be a receiver made by createFineTuneWebhooks().',
        'options.webhooks',
      ),
    );
  }
  const fallbackPollMs = options.fallbackPollMs ?? FINE_TUNE_JOB_DEFAULTS.fallbackPollMs;
  if (!(typeof fallbackPollMs === 'number' && fallbackPollMs >= 0)) {
    return Promise.reject(
      new FinetuneKitUsageError(
        `options.fallbackPollMs must be a number ≥ 0, got ${String(fallbackPollMs)}.`,
        'options.fallbackPollMs',
      ),
    );
  }
  if (signal?.aborted) return Promise.reject(abortError(signal, `Waiting for fine-tuning job ${id}`));
  const early = settledOutcome(watcher, resolveOn);
  if (early) return early;
  return new Promise<FineTuneJobSnapshot>((resolve, reject) => {
    const timer = new AbortController();
    // The webhook only wakes the poll loop: the job it then retrieves is what wait() returns.
    const unlisten =
      webhooks?.on((event) => {
        if (event.data.id === id) watcher.webhookArrived();
      }) ?? (() => {});
    let release = () => {};
    let joined: Watch | null = null;
    let settled = false;
    // The terminal outcome is applied once following has fully ended, so that when wait() settles
    // no poll, timer or request is left and `end` has been emitted.
    let outcome: (() => void) | null = null;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      unlisten();
      signal?.removeEventListener('abort', onAbort);
      timer.abort();
      release();
      action();
    };
    const subscriber = (update: InternalUpdate) => {
      switch (update.type) {
        case 'succeeded':
          outcome = () => resolve(update.job);
          return;
        case 'failed':
        case 'cancelled':
          outcome = () => (resolveOn.has(update.type) ? resolve(update.job) : reject(update.error));
          return;
        case 'status':
          if (resolveOn.has(update.change.status)) settle(() => resolve(update.change.job));
          return;
        case 'end': {
          if (update.watch !== joined) return;
          const finish = outcome;
          if (update.end.reason === 'finished' && finish) {
            settle(finish);
            return;
          }
          settle(() => reject(update.end.error ?? watcher.stoppedError()));
          return;
        }
        default:
          return;
      }
    };
    const onAbort = () => settle(() => reject(abortError(signal, `Waiting for fine-tuning job ${id}`)));
    const unsubscribe = watcher.subscribe(subscriber);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      watcher.clock.sleep(timeoutMs, timer.signal).then(
        () =>
          settle(() =>
            reject(
              new FinetuneKitTimeoutError(
                `Fine-tuning job ${id} did not finish within ${timeoutMs} ms (last status: ${watcher.snapshot.status}).`,
                timeoutMs,
              ),
            ),
          ),
        () => {},
      );
    }
    if (!settled) ({ release, watch: joined } = watcher.acquire(webhooks ? fallbackPollMs : undefined));
  });
}

/**
 * Every update as an async iterable, following the job meanwhile (see `FineTuneJob.events`).
 *
 * @param watcher - The job's watcher.
 * @param options - `signal` and a `types` filter.
 * @returns An async generator that ends after the terminal update.
 * @throws {FinetuneKitAbortError} From the iteration, when `signal` aborts or following is stopped.
 * @throws {FinetuneKitApiError} From the iteration, when polling fails for good.
 */
export async function* iterateJob(
  watcher: JobWatcher,
  options: EventsOptions,
): AsyncGenerator<FineTuneJobUpdate, void, undefined> {
  const { signal } = options;
  const id = watcher.snapshot.id;
  const wanted = options.types ? new Set<string>(options.types) : null;
  if (signal?.aborted) throw abortError(signal, `Following fine-tuning job ${id}`);
  if (watcher.finished) {
    const terminal = watcher.terminalUpdate();
    if (terminal && (!wanted || wanted.has(terminal.type))) yield terminal;
    return;
  }
  const queue: InternalUpdate[] = [];
  let wake: (() => void) | null = null;
  const onAbort = () => wake?.();
  const unsubscribe = watcher.subscribe((update) => {
    queue.push(update);
    wake?.();
  });
  signal?.addEventListener('abort', onAbort, { once: true });
  const { release, watch: joined } = watcher.acquire();
  try {
    for (;;) {
      while (queue.length === 0) {
        if (signal?.aborted) throw abortError(signal, `Following fine-tuning job ${id}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
      const update = queue.shift() as InternalUpdate;
      if (update.type === 'end') {
        if (update.watch !== joined) continue;
        if (update.end.reason === 'finished') return;
        throw update.end.error ?? watcher.stoppedError();
      }
      if (!wanted || wanted.has(update.type)) yield update;
      if (update.type === 'succeeded' || update.type === 'failed' || update.type === 'cancelled') return;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
    release();
  }
}
