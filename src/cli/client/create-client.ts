/**
 * The API client for API commands: `openai` from the environment, `AzureOpenAI` with `--azure`, or
 * the in-process simulator with `--simulate`. `openai` is loaded with a dynamic import, so the data
 * commands never need it.
 *
 * @module
 */
import type OpenAI from 'openai';
import { type JobClock, systemClock } from '../../job/clock.js';
import type { FineTuningSimulator } from '../../testing/index.js';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import { DEFAULT_TIMEOUT_SECONDS } from '../global-options.js';
import { accountFlags, defaultAccountDir } from './account-dir.js';
import { withBodyDeadline } from './body-deadline.js';
import { requireFetchableURL } from './check-api-url.js';
import { type ExchangeNotice, observeRetries, type RetryNotice } from './observe-retries.js';
import type { CliRetryPolicy } from './retry-policy.js';

/** Which backend a client talks to. */
export type ClientKind = 'openai' | 'azure' | 'simulator';

/** A ready client and what the commands need to know about it. */
export interface ClientHandle {
  readonly client: OpenAI;
  readonly kind: ClientKind;
  /** The base URL requests go to (for error messages). */
  readonly baseURL: string;
  /**
   * The simulated clock's speed-up with `--simulate` (1 otherwise). Polling intervals are divided by
   * it, so a simulated hour of training is followed in seconds.
   */
  readonly speed: number;
  /** The clock the job layer polls and backs off with: the simulator's, scaled, with `--simulate`. */
  readonly clock: JobClock;
  /**
   * An in-process simulator a test injected; `undefined` with `--simulate`, whose account is loaded
   * afresh for every request (see {@link ClientHandle.account}).
   */
  readonly simulator: FineTuningSimulator | undefined;
  /**
   * With `--simulate`: the persisted simulated account's directory, and the flag that reaches it
   * again (` --simulate` or ` --simulate=DIR`, with a leading space) for the commands hints suggest.
   */
  readonly account?: { readonly dir: string; readonly flag: string };
  /**
   * The retry policies from `--max-retries` / `--timeout`, which the job commands pass to the job
   * layer. Set by `runCli`; absent, the job layer's defaults apply.
   */
  readonly retry?: CliRetryPolicy;
  /** Releases what the client holds (the simulator's state). */
  close(): Promise<void>;
}

/** Options of {@link createClient}. */
export interface CreateClientOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Use Azure OpenAI's variables. */
  readonly azure?: boolean;
  /** Use the in-process simulator. */
  readonly simulate?: boolean;
  /** With `simulate`: the simulated account's directory (`--simulate=DIR`). @default defaultAccountDir(env) */
  readonly simulatorDir?: string;
  /** The simulator's clock speed-up. */
  readonly speed?: number;
  /** Told about every 429/5xx before it is retried. */
  readonly onRetry?: (notice: RetryNotice) => void;
  /** Told about every request once answered or failed (`--verbose`). */
  readonly onExchange?: (notice: ExchangeNotice) => void;
  /** Retries of the SDK's own retry loop (calls outside the job layer). @default the SDK's (2) */
  readonly maxRetries?: number;
  /**
   * The per-call timeout (`--timeout`), in seconds. With a real API it also bounds reading each
   * answer: the whole body within this long, or for file downloads no pause in the data longer
   * than this (the SDK's own timeout ends at the response headers). @default DEFAULT_TIMEOUT_SECONDS
   */
  readonly timeoutSeconds?: number;
}

/**
 * Builds the client.
 *
 * @throws {CliError} Exit code 3 when the needed variables are missing (naming them and suggesting
 *   `--simulate`); exit code 1 when `openai` is not installed.
 */
export async function createClient(options: CreateClientOptions): Promise<ClientHandle> {
  const onRetry = options.onRetry ?? (() => {});
  if (options.simulate) {
    const { createSimulatedClient } = await import('./create-simulated-client.js');
    const dir = options.simulatorDir ?? defaultAccountDir(options.env);
    return createSimulatedClient({
      dir,
      flags: accountFlags(dir, options.env),
      speed: options.speed ?? 1,
      onRetry,
      ...(options.onExchange ? { onExchange: options.onExchange } : {}),
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    });
  }
  const sdk = await loadOpenAI();
  const fetchFunction = observeRetries(
    withBodyDeadline((input, init) => globalThis.fetch(input, init), {
      timeoutMs: (options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      // The SDK's own timeout error: the job layer retries it and the CLI reports it (exit 4) like
      // any other timeout.
      createError: (message) => new sdk.APIConnectionTimeoutError({ message }),
    }),
    onRetry,
    options.onExchange,
  );
  const maxRetries = options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries };
  if (options.azure) {
    const env = options.env;
    const missing = ['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT', 'OPENAI_API_VERSION'].filter(
      (name) => !env[name]?.trim(),
    );
    if (missing.length > 0) {
      throw new CliError(
        `--azure needs ${missing.join(', ')} (not set).`,
        ExitCode.auth,
        "Set them to your resource's key, its https://<resource>.openai.azure.com endpoint and an API version, or use --simulate.",
      );
    }
    requireFetchableURL('AZURE_OPENAI_ENDPOINT', env.AZURE_OPENAI_ENDPOINT!.trim(), 'AZURE_OPENAI_API_KEY');
    const client = new sdk.AzureOpenAI({
      apiKey: env.AZURE_OPENAI_API_KEY!,
      endpoint: env.AZURE_OPENAI_ENDPOINT!,
      apiVersion: env.OPENAI_API_VERSION!,
      fetch: fetchFunction,
      ...maxRetries,
    });
    return apiHandle(client, 'azure');
  }
  const apiKey = options.env.OPENAI_API_KEY?.trim();
  if (!apiKey) {
    throw new CliError(
      'This command calls the OpenAI API, and OPENAI_API_KEY is not set.',
      ExitCode.auth,
      'Set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server), add --azure for Azure OpenAI, or add --simulate to try it against the built-in simulator.',
    );
  }
  const baseURL = options.env.OPENAI_BASE_URL?.trim() || undefined;
  if (baseURL) requireFetchableURL('OPENAI_BASE_URL', baseURL, 'OPENAI_API_KEY');
  // Only the checkpoint permission commands send it (the SDK picks it per endpoint). Passed from the
  // CLI's environment, never read by the SDK from process.env behind the CLI's back.
  const adminAPIKey = options.env.OPENAI_ADMIN_KEY?.trim() || null;
  const client = new sdk.default({
    apiKey,
    adminAPIKey,
    ...(baseURL ? { baseURL } : {}),
    fetch: fetchFunction,
    ...maxRetries,
  });
  return apiHandle(client, 'openai');
}

/** The handle of a client of a real API: real time, nothing held to release. */
function apiHandle(client: OpenAI, kind: 'openai' | 'azure'): ClientHandle {
  return {
    client,
    kind,
    baseURL: client.baseURL,
    speed: 1,
    clock: systemClock,
    simulator: undefined,
    close: async () => {},
  };
}

/** Loads the `openai` peer dependency, explaining how to install it when it is missing. */
export async function loadOpenAI(): Promise<typeof import('openai')> {
  try {
    return await import('openai');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new CliError(
        'The API commands need the `openai` package, which is not installed.',
        ExitCode.failure,
        'Install it next to finetune-kit: npm install openai',
        { cause: error },
      );
    }
    throw error;
  }
}
