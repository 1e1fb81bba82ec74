/**
 * A loopback HTTP server (127.0.0.1 only) that answers like a hostile or broken OpenAI-compatible
 * API. The first path segment picks the behaviour: `http://127.0.0.1:<port>/<mode>/v1/...`.
 *
 * It is bounded on every side: it answers at most `maxRequests` requests (then 503s), closes itself
 * after `lifetimeMs`, cuts a `slow` body after `slowMs`, stops a `dribble` body when the client goes
 * away (or the server closes), and is `unref`'d, so a test process can always exit.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ALL_ESCAPES, ESCAPES } from './hostile-payloads.js';

/** The behaviours, by the first path segment. */
export const HOSTILE_MODES = [
  'escapes',
  'echo401',
  'huge-headers',
  'huge-body',
  'invalid-json',
  'wrong-types',
  'endless',
  'slow',
  'dribble',
] as const;
export type HostileMode = (typeof HOSTILE_MODES)[number];

export interface HostileServerOptions {
  /** Requests answered before every answer becomes a 503. @default 3000 */
  readonly maxRequests?: number;
  /** The server closes itself after this long. @default 170_000 */
  readonly lifetimeMs?: number;
  /** How long a slow body dribbles before the connection is cut. @default 3000 */
  readonly slowMs?: number;
  /** Size of the huge body's message. @default 4 MiB */
  readonly hugeBytes?: number;
}

export interface HostileServer {
  /** The `baseURL` for a mode: `http://127.0.0.1:<port>/<mode>/v1`. */
  baseURL(mode: HostileMode): string;
  /** Requests received so far. */
  readonly requests: number;
  close(): Promise<void>;
}

const JOB_ID = 'ftjob-hostile0123456789abcd';
const NOW = 1_721_764_800;

/** What the client sent as its key, echoed back the way a careless proxy would. */
function echoedKey(request: IncomingMessage): string {
  return `${request.headers.authorization ?? ''} api-key: ${String(request.headers['api-key'] ?? '')}`;
}

function hostileJob(echo: string): Record<string, unknown> {
  return {
    object: 'fine_tuning.job',
    id: JOB_ID,
    status: 'succeeded',
    model: `gpt-4o-mini${ESCAPES.retitle}${ESCAPES.clearScreen}`,
    fine_tuned_model: `ft:gpt-4o-mini:evil${ESCAPES.carriageReturn}`,
    created_at: NOW,
    finished_at: NOW + 600,
    training_file: `file-evil${ESCAPES.cursorUp}`,
    validation_file: null,
    result_files: [],
    trained_tokens: 1000,
    seed: 1,
    hyperparameters: { n_epochs: `3${ESCAPES.newline}` },
    method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3 } } },
    metadata: { note: `${ALL_ESCAPES} ${echo}` },
    error: { code: `x${ESCAPES.bidi}`, message: `${ALL_ESCAPES} ${echo}`, param: null },
    organization_id: 'org-hostile',
    estimated_finish: null,
    integrations: [],
    user_provided_suffix: `s${ESCAPES.newline}`,
  };
}

function hostileEvents(echo: string, count = 5): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => ({
    object: 'fine_tuning.job.event',
    id: `ftevent-hostile${index}`,
    created_at: NOW + 500 - index,
    level: index === 0 ? `info${ESCAPES.retitle}` : 'info',
    message: `Step ${index}${ALL_ESCAPES} sent with ${echo}`,
    type: 'message',
    data: {},
  }));
}

function hostileCheckpoints(): Record<string, unknown>[] {
  return [
    {
      object: 'fine_tuning.job.checkpoint',
      id: 'ftckpt-hostile1',
      created_at: NOW + 300,
      fine_tuned_model_checkpoint: `ft:gpt-4o-mini:evil:ckpt-step-10${ESCAPES.cursorUp}`,
      fine_tuning_job_id: JOB_ID,
      step_number: 10,
      metrics: { step: 10, train_loss: 0.5 },
    },
  ];
}

const WRONG_JOB = {
  object: 'fine_tuning.job',
  id: JOB_ID,
  status: { nested: 'object' },
  model: 42,
  fine_tuned_model: [1, 2],
  created_at: 'yesterday',
  finished_at: 'later',
  training_file: null,
  result_files: 'file-x',
  metadata: 7,
  hyperparameters: 'h',
  method: 'supervised',
  error: 'boom',
  seed: 'x',
  trained_tokens: '1000',
};

