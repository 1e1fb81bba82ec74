/**
 * `POST /chat/completions` for the models the simulator trained (final models and checkpoints) and
 * the base models of the model table. The request is checked as the API checks it
 * (`chat-request.ts`); the answer comes from `chat-answer.ts` (training answers reproduced more
 * often as training progresses, generic answers from base models, JSON for `response_format`,
 * scores for grader prompts, function calls learned from the data); then `n` choices,
 * `max_completion_tokens` cuts (`finish_reason: 'length'`), `stop` sequences, `logprobs` and SSE
 * streaming, with exact `usage`.
 *
 * @module
 */
import { modelTable } from '../../models/index.js';
import { answerOf, choiceRandom, type ModelKnowledge } from '../chat-answer.js';
import { type TokenLogprob, tokenLogprobs } from '../chat-logprobs.js';
import { checkChatRequest } from '../chat-request.js';
import { chatCompletionStream, type StreamedChoice, type StreamedToolCall } from '../chat-stream.js';
import { type ChatTokenCounter, chatTokenCounter, type ReplyToken } from '../chat-token-counter.js';
import type { Route, RouteRequest, SimulatorContext } from '../context.js';
import { type AnswerToolCall, extractPromptAnswerPairs, NearestExampleIndex } from '../nearest-example.js';
import { type JobRecord, linesOfChunks } from '../store.js';
import { requireJson } from './jobs.js';
import { findFineTunedModel, modelNotFound } from './models.js';

const indexes = new WeakMap<JobRecord, NearestExampleIndex>();

function indexFor(record: JobRecord): NearestExampleIndex {
  let index = indexes.get(record);
  if (!index) {
    index = new NearestExampleIndex(extractPromptAnswerPairs(linesOfChunks(record.trainingChunks)));
    indexes.set(record, index);
  }
  return index;
}

/** What `model` knows and which model's tokenizer it uses, or a 404. */
function knowledgeOf(context: SimulatorContext, model: string): { knowledge: ModelKnowledge; base: string } {
  const fineTuned = findFineTunedModel(context, model);
  const record = fineTuned ? context.store.jobs.get(fineTuned.jobId) : undefined;
  if (fineTuned && record) {
    const total = record.totalSteps > 0 ? record.totalSteps : fineTuned.step;
    // A reinforcement run whose grader never gave a signal learned nothing, final model included.
    const learnedNothing =
      record.job.method?.type === 'reinforcement' &&
      (record.rewardCurve ?? context.options.training.rewardCurve) === 'learned_nothing';
    const progress = learnedNothing
      ? 0
      : fineTuned.model.id === record.job.fine_tuned_model || total <= 0
        ? 1
        : fineTuned.step / total;
    return {
      knowledge: { kind: 'fine-tuned', examples: indexFor(record), progress },
      base: record.job.model,
    };
  }
  if (!model.startsWith('ft:')) {
    const table = modelTable(context.options.models);
    if (Object.values(table).some((entry) => entry.snapshot === model || entry.aliases.includes(model)))
      return { knowledge: { kind: 'base' }, base: model };
  }
  throw modelNotFound(model);
}

const lenientDecoder = new TextDecoder('utf-8');

const textOf = (tokens: readonly ReplyToken[]) =>
  lenientDecoder.decode(new Uint8Array(tokens.flatMap((token) => token.bytes)));

interface BuiltChoice extends StreamedChoice {
  readonly content: string | null;
  readonly completionTokens: number;
}

/**
 * The tool calls of a choice with their ids. Their tokens are counted as the text of the name and
 * the arguments (the API's own framing of tool calls is not published).
 */
