/**
 * Everything the report needs from one parsed JSONL line: its format, the per-example issues, its
 * token counts and its features. Pure and synchronous over plain data, so it runs unchanged on the
 * main thread or in a worker thread.
 *
 * @module
 */
import { checkChatExample } from './checks/check-chat-example.js';
import type { MessageFacts } from './checks/check-message.js';
import { checkPreferenceExample } from './checks/check-preference-example.js';
import { checkPromptCompletionExample } from './checks/check-prompt-completion-example.js';
import { checkReinforcementExample } from './checks/check-reinforcement-example.js';
import { checkTokenLimits } from './checks/check-token-limits.js';
import { detectExampleFormat } from './checks/detect-format.js';
import { bareFeatures, conversationFeatures, promptCompletionFeatures } from './checks/example-features.js';
import { ExampleScope } from './checks/example-scope.js';
import { hashCanonicalJson } from './checks/hash.js';
import { describeValue, isJsonObject } from './checks/issue-draft.js';
import { exampleSketch } from './checks/near-duplicate-sketch.js';
import { checkSensitiveData } from './checks/sensitive-data.js';
import { exampleTokenCounts } from './tokens/example-tokens.js';
import type {
  AnalyzeContext,
  ExampleAnalysis,
  ExampleFeatures,
  ExampleTokens,
  TokenCounter,
} from './types.js';

/**
 * Analyses one example (one parsed JSONL line).
 *
 * Detects the format (`context.method` decides between chat and reinforcement), runs every
 * per-example check of that format (structure, content, images, tools, preference, reinforcement,
 * prompt/completion, token limits), counts tokens with the cookbook framing when a counter is given,
 * and computes the features the file-level checks need. Issues are drafts: the caller adds the line,
 * example number, final severity and aliases. Messages start with the JSON path they concern.
 *
 * Never throws on any JSON value. A value that is not an object gets one `not_an_object` issue
 * (the line reader normally reports that before calling this).
 *
 * @param value - The parsed line.
 * @param context - Method, model, profile and framing.
 * @param counter - The model encoding's token counter, or `null` to skip tokens and the limit checks.
 * @param text - The JSON text the value was parsed from, when known: lets the secret and
 *   personal-data scan dismiss a whole line at once.
 * @returns Format, issues, tokens and features; all plain, structured-clone-safe data.
 * @example
 * ```ts
 * const analysis = analyzeExample(
 *   { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: '' }] },
 *   { profile: 'openai', framing: DEFAULT_TOKEN_FRAMING },
 *   null,
 * );
 * analysis.format;                         // 'chat'
 * analysis.issues.map((issue) => issue.code); // ['empty_content', 'missing_system_message']
 * ```
 */
export function analyzeExample(
  value: unknown,
  context: AnalyzeContext,
  counter: TokenCounter | null,
  text?: string,
): ExampleAnalysis {
  if (!isJsonObject(value)) {
    return {
      format: null,
      issues: [{ code: 'not_an_object', message: `The line is ${describeValue(value)}, not a JSON object.` }],
      tokens: null,
      features: null,
    };
  }
  const hash = hashCanonicalJson(value);
  const detection = detectExampleFormat(value, context.method);
  const format = detection.format;
  if (format === null)
    return { format: null, issues: detection.issues, tokens: null, features: bareFeatures(hash) };

  const scope = new ExampleScope(format, context);
  let features: ExampleFeatures;
  let messages: readonly (MessageFacts | null)[] = [];
  switch (format) {
    case 'chat': {
      messages = checkChatExample(value, scope);
      features = conversationFeatures({
        hash,
        messages,
        answer: lastAssistant(messages),
        extraAssistant: null,
        systemRole: 'system',
        images: scope.images,
      });
      break;
    }
    case 'reinforcement': {
      const facts = checkReinforcementExample(value, scope);
      messages = facts.messages;
      features = conversationFeatures({
        hash,
        messages,
        answer: null,
        extraAssistant: null,
        systemRole: 'developer',
        images: scope.images,
        graderFields: facts.graderFields,
      });
      break;
    }
    case 'preference': {
      const facts = checkPreferenceExample(value, scope);
      messages = facts.input;
      features = conversationFeatures({
        hash,
        messages,
        answer: facts.preferred,
        extraAssistant: facts.preferred,
        systemRole: 'system',
        images: scope.images,
      });
      break;
    }
    case 'prompt_completion': {
      const facts = checkPromptCompletionExample(value, scope);
      features = promptCompletionFeatures(hash, facts.prompt, facts.completion);
      break;
    }
  }

  if (context.sensitiveData) checkSensitiveData(value, scope, text);
  if (context.nearDuplicates) {
    const sketch = exampleSketch(value);
    if (sketch !== null) features = { ...features, sketch };
  }

  let tokens: ExampleTokens | null = null;
  if (counter !== null) {
    tokens = exampleTokenCounts(value, counter, context.framing);
    checkTokenLimits(value, format, tokens, messages, counter, scope);
  }
  return { format, issues: scope.issues, tokens, features };
}

function lastAssistant(messages: readonly (MessageFacts | null)[]): MessageFacts | null {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message?.role === 'assistant') return message;
  }
  return null;
}
