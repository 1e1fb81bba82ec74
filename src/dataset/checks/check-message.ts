/**
 * Checks of one message (docs/dataset.md): role, the keys its role allows, `name`,
 * `weight`, content, tool calls and tool-message ids. Returns the facts the conversation-level
 * checks and the features need.
 *
 * @module
 */
import { type ContentFacts, checkMessageContent } from './check-content.js';
import {
  checkFunctionCall,
  checkToolCalls,
  checkToolMessageId,
  NO_CALLS,
  type ToolCallFacts,
  type ToolTurnFacts,
} from './check-tool-calls.js';
import { FUNCTION_NAME_PATTERN } from './check-tool-definitions.js';
import type { ExampleScope } from './example-scope.js';
import {
  childPath,
  clip,
  describeValue,
  isJsonObject,
  ownEntry,
  preview,
  quoteList,
  withArticle,
} from './issue-draft.js';

/** Where a message sits, which decides the roles it may have. */
export type MessageKind = 'chat' | 'reinforcement' | 'preference_input' | 'preference_output';

/** What one valid-enough message holds. */
export interface MessageFacts extends ToolTurnFacts {
  /** The message's role when it is allowed here; `null` when missing or invalid. */
  readonly role: string | null;
  /** `weight` when it is a valid 0 or 1; `null` when absent or invalid. */
  readonly weight: 0 | 1 | null;
  readonly content: ContentFacts;
  /** True for a refusal: a refusal part, a `refusal` string, or a stock refusal sentence. */
  readonly isRefusal: boolean;
  /** The answer to hash for diversity checks: content text, or the calls' names and arguments. */
  readonly answer: string | null;
}

const CHAT_ROLES = ['system', 'user', 'assistant', 'tool', 'function'];
const REINFORCEMENT_ROLES = ['developer', 'user', 'assistant', 'tool'];

const ROLE_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  system: new Set(['role', 'content', 'name']),
  developer: new Set(['role', 'content', 'name']),
  user: new Set(['role', 'content', 'name']),
  assistant: new Set([
    'role',
    'content',
    'name',
    'weight',
    'tool_calls',
    'function_call',
    'refusal',
    'audio',
  ]),
  tool: new Set(['role', 'content', 'tool_call_id']),
  function: new Set(['role', 'content', 'name']),
};

/** Advice for keys people put in messages by mistake. */
const KEY_HINTS: Readonly<Record<string, string>> = {
  text: "use 'content'",
  message: "use 'content'",
  from: "ShareGPT style: use 'role'",
  value: "ShareGPT style: use 'content'",
  parts: "Gemini style: use 'content'",
  tool_call_id: "only tool messages carry 'tool_call_id'",
  tool_calls: 'only assistant messages make tool calls',
  function_call: 'only assistant messages make function calls',
  reasoning_content: 'reasoning traces are not part of fine-tuning messages',
  reasoning: 'reasoning traces are not part of fine-tuning messages',
  thinking: 'reasoning traces are not part of fine-tuning messages',
};

/**
 * A conservative reading of stock refusals at the start of an answer. Structured refusals (a
 * refusal part or `refusal` string) are always counted; this catches the plain-text ones the
 * fine-tuning guide warns about.
 */
const REFUSAL_TEXT =
  /^\s*(?:I(?:['’]m| am) sorry,? but I(?:['’]m| am)? (?:can(?:['’]|no)t|cannot|unable|not able)|I (?:can(?:['’]|no)t|cannot|won['’]t|will not) (?:help|assist|comply|provide|do that)|I(?:['’]m| am) (?:unable|not able) to (?:help|assist|comply|provide)|As an AI(?: language model)?,? I)/i;

/**
 * True when an answer opens with a stock refusal ("I'm sorry, but I can't…", "I cannot help with…",
 * "As an AI language model, I…"). Deliberately narrow: a false refusal count misleads more than a
 * missed one.
 *
 * @param text - The answer text.
 */
export function looksLikeRefusal(text: string): boolean {
  return REFUSAL_TEXT.test(text.length > 300 ? text.slice(0, 300) : text);
}

/**
 * Checks one element of a messages array.
 *
 * @param message - The element.
 * @param index - Its index in the array.
 * @param basePath - Path of the array (`messages`, `input.messages`, `preferred_output`).
 * @param kind - Which roles are allowed.
 * @param scope - The example's scope.
 * @returns The message's facts, or `null` when it is not an object.
 */
