/**
 * Checks of a reinforcement fine-tuning (RFT) example (docs/dataset.md): roles (no
 * `system`), the final user message, tools; and the grader fields every other key provides, returned
 * as a feature (the report lists them, and the missing ones a grader needs, once per file).
 *
 * @module
 */
import { checkImageTotals, checkMessages } from './check-chat-example.js';
import { checkConversation } from './check-conversation.js';
import type { MessageFacts } from './check-message.js';
import { checkTools } from './check-tool-definitions.js';
import { REINFORCEMENT_RESERVED_KEYS } from './detect-format.js';
import type { ExampleScope } from './example-scope.js';
import type { JsonObject } from './issue-draft.js';

/** The result of {@link checkReinforcementExample}. */
export interface ReinforcementFacts {
  readonly messages: (MessageFacts | null)[];
  /** Keys passed to graders as `item.<key>`, sorted. */
  readonly graderFields: readonly string[];
}

/**
 * Checks a reinforcement example.
 *
 * @param example - The parsed example.
 * @param scope - The example's scope.
 * @returns Message facts and grader fields.
 */
export function checkReinforcementExample(example: JsonObject, scope: ExampleScope): ReinforcementFacts {
  if (Object.hasOwn(example, 'tools')) checkTools(example.tools, 'tools', scope);
  const facts = checkMessages(example.messages, 'messages', 'reinforcement', scope);
  if (facts !== null) checkConversation(facts, 'messages', 'reinforcement', scope);
  checkImageTotals(scope, false);
  const graderFields = Object.keys(example)
    .filter((key) => !REINFORCEMENT_RESERVED_KEYS.has(key))
    .sort();
  return { messages: facts ?? [], graderFields };
}
