import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { trainedModel } from '../helpers/data.js';

type Body = Record<string, unknown>;

const MESSAGES = [{ role: 'user', content: 'Where is my order?' }];

/** Sends `body` (merged into a valid request) and returns the SDK's error. */
async function refusal(
  client: OpenAI,
  model: string,
  body: Body,
): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await client.chat.completions
    .create({
      model,
      messages: MESSAGES,
      ...body,
    } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming)
    .then(
      () => null,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

describe('chat completion requests the API refuses, refused by the simulator with its 400', () => {
  const cases: [string, Body, { message: string | RegExp; param: string | null; code: string | null }][] = [
    [
      'an unknown field',
      { foo: 1 },
      { message: 'Unrecognized request argument supplied: foo', param: 'foo', code: null },
    ],
    [
      "role 'wizard'",
      { messages: [{ role: 'wizard', content: 'hi' }] },
      {
        message:
          "Invalid value: 'wizard'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
        param: 'messages[0].role',
        code: 'invalid_value',
      },
    ],
    [
      'a user message without content',
      { messages: [{ role: 'user' }] },
      {
        message: "Missing required parameter: 'messages[0].content'.",
        param: 'messages[0].content',
        code: 'missing_required_parameter',
      },
    ],
    [
      'temperature 5',
      { temperature: 5 },
      {
        message:
          "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 5 instead.",
        param: 'temperature',
        code: 'decimal_above_max_value',
      },
    ],
    [
      'temperature -0.5',
      { temperature: -0.5 },
      { message: /decimal below minimum value/, param: 'temperature', code: 'decimal_below_min_value' },
    ],
    [
      'top_p 1.5',
      { top_p: 1.5 },
      { message: /Expected a value <= 1/, param: 'top_p', code: 'decimal_above_max_value' },
    ],
    [
      'n 0',
      { n: 0 },
      {
        message: "Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead.",
        param: 'n',
        code: 'integer_below_min_value',
      },
    ],
    [
      'n 129',
      { n: 129 },
      { message: /Expected a value <= 128/, param: 'n', code: 'integer_above_max_value' },
    ],
    ['n 1.5', { n: 1.5 }, { message: /expected an integer/, param: 'n', code: 'invalid_type' }],
    [
      'max_completion_tokens 0',
      { max_completion_tokens: 0 },
      {
        message: /integer below minimum value/,
        param: 'max_completion_tokens',
        code: 'integer_below_min_value',
      },
    ],
    [
      'frequency_penalty 3',
      { frequency_penalty: 3 },
      { message: /Expected a value <= 2/, param: 'frequency_penalty', code: 'decimal_above_max_value' },
    ],
    [
      'top_logprobs 21',
      { logprobs: true, top_logprobs: 21 },
      { message: /Expected a value <= 20/, param: 'top_logprobs', code: 'integer_above_max_value' },
    ],
    [
      'top_logprobs without logprobs',
      { top_logprobs: 2 },
      { message: /'logprobs' must be set to true/, param: 'top_logprobs', code: 'invalid_value' },
    ],
    [
      'stream_options without stream',
      { stream_options: { include_usage: true } },
      {
        message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
        param: 'stream_options',
        code: null,
      },
    ],
    [
      "response_format type 'xml'",
      { response_format: { type: 'xml' } },
      {
        message: "Invalid value: 'xml'. Supported values are: 'json_object', 'json_schema', and 'text'.",
        param: 'response_format.type',
        code: 'invalid_value',
      },
    ],
    [
      'json_schema without its schema block',
      { response_format: { type: 'json_schema' } },
      {
        message: "Missing required parameter: 'response_format.json_schema'.",
        param: 'response_format.json_schema',
        code: 'missing_required_parameter',
      },
    ],
    [
      'json_schema without a name',
      { response_format: { type: 'json_schema', json_schema: { schema: { type: 'object' } } } },
      {
        message: /json_schema\.name/,
        param: 'response_format.json_schema.name',
        code: 'missing_required_parameter',
      },
    ],
    [
      'json_object when no message mentions JSON',
      { response_format: { type: 'json_object' } },
      { message: /must contain the word 'json'/, param: 'messages', code: null },
    ],
    [
      'five stop sequences',
      { stop: ['a', 'b', 'c', 'd', 'e'] },
      { message: /Invalid type for 'stop'/, param: 'stop', code: 'invalid_type' },
    ],
  ];

  it.each(cases)('%s', async (_name, body, expected) => {
    const { client, model } = await trainedModel();
    const error = await refusal(client, model, body);
    expect(error.status).toBe(400);
    expect(error.type).toBe('invalid_request_error');
    if (typeof expected.message === 'string') expect(error.message).toBe(`400 ${expected.message}`);
    else expect(error.message).toMatch(expected.message);
    expect(error.param).toBe(expected.param);
    expect(error.code).toBe(expected.code);
  });

  it('accepts every field the spec lists', async () => {
    const { client, model } = await trainedModel();
    const completion = await client.chat.completions.create({
      model,
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: 'Where is my order?', name: 'sam' },
      ],
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      logit_bias: { '1234': -100 },
      metadata: { run: 'eval' },
      store: false,
      user: 'user-1',
      safety_identifier: 'hash-1',
      prompt_cache_key: 'support',
      service_tier: 'auto',
      parallel_tool_calls: true,
      tools: [
        { type: 'function', function: { name: 'track', parameters: { type: 'object', properties: {} } } },
      ],
      tool_choice: 'auto',
      temperature: 2,
      top_p: 0,
      seed: 7,
      reasoning_effort: 'low',
      verbosity: 'low',
      modalities: ['text'],
      prediction: { type: 'content', content: 'Use the tracking link' },
      response_format: { type: 'text' },
    });
    expect(completion.choices[0]?.message.content).toContain('tracking link');
  });
});
