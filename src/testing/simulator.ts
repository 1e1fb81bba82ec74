/**
 * `FineTuningSimulator`: an in-memory, spec-faithful simulator of the OpenAI fine-tuning, files,
 * uploads and models endpoints (and chat completions for the models it trains), served through a
 * standard `fetch` function, msw handlers or a loopback HTTP server.
 *
 * @module
 */
import type { HttpHandler } from 'msw';
import { abortableDelay, abortReason } from '../internal/abort.js';
import { createRandom, type SeededRandom } from '../internal/seeded-random.js';
import { SimulatedApiError } from './api-error.js';
import { SimulatorClock } from './clock.js';
import type { ParsedBody, Route, RouteRequest, RouteResult, SimulatorContext } from './context.js';
import { chatRoutes } from './endpoints/chat-completions.js';
import { checkpointPermissionRoutes } from './endpoints/checkpoint-permissions.js';
import { fileRoutes, finishProcessing, storeFile } from './endpoints/files.js';
import { graderRoutes } from './endpoints/graders.js';
import { jobRoutes } from './endpoints/jobs.js';
import { modelRoutes } from './endpoints/models.js';
import { moderationRoutes } from './endpoints/moderations.js';
import { uploadRoutes } from './endpoints/uploads.js';
import { type FaultAction, FaultInjector } from './faults.js';
import {
  type JobFailure,
  nextChangeAt,
  scheduleFailure,
  syncJob,
  TERMINAL_STATUSES,
} from './job-lifecycle.js';
import type { ListenOptions, LoopbackServer } from './loopback-server.js';
import type { MswHandlerOptions } from './msw-handlers.js';
import { type ResolvedSimulatorOptions, resolveSimulatorOptions, type SimulatorOptions } from './options.js';
import { PollMonitor } from './poll-monitor.js';
import { loggableHeaders, maskKey, type RecordedRequest, summarizeBody } from './request-log.js';
import { concatChunks, SIMULATOR_INTERNALS, type SimulatorInternals, SimulatorStore } from './store.js';
import { SimulatorWebhooks } from './webhooks.js';
import type {
  SimulatedCheckpoint,
  SimulatedFile,
  SimulatedJob,
  SimulatedJobEvent,
  SimulatedJobStatus,
} from './wire-types.js';

/** What the simulator answers to one request. */
export type SimulatorOutcome =
  | { readonly kind: 'response'; readonly response: Response }
  /** The connection drops: adapters reject (`fetch`), send a network error (msw) or destroy the socket. */
  | { readonly kind: 'drop'; readonly error: TypeError };

interface CompiledRoute extends Route {
  readonly regex: RegExp;
  readonly names: readonly string[];
}

const ROUTES: readonly Route[] = [
  ...fileRoutes,
  ...uploadRoutes,
  ...jobRoutes,
  ...checkpointPermissionRoutes,
  ...graderRoutes,
  ...modelRoutes,
  ...chatRoutes,
  ...moderationRoutes,
];

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { ...route, regex: new RegExp(`^${source}$`), names };
}

const COMPILED_ROUTES = ROUTES.map(compile);

/** The `TypeError` undici's `fetch` rejects with when the other side closes the socket. */
function connectionDroppedError(): TypeError {
  const cause = Object.assign(new Error('other side closed'), {
    name: 'SocketError',
    code: 'UND_ERR_SOCKET',
  });
  return new TypeError('fetch failed', { cause });
}

/** Never settles unless `signal` aborts. */
function hangUntilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    signal.addEventListener('abort', () => reject(abortReason(signal)), { once: true });
  });
}

const DEFAULT_ERROR_BODIES: Readonly<Record<number, { message: string; type: string; code: string | null }>> =
  {
    408: { message: 'Request timed out.', type: 'timeout', code: null },
    409: {
      message: 'The request conflicted with another request. Please retry.',
      type: 'invalid_request_error',
      code: null,
    },
    429: {
      message: 'Rate limit reached for requests. Please try again later.',
      type: 'requests',
      code: 'rate_limit_exceeded',
    },
    500: {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      code: null,
    },
    502: { message: 'Bad gateway.', type: 'cf_bad_gateway', code: null },
    503: {
      message: 'The engine is currently overloaded, please try again later.',
      type: 'server_error',
      code: null,
    },
    504: { message: 'Gateway timeout.', type: 'cf_gateway_timeout', code: null },
  };