export function checkMessage(
  message: unknown,
  index: number,
  basePath: string,
  kind: MessageKind,
  scope: ExampleScope,
): MessageFacts | null {
  const path = childPath(basePath, index);
  const messageIndex = kind === 'preference_output' ? undefined : index;
  if (!isJsonObject(message)) {
    const code = kind === 'preference_output' ? 'invalid_preference_output' : 'message_not_object';
    scope.add(code, `${path}: each message must be an object, got ${describeValue(message)}.`, {
      path,
      messageIndex,
    });
    return null;
  }
  const role = checkRole(message, path, messageIndex, kind, scope);
  if (role === null) return INVALID_FACTS;

  checkKeys(message, role, path, messageIndex, scope);
  checkName(message, role, path, messageIndex, scope);
  const weight = role === 'assistant' ? checkWeight(message, path, messageIndex, scope) : null;

  let calls: ToolCallFacts = NO_CALLS;
  let callSignature = '';
  const hasToolCalls =
    role === 'assistant' && message.tool_calls !== undefined && message.tool_calls !== null;
  const hasFunctionCall =
    role === 'assistant' && message.function_call !== undefined && message.function_call !== null;
  if (hasToolCalls) {
    calls = checkToolCalls(message.tool_calls, path, messageIndex, scope);
    callSignature = calls.signature;
  }
  if (hasFunctionCall) {
    callSignature += checkFunctionCall(message.function_call, path, messageIndex, scope, hasToolCalls);
  }
  const content = checkMessageContent(
    message,
    role,
    path,
    messageIndex,
    scope,
    hasToolCalls || hasFunctionCall,
  );
  const toolCallId = role === 'tool' ? checkToolMessageId(message, path, messageIndex, scope) : null;

  let refusalText: string | null = content.refusal;
  if (role === 'assistant' && Object.hasOwn(message, 'refusal')) {
    if (typeof message.refusal === 'string') {
      if (message.refusal.trim() !== '') refusalText = message.refusal;
    } else if (message.refusal !== null) {
      const refusalPath = childPath(path, 'refusal');
      scope.add(
        'invalid_assistant_content',
        `${refusalPath}: must be a string or null, got ${describeValue(message.refusal)}.`,
        {
          path: refusalPath,
          messageIndex,
        },
      );
    }
  }
  if (
    content.images > 0 &&
    (weight === 1 || (role === 'assistant' && weight === null) || hasNonZeroWeight(message))
  ) {
    scope.add(
      'weighted_image_message',
      `${path}: a message with images is trained (weight 1, or an assistant message without weight 0); Together rejects this, and OpenAI trains only on assistant text.`,
      { path, messageIndex },
    );
  }
  const isRefusal =
    role === 'assistant' &&
    (refusalText !== null || (content.text !== null && looksLikeRefusal(content.text)));
  const answer =
    role !== 'assistant'
      ? null
      : (content.text ?? refusalText ?? (callSignature === '' ? null : callSignature));
  return { role, weight, content, calls, toolCallId, isRefusal, answer };
}

/** Facts of a message whose role is missing or invalid: nothing else about it is checked. */
const INVALID_FACTS: MessageFacts = {
  role: null,
  weight: null,
  content: { text: null, images: 0, refusal: null },
  calls: NO_CALLS,
  toolCallId: null,
  isRefusal: false,
  answer: null,
};

function hasNonZeroWeight(message: Record<string, unknown>): boolean {
  return Object.hasOwn(message, 'weight') && message.weight !== 0;
}

function allowedRoles(kind: MessageKind, scope: ExampleScope): readonly string[] {
  switch (kind) {
    case 'reinforcement':
      return REINFORCEMENT_ROLES;
    case 'preference_output':
      return scope.context.profile === 'azure' ? ['assistant', 'tool'] : ['assistant'];
    default:
      return CHAT_ROLES;
  }
}

