/**
 * Checks the body of `POST /chat/completions` as the API does before answering (spec
 * `CreateChatCompletionRequest`): every field the spec lists is accepted, anything else is
 * `Unrecognized request argument supplied: x`; roles, ranges (`temperature` 0–2, `top_p` 0–1, `n`
 * 1–128, `top_logprobs` 0–20, penalties −2–2), `response_format` and the stream options are refused
 * with the API's messages and codes.
 *
 * @module
 */
import { isRecord } from '../internal/is-record.js';
import { invalidRequest, missingParameter, showValue } from './api-error.js';
import { contentText } from './nearest-example.js';

/** A request message reduced to what answering and counting need. */
export interface ChatMessage {
  readonly role: string;
  readonly content: string;
  readonly name?: string;
}

/** The `response_format` of a request. */
export type ChatResponseFormat =
  | { readonly type: 'text' }
  | { readonly type: 'json_object' }
  | { readonly type: 'json_schema'; readonly name: string; readonly schema: unknown };

/** The chat request after the checks. */
export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** Number of choices (1–128). */
  readonly n: number;
  /** `max_completion_tokens`, or the deprecated `max_tokens`; `null` when neither is set. */
  readonly maxTokens: number | null;
  readonly logprobs: boolean;
  /** Alternatives per token position (0–20). */
  readonly topLogprobs: number;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly temperature: number | null;
  /** The request's `seed`, or `null`. */
  readonly seed: number | null;
  readonly responseFormat: ChatResponseFormat;
  /** Stop sequences (up to 4). */
  readonly stop: readonly string[];
  /** Names of the functions the request offers (`tools`, or the deprecated `functions`). */
  readonly functionNames: readonly string[];
  /** `tool_choice: 'none'` (or `function_call: 'none'`): the model must not call a tool. */
  readonly toolsDisabled: boolean;
}

/** Top-level fields of `CreateChatCompletionRequest` (with `CreateModelResponseProperties`). */
const KNOWN_FIELDS = new Set([
  'messages',
  'model',
  'service_tier',
  'modalities',
  'verbosity',
  'reasoning_effort',
  'max_completion_tokens',
  'frequency_penalty',
  'presence_penalty',
  'web_search_options',
  'top_logprobs',
  'response_format',
  'audio',
  'store',
  'moderation',
  'stream',
  'stop',
  'logit_bias',
  'logprobs',
  'max_tokens',
  'n',
  'prediction',
  'seed',
  'stream_options',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'function_call',
  'functions',
  'metadata',
  'temperature',
  'top_p',
  'user',
  'safety_identifier',
  'prompt_cache_key',
  'prompt_cache_retention',
  'prompt_cache_options',
]);

/** Azure OpenAI's own additions to the chat body ("On your data", user security context). */
const AZURE_FIELDS = new Set(['data_sources', 'user_security_context']);

const ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'] as const;

/** `'a', 'b', and 'c'`: how the API lists supported values. */
function listValues(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
}

function invalidValue(value: unknown, param: string, supported: readonly string[]) {
  return invalidRequest(
    `Invalid value: ${showValue(value)}. Supported values are: ${listValues(supported)}.`,
    param,
    'invalid_value',
  );
}

function invalidType(param: string, expected: string, value: unknown) {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return invalidRequest(
    `Invalid type for '${param}': expected ${expected}, but got ${got} instead.`,
    param,
    'invalid_type',
  );
}

/** A number field with bounds, in the API's words (`decimal_above_max_value`, `integer_below_min_value`…). */
function checkNumber(
  body: Record<string, unknown>,
  param: string,
  bounds: { min: number; max: number; integer?: boolean },
): number | null {
  const value = body[param];
  if (value === undefined || value === null) return null;
  const kind = bounds.integer ? 'integer' : 'decimal';
  if (typeof value !== 'number' || !Number.isFinite(value) || (bounds.integer && !Number.isInteger(value)))
    throw invalidType(param, bounds.integer ? 'an integer' : 'a decimal', value);
  if (value < bounds.min) {
    throw invalidRequest(
      `Invalid '${param}': ${kind} below minimum value. Expected a value >= ${bounds.min}, but got ${value} instead.`,
      param,
      `${kind}_below_min_value`,
    );
  }
  if (value > bounds.max) {
    throw invalidRequest(
      `Invalid '${param}': ${kind} above maximum value. Expected a value <= ${bounds.max}, but got ${value} instead.`,
      param,
      `${kind}_above_max_value`,
    );
  }
  return value;
}

