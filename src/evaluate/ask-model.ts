/**
 * One evaluated request: the chat completion a model gets for an example's prompt, retried on
 * transient failures (429 with its `Retry-After`, 5xx, dropped connections) by the job layer's
 * retry policy, with the SDK's own retries off so attempts never multiply.
 *
 * @module
 */
import type { OpenAI } from 'openai';
import { isRecord } from '../internal/is-record.js';
import type { JobClock } from '../job/clock.js';
import { type ResolvedRetryOptions, type RetryContext, withRetry } from '../job/retry.js';
import { toolCallsOf } from './eval-example.js';
import type { EvalAnswer, EvalExample, EvalSamplingParams, EvalUsage } from './types.js';

/** The part of an `OpenAI` client an evaluation calls. */
export type ChatClient = Pick<OpenAI, 'chat'>;

/** The body of the chat completion sent for `example` to `model`. */
export function chatRequest(
  model: string,
  example: EvalExample,
  sampling: EvalSamplingParams,
): Record<string, unknown> {
  const request: Record<string, unknown> = { model, messages: example.messages, ...sampling };
  if (example.tools) request.tools = example.tools;
  if (typeof example.item.parallel_tool_calls === 'boolean' && example.tools) {
    request.parallel_tool_calls = example.item.parallel_tool_calls;
  }
  return request;
}

/** Settings of {@link askModel}. */
export interface AskSettings {
  readonly retry: ResolvedRetryOptions;
  readonly clock: JobClock;
  readonly signal?: AbortSignal | undefined;
  readonly onRetry?: ((context: RetryContext) => void) | undefined;
}

/** What one request returned. */
export interface AskResult {
  readonly answer: EvalAnswer;
  readonly usage: EvalUsage;
  readonly latencyMs: number;
}

/**
 * Sends `request` and reads the first choice.
 *
 * @throws {FinetuneKitApiError} When the API refuses the request or retries run out.
 * @throws {FinetuneKitAbortError} When `settings.signal` aborts.
 */
export async function askModel(
  client: ChatClient,
  request: Record<string, unknown>,
  settings: AskSettings,
): Promise<AskResult> {
  const model = String(request.model);
  let started = 0;
  const completion = await withRetry(
    (_attempt, signal) => {
      started = performance.now();
      return client.chat.completions.create(
        request as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
        { maxRetries: 0, ...(signal ? { signal } : {}) },
      );
    },
    {
      operation: 'chat.completions.create',
      resourceId: model,
      retry: settings.retry,
      clock: settings.clock,
      signal: settings.signal,
      onRetry: settings.onRetry,
    },
  );
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const choice = completion.choices?.[0];
  const message = (choice?.message ?? {}) as unknown as Record<string, unknown>;
  const usage: Record<string, unknown> = isRecord(completion.usage) ? completion.usage : {};
  const details: Record<string, unknown> = isRecord(usage.prompt_tokens_details)
    ? usage.prompt_tokens_details
    : {};
  return {
    answer: {
      content: typeof message.content === 'string' ? message.content : null,
      toolCalls: toolCallsOf(message),
      refusal: typeof message.refusal === 'string' ? message.refusal : null,
      finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    },
    usage: {
      promptTokens: numberOr0(usage.prompt_tokens),
      completionTokens: numberOr0(usage.completion_tokens),
      cachedTokens: numberOr0(details.cached_tokens),
    },
    latencyMs,
  };
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