/** How {@link FineTuningSimulator.advanceJob} knows where to stop. */
export interface AdvanceJobOptions {
  /** Stop once the job has this status. */
  readonly to?: SimulatedJobStatus;
  /** Stop once the job has finished this training step. */
  readonly step?: number;
}

/** A file to put into the simulator directly (no HTTP). */
export interface AddFileInput {
  readonly filename: string;
  readonly content: string | Uint8Array;
  /** @default 'fine-tune' */
  readonly purpose?: string;
  /** Skip the processing delay. @default true */
  readonly processed?: boolean;
}

/**
 * An in-memory simulator of the OpenAI fine-tuning API. Create it with {@link createSimulator}.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { createSimulator } from 'finetune-kit/testing';
 *
 * const sim = createSimulator({ seed: 7, clock: 'manual' }); // time moves only when the test moves it
 * const client = new OpenAI({ apiKey: 'sk-sim', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
 * const file = await client.files.create({ file: await toFile(Buffer.from(jsonl), 'train.jsonl'), purpose: 'fine-tune' });
 * sim.clock.advance(5_000); // the file is processed
 * const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
 * sim.runUntilIdle(); // the job runs to the end, instantly
 * (await client.fineTuning.jobs.retrieve(job.id)).status; // 'succeeded'
 * ```
 */
export class FineTuningSimulator {
  /** The resolved options. */
  readonly options: ResolvedSimulatorOptions;
  /** Simulated time: `sim.clock.advance(ms)`, `sim.clock.now()`. */
  readonly clock: SimulatorClock;
  /** Fault injection: `sim.faults.rateLimit()`, `.serverError()`, `.outage()`, `.script()`… */
  readonly faults: FaultInjector;
  /**
   * A standard `fetch` served by the simulator; pass it to `new OpenAI({ fetch: sim.fetch })`.
   * Honours `signal`; a dropped connection rejects with a `TypeError` like undici's.
   */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /**
   * Signed webhooks sent when jobs end (`options.webhooks`, or `sim.webhooks.configure(...)`):
   * `deliveries` logs every attempt, `settled()` waits for the ones in flight.
   */
  readonly webhooks: SimulatorWebhooks;

  readonly #store = new SimulatorStore();
  readonly #random: SeededRandom;
  #idRandom: SeededRandom;
  #valueRandom: SeededRandom;
  readonly #requests: RecordedRequest[] = [];
  readonly #context: SimulatorContext;
  readonly #polls: PollMonitor;

  /**
   * @param options - See {@link SimulatorOptions}.
   * @throws {FinetuneKitUsageError} When an option is invalid (the message and `option` name it).
   */
  constructor(options: SimulatorOptions = {}) {
    this.options = resolveSimulatorOptions(options);
    this.clock = new SimulatorClock({
      mode: this.options.clock,
      ...(this.options.startTime === undefined ? {} : { start: this.options.startTime }),
    });
    this.#random = createRandom(this.options.seed);
    this.#idRandom = this.#random.fork('ids');
    this.faults = new FaultInjector(this.#random.fork('faults'), () => this.clock.now());
    // Forked after 'faults', where it always was, so a seed draws the values it always drew.
    this.#valueRandom = this.#random.fork('values');
    const simulator = this;
    const context: SimulatorContext = {
      options: this.options,
      clock: this.clock,
      store: this.#store,
      // A getter: a restore from a snapshot re-seeds the stream (see SIMULATOR_INTERNALS).
      get random() {
        return simulator.#valueRandom;
      },
      newId: (prefix, length = 24) => prefix + this.#idRandom.string(length),
      sync: () => this.#sync(),
      get webhooks() {
        return simulator.webhooks;
      },
    };
    this.#context = context;
    this.#polls = new PollMonitor({
      clock: this.clock,
      store: this.#store,
      pollJumpMs: this.options.pollJumpMs,
      onWarning: this.options.onWarning,
    });
    this.webhooks = new SimulatorWebhooks(
      {
        clock: this.clock,
        seed: this.options.seed,
        sync: () => this.#sync(),
        nextChangeAt: () => this.#nextChangeAt(),
      },
      this.options.webhooks,
    );
    this.clock.onAdvance(() => this.#sync());
    this.fetch = async (input, init) => {
      const request = new Request(input, init);
      // Non-HTTP URLs are not API calls (the SDK probes `fetch('data:,')` to detect FormData support).
      if (!/^https?:$/.test(new URL(request.url).protocol)) return globalThis.fetch(request);
      // Listen on the caller's own signal: undici's `Request` follows it only through a weak
      // reference, so after a garbage collection a hung request would never see the abort.
      const callerSignal = init?.signal ?? (input instanceof Request ? input.signal : null);
      const outcome = await this.dispatch(request, callerSignal ?? request.signal);
      if (outcome.kind === 'drop') throw outcome.error;
      return outcome.response;
    };
  }

