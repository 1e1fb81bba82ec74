/**
 * The user's `openai` client as the job layer sees it, and the per-request options it sends.
 *
 * Only types are imported from `openai`: `finetune-kit/job` never loads the SDK's runtime itself, it
 * calls the methods of the client it is given (`OpenAI`, `AzureOpenAI`, or one with a custom
 * `baseURL`/`fetch`).
 *
 * @module
 */
import type { OpenAI } from 'openai';
import { FinetuneKitUsageError } from '../errors.js';
import { rememberClientSecrets } from '../internal/redact-secrets.js';
import type { JobClock } from './clock.js';
import type { ResolvedRetryOptions, RetryCallSettings, RetryContext } from './retry.js';

/**
 * The parts of an `OpenAI` (or `AzureOpenAI`) client that finetune-kit uses: `fineTuning`, `files`,
 * `uploads` and `models`.
 */
export type FineTuningClient = Pick<OpenAI, 'fineTuning' | 'files' | 'uploads' | 'models'>;

/** Per-request settings forwarded to every SDK call, besides `signal` and `maxRetries`. */
export interface SdkRequestOptions {
  /** Per-attempt timeout in ms. @default the client's (600 000) */
  readonly timeout?: number;
  /** Extra headers, e.g. for a proxy. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What every retried SDK call needs. */
export interface CallContext {
  readonly client: FineTuningClient;
  readonly clock: JobClock;
  readonly retry: ResolvedRetryOptions;
  readonly signal?: AbortSignal | undefined;
  readonly onRetry?: ((context: RetryContext) => void) | undefined;
  readonly requestOptions?: SdkRequestOptions | undefined;
}

/**
 * The retry settings of one SDK call made with `context` (its policy, clock, signal and retry
 * listener), named for error messages and retry contexts.
 *
 * @param context - The call's context.
 * @param operation - The SDK call, e.g. `fineTuning.jobs.retrieve`.
 * @param resourceId - The id the call is about, when there is one.
 * @returns Settings for `withRetry`.
 */
export function retrySettings(
  context: CallContext,
  operation: string,
  resourceId?: string,
): RetryCallSettings {
  return {
    operation,
    ...(resourceId === undefined ? {} : { resourceId }),
    retry: context.retry,
    clock: context.clock,
    signal: context.signal,
    onRetry: context.onRetry,
  };
}

/**
 * Builds the SDK's request options: the attempt's signal, the caller's timeout/headers, and
 * `maxRetries: 0` because finetune-kit retries these calls itself (SDK retries × ours would multiply).
 *
 * @param context - Carries the caller's request options.
 * @param signal - The attempt's own signal (see `withRetry`): the SDK adds an abort listener to the
 *   signal of every request and never removes it, so a long-lived signal must not be passed directly.
 */
export function sdkOptions(
  context: Pick<CallContext, 'requestOptions'>,
  signal: AbortSignal | undefined,
): {
  maxRetries: number;
  signal?: AbortSignal;
  timeout?: number;
  headers?: Record<string, string>;
} {
  const options: {
    maxRetries: number;
    signal?: AbortSignal;
    timeout?: number;
    headers?: Record<string, string>;
  } = {
    maxRetries: 0,
  };
  if (signal) options.signal = signal;
  if (context.requestOptions?.timeout !== undefined) options.timeout = context.requestOptions.timeout;
  if (context.requestOptions?.headers) options.headers = { ...context.requestOptions.headers };
  return options;
}

/**
 * True for an `AzureOpenAI` client (it carries an `apiVersion`), so validation can use Azure's rules.
 */
export function isAzureClient(client: unknown): boolean {
  return typeof (client as { apiVersion?: unknown } | null)?.apiVersion === 'string';
}

/**
 * Checks that `client` looks like an `openai` client, so a wrong argument fails with a clear message
 * instead of "cannot read properties of undefined" deep inside a poll. Every job-layer entry point
 * calls it first, so it also remembers the client's key: from then on the key is redacted from every
 * error, event and message, even where a server echoes it in a form no pattern recognises.
 *
 * @throws {FinetuneKitUsageError} Naming what is missing (`option` is `client`).
 */
export function assertClient(
  client: unknown,
  needs: readonly ('fineTuning' | 'files' | 'uploads' | 'models')[],
): void {
  rememberClientSecrets(client);
  if (typeof client !== 'object' || client === null) {
    throw new FinetuneKitUsageError(
      'client must be an OpenAI or AzureOpenAI instance from the `openai` package.',
      'client',
    );
  }
  const missing = needs.filter((key) => typeof (client as Record<string, unknown>)[key] !== 'object');
  if (missing.length > 0) {
    throw new FinetuneKitUsageError(
      `client must be an OpenAI or AzureOpenAI instance from the \`openai\` package (missing: ${missing.join(', ')}). ` +
        'openai ≥ 5 is required.',
      'client',
    );
  }
}
