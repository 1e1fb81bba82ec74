/**
 * Checks of a preference (DPO) example (docs/dataset.md): exactly `input`,
 * `preferred_output` and `non_preferred_output`, with hints for the 2025 spec's `*_completion`
 * names and TRL's `prompt` / `chosen` / `rejected`; the input conversation; each output; identical
 * outputs; images.
 *
 * @module
 */
import { checkDeclarations, checkMessages } from './check-chat-example.js';
import { checkConversation } from './check-conversation.js';
import { checkMessage, type MessageFacts } from './check-message.js';
import { PREFERENCE_KEYS } from './detect-format.js';
import type { ExampleScope } from './example-scope.js';
import { hashCanonicalJson } from './hash.js';
import { childPath, clip, describeValue, isJsonObject, type JsonObject, ownEntry } from './issue-draft.js';

/** The result of {@link checkPreferenceExample}. */
export interface PreferenceFacts {
  /** Facts of the input messages. */
  readonly input: (MessageFacts | null)[];
  /** Facts of the preferred output message, when there is one. */
  readonly preferred: MessageFacts | null;
}

/** Names other tools use, with the key they stand for. */
const KEY_RENAMES: Readonly<Record<string, { readonly key: string; readonly why: string }>> = {
  preferred_completion: { key: 'preferred_output', why: 'the 2025-07 spec name; the API reads *_output' },
  non_preferred_completion: {
    key: 'non_preferred_output',
    why: 'the 2025-07 spec name; the API reads *_output',
  },
  chosen: { key: 'preferred_output', why: 'TRL style' },
  rejected: { key: 'non_preferred_output', why: 'TRL style' },
  prompt: { key: 'input', why: "TRL style; input is {'messages': [...]}" },
};

const INPUT_KEYS = new Set(['messages', 'tools', 'parallel_tool_calls']);

/**
 * Checks a preference example.
 *
 * @param example - The parsed example.
 * @param scope - The example's scope.
 * @returns Facts of the input and the preferred output.
 */
export function checkPreferenceExample(example: JsonObject, scope: ExampleScope): PreferenceFacts {
  const renamed = new Set<string>();
  for (const key of Object.keys(example)) {
    if (PREFERENCE_KEYS.includes(key)) continue;
    const rename = ownEntry(KEY_RENAMES, key);
    if (rename !== undefined && !Object.hasOwn(example, rename.key)) renamed.add(rename.key);
    scope.add(
      'invalid_preference_keys',
      rename !== undefined
        ? `Example has key '${key}' (${rename.why}); rename it to '${rename.key}'.`
        : `Example contains an extra "${clip(key, 40)}" (allowed: input, preferred_output, non_preferred_output).`,
      { path: childPath('', key) },
    );
  }
  for (const key of PREFERENCE_KEYS) {
    if (!Object.hasOwn(example, key) && !renamed.has(key)) {
      scope.add('invalid_preference_keys', `Invalid file format. Example is missing key '${key}'.`, {
        path: key,
      });
    }
  }

  let input: (MessageFacts | null)[] = [];
  if (Object.hasOwn(example, 'input')) input = checkInput(example.input, scope);
  const preferred = Object.hasOwn(example, 'preferred_output')
    ? checkOutput(example.preferred_output, 'preferred_output', scope)
    : null;
  const nonPreferred = Object.hasOwn(example, 'non_preferred_output')
    ? checkOutput(example.non_preferred_output, 'non_preferred_output', scope)
    : null;

  const preferredMessage = firstOutput(example.preferred_output);
  const nonPreferredMessage = firstOutput(example.non_preferred_output);
  if (
    preferred !== null &&
    nonPreferred !== null &&
    preferredMessage !== undefined &&
    nonPreferredMessage !== undefined &&
    hashCanonicalJson(preferredMessage) === hashCanonicalJson(nonPreferredMessage)
  ) {
    scope.add(
      'identical_preference_outputs',
      'preferred_output and non_preferred_output are identical, so the pair teaches no preference.',
      { path: 'non_preferred_output' },
    );
  }
  return { input, preferred };
}

function firstOutput(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : undefined;
}

function checkInput(value: unknown, scope: ExampleScope): (MessageFacts | null)[] {
  if (!isJsonObject(value)) {
    const hint = Array.isArray(value) ? " (wrap the messages as {'messages': [...]})" : '';
    scope.add(
      'invalid_preference_input',
      `input: must be an object {'messages': [...]}, got ${describeValue(value)}${hint}.`,
      {
        path: 'input',
      },
    );
    return [];
  }
  for (const key of Object.keys(value)) {
    if (INPUT_KEYS.has(key)) continue;
    const keyPath = childPath('input', key);
    scope.add(
      'invalid_preference_input',
      `${keyPath}: unexpected key '${clip(key, 40)}' (allowed: messages, tools, parallel_tool_calls).`,
      {
        path: keyPath,
      },
    );
  }
  checkDeclarations(value, 'input', scope);
  const facts = checkMessages(value.messages, 'input.messages', 'preference_input', scope);
  if (facts === null) return [];
  checkConversation(facts, 'input.messages', 'preference_input', scope);
  return facts;
}

function checkOutput(value: unknown, key: string, scope: ExampleScope): MessageFacts | null {
  if (!Array.isArray(value)) {
    const hint = isJsonObject(value)
      ? ' (wrap the message in an array: [{…}])'
      : typeof value === 'string'
        ? " (use [{'role': 'assistant', 'content': …}])"
        : '';
    scope.add(
      'invalid_preference_output',
      `${key}: must be an array with one assistant message, got ${describeValue(value)}${hint}.`,
      {
        path: key,
      },
    );
    return null;
  }
  if (value.length !== 1) {
    scope.add(
      'invalid_preference_output',
      `${key}: must hold exactly one assistant message, got ${value.length}${value.length > 1 ? '; DPO compares single final turns' : ''}.`,
      { path: key },
    );
    if (value.length === 0) return null;
  }
  // Both outputs answer the same input: each may reuse a call id without it being a duplicate.
  const idsBefore = new Map(scope.toolCallIds);
  const facts = checkMessage(value[0], 0, key, 'preference_output', scope);
  scope.toolCallIds.clear();
  for (const [id, path] of idsBefore) scope.toolCallIds.set(id, path);
  return facts;
}