  /**
   * The store, context and stream seeds, for `snapshotSimulator` / `restoreSimulator` only.
   *
   * @internal
   */
  [SIMULATOR_INTERNALS](): SimulatorInternals {
    const seedOf = (random: SeededRandom) => Math.floor(random.next() * 4294967296);
    return {
      store: this.#store,
      context: this.#context,
      drawStreamSeeds: () => ({ ids: seedOf(this.#idRandom), values: seedOf(this.#valueRandom) }),
      reseedStreams: (seeds) => {
        this.#idRandom = createRandom(seeds.ids);
        this.#valueRandom = createRandom(seeds.values);
      },
    };
  }

  /** The base URL to give an `OpenAI` client (`options.baseURL`, default `https://api.openai.com/v1`). */
  get baseURL(): string {
    return this.options.baseURL;
  }

  /** The endpoint to give an `AzureOpenAI` client (`<origin of baseURL>`); its paths start with `/openai`. */
  get azureEndpoint(): string {
    return new URL(this.options.baseURL).origin;
  }

  /** Every request received so far, oldest first. */
  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  /** Forgets the recorded requests (state is kept). */
  clearRequests(): void {
    this.#requests.length = 0;
  }

  /**
   * Answers one web `Request`. The adapters (`fetch`, msw, loopback server) are thin layers over this.
   *
   * @param request - Any request to the simulated API.
   * @param signal - The signal that ends a wait (latency, hang). @default request.signal
   * @returns The response, or a dropped connection.
   * @throws The request's abort reason when its signal aborts while it waits (latency, hang).
   */
  async dispatch(request: Request, signal: AbortSignal = request.signal): Promise<SimulatorOutcome> {
    if (signal.aborted) throw abortReason(signal);
    const url = new URL(request.url);
    const located = this.#locate(url);
    const method = request.method.toUpperCase();
    const requestId = `req_${this.#idRandom.string(32, '0123456789abcdef')}`;
    const body = await readBody(request);
    const record: RecordedRequest = {
      id: requestId,
      method,
      url: request.url,
      path: located.path,
      query: Object.fromEntries(url.searchParams),
      headers: loggableHeaders(request.headers),
      body: summarizeBody(body),
      azure: located.azure,
      time: this.clock.now(),
      status: null,
      fault: null,
    };
    this.#requests.push(record);
    const decision = this.faults.decide({
      method,
      path: located.path,
      query: url.searchParams,
      headers: request.headers,
      azure: located.azure,
      time: record.time,
    });
    record.fault = decision.label;
    if (decision.latencyMs > 0) await abortableDelay(decision.latencyMs, signal);
    try {
      const action = decision.action;
      if (action === null || action.afterHandling) {
        const answered = await this.#answer(method, located, url, request.headers, body, requestId);
        if (action === null) {
          record.status = answered.status;
          // After the answer: the client sees the state it asked for; the next poll sees progress.
          this.#polls.observe(method, located.path);
          return { kind: 'response', response: answered };
        }
        // The server did the work (a job exists now); the client gets the fault instead.
        record.fault = `${decision.label} (server answered ${answered.status})`;
      }
      if (action.kind === 'hang') return await hangUntilAborted(signal);
      if (action.kind === 'drop') return { kind: 'drop', error: connectionDroppedError() };
      const response = this.#faultResponse(action, requestId);
      record.status = response.status;
      return { kind: 'response', response };
    } finally {
      if (this.options.autoAdvanceMs > 0) this.clock.advance(this.options.autoAdvanceMs);
      // A request may have created or cancelled a job: the webhook sender re-plans its wake-up.
      this.webhooks.process();
    }
  }

  /** Where a URL points: Azure or not, and the API path. */
  #locate(url: URL): { path: string; azure: boolean; azureV1: boolean; deployment: string | null } {
    let path = url.pathname.replace(/\/+$/, '') || '/';
    const azureMatch = /^\/openai(\/v1)?(\/.*)?$/.exec(path);
    if (azureMatch) {
      path = azureMatch[2] ?? '/';
      const deployment = /^\/deployments\/([^/]+)(\/.*)$/.exec(path);
      if (deployment?.[1] && deployment[2]) {
        return {
          path: deployment[2],
          azure: true,
          azureV1: azureMatch[1] !== undefined,
          deployment: decodeURIComponent(deployment[1]),
        };
      }
      return { path, azure: true, azureV1: azureMatch[1] !== undefined, deployment: null };
    }
    const basePath = new URL(this.options.baseURL).pathname.replace(/\/+$/, '');
    if (basePath && basePath !== '/' && path.startsWith(`${basePath}/`)) path = path.slice(basePath.length);
    else if (path.startsWith('/v1/')) path = path.slice(3);
    return { path, azure: false, azureV1: false, deployment: null };
  }

  #faultResponse(action: Extract<FaultAction, { kind: 'error' }>, requestId: string): Response {
    const defaults = DEFAULT_ERROR_BODIES[action.status] ?? {
      message: `The server answered ${action.status}.`,
      type: action.status >= 500 ? 'server_error' : 'invalid_request_error',
      code: null,
    };
    const headers: Record<string, string> = { ...this.#baseHeaders(requestId) };
    if (action.retryAfter !== undefined) headers['retry-after'] = String(action.retryAfter);
    if (action.retryAfterMs !== undefined) headers['retry-after-ms'] = String(action.retryAfterMs);
    if (action.status === 429) {
      headers['x-ratelimit-limit-requests'] = '60';
      headers['x-ratelimit-remaining-requests'] = '0';
      headers['x-ratelimit-reset-requests'] = `${action.retryAfter ?? 1}s`;
    }
    Object.assign(headers, action.headers);
    if (action.rawBody !== undefined) {
      headers['content-type'] = 'text/html; charset=utf-8';
      return new Response(action.rawBody, { status: action.status, headers });
    }
    const body = {
      error: {
        message: action.message ?? defaults.message,
        type: action.type ?? defaults.type,
        param: action.param ?? null,
        code: action.code === undefined ? defaults.code : action.code,
      },
    };
    return new Response(JSON.stringify(body), { status: action.status, headers });
  }

  #baseHeaders(requestId: string): Record<string, string> {
    return {
      'content-type': 'application/json',
      'x-request-id': requestId,
      'openai-version': '2020-10-01',
      'openai-organization': this.options.organizationSlug,
      'openai-processing-ms': String(20 + Math.floor(this.#random.next() * 200)),
    };
  }

  async #answer(
    method: string,
    located: { path: string; azure: boolean; azureV1: boolean; deployment: string | null },
    url: URL,
    headers: Headers,
    body: ParsedBody,
    requestId: string,
  ): Promise<Response> {
    const baseHeaders = this.#baseHeaders(requestId);
    if (located.azure) baseHeaders['apim-request-id'] = requestId.slice(4);
    try {
      this.#authenticate(headers, located.azure);
      if (located.azure && !located.azureV1 && !url.searchParams.get('api-version')) {
        throw new SimulatedApiError(404, 'Resource not found', { code: '404' });
      }
      this.#sync();
      const route = COMPILED_ROUTES.find((item) => item.method === method && item.regex.test(located.path));
      if (!route) {
        const shown = located.azure ? `/openai${located.path}` : `/v1${located.path}`;
        throw new SimulatedApiError(404, `Invalid URL (${method} ${shown})`);
      }
      const match = route.regex.exec(located.path);
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(match?.[index + 1] ?? '');
      });
      if (located.deployment !== null) params.deployment = located.deployment;
      const routeRequest: RouteRequest = {
        method,
        path: located.path,
        params,
        query: url.searchParams,
        headers,
        body,
        azure: located.azure,
      };
      const result: RouteResult = await route.handle(this.#context, routeRequest);
      const responseHeaders = { ...baseHeaders, ...result.headers };
      if ('raw' in result)
        return new Response(result.raw, { status: result.status ?? 200, headers: responseHeaders });
      return new Response(JSON.stringify(result.json), {
        status: result.status ?? 200,
        headers: responseHeaders,
      });
    } catch (error) {
      if (error instanceof SimulatedApiError) {
        return new Response(JSON.stringify(error.toBody()), {
          status: error.status,
          headers: { ...baseHeaders, ...error.headers },
        });
      }
      // A bug in the simulator or in a user hook: answer 500 and tell clients not to retry it.
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return new Response(
        JSON.stringify({
          error: {
            message: `finetune-kit simulator internal error: ${message}`,
            type: 'server_error',
            param: null,
            code: 'simulator_error',
          },
        }),
        { status: 500, headers: { ...baseHeaders, 'x-should-retry': 'false' } },
      );
    }
  }

  #authenticate(headers: Headers, azure: boolean): void {
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]?.trim();
    const key = bearer ?? headers.get('api-key')?.trim();
    if (!key) {
      throw new SimulatedApiError(
        401,
        azure
          ? 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.'
          : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      );
    }
    if (this.options.apiKeys && !this.options.apiKeys.includes(key)) {
      throw new SimulatedApiError(401, `Incorrect API key provided: ${maskKey(key)}.`, {
        code: 'invalid_api_key',
      });
    }
  }

  /** Brings files, uploads and jobs up to the current simulated time. */
  #sync(): void {
    const now = this.clock.now();
    for (const record of this.#store.files.values()) {
      if (record.file.status === 'uploaded' && record.processedAt <= now) finishProcessing(record);
      // Files with `expires_after` are deleted when they expire.
      if (record.file.expires_at !== undefined && record.file.expires_at * 1000 <= now) {
        this.#store.files.delete(record.file.id);
      }
    }
    for (const record of this.#store.uploads.values()) {
      if (record.upload.status === 'pending' && record.expiresAtMs <= now) record.upload.status = 'expired';
    }
    for (const record of this.#store.jobs.values()) syncJob(record, now);
    this.webhooks.process();
  }

  /**
   * Moves the clock forward until no job, file or upload will change by itself any more: every
   * job that is not paused reaches its end. Returns at once when nothing is pending.
   *
   * @returns The simulated time reached.
   */
  runUntilIdle(): number {
    for (;;) {
      this.#sync();
      const next = this.#nextChangeAt();
      if (next === null) return this.clock.now();
      this.clock.advanceTo(next);
    }
  }

  #nextChangeAt(): number | null {
    let next: number | null = null;
    const consider = (time: number | null) => {
      if (time !== null && (next === null || time < next)) next = time;
    };
    for (const record of this.#store.files.values()) {
      if (record.file.status === 'uploaded') consider(record.processedAt);
    }
    for (const record of this.#store.jobs.values()) consider(nextChangeAt(record));
    return next;
  }

  /**
   * Moves the clock forward, one planned change at a time, until the job reaches a status or a
   * training step (other jobs move along, as on a real clock).
   *
   * @param jobId - The job.
   * @param options - `to: 'running'` or `step: 50`; without either, up to the job's next change.
   * @returns The job (wire object) afterwards.
   * @throws {Error} When the job does not exist, or ends or pauses before reaching the target.
   */
  advanceJob(jobId: string, options: AdvanceJobOptions = {}): SimulatedJob {
    const record = this.#store.jobs.get(jobId);
    if (!record) throw new Error(`advanceJob: no job ${jobId} in this simulator.`);
    this.#sync();
    const reached = () =>
      (options.to !== undefined && record.job.status === options.to) ||
      (options.step !== undefined && record.currentStep >= options.step);
    if (options.to === undefined && options.step === undefined) {
      const next = nextChangeAt(record);
      if (next !== null) this.clock.advanceTo(next);
      return record.job;
    }
    while (!reached()) {
      const next = nextChangeAt(record);
      if (next === null) {
        const target = options.to !== undefined ? `status '${options.to}'` : `step ${options.step}`;
        throw new Error(
          `advanceJob: job ${jobId} cannot reach ${target}: it is '${record.job.status}'` +
            (TERMINAL_STATUSES.has(record.job.status)
              ? ' and has ended.'
              : ' and will not change by itself.'),
        );
      }
      this.clock.advanceTo(next);
    }
    return record.job;
  }

  /**
   * Makes a job fail, at once or right after a future training step, the way jobs fail on the real
   * API during training: an error event (`level: 'error'`, `data: { error_code, error_param }`),
   * `status: 'failed'` and `error` (by default `server_error`, "The job failed due to an internal
   * error"). The metrics events and checkpoints emitted so far stay; no result file is attached and
   * `trained_tokens` stays `null`.
   *
   * @param jobId - The job.
   * @param failure - `atStep` (omit to fail now), and `code`, `message`, `param` of `job.error`.
   * @returns The job (wire object), failed already or with the failure planned.
   * @throws {Error} When the job does not exist, has ended, will not train, or is past `atStep`.
   * @example
   * ```ts
   * sim.failJob(job.id, { atStep: 50 });
   * sim.advanceJob(job.id, { to: 'failed' }); // steps 1–50 have metrics events, then the error event
   * ```
   */
  failJob(jobId: string, failure: JobFailure = {}): SimulatedJob {
    const record = this.#store.jobs.get(jobId);
    if (!record) throw new Error(`failJob: no job ${jobId} in this simulator.`);
    this.#sync();
    scheduleFailure(this.#context, record, failure, this.clock.now());
    return record.job;
  }

  /**
   * Stores a file directly, without an HTTP call (handy to set up a test).
   *
   * @returns The file object, as `GET /files/{id}` would return it.
   */
  addFile(input: AddFileInput): SimulatedFile {
    const bytes = typeof input.content === 'string' ? new TextEncoder().encode(input.content) : input.content;
    return storeFile(this.#context, {
      filename: input.filename,
      purpose: input.purpose ?? 'fine-tune',
      chunks: [bytes],
      processed: input.processed ?? true,
    }).file;
  }

  /** The current state of a job (the live wire object; do not mutate), or `undefined`. */
  getJob(jobId: string): SimulatedJob | undefined {
    this.#sync();
    return this.#store.jobs.get(jobId)?.job;
  }

  /** Every job, oldest first. */
  listJobs(): SimulatedJob[] {
    this.#sync();
    return [...this.#store.jobs.values()].map((record) => record.job);
  }

  /** A job's events so far, oldest first (the API lists them newest first). */
  getJobEvents(jobId: string): SimulatedJobEvent[] {
    this.#sync();
    return [...(this.#store.jobs.get(jobId)?.events ?? [])];
  }

  /** A job's checkpoints so far, in creation order. */
  getJobCheckpoints(jobId: string): SimulatedCheckpoint[] {
    this.#sync();
    return [...(this.#store.jobs.get(jobId)?.checkpoints ?? [])];
  }

  /** The bytes of a stored file (also training files, which the API refuses to download), or `undefined`. */
  getFileContent(fileId: string): Uint8Array | undefined {
    const record = this.#store.files.get(fileId);
    return record ? concatChunks(record.chunks) : undefined;
  }

  /**
   * msw 2 request handlers serving the simulator. msw is loaded only here (it is an optional peer).
   * Build your `OpenAI` client after `server.listen()`, and use `maxRetries: 0` (msw and SDK retries
   * hang together, docs/internals/api-behaviour.md#testing-gotchas).
   *
   * @example
   * ```ts
   * const server = setupServer(...(await sim.handlers()));
   * server.listen({ onUnhandledRequest: 'error' });
   * ```
   */
  async handlers(options: MswHandlerOptions = {}): Promise<HttpHandler[]> {
    const { createMswHandlers } = await import('./msw-handlers.js');
    return createMswHandlers(this, options);
  }

  /**
   * Serves the simulator on a loopback HTTP server (Node only), for other processes and runtimes.
   * The server does not keep the process alive unless `ref: true`.
   *
   * @returns `{ url, baseURL, azureEndpoint, close() }`.
   */
  async listen(options: ListenOptions = {}): Promise<LoopbackServer> {
    const { startLoopbackServer } = await import('./loopback-server.js');
    return startLoopbackServer(this, options);
  }
}

async function readBody(request: Request): Promise<ParsedBody> {
  if (request.method === 'GET' || request.method === 'HEAD' || request.body === null) return { kind: 'none' };
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('multipart/form-data') || type.includes('application/x-www-form-urlencoded')) {
    return { kind: 'form', form: await request.formData() };
  }
  const text = await request.text();
  if (text === '') return { kind: 'none' };
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch {
      return { kind: 'invalid-json', text };
    }
  }
  return { kind: 'text', text };
}

/**
 * Creates a fine-tuning API simulator.
 *
 * @param options - Seed, clock, timing, quirks, limits, validator… (see {@link SimulatorOptions}).
 * @returns The simulator.
 * @throws {FinetuneKitUsageError} When an option is invalid (the message and `option` name it).
 * @example
 * ```ts
 * // The default 'auto' clock runs by itself: code that polls on the real clock sees jobs end in seconds.
 * const sim = createSimulator();
 * const client = new OpenAI({ apiKey: 'sk-sim', baseURL: sim.baseURL, fetch: sim.fetch });
 * ```
 */
export function createSimulator(options: SimulatorOptions = {}): FineTuningSimulator {
  return new FineTuningSimulator(options);
}
