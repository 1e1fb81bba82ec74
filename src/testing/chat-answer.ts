/**
 * What a simulated model answers, so that an evaluation in the simulator means something:
 *
 * - A fine-tuned model or checkpoint answers with the assistant reply of the closest training
 *   example (an exact training prompt always finds its own example) with a probability that grows
 *   with training: `0.2 + 0.8 × (step / total steps)²`, so the final model always reproduces its
 *   data, a checkpoint at half the run about 40 % of the time. Otherwise it gives a plausible wrong
 *   answer: another example's reply, or (more often early in training) a generic answer.
 * - A base model knows none of the data: it gives a generic, polite answer about the question's
 *   topic; to a grader's prompt it answers with a score (see `grader-prompt.ts`).
 * - `response_format` shapes the answer: `json_schema` gives JSON conforming to the schema,
 *   `json_object` a JSON object.
 *
 * Every draw comes from a generator seeded by the simulator's seed, the request's `seed`, the model,
 * the messages and the choice index (not the choice index at `temperature: 0`): the same request
 * gets the same answer, in any order and in any simulator with the same seed.
 *
 * @module
 */
import { createRandom, hashString, type SeededRandom } from '../internal/seeded-random.js';
import type { ChatRequest, ChatResponseFormat } from './chat-request.js';
import { type GraderPrompt, graderVerdict, onScale, readGraderPrompt } from './grader-prompt.js';
import { answerForSchema, schemaAsksForNumber } from './json-schema-answer.js';
import {
  type AnswerToolCall,
  type NearestExampleIndex,
  type PromptAnswerPair,
  topicWords,
} from './nearest-example.js';

/** What the model learned. */
export type ModelKnowledge =
  | {
      readonly kind: 'fine-tuned';
      readonly examples: NearestExampleIndex;
      /** Training progress of the checkpoint, 0–1 (1 for the final model). */
      readonly progress: number;
    }
  | { readonly kind: 'base' };

/** The probability that a model at `progress` (0–1) reproduces the training answer. */
export function answerAccuracy(progress: number): number {
  const clamped = Math.min(1, Math.max(0, progress));
  return clamped >= 1 ? 1 : 0.2 + 0.8 * clamped * clamped;
}

const GENERIC_ANSWERS = [
  (topic: string) =>
    `I'm not able to look that up right now, but I'm happy to help with ${topic}. Could you share a few more details?`,
  (topic: string) =>
    `Good question! The details about ${topic} can vary, so please check the help pages or contact our support team.`,
  (topic: string) =>
    `Thanks for asking. In general, ${topic} depends on your situation; tell me a bit more and I can give a more specific answer.`,
  (topic: string) =>
    `I don't have specific information about ${topic}, but customer support can answer that for you.`,
];

function genericAnswer(prompt: string, random: SeededRandom): string {
  const words = topicWords(prompt).slice(0, 4);
  const topic = words.length === 0 ? 'that' : `"${words.join(' ')}"`;
  const pick = GENERIC_ANSWERS[Math.floor(random.next() * GENERIC_ANSWERS.length)] ?? GENERIC_ANSWERS[0];
  return pick ? pick(topic) : '';
}

/** What a model says: text, or (for a fine-tuned model whose example calls a function the request offers) tool calls. */
export interface ChatAnswer {
  readonly text: string;
  readonly toolCalls: readonly AnswerToolCall[] | null;
}

/** The example's answer as the request allows it: its tool calls only when the request offers those functions. */
function sayPair(
  pair: PromptAnswerPair,
  request: ChatRequest,
  prompt: string,
  random: SeededRandom,
): ChatAnswer {
  const calls = pair.toolCalls ?? [];
  if (calls.length > 0) {
    if (!request.toolsDisabled && calls.every((call) => request.functionNames.includes(call.name)))
      return { text: '', toolCalls: calls };
    if (pair.answer === '') return { text: genericAnswer(prompt, random), toolCalls: null };
  }
  return { text: pair.answer, toolCalls: null };
}

function fineTunedAnswer(
  knowledge: Extract<ModelKnowledge, { kind: 'fine-tuned' }>,
  request: ChatRequest,
  prompt: string,
  random: SeededRandom,
): ChatAnswer {
  const nearest = knowledge.examples.nearest(prompt);
  if (!nearest) return { text: genericAnswer(prompt, random), toolCalls: null };
  if (random.next() < answerAccuracy(knowledge.progress))
    return sayPair(nearest.pair, request, prompt, random);
  // Wrong: early checkpoints still sound like the base model; later ones mix up the examples.
  const size = knowledge.examples.size;
  if (size > 1 && random.next() >= 1 - knowledge.progress) {
    const offset = 1 + Math.floor(random.next() * (size - 1));
    const other = knowledge.examples.at((nearest.index + offset) % size);
    if (other && other.answer !== nearest.pair.answer) return sayPair(other, request, prompt, random);
  }
  return { text: genericAnswer(prompt, random), toolCalls: null };
}

/** The seeded generator of one choice. */
export function choiceRandom(simulatorSeed: number, request: ChatRequest, choice: number): SeededRandom {
  const conversation = request.messages
    .map((message) => `${message.role}\u0000${message.content}`)
    .join('\u0001');
  const key = [
    simulatorSeed,
    request.seed ?? '',
    request.model,
    conversation,
    request.temperature === 0 ? 0 : choice,
  ].join('\u0002');
  return createRandom(hashString(key));
}

/**
 * What one choice says, before any `max_completion_tokens` cut.
 *
 * @param knowledge - What the model learned.
 * @param request - The checked request.
 * @param random - The choice's generator ({@link choiceRandom}).
 */
export function answerOf(knowledge: ModelKnowledge, request: ChatRequest, random: SeededRandom): ChatAnswer {
  const userText = request.messages
    .filter((message) => message.role === 'user')
    .map((message) => message.content)
    .join('\n');
  const allText = request.messages.map((message) => message.content).join('\n');
  const format = request.responseFormat;
  const asksForNumber = format.type === 'json_schema' && schemaAsksForNumber(format.schema);
  // Only base models grade: a fine-tuned model answers from its data whatever it is asked.
  const grading = knowledge.kind === 'base' ? readGraderPrompt(allText, asksForNumber) : null;
  const said =
    knowledge.kind === 'fine-tuned'
      ? fineTunedAnswer(knowledge, request, userText, random)
      : { text: grading ? '' : genericAnswer(userText, random), toolCalls: null };
  // A function call is the answer whatever the response format (the API does the same).
  if (said.toolCalls) return said;
  return { text: shape(said.text, format, grading, random), toolCalls: null };
}

/** The text in the response format: JSON for `json_schema` / `json_object`, a score for a grader's prompt. */
function shape(
  text: string,
  format: ChatResponseFormat,
  grading: GraderPrompt | null,
  random: SeededRandom,
): string {
  const verdict = grading === null ? null : graderVerdict(grading, random);
  if (format.type === 'json_schema') {
    const value = answerForSchema(format.schema, {
      text: text || 'See the reference.',
      score: verdict,
      random,
    });
    return JSON.stringify(value);
  }
  if (grading && verdict !== null) {
    const score = onScale(verdict, grading.scale ?? [0, 1]);
    return format.type === 'json_object' ? JSON.stringify({ score }) : String(score);
  }
  if (format.type === 'json_object') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return text;
    } catch {
      // Not JSON: wrapped below.
    }
    return JSON.stringify({ answer: text });
  }
  return text;
}