function checkRole(
  message: Record<string, unknown>,
  path: string,
  messageIndex: number | undefined,
  kind: MessageKind,
  scope: ExampleScope,
): string | null {
  if (!Object.hasOwn(message, 'role')) {
    const hint = 'from' in message ? " (ShareGPT style 'from': use 'role')" : '';
    scope.add('missing_role', `${path}: Discriminator 'role' is missing in value${hint}.`, {
      path,
      messageIndex,
    });
    return null;
  }
  const role = message.role;
  // The usual case first, before building any path (this runs for every message).
  if (typeof role === 'string' && role !== 'function' && allowedRoles(kind, scope).includes(role))
    return role;
  const rolePath = childPath(path, 'role');
  if (typeof role !== 'string') {
    scope.add('missing_role', `${rolePath}: 'role' must be a string, got ${describeValue(role)}.`, {
      path: rolePath,
      messageIndex,
    });
    return null;
  }
  const roles = allowedRoles(kind, scope);
  if (roles.includes(role)) {
    if (role === 'function') {
      scope.add(
        'deprecated_function_role',
        `${rolePath}: the 'function' role is deprecated; use tool_calls and 'tool' messages.`,
        {
          path: rolePath,
          messageIndex,
        },
      );
    }
    return role;
  }
  const at = { path: rolePath, messageIndex };
  const lower = role.toLowerCase();
  const caseHint = roles.includes(lower) ? `; roles are lower-case: '${lower}'` : '';
  switch (kind) {
    case 'reinforcement': {
      const hint = role === 'system' ? "; reinforcement data uses 'developer' instead of 'system'" : caseHint;
      scope.add(
        'rft_invalid_role',
        `${rolePath}: role '${role}' is not allowed in reinforcement data (allowed: ${roles.join(', ')})${hint}.`,
        at,
      );
      return null;
    }
    case 'preference_output':
      scope.add(
        'invalid_preference_output',
        `${rolePath}: a preference output must be ${roles.length > 1 ? 'an assistant or tool' : 'an assistant'} message, got role '${role}'.`,
        at,
      );
      return null;
    default: {
      const hint =
        role === 'developer'
          ? "; 'developer' is only allowed in reinforcement data, use 'system' for supervised fine-tuning"
          : role === 'model' || role === 'bot' || role === 'gpt'
            ? "; use 'assistant'"
            : role === 'human'
              ? "; use 'user'"
              : caseHint;
      scope.add(
        'invalid_role',
        `${rolePath}: unrecognized role '${clip(role, 30)}' (allowed: ${roles.join(', ')})${hint}.`,
        at,
      );
      return null;
    }
  }
}

function checkKeys(
  message: Record<string, unknown>,
  role: string,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
): void {
  const allowed = ownEntry(ROLE_KEYS, role) ?? ROLE_KEYS.user!;
  // `for…in` with an own-key test lists what `Object.keys` does, without an array per message.
  for (const key in message) {
    if (allowed.has(key) || !Object.hasOwn(message, key)) continue;
    const keyPath = childPath(path, key);
    if (key === 'weight') {
      scope.add(
        'weight_on_non_assistant',
        `${keyPath}: 'weight' is only allowed on assistant messages, not on ${withArticle(role)} message.`,
        {
          path: keyPath,
          messageIndex,
        },
      );
      continue;
    }
    const hint =
      role === 'tool' && key === 'name'
        ? "tool messages are matched to calls by 'tool_call_id'"
        : ownEntry(KEY_HINTS, key);
    scope.add(
      'unknown_message_key',
      `${keyPath}: key '${clip(key, 40)}' is not allowed in ${withArticle(role)} message (allowed: ${quoteList([...allowed])})${hint ? `; ${hint}` : ''}.`,
      { path: keyPath, messageIndex },
    );
  }
}

function checkName(
  message: Record<string, unknown>,
  role: string,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
): void {
  if (!Object.hasOwn(message, 'name')) {
    if (role === 'function') {
      scope.add('invalid_name', `${path}: a function message needs the 'name' of the function it answers.`, {
        path,
        messageIndex,
      });
    }
    return;
  }
  const name = message.name;
  const namePath = childPath(path, 'name');
  if (typeof name !== 'string') {
    if (role !== 'tool') {
      scope.add('invalid_name', `${namePath}: 'name' must be a string, got ${describeValue(name)}.`, {
        path: namePath,
        messageIndex,
      });
    }
    return;
  }
  if (role === 'function' && !FUNCTION_NAME_PATTERN.test(name)) {
    scope.add(
      'invalid_function_name',
      `${namePath}: ${preview(name, 70)} must match ^[a-zA-Z0-9_-]{1,64}$.`,
      {
        path: namePath,
        messageIndex,
      },
    );
  }
}

function checkWeight(
  message: Record<string, unknown>,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
): 0 | 1 | null {
  if (!Object.hasOwn(message, 'weight')) return null;
  const weight = message.weight;
  if (weight === 0 || weight === 1) return weight;
  const weightPath = childPath(path, 'weight');
  const reason =
    typeof weight === 'number'
      ? Number.isInteger(weight)
        ? 'Weight must be either 0 or 1'
        : 'Weight must be an integer'
      : `Weight must be the integer 0 or 1, not ${describeValue(weight)}`;
  scope.add(
    'invalid_weight',
    `${weightPath}: ${reason} (got ${preview(weight, 20)}).`,
    { path: weightPath, messageIndex },
    { weight },
  );
  return null;
}