function checkBoolean(body: Record<string, unknown>, param: string): boolean {
  const value = body[param];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw invalidType(param, 'a boolean', value);
  return value;
}

function checkMessages(value: unknown): ChatMessage[] {
  if (value === undefined || value === null) throw missingParameter('messages');
  if (!Array.isArray(value)) throw invalidType('messages', 'an array', value);
  if (value.length === 0) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  return value.map((message: unknown, index) => {
    const path = `messages[${index}]`;
    if (!isRecord(message)) throw invalidType(path, 'an object', message);
    const { role, content, name } = message;
    if (role === undefined) throw missingParameter(`${path}.role`);
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
      throw invalidValue(role, `${path}.role`, ROLES);
    // Assistant messages may carry only tool calls (or a refusal); every other role needs content.
    if ((content === undefined || content === null) && role !== 'assistant')
      throw missingParameter(`${path}.content`);
    if (content !== undefined && content !== null && typeof content !== 'string' && !Array.isArray(content))
      throw invalidType(`${path}.content`, 'one of a string or array of objects', content);
    return { role, content: contentText(content), ...(typeof name === 'string' ? { name } : {}) };
  });
}

function checkResponseFormat(value: unknown, messages: readonly ChatMessage[]): ChatResponseFormat {
  if (value === undefined || value === null) return { type: 'text' };
  if (!isRecord(value)) throw invalidType('response_format', 'an object', value);
  const types = ['json_object', 'json_schema', 'text'];
  if (value.type === undefined) throw missingParameter('response_format.type');
  if (!types.includes(value.type as string)) throw invalidValue(value.type, 'response_format.type', types);
  if (value.type === 'text') return { type: 'text' };
  if (value.type === 'json_object') {
    // The API insists that the conversation asks for JSON, so the model does not stream whitespace.
    if (!messages.some((message) => /json/i.test(message.content))) {
      throw invalidRequest(
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        'messages',
      );
    }
    return { type: 'json_object' };
  }
  const jsonSchema = value.json_schema;
  if (jsonSchema === undefined || jsonSchema === null) throw missingParameter('response_format.json_schema');
  if (!isRecord(jsonSchema)) throw invalidType('response_format.json_schema', 'an object', jsonSchema);
  if (typeof jsonSchema.name !== 'string' || jsonSchema.name === '')
    throw missingParameter('response_format.json_schema.name');
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(jsonSchema.name)) {
    throw invalidRequest(
      `Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
      'response_format.json_schema.name',
      'invalid_value',
    );
  }
  if (jsonSchema.schema !== undefined && !isRecord(jsonSchema.schema))
    throw invalidType('response_format.json_schema.schema', 'an object', jsonSchema.schema);
  return { type: 'json_schema', name: jsonSchema.name, schema: jsonSchema.schema ?? {} };
}

function checkFunctionNames(body: Record<string, unknown>): string[] {
  const names: string[] = [];
  if (body.tools !== undefined && body.tools !== null) {
    if (!Array.isArray(body.tools)) throw invalidType('tools', 'an array', body.tools);
    body.tools.forEach((tool: unknown, index) => {
      if (!isRecord(tool)) throw invalidType(`tools[${index}]`, 'an object', tool);
      if (tool.type === 'function') {
        if (!isRecord(tool.function)) throw missingParameter(`tools[${index}].function`);
        if (typeof tool.function.name !== 'string' || tool.function.name === '')
          throw missingParameter(`tools[${index}].function.name`);
        names.push(tool.function.name);
      }
    });
  }
  if (Array.isArray(body.functions)) {
    for (const fn of body.functions) if (isRecord(fn) && typeof fn.name === 'string') names.push(fn.name);
  }
  return names;
}

/**
 * Checks a chat completion body.
 *
 * @param body - The parsed JSON body.
 * @param options - `azure`: the request came on an Azure path (its extra fields are accepted);
 *   `deployment`: the Azure deployment, which names the model.
 * @returns The checked request.
 * @throws {SimulatedApiError} 400 with the API's message, `param` and `code`.
 */
export function checkChatRequest(
  body: unknown,
  options: { readonly azure: boolean; readonly deployment?: string | undefined },
): ChatRequest {
  if (!isRecord(body)) throw missingParameter('messages');
  for (const key of Object.keys(body)) {
    if (!KNOWN_FIELDS.has(key) && !(options.azure && AZURE_FIELDS.has(key)))
      throw invalidRequest(`Unrecognized request argument supplied: ${key}`, key);
  }
  // Azure routes by deployment; the deployment name is the model there.
  const model = options.deployment ?? body.model;
  if (model === undefined || model === null || model === '') throw missingParameter('model');
  if (typeof model !== 'string') throw invalidType('model', 'a string', model);
  const messages = checkMessages(body.messages);
  const temperature = checkNumber(body, 'temperature', { min: 0, max: 2 });
  checkNumber(body, 'top_p', { min: 0, max: 1 });
  checkNumber(body, 'frequency_penalty', { min: -2, max: 2 });
  checkNumber(body, 'presence_penalty', { min: -2, max: 2 });
  const n = checkNumber(body, 'n', { min: 1, max: 128, integer: true }) ?? 1;
  const maxCompletion = checkNumber(body, 'max_completion_tokens', {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    integer: true,
  });
  const maxTokens = checkNumber(body, 'max_tokens', { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
  const seed = checkNumber(body, 'seed', {
    min: Number.MIN_SAFE_INTEGER,
    max: Number.MAX_SAFE_INTEGER,
    integer: true,
  });
  const logprobs = checkBoolean(body, 'logprobs');
  const topLogprobs = checkNumber(body, 'top_logprobs', { min: 0, max: 20, integer: true });
  if (topLogprobs !== null && !logprobs) {
    throw invalidRequest(
      "Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is given.",
      'top_logprobs',
      'invalid_value',
    );
  }
  const stream = checkBoolean(body, 'stream');
  let includeUsage = false;
  if (body.stream_options !== undefined && body.stream_options !== null) {
    if (!stream) {
      throw invalidRequest(
        "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
        'stream_options',
      );
    }
    if (!isRecord(body.stream_options)) throw invalidType('stream_options', 'an object', body.stream_options);
    for (const key of Object.keys(body.stream_options)) {
      if (key !== 'include_usage' && key !== 'include_obfuscation')
        throw invalidRequest(
          `Unrecognized request argument supplied: stream_options.${key}`,
          `stream_options.${key}`,
        );
    }
    includeUsage = checkBoolean(body.stream_options, 'include_usage');
  }
  const stop =
    body.stop === undefined || body.stop === null ? [] : Array.isArray(body.stop) ? body.stop : [body.stop];
  if (stop.length > 4 || stop.some((item) => typeof item !== 'string'))
    throw invalidType('stop', 'a string or an array of at most 4 strings', body.stop);
  return {
    model,
    messages,
    n,
    maxTokens: maxCompletion ?? maxTokens,
    logprobs,
    topLogprobs: topLogprobs ?? 0,
    stream,
    includeUsage,
    temperature,
    seed,
    responseFormat: checkResponseFormat(body.response_format, messages),
    stop: (stop as string[]).filter((item) => item !== ''),
    functionNames: checkFunctionNames(body),
    toolsDisabled: body.tool_choice === 'none' || body.function_call === 'none',
  };
}