function toolCallChoice(
  context: SimulatorContext,
  calls: readonly AnswerToolCall[],
  counter: ChatTokenCounter,
  maxTokens: number | null,
): BuiltChoice {
  let budget = maxTokens ?? Number.POSITIVE_INFINITY;
  let completionTokens = 0;
  let finishReason = 'tool_calls';
  const toolCalls: StreamedToolCall[] = [];
  for (const call of calls) {
    if (budget <= 0) break;
    const nameTokens = counter.text(call.name);
    let args = call.arguments;
    let argTokens = counter.text(args);
    if (nameTokens + argTokens > budget) {
      // Cut inside the arguments, as a real model that runs out of tokens does.
      const kept = Math.max(0, budget - nameTokens);
      args = textOf(counter.tokens(args).slice(0, kept));
      argTokens = kept;
      finishReason = 'length';
    }
    budget -= nameTokens + argTokens;
    completionTokens += nameTokens + argTokens;
    toolCalls.push({ id: context.newId('call_', 24), name: call.name, arguments: args });
  }
  return { content: null, completionTokens, tokens: [], logprobs: null, finishReason, toolCalls };
}

async function createChatCompletion(context: SimulatorContext, request: RouteRequest) {
  const chat = checkChatRequest(requireJson(request), {
    azure: request.azure,
    deployment: request.params.deployment,
  });
  const { knowledge, base } = knowledgeOf(context, chat.model);
  const counter = await chatTokenCounter(base);
  const stops = chat.stop;
  const choices: BuiltChoice[] = [];
  for (let index = 0; index < chat.n; index++) {
    const random = choiceRandom(context.options.seed, chat, index);
    const logprobRandom = random.fork('logprobs');
    const said = answerOf(knowledge, chat, random);
    if (said.toolCalls) {
      choices.push(toolCallChoice(context, said.toolCalls, counter, chat.maxTokens));
      continue;
    }
    let content = said.text;
    let finishReason = 'stop';
    // A stop sequence ends the reply before it (the sequence itself is not returned).
    const stopAt = Math.min(...stops.map((stop) => content.indexOf(stop)).filter((at) => at >= 0));
    if (Number.isFinite(stopAt)) content = content.slice(0, stopAt);
    let completionTokens = counter.text(content);
    let tokens: readonly ReplyToken[] | null = null;
    if (chat.maxTokens !== null && completionTokens > chat.maxTokens) {
      tokens = counter.tokens(content).slice(0, chat.maxTokens);
      content = textOf(tokens);
      completionTokens = chat.maxTokens;
      finishReason = 'length';
    }
    const needTokens = chat.logprobs || chat.stream;
    if (needTokens) tokens ??= counter.tokens(content);
    const logprobs: TokenLogprob[] | null =
      chat.logprobs && tokens ? tokenLogprobs(tokens, chat.topLogprobs, logprobRandom) : null;
    choices.push({
      content,
      completionTokens,
      tokens: tokens ?? [],
      logprobs,
      finishReason,
      toolCalls: null,
    });
  }
  const promptTokens = counter.prompt(chat.messages);
  const completionTokens = choices.reduce((sum, choice) => sum + choice.completionTokens, 0);
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
  const header = {
    id: context.newId('chatcmpl-', 29),
    created: context.clock.nowSeconds(),
    model: chat.model,
    service_tier: 'default',
    system_fingerprint: `fp_${context.newId('', 10).toLowerCase()}`,
  };
  if (chat.stream) {
    return {
      raw: chatCompletionStream(header, choices, usage, chat.includeUsage),
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    };
  }
  return {
    json: {
      id: header.id,
      object: 'chat.completion',
      created: header.created,
      model: header.model,
      choices: choices.map((choice, index) => ({
        index,
        message: {
          role: 'assistant',
          content: choice.content,
          refusal: null,
          annotations: [],
          ...(choice.toolCalls
            ? {
                tool_calls: choice.toolCalls.map((call) => ({
                  id: call.id,
                  type: 'function',
                  function: { name: call.name, arguments: call.arguments },
                })),
              }
            : {}),
        },
        logprobs:
          choice.logprobs === null
            ? chat.logprobs
              ? { content: null, refusal: null }
              : null
            : { content: choice.logprobs, refusal: null },
        finish_reason: choice.finishReason,
      })),
      usage,
      service_tier: header.service_tier,
      system_fingerprint: header.system_fingerprint,
    },
  };
}

/** The `/chat/completions` route. */
export const chatRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/chat/completions', handle: createChatCompletion },
];
