/**
 * Fault injection: rate limits, server errors, latency, dropped connections, hung requests and
 * outages, scoped by method and path, by count, by a window of simulated time, or scripted call by
 * call. Faults are decided before the request reaches the simulated API, so a faulted request
 * changes nothing on the server, unless the fault says `afterHandling: true`: then the server
 * handles the request (a job is created, a file stored) and only the response is lost.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import type { SeededRandom } from '../internal/seeded-random.js';

/** What a fault matcher sees of a request. */
export interface FaultRequestInfo {
  /** Upper-case method. */
  readonly method: string;
  /** API path without `/v1` / `/openai`, e.g. `/fine_tuning/jobs/ftjob-abc/events`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  /** True on Azure-style paths. */
  readonly azure: boolean;
  /** Simulated time (ms). */
  readonly time: number;
}

/**
 * Which requests a fault applies to. A path pattern is matched against the API path: `*` stands
 * for one path segment, `**` for any number (e.g. `'/fine_tuning/jobs/*'`, `'/fine_tuning/**'`).
 */
export type RequestMatcher =
  | {
      readonly method?: string | readonly string[];
      readonly path?: string | RegExp | ((path: string) => boolean);
    }
  | ((request: FaultRequestInfo) => boolean);

/** An HTTP error answer. Defaults give the API's own body for the status. */
export interface ErrorFault {
  readonly kind: 'error';
  readonly status: number;
  readonly message?: string;
  readonly type?: string;
  readonly code?: string | null;
  readonly param?: string | null;
  /** `Retry-After` header, in seconds. */
  readonly retryAfter?: number;
  /** `retry-after-ms` header (OpenAI's own, preferred by the SDK). */
  readonly retryAfterMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A raw body instead of the JSON error (e.g. a gateway's HTML page), sent as `text/html`. */
  readonly rawBody?: string;
  /**
   * Let the server handle the request first, then send this error instead of its response (a
   * gateway timing out after the API did the work). @default false
   */
  readonly afterHandling?: boolean;
}

/** The connection drops before a response: `fetch` rejects with a `TypeError` like undici's. */
export interface DropFault {
  readonly kind: 'drop';
  /**
   * Let the server handle the request first, then drop the connection before the response reaches
   * the client ("created, then the connection dropped"). @default false
   */
  readonly afterHandling?: boolean;
}

/** The server never answers; the request ends only when the client aborts it. */
export interface HangFault {
  readonly kind: 'hang';
  /** Let the server handle the request first, then never answer (the client times out). @default false */
  readonly afterHandling?: boolean;
}

/** Delay the answer by `ms` real (or fake-timer) milliseconds, then answer normally. */
export interface LatencyFault {
  readonly kind: 'latency';
  readonly ms: number;
}

/** One injected behaviour. */
export type FaultAction = ErrorFault | DropFault | HangFault | LatencyFault;

/** One step of a script: a fault, or `'pass'` to let that call through. */
export type ScriptStep = FaultAction | 'pass';

/** A fault rule. */
export interface FaultRule {
  /** Which requests; all when absent. */
  readonly match?: RequestMatcher;
  /** What to do. */
  readonly action: FaultAction;
  /** Apply to the next N matching requests only. @default unlimited */
  readonly times?: number;
  /** Active from this simulated time (ms, inclusive). */
  readonly from?: number;
  /** Active until this simulated time (ms, exclusive). */
  readonly until?: number;
  /** Chance (0–1, seeded) that a matching request is hit. @default 1 */
  readonly probability?: number;
}

/** A live rule: how often it fired, and a way to remove it. */
export interface FaultHandle {
  readonly id: number;
  /** Requests this rule has affected. */
  readonly hits: number;
  /** Applications left, or `null` when unlimited. */
  readonly remaining: number | null;
  /** Removes the rule. */
  remove(): void;
}

/** The decision for one request. */
export interface FaultDecision {
  /** Total latency to add before answering. */
  readonly latencyMs: number;
  /** The error, drop or hang to answer with, or `null` to pass through. */
  readonly action: ErrorFault | DropFault | HangFault | null;
  /** A short description for the request log, e.g. `error 429` or `drop after handling`. */
  readonly label: string | null;
}

interface LiveRule {
  readonly id: number;
  readonly match: RequestMatcher | undefined;
  readonly from: number | undefined;
  readonly until: number | undefined;
  readonly probability: number;
  /** The action for the n-th application (0-based), or `undefined` when the rule is used up. */
  readonly actionAt: (index: number) => FaultAction | 'pass' | undefined;
  remaining: number | null;
  applied: number;
  hits: number;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split('/')
    .map((segment) =>
      segment === '**' ? '.*' : segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'),
    )
    .join('/');
  return new RegExp(`^${escaped.replace(/\/\.\*$/, '(?:/.*)?')}$`);
}

function matches(matcher: RequestMatcher | undefined, request: FaultRequestInfo): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'function') return matcher(request);
  if (matcher.method !== undefined) {
    const methods = (typeof matcher.method === 'string' ? [matcher.method] : matcher.method).map((item) =>
      item.toUpperCase(),
    );
    if (!methods.includes(request.method)) return false;
  }
  const { path } = matcher;
  if (path === undefined) return true;
  if (typeof path === 'function') return path(request.path);
  if (path instanceof RegExp) return path.test(request.path);
  return globToRegExp(path).test(request.path);
}

