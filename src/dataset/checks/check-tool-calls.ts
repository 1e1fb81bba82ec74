/**
 * Checks of tool calls and tool responses (docs/dataset.md): the shape of each call, its
 * JSON arguments against the declared parameter schema, call ids, tool messages, and whether every
 * call is answered before the conversation moves on.
 *
 * @module
 */

import { FUNCTION_NAME_PATTERN } from './check-tool-definitions.js';
import type { DeclaredTool, ExampleScope, ToolCatalog } from './example-scope.js';
import { childPath, describeValue, isJsonObject, joinPath, preview, withArticle } from './issue-draft.js';
import { validateJsonSchema } from './json-schema.js';

/** The calls of one assistant message. */
export interface ToolCallFacts {
  /** Number of entries in `tool_calls` (valid or not). */
  readonly count: number;
  /** The string ids among them. */
  readonly ids: readonly string[];
  /** Function names and raw arguments, for hashing the answer. */
  readonly signature: string;
}

/** Facts of a message without tool calls (shared: facts are never changed once built). */
export const NO_CALLS: ToolCallFacts = Object.freeze({ count: 0, ids: Object.freeze([]), signature: '' });

/**
 * Checks `tool_calls` of an assistant message.
 *
 * @param toolCalls - The value of `tool_calls` (not `undefined`/`null`).
 * @param path - Path of the message.
 * @param messageIndex - Index of the message.
 * @param scope - The example's scope.
 * @returns The number of calls and their ids.
 */
export function checkToolCalls(
  toolCalls: unknown,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
): ToolCallFacts {
  const callsPath = childPath(path, 'tool_calls');
  if (!Array.isArray(toolCalls)) {
    scope.add(
      'invalid_tool_call',
      `${callsPath}: must be an array of tool calls, got ${describeValue(toolCalls)}.`,
      {
        path: callsPath,
        messageIndex,
      },
    );
    return NO_CALLS;
  }
  if (toolCalls.length === 0) {
    scope.add('invalid_tool_call', `${callsPath}: an empty array; omit 'tool_calls' or add a call.`, {
      path: callsPath,
      messageIndex,
    });
    return NO_CALLS;
  }
  if (scope.tools === null && !scope.reportedCallsWithoutTools) {
    scope.reportedCallsWithoutTools = true;
    scope.add(
      'tool_calls_without_tools',
      `${callsPath}: the example has tool calls but no top-level 'tools'; declare the tools so the model learns when to call them, as at inference.`,
      { path: callsPath, messageIndex },
    );
  }
  if (!scope.parallelToolCalls && toolCalls.length > 1) {
    scope.add(
      'parallel_calls_when_disabled',
      `${callsPath}: ${toolCalls.length} calls in one message while parallel_tool_calls is false.`,
      { path: callsPath, messageIndex },
    );
  }
  const ids: string[] = [];
  const signature: string[] = [];
  toolCalls.forEach((call, callIndex) => {
    const callPath = childPath(callsPath, callIndex);
    const at = { path: callPath, messageIndex };
    if (!isJsonObject(call)) {
      scope.add(
        'invalid_tool_call',
        `${callPath}: must be an object {id, type, function}, got ${describeValue(call)}.`,
        at,
      );
      return;
    }
    if (typeof call.id !== 'string' || call.id === '') {
      scope.add(
        'invalid_tool_call',
        `${callPath}.id: a tool call needs a non-empty string id, got ${describeValue(call.id)}.`,
        {
          path: childPath(callPath, 'id'),
          messageIndex,
        },
      );
    } else {
      const earlier = scope.toolCallIds.get(call.id);
      if (earlier !== undefined) {
        scope.add(
          'duplicate_tool_call_id',
          `${callPath}.id: '${call.id}' is already used by ${earlier}; ids must be unique in an example.`,
          {
            path: childPath(callPath, 'id'),
            messageIndex,
          },
        );
      } else {
        scope.toolCallIds.set(call.id, callPath);
      }
      ids.push(call.id);
    }
    if (call.type !== 'function') {
      scope.add(
        'invalid_tool_call',
        `${callPath}.type: must be 'function', got ${describeValue(call.type)}.`,
        {
          path: childPath(callPath, 'type'),
          messageIndex,
        },
      );
    }
    const functionPath = childPath(callPath, 'function');
    if (!isJsonObject(call.function)) {
      scope.add(
        'invalid_tool_call',
        `${functionPath}: must be an object {name, arguments}, got ${describeValue(call.function)}.`,
        {
          path: functionPath,
          messageIndex,
        },
      );
      return;
    }
    const name = checkCallName(call.function.name, functionPath, messageIndex, scope);
    signature.push(
      `${name ?? ''}\u0000${typeof call.function.arguments === 'string' ? call.function.arguments : ''}`,
    );
    const declared =
      name === null
        ? undefined
        : resolveDeclared(name, scope.tools, functionPath, messageIndex, scope, 'tools');
    checkArguments(
      call.function.arguments,
      childPath(functionPath, 'arguments'),
      messageIndex,
      scope,
      declared,
    );
  });
  return { count: toolCalls.length, ids, signature: signature.join('\u0001') };
}

