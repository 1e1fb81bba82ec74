/** Shared helpers of the per-example check tests. */
import { analyzeExample } from '../../../src/dataset/analyze-example.js';
import { DEFAULT_TOKEN_FRAMING } from '../../../src/dataset/tokens/example-tokens.js';
import { tokenCounterSync } from '../../../src/dataset/tokens/load-token-counter.js';
import type { AnalyzeContext, ExampleAnalysis, TokenCounter } from '../../../src/dataset/types.js';
import { type ResolvedModel, resolveModel } from '../../../src/models/index.js';

/** The default context: OpenAI profile, cookbook framing, no method, no model. */
export function context(overrides: Partial<AnalyzeContext> = {}): AnalyzeContext {
  return { profile: 'openai', framing: DEFAULT_TOKEN_FRAMING, ...overrides };
}

/** A model entry with a small token limit, so limit tests need only short examples. */
export function modelWithLimit(limit: number, name = 'gpt-4o-mini'): ResolvedModel {
  return { ...resolveModel(name), maxTokensPerExample: limit };
}

let counter: TokenCounter | undefined;
/** The o200k_base counter, loaded once. */
export function o200k(): TokenCounter {
  counter ??= tokenCounterSync('o200k_base');
  return counter;
}

/** Analyses a line with the default context merged with `overrides`. */
export function analyze(
  line: unknown,
  overrides: Partial<AnalyzeContext> = {},
  withCounter = false,
): ExampleAnalysis {
  return analyzeExample(line, context(overrides), withCounter ? o200k() : null);
}

/** The codes of an analysis, in order. */
export function codes(analysis: ExampleAnalysis): string[] {
  return analysis.issues.map((issue) => issue.code);
}

export const system = { role: 'system', content: 'You are a concise travel assistant.' } as const;
export function user(content: unknown = 'What is the capital of France?'): Record<string, unknown> {
  return { role: 'user', content };
}
export function assistant(
  content: unknown = 'Paris.',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { role: 'assistant', content, ...extra };
}
/** A valid chat line. */
export function chat(
  messages: readonly unknown[] = [system, user(), assistant()],
  extra: Record<string, unknown> = {},
) {
  return { messages, ...extra };
}

/** A valid weather tool definition with a strict-enough schema. */
export const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current temperature for a city.',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 1 },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['city'],
      additionalProperties: false,
    },
  },
} as const;

/** An assistant tool-call message. */
export function callMessage(
  calls: readonly { id?: unknown; name?: unknown; arguments?: unknown }[],
): Record<string, unknown> {
  return {
    role: 'assistant',
    tool_calls: calls.map((call) => ({
      id: call.id ?? 'call_1',
      type: 'function',
      function: { name: call.name ?? 'get_weather', arguments: call.arguments ?? '{"city":"Paris"}' },
    })),
  };
}

export function toolMessage(id: unknown = 'call_1', content: unknown = '21'): Record<string, unknown> {
  return { role: 'tool', tool_call_id: id, content };
}

/** A valid tool-calling chat line, with the given calls and their responses. */
export function toolChat(
  calls: readonly { id?: unknown; name?: unknown; arguments?: unknown }[] = [{}],
  extra: Record<string, unknown> = { tools: [weatherTool] },
): Record<string, unknown> {
  return {
    messages: [
      system,
      user('Weather in Paris?'),
      callMessage(calls),
      ...calls.map((call) => toolMessage(call.id ?? 'call_1')),
      assistant('21 °C in Paris.'),
    ],
    ...extra,
  };
}
