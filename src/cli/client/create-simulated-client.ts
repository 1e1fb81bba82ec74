/**
 * `--simulate`: an `openai` client wired to the in-process simulator from `finetune-kit/testing`,
 * with its clock running `speed` times faster than real time.
 *
 * @module
 */
import { type ClientHandle, loadOpenAI } from './create-client.js';
import { observeRetries, type RetryNotice } from './observe-retries.js';

/** The part of the simulator the CLI uses. */
interface SimulatorLike {
  readonly fetch: typeof globalThis.fetch;
  readonly baseURL: string;
}

/**
 * Creates the simulator and a client for it.
 *
 * @param options - Clock speed-up; a callback for retried responses.
 */
export async function createSimulatedClient(options: {
  readonly speed: number;
  readonly onRetry: (notice: RetryNotice) => void;
}): Promise<ClientHandle> {
  const [sdk, testing] = await Promise.all([loadOpenAI(), import('../../testing/index.js')]);
  const createSimulator = (testing as { createSimulator?: (options: object) => SimulatorLike })
    .createSimulator;
  if (!createSimulator) throw new Error('finetune-kit/testing does not export createSimulator.');
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
    simulator,
    close: async () => {},
  };
}
