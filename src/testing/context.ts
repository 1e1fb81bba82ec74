/**
 * Internal contracts between the simulator and its endpoint modules: what a handler can see of
 * the simulator, what it receives about a request, and what it returns.
 *
 * @module
 */

import type { SeededRandom } from '../internal/seeded-random.js';
import type { SimulatorClock } from './clock.js';
import type { ResolvedSimulatorOptions } from './options.js';
import type { SimulatorStore } from './store.js';

/** What endpoint handlers may use. */
export interface SimulatorContext {
  readonly options: ResolvedSimulatorOptions;
  readonly clock: SimulatorClock;
  readonly store: SimulatorStore;
  /** Random source for ids and jitter. */
  readonly random: SeededRandom;
  /** A new id: `prefix` followed by `length` base-62 characters. */
  newId(prefix: string, length?: number): string;
  /** Brings every job, file and upload up to the current simulated time. */
  sync(): void;
  /** The webhook sender: told when a job reaches a final status. */
  readonly webhooks?: {
    jobEnded(jobId: string, status: 'succeeded' | 'failed' | 'cancelled', time: number): void;
  };
}

/** The request body, parsed once by the simulator. */
export type ParsedBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'invalid-json'; readonly text: string }
  | { readonly kind: 'form'; readonly form: FormData }
  | { readonly kind: 'text'; readonly text: string };

/** A request as handlers see it. */
export interface RouteRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The API path without `/v1` or `/openai`, e.g. `/fine_tuning/jobs/ftjob-abc/events`. */
  readonly path: string;
  /** Path parameters from the route pattern. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  readonly body: ParsedBody;
  /** True when the request came in on an Azure-style path (`/openai/...?api-version=`). */
  readonly azure: boolean;
}

/** A handler's answer: a JSON body (status 200 unless given) or a ready `Response`. */
export type RouteResult =
  | { readonly status?: number; readonly json: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly status?: number; readonly raw: BodyInit; readonly headers?: Readonly<Record<string, string>> };

/** One endpoint. */
export interface Route {
  readonly method: string;
  /** Pattern with `:name` segments, e.g. `/fine_tuning/jobs/:job_id/events`. */
  readonly pattern: string;
  readonly handle: (context: SimulatorContext, request: RouteRequest) => RouteResult | Promise<RouteResult>;
}
