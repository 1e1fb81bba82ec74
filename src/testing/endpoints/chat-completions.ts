/**
 * `POST /chat/completions` for the models the simulator trained (final models and checkpoints):
 * the reply is the assistant answer of the closest training example, in a proper
 * `chat.completion` object with `usage`.
 *
 * @module
 */
import { invalidRequest, missingParameter } from '../api-error.js';
import { chatTokenCounter } from '../chat-token-counter.js';
import type { Route, RouteRequest, SimulatorContext } from '../context.js';
import { contentText, extractPromptAnswerPairs, NearestExampleIndex } from '../nearest-example.js';
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

async function createChatCompletion(context: SimulatorContext, request: RouteRequest) {
  const body = requireJson(request) as Record<string, unknown> | null;
  if (body === null || typeof body !== 'object') throw missingParameter('messages');
  // Azure routes by deployment; the deployment name is the model here.
  const model = (request.params.deployment ?? body.model) as unknown;
  if (model === undefined || model === null || model === '') throw missingParameter('model');
  if (typeof model !== 'string')
    throw invalidRequest(`Invalid type for 'model': expected a string.`, 'model', 'invalid_type');
  if (!Array.isArray(body.messages)) throw missingParameter('messages');
  if (body.messages.length === 0) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  if (body.stream === true) {
    throw invalidRequest(
      'The finetune-kit simulator does not stream chat completions; send stream: false.',
      'stream',
    );
  }
  const messages = (body.messages as unknown[]).map((message, index) => {
    if (
      typeof message !== 'object' ||
      message === null ||
      typeof (message as { role?: unknown }).role !== 'string'
    ) {
      throw missingParameter(`messages[${index}].role`);
    }
    const { role, content, name } = message as { role: string; content?: unknown; name?: unknown };
    return { role, content: contentText(content), ...(typeof name === 'string' ? { name } : {}) };
  });
  const fineTuned = findFineTunedModel(context, model);
  const record = fineTuned ? context.store.jobs.get(fineTuned.jobId) : undefined;
  if (!fineTuned || !record) throw modelNotFound(model);
  const userText = messages
    .filter((message) => message.role === 'user')
    .map((message) => message.content)
    .join('\n');
  const nearest = indexFor(record).nearest(userText);
  const reply = nearest?.pair.answer ?? '';
  const counter = await chatTokenCounter(record.job.model);
  const promptTokens = counter.prompt(messages);
  const completionTokens = counter.text(reply);
  const now = context.clock.nowSeconds();
  return {
    json: {
      id: context.newId('chatcmpl-', 29),
      object: 'chat.completion',
      created: now,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: reply, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
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
      },
      service_tier: 'default',
      system_fingerprint: `fp_${context.newId('', 10).toLowerCase()}`,
    },
  };
}

/** The `/chat/completions` route. */
export const chatRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/chat/completions', handle: createChatCompletion },
];