function checkAction(action: FaultAction): void {
  if (
    action.kind === 'error' &&
    (!Number.isInteger(action.status) || action.status < 400 || action.status > 599)
  ) {
    throw new FinetuneKitUsageError(
      `fault.status must be an HTTP error status (400–599), got ${String(action.status)}.`,
      'fault.status',
    );
  }
  if (action.kind === 'latency' && (!Number.isFinite(action.ms) || action.ms < 0)) {
    throw new FinetuneKitUsageError(`fault.ms must be ≥ 0, got ${String(action.ms)}.`, 'fault.ms');
  }
}

/** Options shared by the shortcut methods. */
export interface FaultScope {
  /** Which requests. @default all */
  readonly match?: RequestMatcher;
  /** How many matching requests. */
  readonly times?: number;
}

/**
 * The simulator's fault injector (`sim.faults`).
 *
 * @example
 * ```ts
 * sim.faults.rateLimit({ times: 3, retryAfter: 2 });
 * sim.faults.serverError({ status: 503, times: 5, match: { path: '/fine_tuning/jobs/*' } });
 * sim.faults.outage({ durationMs: 120_000 });
 * sim.faults.script({ method: 'POST', path: '/fine_tuning/jobs' }, [{ kind: 'drop' }, 'pass']);
 * ```
 */
export class FaultInjector {
  readonly #rules: LiveRule[] = [];
  readonly #random: SeededRandom;
  readonly #now: () => number;
  #nextId = 1;

  /** @internal Created by the simulator. */
  constructor(random: SeededRandom, now: () => number) {
    this.#random = random;
    this.#now = now;
  }

