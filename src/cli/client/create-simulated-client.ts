/**
 * `--simulate`: an `openai` client wired to the in-process simulator from `finetune-kit/testing`,
 * with its clock running `speed` times faster than real time. The job layer polls on that same
 * clock, so a 5-second poll interval in simulated time is 5/speed seconds of real time.
 *
 * @module
 */
import { type ClientHandle, loadOpenAI } from './create-client.js';
import { observeRetries, type RetryNotice } from './observe-retries.js';

/**
 * Creates the simulator and a client for it.
 *
 * @param options - Clock speed-up; a callback for retried responses.
 */
export async function createSimulatedClient(options: {
  readonly speed: number;
  readonly onRetry: (notice: RetryNotice) => void;
}): Promise<ClientHandle> {
  const [sdk, { createSimulator }] = await Promise.all([loadOpenAI(), import('../../testing/index.js')]);
  const simulator = createSimulator({ clock: { speed: options.speed } });
  const client = new sdk.default({
    apiKey: 'sk-simulated',
    baseURL: simulator.baseURL,
    fetch: observeRetries(simulator.fetch, options.onRetry),
  });
  return {
    client,
    kind: 'simulator',
    baseURL: simulator.baseURL,
    speed: options.speed,
    // The simulator's clock is a JobClock: a sleep of 5 s simulated waits 5/speed s of real time.
    clock: simulator.clock,
    simulator,
    close: async () => {},
  };
}