/**
 * Checks the deprecated `function_call` of an assistant message.
 *
 * @param functionCall - Its value (not `undefined`/`null`).
 * @param path - Path of the message.
 * @param messageIndex - Index of the message.
 * @param scope - The example's scope.
 * @param mixedWithToolCalls - True when the message also has `tool_calls`.
 * @returns A signature of the call for hashing the answer.
 */
export function checkFunctionCall(
  functionCall: unknown,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
  mixedWithToolCalls: boolean,
): string {
  const callPath = childPath(path, 'function_call');
  scope.add(
    'deprecated_functions',
    `${callPath}: 'function_call' is deprecated in favour of 'tool_calls'${mixedWithToolCalls ? '; do not mix both in one message' : ''}.`,
    { path: callPath, messageIndex },
  );
  if (!isJsonObject(functionCall)) {
    scope.add(
      'invalid_tool_call',
      `${callPath}: must be an object {name, arguments}, got ${describeValue(functionCall)}.`,
      {
        path: callPath,
        messageIndex,
      },
    );
    return '';
  }
  const name = checkCallName(functionCall.name, callPath, messageIndex, scope);
  const declared =
    name === null
      ? undefined
      : resolveDeclared(name, scope.functions, callPath, messageIndex, scope, 'functions');
  checkArguments(functionCall.arguments, childPath(callPath, 'arguments'), messageIndex, scope, declared);
  return `${name ?? ''}\u0000${typeof functionCall.arguments === 'string' ? functionCall.arguments : ''}`;
}

function checkCallName(
  name: unknown,
  functionPath: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
): string | null {
  const namePath = childPath(functionPath, 'name');
  if (typeof name !== 'string') {
    scope.add(
      'invalid_tool_call',
      `${namePath}: a call needs a string function name, got ${describeValue(name)}.`,
      {
        path: namePath,
        messageIndex,
      },
    );
    return null;
  }
  if (!FUNCTION_NAME_PATTERN.test(name)) {
    scope.add(
      'invalid_function_name',
      `${namePath}: ${preview(name, 70)} must match ^[a-zA-Z0-9_-]{1,64}$.`,
      {
        path: namePath,
        messageIndex,
      },
    );
  }
  return name;
}

function resolveDeclared(
  name: string,
  catalog: ToolCatalog | null,
  functionPath: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
  declaredIn: 'tools' | 'functions',
): DeclaredTool | undefined {
  if (catalog === null) return undefined;
  const declared = catalog.byName.get(name);
  if (declared === undefined && catalog.complete) {
    const known = [...catalog.byName.keys()];
    scope.add(
      'unknown_tool_called',
      `${functionPath}.name: '${name}' is not declared in ${declaredIn}${known.length > 0 ? ` (declared: ${known.slice(0, 8).join(', ')})` : ''}.`,
      { path: childPath(functionPath, 'name'), messageIndex },
    );
  }
  return declared;
}

