/**
 * Streamed chunks, deltas and logprob entries of the simulated chat endpoint against the official
 * OpenAPI spec's schemas (`CreateChatCompletionStreamResponse`, `ChatCompletionStreamResponseDelta`,
 * `ChatCompletionTokenLogprob`), read from a fixture extracted from the spec
 * (`UPDATE_SPEC_FIXTURE=1` with `OPENAPI_SPEC=<path to openapi.yaml>` refreshes it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { trainedModel } from '../helpers/data.js';
import { checkAgainstSchema, extractSchema, type SpecSchema } from '../spec-schemas.js';

const FIXTURE = new URL('../../fixtures/api/chat-completion-schemas.json', import.meta.url);
const NAMES = [
  'CreateChatCompletionStreamResponse',
  'ChatCompletionStreamResponseDelta',
  'ChatCompletionTokenLogprob',
  'CreateChatCompletionResponse',
  'CompletionUsage',
] as const;
type Name = (typeof NAMES)[number];

if (process.env.UPDATE_SPEC_FIXTURE === '1' && process.env.OPENAPI_SPEC) {
  const yaml = readFileSync(process.env.OPENAPI_SPEC, 'utf8');
  const schemas = Object.fromEntries(NAMES.map((name) => [name, extractSchema(yaml, name)]));
  const source =
    'openai/openai-openapi openapi.yaml, components.schemas: required fields, property types and direct enums only (extracted by test/testing/spec-schemas.ts)';
  writeFileSync(FIXTURE, `${JSON.stringify({ source, schemas }, null, 1)}\n`);
}

const schemas = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { schemas: Record<Name, SpecSchema> }).schemas;

function expectConforms(value: unknown, name: Name) {
  const problems = checkAgainstSchema(value, schemas[name], name);
  expect(problems, `${name}: ${JSON.stringify(value).slice(0, 300)}`).toEqual([]);
}

describe('simulated chat completions conform to the spec', () => {
  it('stream chunks, deltas, logprob entries and the usage chunk', async () => {
    const { client, model } = await trainedModel();
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Where is my order?' }],
      stream: true,
      stream_options: { include_usage: true },
      logprobs: true,
      top_logprobs: 2,
      n: 2,
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    for (const chunk of chunks) {
      expectConforms(chunk, 'CreateChatCompletionStreamResponse');
      for (const choice of chunk.choices) {
        expectConforms(choice.delta, 'ChatCompletionStreamResponseDelta');
        for (const entry of choice.logprobs?.content ?? [])
          expectConforms(entry, 'ChatCompletionTokenLogprob');
      }
    }
    expectConforms(chunks.at(-1)?.usage, 'CompletionUsage');
  });

  it('a completion with n, a length cut and logprobs', async () => {
    const { client, model } = await trainedModel();
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Where is my order?' }],
      n: 3,
      max_completion_tokens: 4,
      logprobs: true,
      top_logprobs: 5,
    });
    expectConforms(completion, 'CreateChatCompletionResponse');
    expectConforms(completion.usage, 'CompletionUsage');
    for (const choice of completion.choices)
      for (const entry of choice.logprobs?.content ?? []) expectConforms(entry, 'ChatCompletionTokenLogprob');
  });
});
