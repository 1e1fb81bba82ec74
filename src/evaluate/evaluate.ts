/**
 * `evaluate`: asks each model every example's prompt, grades the answers against the references
 * and summarises. Examples stream in from the data; requests run `concurrency` at a time, each
 * retried on transient failures and rate limits (honouring `Retry-After`); every answer is stored
 * in the answer cache as soon as it arrives, so a stopped or failed run resumes where it was and
 * pays only for what is missing.
 *
 * @module
 */
import { z } from 'zod';
import { FinetuneKitApiError } from '../errors.js';
import type { GraderModelRequest, GraderModelResponse, GradeSampleOptions } from '../graders/grade.js';
import { abortError, linkSignals } from '../internal/abort.js';
import { parseOptions } from '../internal/parse-options.js';
import { rememberClientSecrets } from '../internal/redact-secrets.js';
import { systemClock } from '../job/clock.js';
import { resolveRetryOptions, withRetry } from '../job/retry.js';
import { answerCacheKey, resolveAnswerCache } from './answer-cache.js';
import { type AskSettings, askModel, type ChatClient, chatRequest } from './ask-model.js';
import { readEvalExamples, type SkippedExample } from './eval-example.js';
import { type ResolvedGrader, resolveGraders, scoreAnswer } from './eval-graders.js';
import { EvaluationResult } from './evaluation-result.js';
import { answerKey, bestModel, defaultLabel, summarizeModels } from './summarize.js';
import type {
  AnswerCache,
  CachedAnswer,
  EvalExample,
  EvalUsage,
  EvaluateOptions,
  EvaluateProgress,
  ExampleAnswer,
  ExampleResult,
  LossRanking,
  ModelEvaluation,
} from './types.js';