function checkArguments(
  value: unknown,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
  declared: DeclaredTool | undefined,
): void {
  const at = { path, messageIndex };
  if (typeof value !== 'string') {
    const hint = isJsonObject(value) || Array.isArray(value) ? ' (serialise it with JSON.stringify)' : '';
    scope.add('invalid_tool_call', `${path}: must be a JSON string, got ${describeValue(value)}${hint}.`, at);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    scope.add(
      'tool_call_arguments_not_json',
      `${path}: ${preview(value, 40)} is not valid JSON (${reason}).`,
      at,
    );
    return;
  }
  if (!isJsonObject(parsed)) {
    scope.add(
      'tool_call_arguments_not_json',
      `${path}: must encode a JSON object, got ${describeValue(parsed)}.`,
      at,
    );
    return;
  }
  if (declared === undefined || declared.parameters === null) return;
  const problems = validateJsonSchema(declared.parameters, parsed, { maxErrors: 3 });
  if (problems.length > 0) {
    const reasons = problems.map((problem) => `${joinPath('arguments', problem.path)}: ${problem.message}`);
    scope.add('tool_call_arguments_schema_mismatch', `${path}: ${reasons.join('; ')}.`, at);
  }
}

/**
 * Checks a tool message's `tool_call_id`: present, a string, and answering an earlier call.
 *
 * @param message - The tool message.
 * @param path - Its path.
 * @param messageIndex - Its index.
 * @param scope - The example's scope.
 * @returns The id, when it is a string.
 */
export function checkToolMessageId(
  message: Record<string, unknown>,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
): string | null {
  const idPath = childPath(path, 'tool_call_id');
  const id = message.tool_call_id;
  if (typeof id !== 'string' || id === '') {
    const present = Object.hasOwn(message, 'tool_call_id');
    scope.add(
      'invalid_tool_message',
      present
        ? `${idPath}: must be the non-empty string id of the call it answers, got ${describeValue(id)}.`
        : `${path}: a tool message needs 'tool_call_id', the id of the call it answers.`,
      { path: present ? idPath : path, messageIndex },
    );
    return null;
  }
  if (!scope.toolCallIds.has(id)) {
    scope.add(
      'unmatched_tool_call_id',
      `${idPath}: '${id}' matches no earlier assistant tool call in this example.`,
      {
        path: idPath,
        messageIndex,
      },
    );
  }
  return id;
}

/** The per-message facts the response-count check needs. */
export interface ToolTurnFacts {
  readonly role: string | null;
  readonly calls: ToolCallFacts;
  readonly toolCallId: string | null;
}

/**
 * Checks that each assistant message with N tool calls is followed by exactly N tool messages
 * answering those calls, and that no tool messages follow a message without calls. A final
 * assistant message whose calls are not answered is fine: it teaches the model to call tools.
 *
 * @param turns - Facts of every message (`null` for invalid messages, which end a block).
 * @param basePath - `messages` or `input.messages`.
 * @param scope - The example's scope.
 */
export function checkToolResponses(
  turns: readonly (ToolTurnFacts | null)[],
  basePath: string,
  scope: ExampleScope,
): void {
  let index = 0;
  while (index < turns.length) {
    const turn = turns[index];
    let end = index + 1;
    while (end < turns.length && turns[end]?.role === 'tool') end++;
    // No array or path unless there is an issue: this runs for every message.
    const responseCount = end - index - 1;
    const calls = turn?.calls ?? NO_CALLS;
    if (turn?.role === 'assistant' && calls.count > 0) {
      const isLast = end === turns.length && responseCount === 0;
      if (!isLast && responseCount !== calls.count) {
        const responses = turns.slice(index + 1, end) as ToolTurnFacts[];
        const path = childPath(basePath, index);
        const answered = new Set(responses.map((response) => response.toolCallId));
        const unanswered = calls.ids.filter((id) => !answered.has(id));
        scope.add(
          'tool_response_count_mismatch',
          `${path}: ${calls.count} tool call${calls.count === 1 ? '' : 's'} but ${responses.length} tool response${responses.length === 1 ? '' : 's'} follow${
            unanswered.length > 0 ? ` (unanswered: ${unanswered.slice(0, 5).join(', ')})` : ''
          }.`,
          { path, messageIndex: index },
        );
      }
    } else if (responseCount > 0 && turn !== null && turn !== undefined && turn.role !== 'tool') {
      const path = childPath(basePath, index + 1);
      scope.add(
        'tool_response_count_mismatch',
        `${path}: ${responseCount} tool response${responseCount === 1 ? '' : 's'} follow ${withArticle(turn.role ?? 'unknown')} message that makes no tool calls.`,
        { path, messageIndex: index + 1 },
      );
    }
    index = end;
  }
}