function list(data: unknown, hasMore = false): Record<string, unknown> {
  return { object: 'list', data, has_more: hasMore };
}

/** The JSON answer of a well-formed-but-hostile endpoint, or `null` for an unknown path. */
function answerFor(path: string, echo: string, mode: HostileMode): unknown {
  const endless = mode === 'endless';
  if (path === '/fine_tuning/jobs') return list([hostileJob(echo)], endless);
  if (path.endsWith('/events')) return list(hostileEvents(echo), endless);
  if (path.endsWith('/checkpoints')) return list(hostileCheckpoints(), endless);
  if (path.startsWith('/fine_tuning/jobs/')) return hostileJob(echo);
  if (path.startsWith('/files/')) return { object: 'file', id: path.split('/')[2], bytes: 10, filename: 'x' };
  return null;
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * Starts the server.
 *
 * @param options - Bounds.
 */
export async function startHostileServer(options: HostileServerOptions = {}): Promise<HostileServer> {
  const maxRequests = options.maxRequests ?? 3000;
  const slowMs = options.slowMs ?? 3000;
  const hugeBytes = options.hugeBytes ?? 4 * 1024 * 1024;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let requests = 0;

  const server = createServer((request, response) => {
    requests += 1;
    // Drain the request body; none of the answers depend on it.
    request.resume();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const [, mode, , ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}`;
    const echo = echoedKey(request);
    if (requests > maxRequests) {
      sendJson(response, 503, { error: { message: 'request budget of the hostile server spent' } });
      return;
    }
    switch (mode as HostileMode) {
      case 'echo401':
        sendJson(
          response,
          401,
          {
            error: { message: `Incorrect API key provided: ${echo}${ALL_ESCAPES}`, code: 'invalid_api_key' },
          },
          { 'x-echo': echo.replace(/[^\t\x20-\x7e]/g, '') },
        );
        return;
      case 'huge-headers':
        response.writeHead(200, { 'content-type': 'application/json', 'x-huge': 'h'.repeat(128 * 1024) });
        response.end('{}');
        return;
      case 'huge-body':
        if (path.endsWith('/events')) {
          const message = `${ALL_ESCAPES}${echo}`.padEnd(hugeBytes, 'x');
          sendJson(response, 200, list([{ ...hostileEvents(echo, 1)[0], message }]));
          return;
        }
        break;
      case 'invalid-json':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(`{"object":"list","data":[{"id":"ftjob-${ESCAPES.retitle}`);
        return;
      case 'wrong-types':
        if (path.endsWith('/events') || path.endsWith('/checkpoints') || path === '/fine_tuning/jobs') {
          sendJson(response, 200, { object: 'list', data: 'not-a-list', has_more: 'yes' });
          return;
        }
        sendJson(response, 200, WRONG_JOB);
        return;
      case 'slow': {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"object":"fine_tuning.job","id":"');
        const started = Date.now();
        const timer = setInterval(() => {
          if (Date.now() - started > slowMs) {
            clearInterval(timer);
            timers.delete(timer);
            response.destroy();
            return;
          }
          response.write('x');
        }, 100);
        timers.add(timer);
        return;
      }
      case 'dribble': {
        // Headers, then one byte every 100 ms for as long as the client listens: only the client's
        // own deadline ends this answer.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"object":"fine_tuning.job","id":"');
        const timer = setInterval(() => response.write('x'), 100);
        timers.add(timer);
        response.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      default:
        break;
    }
    const body = answerFor(path, echo, mode as HostileMode);
    if (body === null) sendJson(response, 404, { error: { message: `No route ${path}${ESCAPES.retitle}` } });
    else sendJson(response, 200, body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const close = async () => {
    for (const timer of timers) clearInterval(timer);
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 170_000);
  lifetime.unref();
  return {
    baseURL: (mode) => `http://127.0.0.1:${address.port}/${mode}/v1`,
    get requests() {
      return requests;
    },
    close: async () => {
      clearTimeout(lifetime);
      await close();
    },
  };
}

export { JOB_ID as HOSTILE_JOB_ID };
