/**
 * `--simulate`: an `openai` client wired to the persisted simulated account (see
 * {@link SimulatedAccount}), with its clock running `speed` times faster than real time. Each request
 * loads the account, is handled and saved, so what one command creates the next one finds. The job
 * layer polls on a clock of the same speed, so a 5-second poll interval in simulated time is
 * 5/speed seconds of real time.
 *
 * @module
 */
import { sleep } from '../../job/clock.js';
import type { AccountFlags } from './account-dir.js';
import { type ClientHandle, loadOpenAI } from './create-client.js';
import { type ExchangeNotice, observeRetries, type RetryNotice } from './observe-retries.js';
import { SimulatedAccount } from './simulated-account.js';

/** The API key the simulated account is reached with (any key works; this one says what it is). */
export const SIMULATED_API_KEY = 'sk-simulated';

/** The base URL the client uses; requests never leave the process, the host only names the API. */
const SIMULATED_BASE_URL = 'https://api.openai.com/v1';

/**
 * Opens the simulated account and a client for it.
 *
 * @param options - The account's directory, the flags that name it, clock speed-up, retry and
 *   exchange callbacks, SDK retries.
 * @throws {CliError} When the account's state cannot be read (the hint says how to start over).
 */
export async function createSimulatedClient(options: {
  readonly dir: string;
  readonly flags: AccountFlags;
  readonly speed: number;
  readonly onRetry: (notice: RetryNotice) => void;
  readonly onExchange?: (notice: ExchangeNotice) => void;
  /** Retries of the SDK's own retry loop. @default the SDK's (2) */
  readonly maxRetries?: number;
}): Promise<ClientHandle> {
  const sdk = await loadOpenAI();
  const account = new SimulatedAccount({
    dir: options.dir,
    speed: options.speed,
    dirFlag: options.flags.dir,
  });
  // A corrupt or incompatible state is one clear error now, not a failed (and retried) request later.
  await account.check();
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    // Non-HTTP URLs are not API calls (the SDK probes `fetch('data:,')` to detect FormData support).
    if (!/^https?:$/.test(new URL(request.url).protocol)) return globalThis.fetch(request);
    const signal = init?.signal ?? (input instanceof Request ? input.signal : null);
    const outcome = await account.dispatch(request, signal);
    if (outcome.kind === 'drop') throw outcome.error;
    return outcome.response;
  };
  const client = new sdk.default({
    apiKey: SIMULATED_API_KEY,
    baseURL: SIMULATED_BASE_URL,
    fetch: observeRetries(fetch, options.onRetry, options.onExchange),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  });
  return {
    client,
    kind: 'simulator',
    baseURL: SIMULATED_BASE_URL,
    speed: options.speed,
    // Polls wait 1/speed of the simulated interval in real time, as the account's clock runs.
    clock: { now: () => account.now(), sleep: (ms, signal) => sleep(ms / options.speed, signal) },
    simulator: undefined,
    account: { dir: options.dir, flag: options.flags.simulate },
    close: async () => {},
  };
}
