/**
 * A loopback HTTP server that serves the simulator to other processes and runtimes (Node only:
 * `node:http` is imported on demand by `sim.listen()`).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FineTuningSimulator } from './simulator.js';

/** Options of `sim.listen()`. */
export interface ListenOptions {
  /** Port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  readonly host?: string;
  /**
   * Keep the process alive while the server listens (for a standalone simulator). By default the
   * server and its sockets are `unref`'d, so a test process can exit even if `close()` is forgotten.
   * @default false
   */
  readonly ref?: boolean;
}

/** A running loopback server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The `baseURL` for an `OpenAI` client: `<url>/v1`. */
  readonly baseURL: string;
  /** The `endpoint` for an `AzureOpenAI` client (its paths get `/openai`). */
  readonly azureEndpoint: string;
  /** The bound port. */
  readonly port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

async function readRequestBody(incoming: IncomingMessage): Promise<Uint8Array | undefined> {
  if (incoming.method === 'GET' || incoming.method === 'HEAD') return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Uint8Array);
  if (chunks.length === 0) return undefined;
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Starts the server.
 *
 * @param simulator - The simulator to serve (anything that dispatches a request as it does, e.g. the
 *   CLI's persisted simulated account).
 * @param options - Port, host, ref.
 * @returns The running server.
 */
export async function startLoopbackServer(
  simulator: Pick<FineTuningSimulator, 'dispatch'>,
  options: ListenOptions = {},
): Promise<LoopbackServer> {
  const { createServer } = await import('node:http');
  const host = options.host ?? '127.0.0.1';
  const ref = options.ref ?? false;
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    void serve(incoming, outgoing);
  });
  if (!ref) server.on('connection', (socket) => socket.unref());

  async function serve(incoming: IncomingMessage, outgoing: ServerResponse) {
    const controller = new AbortController();
    // The client went away before the answer: abort the simulated request (ends hangs and latency).
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) controller.abort();
    });
    try {
      const headers = new Headers();
      for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
        headers.append(incoming.rawHeaders[index] ?? '', incoming.rawHeaders[index + 1] ?? '');
      }
      const body = await readRequestBody(incoming);
      const request = new Request(`http://${host}:${port}${incoming.url ?? '/'}`, {
        method: incoming.method ?? 'GET',
        headers,
        ...(body === undefined ? {} : { body: body as BodyInit }),
        signal: controller.signal,
      });
      const outcome = await simulator.dispatch(request);
      if (outcome.kind === 'drop') {
        incoming.socket.destroy();
        return;
      }
      const { response } = outcome;
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        responseHeaders[key] = value;
      });
      outgoing.writeHead(response.status, responseHeaders);
      // Pass the body on as it comes, so streamed answers (SSE chat completions) reach the client
      // chunk by chunk instead of all at once at the end.
      if (response.body) {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          if (controller.signal.aborted) break;
          outgoing.write(chunk);
        }
      }
      outgoing.end();
    } catch (error) {
      if (controller.signal.aborted || outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      outgoing.writeHead(500, { 'content-type': 'application/json', 'x-should-retry': 'false' });
      outgoing.end(
        JSON.stringify({
          error: {
            message: `finetune-kit loopback server error: ${String(error)}`,
            type: 'server_error',
            param: null,
            code: null,
          },
        }),
      );
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (!ref) server.unref();
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Loopback server has no TCP address.');
  const port = address.port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    azureEndpoint: url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