  #register(
    details: Omit<LiveRule, 'id' | 'applied' | 'hits' | 'remaining'> & { remaining: number | null },
  ): FaultHandle {
    const rule: LiveRule = { ...details, id: this.#nextId++, applied: 0, hits: 0 };
    this.#rules.push(rule);
    const rules = this.#rules;
    return {
      id: rule.id,
      get hits() {
        return rule.hits;
      },
      get remaining() {
        return rule.remaining;
      },
      remove: () => {
        const index = rules.indexOf(rule);
        if (index !== -1) rules.splice(index, 1);
      },
    };
  }

  /**
   * Adds a rule.
   *
   * @returns A handle with the hit count and `remove()`.
   * @throws {FinetuneKitUsageError} For a bad status, latency, `times` or `probability` (`option` names it,
   * e.g. `fault.times`).
   */
  add(rule: FaultRule): FaultHandle {
    checkAction(rule.action);
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw new FinetuneKitUsageError(
        `fault.times must be a positive integer, got ${String(rule.times)}.`,
        'fault.times',
      );
    }
    const probability = rule.probability ?? 1;
    if (!(probability >= 0 && probability <= 1)) {
      throw new FinetuneKitUsageError(
        `fault.probability must be between 0 and 1, got ${String(rule.probability)}.`,
        'fault.probability',
      );
    }
    return this.#register({
      match: rule.match,
      from: rule.from,
      until: rule.until,
      probability,
      remaining: rule.times ?? null,
      actionAt: () => rule.action,
    });
  }

  /**
   * Answers matching calls one by one from `steps` (`'pass'` lets a call through); after the last
   * step, calls pass.
   *
   * @returns The handle.
   */
  script(match: RequestMatcher | undefined, steps: readonly ScriptStep[]): FaultHandle {
    for (const step of steps) if (step !== 'pass') checkAction(step);
    return this.#register({
      match,
      from: undefined,
      until: undefined,
      probability: 1,
      remaining: steps.length,
      actionAt: (index) => steps[index],
    });
  }

  /**
   * 429 `rate_limit_exceeded` with `Retry-After` and `retry-after-ms`.
   *
   * @param options.retryAfter - Seconds. @default 1
   * @param options.times - @default 1
   */
  rateLimit(options: FaultScope & { retryAfter?: number; retryAfterMs?: number } = {}): FaultHandle {
    const retryAfter = options.retryAfter ?? 1;
    return this.add({
      ...(options.match === undefined ? {} : { match: options.match }),
      times: options.times ?? 1,
      action: {
        kind: 'error',
        status: 429,
        retryAfter,
        retryAfterMs: options.retryAfterMs ?? retryAfter * 1000,
      },
    });
  }

  /**
   * A burst of server errors.
   *
   * @param options.status - 500, 502, 503, 504… @default 500
   * @param options.times - @default 1
   */
  serverError(options: FaultScope & { status?: number } = {}): FaultHandle {
    return this.add({
      ...(options.match === undefined ? {} : { match: options.match }),
      times: options.times ?? 1,
      action: { kind: 'error', status: options.status ?? 500 },
    });
  }

  /** Adds `ms` of latency (global `setTimeout`, so fake timers control it) to matching calls. */
  latency(ms: number, options: FaultScope = {}): FaultHandle {
    return this.add({
      ...(options.match === undefined ? {} : { match: options.match }),
      ...(options.times === undefined ? {} : { times: options.times }),
      action: { kind: 'latency', ms },
    });
  }

  /** Drops the connection of the next matching calls (`fetch` rejects with a `TypeError`). @default times 1 */
  drop(options: FaultScope = {}): FaultHandle {
    return this.add({
      ...(options.match === undefined ? {} : { match: options.match }),
      times: options.times ?? 1,
      action: { kind: 'drop' },
    });
  }

  /**
   * Lets the server handle the next matching calls, then loses their responses: the connection
   * drops (default) or the client gets an error status instead. The state change stays: a job is
   * created, a file stored, a job cancelled. This is the case that makes `POST` retries create
   * duplicates, and that idempotent creation must survive.
   *
   * @param options.status - `'drop'`, or an HTTP error status sent instead of the real answer. @default 'drop'
   * @param options.times - @default 1
   * @example
   * ```ts
   * // The job is created, then the connection drops before the client sees it.
   * sim.faults.loseResponse({ match: { method: 'POST', path: '/fine_tuning/jobs' } });
   * ```
   */
  loseResponse(options: FaultScope & { status?: number | 'drop' } = {}): FaultHandle {
    const status = options.status ?? 'drop';
    return this.add({
      ...(options.match === undefined ? {} : { match: options.match }),
      times: options.times ?? 1,
      action:
        status === 'drop'
          ? { kind: 'drop', afterHandling: true }
          : { kind: 'error', status, afterHandling: true },
    });
  }

  /** Never answers the next matching calls; they end when the client aborts (timeouts). @default times 1 */
  hang(options: FaultScope = {}): FaultHandle {
    return this.add({
      ...(options.match === undefined ? {} : { match: options.match }),
      times: options.times ?? 1,
      action: { kind: 'hang' },
    });
  }

  /**
   * A full outage during a window of simulated time: every matching call fails with `status`
   * (default 503) or a dropped connection.
   *
   * @param options.durationMs - Length of the outage in simulated ms.
   * @param options.startAt - Simulated ms at which it starts. @default now
   * @param options.status - An HTTP status, or `'drop'`. @default 503
   */
  outage(options: {
    durationMs: number;
    startAt?: number;
    status?: number | 'drop';
    match?: RequestMatcher;
  }): FaultHandle {
    if (!Number.isFinite(options.durationMs) || options.durationMs <= 0) {
      throw new FinetuneKitUsageError(
        `outage.durationMs must be > 0, got ${String(options.durationMs)}.`,
        'outage.durationMs',
      );
    }
    const from = options.startAt ?? this.#now();
    const status = options.status ?? 503;
    return this.add({
      ...(options.match === undefined ? {} : { match: options.match }),
      from,
      until: from + options.durationMs,
      action: status === 'drop' ? { kind: 'drop' } : { kind: 'error', status },
    });
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules.length = 0;
  }

  /** Number of active rules. */
  get size(): number {
    return this.#rules.length;
  }

  /**
   * Decides what happens to one request and counts the hits.
   * @internal Called by the simulator for every request.
   */
  decide(request: FaultRequestInfo): FaultDecision {
    let latencyMs = 0;
    let action: FaultDecision['action'] = null;
    for (const rule of [...this.#rules]) {
      if (rule.from !== undefined && request.time < rule.from) continue;
      if (rule.until !== undefined && request.time >= rule.until) continue;
      if (!matches(rule.match, request)) continue;
      if (rule.probability < 1 && this.#random.next() >= rule.probability) continue;
      if (action !== null) {
        continue;
      }
      const next = rule.actionAt(rule.applied);
      if (next === undefined) continue;
      rule.applied += 1;
      if (rule.remaining !== null) {
        rule.remaining -= 1;
        if (rule.remaining <= 0) {
          const index = this.#rules.indexOf(rule);
          if (index !== -1) this.#rules.splice(index, 1);
        }
      }
      if (next === 'pass') continue;
      rule.hits += 1;
      if (next.kind === 'latency') latencyMs += next.ms;
      else action = next;
    }
    const label =
      action === null
        ? latencyMs > 0
          ? `latency ${latencyMs}ms`
          : null
        : (action.kind === 'error' ? `error ${action.status}` : action.kind) +
          (action.afterHandling ? ' after handling' : '');
    return { latencyMs, action, label };
  }
}
