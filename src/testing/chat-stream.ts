/**
 * Server-sent events of a streamed chat completion, as the API sends them (spec
 * `CreateChatCompletionStreamResponse`): per choice, a first chunk with `role`, one chunk per
 * token of content (with its `logprobs` entries when asked), a last chunk with `finish_reason`;
 * with `stream_options.include_usage`, every chunk has `usage: null` and a final chunk with empty
 * `choices` carries the usage; then `data: [DONE]`. Choices are interleaved token by token, as the
 * API does for `n > 1`. The body is a `ReadableStream` that produces one event per read.
 *
 * @module
 */
import type { TokenLogprob } from './chat-logprobs.js';
import type { ReplyToken } from './chat-token-counter.js';

/** A tool call of a choice, with its id. */
export interface StreamedToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/** One choice, as the stream needs it. */
export interface StreamedChoice {
  /** The tool calls, when the choice calls functions instead of answering in text. */
  readonly toolCalls: readonly StreamedToolCall[] | null;
  /** The reply's tokens (after any cut). */
  readonly tokens: readonly ReplyToken[];
  /** The `logprobs.content` entries, one per token, or `null` without `logprobs`. */
  readonly logprobs: readonly TokenLogprob[] | null;
  readonly finishReason: string;
}

/** The fields every chunk repeats. */
export interface StreamHeader {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly service_tier: string;
  readonly system_fingerprint: string;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new TextDecoder('utf-8');

/** Content deltas of one choice: tokens joined until their bytes form whole characters. */
function deltasOf(choice: StreamedChoice): { content: string; logprobs: TokenLogprob[] }[] {
  const deltas: { content: string; logprobs: TokenLogprob[] }[] = [];
  let bytes: number[] = [];
  let entries: TokenLogprob[] = [];
  choice.tokens.forEach((token, index) => {
    bytes = [...bytes, ...token.bytes];
    const entry = choice.logprobs?.[index];
    if (entry) entries.push(entry);
    try {
      deltas.push({ content: strictDecoder.decode(new Uint8Array(bytes)), logprobs: entries });
      bytes = [];
      entries = [];
    } catch {
      // A character split over tokens: wait for its other bytes.
    }
  });
  if (bytes.length > 0)
    deltas.push({ content: lenientDecoder.decode(new Uint8Array(bytes)), logprobs: entries });
  return deltas;
}

/**
 * The SSE body of a streamed completion.
 *
 * @param header - `id`, `created`, `model`… repeated on every chunk.
 * @param choices - The choices in index order.
 * @param usage - The `usage` object, sent in a final chunk when `includeUsage`.
 * @param includeUsage - `stream_options.include_usage`.
 */
export function chatCompletionStream(
  header: StreamHeader,
  choices: readonly StreamedChoice[],
  usage: unknown,
  includeUsage: boolean,
): ReadableStream<Uint8Array> {
  const chunks: unknown[] = [];
  const chunk = (choice: unknown) => ({
    id: header.id,
    object: 'chat.completion.chunk',
    created: header.created,
    model: header.model,
    service_tier: header.service_tier,
    system_fingerprint: header.system_fingerprint,
    choices: [choice],
    ...(includeUsage ? { usage: null } : {}),
  });
  const withLogprobs = choices.some((choice) => choice.logprobs !== null);
  choices.forEach((_, index) => {
    chunks.push(
      chunk({
        index,
        delta: { role: 'assistant', content: choices[index]?.toolCalls ? null : '', refusal: null },
        logprobs: withLogprobs ? { content: [], refusal: null } : null,
        finish_reason: null,
      }),
    );
  });
  // Tool calls: one chunk per call with its id, name and arguments (the API spreads the arguments
  // over several chunks; clients join them the same way).
  choices.forEach((choice, index) => {
    choice.toolCalls?.forEach((call, position) => {
      chunks.push(
        chunk({
          index,
          delta: {
            tool_calls: [
              {
                index: position,
                id: call.id,
                type: 'function',
                function: { name: call.name, arguments: call.arguments },
              },
            ],
          },
          logprobs: null,
          finish_reason: null,
        }),
      );
    });
  });
  const deltas = choices.map(deltasOf);
  const longest = Math.max(0, ...deltas.map((list) => list.length));
  for (let position = 0; position < longest; position++) {
    deltas.forEach((list, index) => {
      const delta = list[position];
      if (!delta) return;
      chunks.push(
        chunk({
          index,
          delta: { content: delta.content },
          logprobs: choices[index]?.logprobs ? { content: delta.logprobs, refusal: null } : null,
          finish_reason: null,
        }),
      );
    });
  }
  choices.forEach((choice, index) => {
    chunks.push(chunk({ index, delta: {}, logprobs: null, finish_reason: choice.finishReason }));
  });
  if (includeUsage) chunks.push({ ...(chunk(null) as Record<string, unknown>), choices: [], usage });
  const events = [...chunks.map((item) => `data: ${JSON.stringify(item)}\n\n`), 'data: [DONE]\n\n'];
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const event = events[next++];
      if (event === undefined) controller.close();
      else controller.enqueue(encoder.encode(event));
    },
  });
}
