/**
 * Checks of a supervised chat example (docs/dataset.md): top-level keys, tools,
 * every message, the conversation, and the per-example image limits.
 *
 * @module
 */
import { checkConversation } from './check-conversation.js';
import { checkMessage, type MessageFacts } from './check-message.js';
import { checkFunctions, checkParallelToolCalls, checkTools } from './check-tool-definitions.js';
import { CHAT_EXAMPLE_KEYS } from './detect-format.js';
import type { ExampleScope } from './example-scope.js';
import { childPath, clip, describeValue, type JsonObject, ownEntry } from './issue-draft.js';

/** OpenAI's limit of images per example. */
export const MAX_IMAGES_PER_EXAMPLE = 10;

/** Advice for top-level keys that belong elsewhere. */
const EXAMPLE_KEY_HINTS: Readonly<Record<string, string>> = {
  weight: "'weight' belongs on assistant messages",
  system: "put the system prompt in a {'role': 'system'} message",
  tool_choice: "'tool_choice' is an inference parameter, not part of training data",
  model: 'the model is chosen when the job is created, not per example',
};

/**
 * Checks a chat example.
 *
 * @param example - The parsed example.
 * @param scope - The example's scope.
 * @returns The facts of each message (`null` for non-objects), for features and token checks.
 */
export function checkChatExample(example: JsonObject, scope: ExampleScope): (MessageFacts | null)[] {
  // `for…in` with an own-key test lists what `Object.keys` does, without an array per line.
  for (const key in example) {
    if (CHAT_EXAMPLE_KEYS.has(key) || !Object.hasOwn(example, key)) continue;
    const hint = ownEntry(EXAMPLE_KEY_HINTS, key);
    scope.add(
      'unknown_example_key',
      `Example contains an extra "${clip(key, 40)}" (allowed: messages, tools, parallel_tool_calls, functions)${hint ? `; ${hint}` : ''}.`,
      { path: childPath('', key) },
    );
  }
  checkDeclarations(example, '', scope);
  const facts = checkMessages(example.messages, 'messages', 'chat', scope);
  if (facts !== null) checkConversation(facts, 'messages', 'chat', scope);
  checkImageTotals(scope, true);
  return facts ?? [];
}

/**
 * Checks `tools`, `functions` and `parallel_tool_calls` of an example or of a preference input.
 *
 * @param container - The object holding them.
 * @param base - `''` for the example, `input` for a preference input.
 * @param scope - The example's scope.
 */
export function checkDeclarations(container: JsonObject, base: string, scope: ExampleScope): void {
  if (Object.hasOwn(container, 'tools')) checkTools(container.tools, childPath(base, 'tools'), scope);
  if (Object.hasOwn(container, 'functions'))
    checkFunctions(container.functions, childPath(base, 'functions'), scope);
  if (Object.hasOwn(container, 'parallel_tool_calls')) {
    checkParallelToolCalls(container.parallel_tool_calls, childPath(base, 'parallel_tool_calls'), scope);
  }
}

/**
 * Checks a `messages` array and each message in it.
 *
 * @param messages - The value of `messages`.
 * @param path - Its path.
 * @param kind - Which roles are allowed.
 * @param scope - The example's scope.
 * @returns The facts of each message, or `null` when `messages` is not a non-empty array.
 */
export function checkMessages(
  messages: unknown,
  path: string,
  kind: 'chat' | 'reinforcement' | 'preference_input',
  scope: ExampleScope,
): (MessageFacts | null)[] | null {
  const inPreference = kind === 'preference_input';
  if (!Array.isArray(messages)) {
    scope.add(
      inPreference ? 'invalid_preference_input' : 'missing_messages',
      messages === undefined
        ? `Example is missing key '${path}'.`
        : `${path}: must be an array of messages, got ${describeValue(messages)}.`,
      { path },
    );
    return null;
  }
  if (messages.length === 0) {
    scope.add(
      inPreference ? 'invalid_preference_input' : 'empty_messages',
      `${path}: an empty array; give at least one message.`,
      {
        path,
      },
    );
    return null;
  }
  return messages.map((message, index) => checkMessage(message, index, path, kind, scope));
}

/**
 * Reports too many images in the example and, for supervised data, images for a model without
 * vision fine-tuning.
 *
 * @param scope - The example's scope, after all messages were checked.
 * @param visionCheck - True to check the model's vision support.
 */
export function checkImageTotals(scope: ExampleScope, visionCheck: boolean): void {
  if (scope.images === 0) return;
  const path = scope.firstImagePath ?? undefined;
  if (scope.images > MAX_IMAGES_PER_EXAMPLE) {
    scope.add(
      'too_many_images',
      `The example has ${scope.images} images; at most ${MAX_IMAGES_PER_EXAMPLE} are allowed per example.`,
      {
        path,
      },
    );
  }
  const model = scope.context.model;
  if (visionCheck && model !== undefined && !model.methods.includes('vision')) {
    scope.add(
      'images_not_supported',
      `The example has ${scope.images} image${scope.images === 1 ? '' : 's'} but ${model.snapshot} has no vision fine-tuning (use a vision model such as gpt-4o-2024-08-06).`,
      { path },
    );
  }
}
