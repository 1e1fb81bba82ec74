/**
 * msw 2 request handlers that serve the simulator. This is the only module that imports msw (an
 * optional peer); `sim.handlers()` loads it on demand.
 *
 * @module
 */
import { type HttpHandler, HttpResponse, http, passthrough } from 'msw';
import type { FineTuningSimulator } from './simulator.js';

/** Options of `sim.handlers()`. */
export interface MswHandlerOptions {
  /**
   * Origins to intercept. Add the endpoint of an `AzureOpenAI` client here when it differs.
   * @default [origin of sim.baseURL]
   */
  readonly origins?: readonly string[];
}

/**
 * Builds one catch-all handler per origin that forwards to `sim.dispatch`. A dropped connection
 * becomes `HttpResponse.error()` (a network error for the client).
 *
 * @param simulator - The simulator to serve.
 * @param options - Origins to intercept.
 * @returns Handlers for `setupServer(...handlers)`.
 */
export function createMswHandlers(
  simulator: FineTuningSimulator,
  options: MswHandlerOptions = {},
): HttpHandler[] {
  const origins = options.origins ?? [new URL(simulator.baseURL).origin];
  // The SDK probes `fetch('data:,')` before its first upload; let it through instead of reporting
  // an unhandled request under `onUnhandledRequest: 'error'`.
  // Returning undefined for other URLs lets msw go on to the next handler.
  const dataUrls = http.get('*', ({ request }) =>
    request.url.startsWith('data:') ? passthrough() : undefined,
  );
  const api = origins.map((origin) =>
    http.all(`${origin.replace(/\/+$/, '')}/*`, async ({ request }) => {
      const outcome = await simulator.dispatch(request);
      if (outcome.kind === 'drop') return HttpResponse.error();
      return outcome.response;
    }),
  );
  return [...api, dataUrls];
}
