/**
 * Checks across the messages of one conversation (docs/dataset.md): role order,
 * system-message position, which roles are present, the final message, trainable messages, and
 * tool responses.
 *
 * @module
 */
import type { MessageFacts } from './check-message.js';
import { checkToolResponses } from './check-tool-calls.js';
import type { ExampleScope } from './example-scope.js';
import { childPath, ownEntry, withArticle } from './issue-draft.js';

/** Which conversation is checked: a chat example, reinforcement messages, or a preference input. */
export type ConversationKind = 'chat' | 'reinforcement' | 'preference_input';

/**
 * Allowed transitions (Mistral's validator table, with `developer` as `system` and the deprecated
 * `function` role answering an assistant's `function_call`). Equal user or assistant neighbours
 * are reported even where the table allows them, as Together does.
 */
const NEXT_ROLES: Readonly<Record<string, ReadonlySet<string>>> = {
  system: new Set(['user', 'assistant', 'system']),
  developer: new Set(['user', 'assistant', 'developer']),
  user: new Set(['assistant', 'system', 'developer', 'user']),
  assistant: new Set(['assistant', 'user', 'tool', 'function']),
  tool: new Set(['assistant', 'tool']),
  function: new Set(['assistant']),
};

/**
 * Runs the conversation-level checks.
 *
 * @param facts - One entry per message; `null` for messages that are not objects.
 * @param basePath - `messages` or `input.messages`.
 * @param kind - The conversation kind.
 * @param scope - The example's scope.
 */
export function checkConversation(
  facts: readonly (MessageFacts | null)[],
  basePath: string,
  kind: ConversationKind,
  scope: ExampleScope,
): void {
  checkRoleOrder(facts, basePath, scope);
  checkToolResponses(facts, basePath, scope);
  if (kind !== 'reinforcement') checkSystemPosition(facts, basePath, scope);

  if (facts.length === 0) return;
  const roles = facts.map((fact) => fact?.role ?? null);
  // When a message has no valid role, "no user/system/assistant message" would only echo that error.
  const allRolesValid = !roles.includes(null);
  const lastIndex = facts.length - 1;
  const lastRole = roles[lastIndex] ?? null;
  const lastPath = childPath(basePath, lastIndex);

  if (allRolesValid && !roles.includes('user')) {
    scope.add(
      'missing_user_message',
      `${basePath}: no user message; the model never sees the input it should answer.`,
      {
        path: basePath,
      },
    );
  }
  if (allRolesValid && kind !== 'reinforcement' && !roles.includes('system')) {
    scope.add(
      'missing_system_message',
      `${basePath}: no system message; use the same system prompt in training and at inference.`,
      {
        path: basePath,
      },
    );
  }
  // The checks below read the last message's role: skip them when it is invalid.
  if (lastRole === null) return;

  switch (kind) {
    case 'chat': {
      const assistants = facts.filter((fact): fact is MessageFacts => fact?.role === 'assistant');
      if (assistants.length === 0) {
        if (!allRolesValid) return;
        scope.add(
          'missing_assistant_message',
          `${basePath}: no assistant message, so the example has nothing to train on.`,
          {
            path: basePath,
          },
        );
        return;
      }
      if (lastRole !== 'assistant') {
        scope.add(
          'last_message_not_assistant',
          `${lastPath}: the example ends with ${withArticle(lastRole)} message; messages after the last assistant message are never trained (Expected last role Assistant for finetuning but got ${lastRole}).`,
          { path: lastPath, messageIndex: lastIndex },
        );
      }
      if (assistants.every((fact) => fact.weight === 0)) {
        scope.add(
          'no_trainable_messages',
          `${basePath}: every assistant message has weight 0, so the example trains nothing.`,
          {
            path: basePath,
          },
        );
      }
      return;
    }
    case 'reinforcement':
      if (lastRole !== 'user') {
        scope.add(
          'rft_last_message_not_user',
          `${lastPath}: the last message is ${withArticle(lastRole)} message; reinforcement samples end with the user message the model answers.`,
          scope.context.profile === 'azure'
            ? { path: lastPath, messageIndex: lastIndex, severity: 'error' }
            : { path: lastPath, messageIndex: lastIndex },
        );
      }
      return;
    case 'preference_input':
      if (lastRole === 'assistant') {
        scope.add(
          'preference_input_ends_with_assistant',
          `${lastPath}: the input ends with an assistant message; the preferred and non-preferred outputs are the assistant's next turn.`,
          { path: lastPath, messageIndex: lastIndex },
        );
      }
      return;
  }
}

function checkRoleOrder(
  facts: readonly (MessageFacts | null)[],
  basePath: string,
  scope: ExampleScope,
): void {
  let previous: string | null = null;
  facts.forEach((fact, index) => {
    const role = fact?.role ?? null;
    if (role === null) {
      previous = null;
      return;
    }
    // Paths are built only for an issue: this runs for every message.
    if (index === 0 && (role === 'tool' || role === 'function')) {
      const path = childPath(basePath, index);
      scope.add(
        'invalid_role_order',
        `${path}: the conversation starts with ${withArticle(role)} message, which must answer an assistant's call.`,
        {
          path,
          messageIndex: index,
        },
      );
    } else if (previous !== null) {
      const allowed = ownEntry(NEXT_ROLES, previous);
      // Consecutive system messages are reported by the system-position check.
      if (role === previous && role !== 'tool' && role !== 'system' && role !== 'developer') {
        const at = childPath(basePath, index);
        scope.add(
          'invalid_role_order',
          `${at}: two ${role} messages in a row (${childPath(basePath, index - 1)} and ${at}); merge them or alternate user and assistant.`,
          { path: at, messageIndex: index },
        );
      } else if (allowed !== undefined && !allowed.has(role)) {
        const at = childPath(basePath, index);
        scope.add('invalid_role_order', `${at}: Unexpected role '${role}' after role '${previous}'.`, {
          path: at,
          messageIndex: index,
        });
      }
    }
    previous = role;
  });
}

function checkSystemPosition(
  facts: readonly (MessageFacts | null)[],
  basePath: string,
  scope: ExampleScope,
): void {
  let systems = 0;
  facts.forEach((fact, index) => {
    if (fact?.role !== 'system') return;
    systems++;
    if (index > 0) {
      const path = childPath(basePath, index);
      scope.add(
        'system_message_position',
        systems > 1
          ? `${path}: a second system message; keep one system message, first.`
          : `${path}: the system message is not first; put it before every other message.`,
        { path, messageIndex: index },
      );
    }
  });
}
