/**
 * Turns chat examples into prompts and references, and reads them from a JSONL path, a `Dataset`
 * or examples given in code, one at a time (a large validation file is never held whole).
 *
 * The rule: the reference is the last message when the assistant wrote it, the prompt every message
 * before it. A reference that calls tools is compared as calls; its text (often empty) is
 * `reference_answer`. An example that ends with the prompt (reinforcement data) has no reference
 * message: its graders read the example's other fields.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { throwIfAborted } from '../internal/abort.js';
import { isRecord } from '../internal/is-record.js';
import { stableHash } from './stable-hash.js';
import type { DatasetLike, EvalData, EvalExample, EvalMessage, EvalToolCall } from './types.js';

/** The text of a message `content`: a string, or the text parts of an array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

/** The tool calls of an assistant message (`tool_calls`, or a legacy `function_call`), or `null`. */
export function toolCallsOf(message: Readonly<Record<string, unknown>>): EvalToolCall[] | null {
  const calls: EvalToolCall[] = [];
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      const fn = isRecord(call) && isRecord(call.function) ? call.function : null;
      if (fn && typeof fn.name === 'string') {
        calls.push({ name: fn.name, arguments: typeof fn.arguments === 'string' ? fn.arguments : '' });
      }
    }
  } else if (isRecord(message.function_call) && typeof message.function_call.name === 'string') {
    const { name, arguments: args } = message.function_call;
    calls.push({ name, arguments: typeof args === 'string' ? args : '' });
  }
  return calls.length > 0 ? calls : null;
}

/**
 * Splits one chat example into an {@link EvalExample}.
 *
 * @param value - A parsed chat example (`{ messages, tools?, … }`).
 * @param index - Its 0-based position.
 * @param line - Its 1-based line in a file, if any.
 * @returns The example, or a reason when it cannot be evaluated (no assistant message to compare with).
 */
export function toEvalExample(
  value: unknown,
  index: number,
  line: number | null = null,
): EvalExample | { readonly skipped: string } {
  if (!isRecord(value) || !Array.isArray(value.messages))
    return { skipped: 'not a chat example (no messages)' };
  const messages = value.messages as unknown[];
  const last = messages.at(-1);
  // A reinforcement example ends with the prompt: its reference is in the other fields (the item).
  const referenceIndex = isRecord(last) && last.role === 'assistant' ? messages.length - 1 : messages.length;
  if (referenceIndex === 0) return { skipped: 'no prompt before the answer' };
  const reference: Record<string, unknown> = isRecord(messages[referenceIndex])
    ? (messages[referenceIndex] as Record<string, unknown>)
    : {};
  const prompt = messages
    .slice(0, referenceIndex)
    .filter((message): message is EvalMessage => isRecord(message) && typeof message.role === 'string')
    // `weight` is a training field the chat completions endpoint rejects.
    .map(({ weight: _weight, ...message }) => message as EvalMessage);
  const { messages: _messages, tools, ...fields } = value;
  const referenceText = contentText(reference.content);
  const referenceToolCalls = toolCallsOf(reference);
  return {
    index,
    line,
    messages: prompt,
    tools: Array.isArray(tools) && tools.length > 0 ? tools : null,
    referenceText,
    referenceToolCalls,
    item: referenceIndex < messages.length ? { ...fields, reference_answer: referenceText } : fields,
    hash: stableHash({ messages: prompt, tools: tools ?? null, reference }),
  };
}

function isDatasetLike(data: unknown): data is DatasetLike {
  return isRecord(data) && typeof (data as { lines?: unknown }).lines === 'function';
}

/** One parsed line or value of the data, before splitting. */
interface RawExample {
  readonly value: unknown;
  readonly line: number | null;
}

async function* rawExamples(data: EvalData, signal: AbortSignal | undefined): AsyncGenerator<RawExample> {
  if (typeof data === 'string') {
    // The dataset layer (and with it Node's file reading) loads only when a path is given.
    const { Dataset } = await import('../dataset/dataset.js');
    yield* datasetExamples(Dataset.fromFile(data), signal);
    return;
  }
  if (isDatasetLike(data)) {
    yield* datasetExamples(data, signal);
    return;
  }
  const isObject = typeof data === 'object' && data !== null;
  if (isObject && Symbol.asyncIterator in data) {
    for await (const value of data as AsyncIterable<unknown>) yield { value, line: null };
    return;
  }
  if (isObject && Symbol.iterator in data) {
    for (const value of data as Iterable<unknown>) yield { value, line: null };
    return;
  }
  throw new FinetuneKitUsageError(
    'options.data must be a JSONL path, a Dataset, or an iterable of chat examples.',
    'options.data',
  );
}

async function* datasetExamples(
  dataset: DatasetLike,
  signal: AbortSignal | undefined,
): AsyncGenerator<RawExample> {
  for await (const line of dataset.lines(signal ? { signal } : {})) {
    if (line.kind === 'example' && line.value !== undefined) yield { value: line.value, line: line.line };
  }
}

/** An example that could not be evaluated, and why. */
export interface SkippedExample {
  readonly line: number | null;
  readonly reason: string;
}

/**
 * Streams the data's examples as {@link EvalExample}s, up to `limit`; examples without an answer
 * to compare with are passed to `onSkip`.
 */
export async function* readEvalExamples(
  data: EvalData,
  options: {
    readonly limit?: number | undefined;
    readonly signal?: AbortSignal | undefined;
    readonly onSkip?: (skipped: SkippedExample) => void;
  } = {},
): AsyncGenerator<EvalExample> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let index = 0;
  if (index >= limit) return;
  for await (const { value, line } of rawExamples(data, options.signal)) {
    throwIfAborted(options.signal, 'The evaluation');
    const example = toEvalExample(value, index, line);
    if ('skipped' in example) {
      options.onSkip?.({ line, reason: example.skipped });
      continue;
    }
    yield example;
    index++;
    if (index >= limit) return;
  }
}