const positiveInteger = z
  .number({ error: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be ≥ 1');

const optionsSchema = z.object({
  models: z
    .array(
      z.union([
        z.string().min(1, 'must not be empty'),
        z.object({ model: z.string().min(1, 'must not be empty'), label: z.string().optional() }),
      ]),
      { error: 'must be an array of model names' },
    )
    .min(1, 'must name at least one model'),
  concurrency: positiveInteger.max(64, 'must be ≤ 64').optional(),
  limit: z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be ≥ 0').optional(),
  resamples: positiveInteger.max(100_000, 'must be ≤ 100000').optional(),
  confidence: z.number({ error: 'must be a number' }).gt(0, 'must be > 0').lt(1, 'must be < 1').optional(),
  seed: z.number({ error: 'must be a number' }).int('must be an integer').optional(),
  baseline: z.string().min(1, 'must not be empty').optional(),
  cacheDir: z.string().min(1, 'must not be empty').optional(),
});

/** Defaults of {@link evaluate}'s options. */
const DEFAULTS = Object.freeze({ concurrency: 4, resamples: 1000, confidence: 0.95, seed: 42 });

/** Extra inputs `evaluateJob` passes through. */
export interface EvaluateInternals {
  /** Computes the loss ranking once the per-model results are known. */
  readonly lossRanking?:
    | ((
        models: readonly ModelEvaluation[],
        primary: string,
      ) => {
        readonly ranking: LossRanking;
        readonly note: string | null;
      } | null)
    | undefined;
}

/**
 * Evaluates models on examples with graders.
 *
 * @param client - An `openai` client (`OpenAI`, `AzureOpenAI`, or one on the simulator's `fetch`).
 * @param options - See {@link EvaluateOptions}.
 * @returns The results: per model, mean scores with bootstrap intervals, the paired difference to
 *   the baseline, latency, tokens and cost; per example, every answer and score.
 * @throws {FinetuneKitUsageError} When an option or a grader is invalid (`option` names it).
 * @throws {FinetuneKitAbortError} When `options.signal` aborts (answers received so far stay cached).
 * @throws {FinetuneKitApiError} When the API refuses a model (401, 403, 404) or retries run out.
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { evaluate } from 'finetune-kit/evaluate';
 *
 * const result = await evaluate(new OpenAI(), {
 *   models: ['gpt-4o-mini-2024-07-18', 'ft:gpt-4o-mini-2024-07-18:acme:support:9uJPavMj'],
 *   data: 'valid.jsonl',
 *   graders: ['exact', 'similarity'],
 *   baseline: 'gpt-4o-mini-2024-07-18',
 *   cacheDir: '.eval-cache',
 * });
 * console.log(result.toText());
 * ```
 */
export async function evaluate(client: ChatClient, options: EvaluateOptions): Promise<EvaluationResult> {
  return runEvaluation(client, options, {});
}

/** {@link evaluate} with the hooks of `evaluateJob`. */
export async function runEvaluation(
  client: ChatClient,
  options: EvaluateOptions,
  internals: EvaluateInternals,
): Promise<EvaluationResult> {
  const parsed = parseOptions(optionsSchema, options, 'options');
  rememberClientSecrets(client);
  const graders = resolveGraders(options.graders ?? ['exact']);
  const models = dedupeModels([
    ...(parsed.baseline === undefined ? [] : [parsed.baseline]),
    ...parsed.models,
  ]);
  const baseline = parsed.baseline ?? null;
  const settings = {
    concurrency: parsed.concurrency ?? DEFAULTS.concurrency,
    resamples: parsed.resamples ?? DEFAULTS.resamples,
    confidence: parsed.confidence ?? DEFAULTS.confidence,
    seed: parsed.seed ?? DEFAULTS.seed,
  };
  const sampling = { temperature: 0, ...options.samplingParams };
  const retry = resolveRetryOptions(options.retry);
  const cache = await resolveAnswerCache(options.cache, parsed.cacheDir);
  const run = new EvaluationRun(client, {
    models: models.map((entry) => entry.model),
    graders,
    cache,
    sampling,
    ask: { retry, clock: options.clock ?? systemClock, signal: options.signal, onRetry: options.onRetry },
    concurrency: settings.concurrency,
    onProgress: options.onProgress,
  });
  await run.run(
    readEvalExamples(options.data, {
      limit: parsed.limit,
      signal: options.signal,
      onSkip: (skip) => run.skipped.push(skip),
    }),
  );
  const graderNames = graders.map((grader) => grader.name);
  const summaries = summarizeModels(run.results(), run.usage, {
    models,
    graders: graderNames,
    baseline,
    ...settings,
    modelTable: options.modelTable,
  });
  const primary = graderNames[0] as string;
  const best = bestModel(summaries, primary);
  const notes: string[] = [];
  if (best && run.results().length > 0) {
    const top = best.scores[primary]?.mean ?? 0;
    const tied = summaries.filter((model) => model.scores[primary]?.mean === top);
    notes.push(
      tied.length === summaries.length && summaries.length > 1
        ? `Every model scores the same on ${primary} (${top.toFixed(3)}).`
        : `Best on ${primary}: ${tied.map((model) => model.label).join(', ')} (${top.toFixed(3)}).`,
    );
  }
  const loss = internals.lossRanking?.(summaries, primary) ?? null;
  if (loss?.note) notes.push(loss.note);
  const failed = summaries.reduce((sum, model) => sum + model.failed, 0);
  if (failed > 0)
    notes.push(
      `${failed} request${failed === 1 ? ' was' : 's were'} refused by the API and scored 0 (see the per-example errors).`,
    );
  if (run.skipped.length > 0)
    notes.push(
      `${run.skipped.length} example${run.skipped.length === 1 ? '' : 's'} skipped: no prompt to ask (see skipped).`,
    );
  const unpriced = summaries.filter((model) => model.cost.usd === null);
  if (unpriced.length > 0)
    notes.push(
      `Cost unavailable for ${unpriced.map((model) => model.label).join(', ')}: ${unpriced[0]?.cost.unavailable}.`,
    );
  return new EvaluationResult({
    version: 1,
    graders: graderNames,
    baseline,
    confidence: settings.confidence,
    resamples: settings.resamples,
    seed: settings.seed,
    samplingParams: sampling,
    models: summaries,
    examples: run.results(),
    skipped: run.skipped,
    best: best?.model ?? null,
    lossRanking: loss?.ranking ?? null,
    notes,
  });
}

function dedupeModels(models: readonly (string | { model: string; label?: string | undefined })[]) {
  const seen = new Map<string, { model: string; label: string }>();
  for (const entry of models) {
    const model = typeof entry === 'string' ? entry : entry.model;
    const label = typeof entry === 'string' ? undefined : entry.label;
    const known = seen.get(model);
    if (!known) seen.set(model, { model, label: label ?? defaultLabel(model) });
    else if (label !== undefined) known.label = label;
  }
  return [...seen.values()];
}

interface RunSettings {
  readonly models: readonly string[];
  readonly graders: readonly ResolvedGrader[];
  readonly cache: AnswerCache;
  readonly sampling: Record<string, unknown>;
  readonly ask: AskSettings;
  readonly concurrency: number;
  readonly onProgress?: ((progress: EvaluateProgress) => void) | undefined;
}

/** Statuses that mean one request is wrong (the example), not the model or the account. */
const PER_REQUEST_STATUSES = new Set([400, 413, 422]);

/** One evaluation's state: the task queue, the workers and the answers so far. */
class EvaluationRun {
  readonly skipped: SkippedExample[] = [];
  readonly usage = new Map<string, EvalUsage>();
  readonly #client: ChatClient;
  readonly #settings: RunSettings;
  readonly #examples: EvalExample[] = [];
  readonly #answers = new Map<number, Record<string, ExampleAnswer>>();
  #total: number | null = null;
  #done = 0;
  #cached = 0;
  #failed = 0;

  constructor(client: ChatClient, settings: RunSettings) {
    this.#client = client;
    this.#settings = settings;
  }

  /** Runs every (example, model) task with bounded concurrency. */
  async run(examples: AsyncIterable<EvalExample>): Promise<void> {
    const { models, concurrency } = this.#settings;
    const self = this;
    // Workers stop pulling as soon as one of them fails; the first failure is what the caller sees.
    const stopper = new AbortController();
    const stop = linkSignals(this.#settings.ask.signal, stopper.signal);
    async function* tasks() {
      for await (const example of examples) {
        self.#examples.push(example);
        self.#answers.set(example.index, {});
        for (const model of models) yield { example, model };
      }
      self.#total = self.#examples.length * models.length;
    }
    const queue = tasks();
    let failure: unknown = null;
    const worker = async () => {
      while (failure === null) {
        const next = await queue.next();
        if (next.done) return;
        await this.#answer(next.value.example, next.value.model, stop.signal);
      }
    };
    const workers = Array.from({ length: concurrency }, () =>
      worker().catch((error: unknown) => {
        failure ??= error;
        stopper.abort(error);
      }),
    );
    try {
      await Promise.all(workers);
    } finally {
      stop.dispose();
      await queue.return(undefined).catch(() => undefined);
    }
    if (failure !== null) {
      if (this.#settings.ask.signal?.aborted) throw abortError(this.#settings.ask.signal, 'The evaluation');
      throw failure;
    }
  }

  /** Every example with its answers so far, in example order. */
  results(): ExampleResult[] {
    return this.#examples.map((example) => ({
      index: example.index,
      line: example.line,
      prompt: lastUserText(example),
      referenceText: example.referenceText,
      referenceToolCalls: example.referenceToolCalls,
      answers: this.#answers.get(example.index) ?? {},
    }));
  }

  async #answer(example: EvalExample, model: string, signal: AbortSignal): Promise<void> {
    const { cache, sampling, graders } = this.#settings;
    const request = chatRequest(model, example, sampling);
    const key = answerCacheKey(model, example.hash, request);
    let stored = await cache.get(key);
    const cached = stored !== undefined;
    let error: string | null = null;
    if (!stored) {
      try {
        const asked = await askModel(this.#client, request, { ...this.#settings.ask, signal });
        stored = { model, ...asked, receivedAt: new Date().toISOString() } satisfies CachedAnswer;
        await cache.set(key, stored);
      } catch (caught) {
        if (!(FinetuneKitApiError.isInstance(caught) && PER_REQUEST_STATUSES.has(caught.status ?? 0)))
          throw caught;
        error = caught.message;
      }
    }
    const scores: Record<string, number> = {};
    const graderErrors: Record<string, string> = {};
    if (stored) {
      this.usage.set(answerKey(model, example.index), stored.usage);
      const gradeOptions: GradeSampleOptions = {
        callModel: (call) => this.#callGraderModel(call, signal),
        signal,
      };
      for (const grader of graders) {
        const verdict = await scoreAnswer(grader, example, stored.answer, gradeOptions);
        scores[grader.name] = verdict.score;
        if (verdict.error !== null) graderErrors[grader.name] = verdict.error;
      }
    } else {
      for (const grader of graders) scores[grader.name] = 0;
    }
    const answers = this.#answers.get(example.index) as Record<string, ExampleAnswer>;
    answers[model] = {
      answer: stored?.answer ?? null,
      error,
      scores,
      graderErrors,
      latencyMs: stored?.latencyMs ?? null,
      cached,
    };
    this.#done++;
    if (cached) this.#cached++;
    if (error !== null) this.#failed++;
    try {
      this.#settings.onProgress?.(
        Object.freeze({
          done: this.#done,
          total: this.#total,
          models: this.#settings.models.length,
          cached: this.#cached,
          failed: this.#failed,
          model,
          exampleIndex: example.index,
        }),
      );
    } catch {
      // A listener's bug must not stop the evaluation.
    }
  }

  /**
   * One model grader's call, through the answer cache like the answers themselves: a re-run pays
   * neither for the answers nor for their grading (the key is the grader model and everything sent).
   */
  async #callGraderModel(request: GraderModelRequest, signal: AbortSignal): Promise<GraderModelResponse> {
    const { signal: _ignored, ...body } = request;
    const { cache } = this.#settings;
    const key = answerCacheKey(`grader:${request.model}`, 'grader-call', body);
    const stored = await cache.get(key);
    if (stored) return graderResponseOf(stored);
    const started = Date.now();
    const response = await this.#askGraderModel(body, request.model, signal);
    const usage = response.usage;
    await cache.set(key, {
      model: response.model ?? request.model,
      answer: {
        content: response.text,
        toolCalls: null,
        refusal: response.refusal ?? null,
        finishReason: null,
      },
      usage: {
        promptTokens: usage?.prompt_tokens ?? 0,
        completionTokens: usage?.completion_tokens ?? 0,
        cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
      },
      latencyMs: Date.now() - started,
      receivedAt: new Date().toISOString(),
    });
    return response;
  }

  async #askGraderModel(
    body: Omit<GraderModelRequest, 'signal'>,
    model: string,
    signal: AbortSignal,
  ): Promise<GraderModelResponse> {
    const completion = await withRetry(
      (_attempt, attemptSignal) =>
        this.#client.chat.completions.create(body as never, {
          maxRetries: 0,
          ...(attemptSignal ? { signal: attemptSignal } : {}),
        }),
      {
        operation: 'chat.completions.create',
        resourceId: model,
        retry: this.#settings.ask.retry,
        clock: this.#settings.ask.clock,
        signal,
        onRetry: this.#settings.ask.onRetry,
      },
    );
    const message = completion.choices?.[0]?.message;
    return {
      text: message?.content ?? '',
      refusal: message?.refusal ?? null,
      model: completion.model,
      ...(completion.usage ? { usage: completion.usage } : {}),
    };
  }
}

/** A cached grader call as the grader core wants it back. */
function graderResponseOf(stored: CachedAnswer): GraderModelResponse {
  const { promptTokens, completionTokens, cachedTokens } = stored.usage;
  return {
    text: stored.answer.content ?? '',
    refusal: stored.answer.refusal,
    model: stored.model,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: cachedTokens },
    },
  };
}

function lastUserText(example: EvalExample): string {
  for (let index = example.messages.length - 1; index >= 0; index--) {
    const message = example.messages[index];
    if (message?.role === 'user') {
      const content = message.content;
      if (typeof content === 'string') return content;
      if (Array.isArray(content))
        return content
          .map((part) =>
            typeof part === 'object' && part !== null && typeof part.text === 'string' ? part.text : '',
          )
          .join(' ');
    }
  }
  return '';
}
