/**
 * `evaluateJob`: evaluates what a fine-tuning job produced (its retained checkpoints and final
 * model) against its base model, on the examples given (usually the validation file), and
 * says whether the answers agree with the checkpoint the training losses recommend.
 *
 * @module
 */
import type { OpenAI } from 'openai';
import { FinetuneKitUsageError } from '../errors.js';
import { systemClock } from '../job/clock.js';
import { resolveRetryOptions, withRetry } from '../job/retry.js';
import type { BestCheckpointResult } from '../metrics/best-checkpoint.js';
import { Metrics } from '../metrics/metrics.js';
import type { MetricsClient } from '../metrics/metrics-client.js';
import type { ChatClient } from './ask-model.js';
import { runEvaluation } from './evaluate.js';
import type { EvaluationResult } from './evaluation-result.js';
import { bestModel } from './summarize.js';
import type { EvalData, EvalModel, EvaluateOptions, LossRanking, ModelEvaluation } from './types.js';

/** The client `evaluateJob` needs: chat completions and the job's endpoints. */
export type EvaluateJobClient = ChatClient & Pick<OpenAI, 'fineTuning'>;

/** Options of {@link evaluateJob}. */
export interface EvaluateJobOptions extends Omit<EvaluateOptions, 'models' | 'data' | 'baseline'> {
  /**
   * The examples: usually the local copy of the job's validation file (the API does not let
   * anyone download files uploaded for fine-tuning).
   */
  readonly data: EvalData;
  /**
   * Models to evaluate instead of the job's own. @default the base model, each retained
   * checkpoint and the final model (the last checkpoint is the final model: it is asked once)
   */
  readonly models?: readonly (string | EvalModel)[];
  /** The model the others are compared with; `null` for none. @default the job's base model */
  readonly baseline?: string | null;
  /** Compare with the checkpoint the training losses recommend. @default true */
  readonly compareWithLosses?: boolean;
}

/**
 * Evaluates a job's checkpoints, final model and base model.
 *
 * @param client - An `openai` client.
 * @param jobId - The fine-tuning job (`ftjob-…`).
 * @param options - See {@link EvaluateJobOptions}.
 * @returns The evaluation, with `lossRanking` set when the job has metrics.
 * @throws {FinetuneKitUsageError} When `options.data` is missing or an option is invalid.
 * @throws {FinetuneKitApiError} When the job cannot be read.
 * @throws {FinetuneKitAbortError} When `options.signal` aborts.
 * @example
 * ```ts
 * const result = await evaluateJob(new OpenAI(), 'ftjob-abc123', { graders: ['exact'], cacheDir: '.eval-cache' });
 * console.log(result.toText());
 * ```
 */
export async function evaluateJob(
  client: EvaluateJobClient,
  jobId: string,
  options: EvaluateJobOptions,
): Promise<EvaluationResult> {
  if (typeof jobId !== 'string' || jobId === '')
    throw new FinetuneKitUsageError('jobId must be a job id.', 'jobId');
  const { signal } = options;
  const retry = resolveRetryOptions(options.retry);
  const clock = options.clock ?? systemClock;
  const job = await withRetry(
    (_attempt, attemptSignal) =>
      client.fineTuning.jobs.retrieve(jobId, {
        maxRetries: 0,
        ...(attemptSignal ? { signal: attemptSignal } : {}),
      }),
    {
      operation: 'fineTuning.jobs.retrieve',
      resourceId: jobId,
      retry,
      clock,
      signal,
      onRetry: options.onRetry,
    },
  );
  const metrics = await Metrics.fromJob(
    client as unknown as MetricsClient,
    jobId,
    signal ? { signal } : {},
  ).catch((error: unknown) => {
    if (signal?.aborted) throw error;
    return null;
  });
  const finalModel = job.fine_tuned_model ?? null;
  const checkpoints = [...(metrics?.checkpoints ?? [])]
    .filter((checkpoint) => checkpoint.model !== null)
    .sort((a, b) => a.step - b.step);
  const lastStep = checkpoints.at(-1)?.step ?? null;
  // The last checkpoint is the final model under another name: ask it once, as the final model.
  const sameAsFinal = (model: string | null) =>
    model !== null &&
    finalModel !== null &&
    checkpoints.some((c) => c.step === lastStep && c.model === model);
  const jobModels: EvalModel[] = [
    { model: job.model },
    ...checkpoints.filter((c) => !sameAsFinal(c.model)).map((c) => ({ model: c.model as string })),
    ...(finalModel
      ? [{ model: finalModel, label: lastStep === null ? 'final' : `final (step ${lastStep})` }]
      : []),
  ];
  if (options?.data === undefined)
    throw new FinetuneKitUsageError(
      'options.data is required (the examples to evaluate on).',
      'options.data',
    );
  const baseline = options.baseline === undefined ? job.model : options.baseline;
  const best = metrics && options.compareWithLosses !== false ? metrics.bestCheckpoint() : null;
  const { baseline: _baseline, models: _models, data: _data, compareWithLosses: _compare, ...rest } = options;
  return runEvaluation(
    client,
    {
      ...rest,
      models: options.models ?? jobModels,
      data: options.data,
      ...(baseline === null ? {} : { baseline }),
    },
    {
      lossRanking: best
        ? (summaries, primary) =>
            lossComparison(best, summaries, primary, (model) => (sameAsFinal(model) ? finalModel : model))
        : undefined,
    },
  );
}

/** Compares the loss-best checkpoint with the evaluation's best fine-tuned model. */
export function lossComparison(
  best: BestCheckpointResult,
  summaries: readonly ModelEvaluation[],
  primary: string,
  canonical: (model: string | null) => string | null = (model) => model,
): { ranking: LossRanking; note: string | null } {
  const lossModel = canonical(best.best?.model ?? null);
  const evaluated = bestModel(summaries, primary, (model) => model.kind !== 'base');
  const byLoss = summaries.find((model) => model.model === lossModel);
  const top = evaluated?.scores[primary]?.mean;
  // A tie with the best score is agreement: the losses' pick answers as well as any other.
  const agrees =
    lossModel === null || evaluated === null || byLoss === undefined
      ? null
      : evaluated.model === lossModel || byLoss.scores[primary]?.mean === top;
  const ranking: LossRanking = {
    model: lossModel,
    criterion: best.criterion,
    value: best.best?.value ?? null,
    agrees,
  };
  if (agrees === null || evaluated === null || byLoss === undefined) return { ranking, note: null };
  const lossLabel = byLoss?.label ?? lossModel;
  const criterion = best.criterion ?? 'loss';
  if (ranking.agrees)
    return {
      ranking,
      note: `The losses agree: ${byLoss.label} is best by ${criterion} and ${
        evaluated.model === lossModel ? 'by' : 'ties for best on'
      } ${primary}.`,
    };
  const mean = (model: ModelEvaluation | undefined) => model?.scores[primary]?.mean ?? Number.NaN;
  // Enough digits to tell the two apart.
  const digits = mean(evaluated).toFixed(3) === mean(byLoss).toFixed(3) ? 4 : 3;
  const score = (model: ModelEvaluation | undefined) => mean(model).toFixed(digits);
  const overlaps =
    (byLoss.scores[primary]?.high ?? Number.NaN) >= (evaluated.scores[primary]?.low ?? Number.NaN);
  return {
    ranking,
    note: `The losses disagree: Metrics.bestCheckpoint picks ${lossLabel} (${criterion} ${
      ranking.value === null ? 'n/a' : ranking.value.toFixed(4)
    }), but ${evaluated.label} scores highest on ${primary} (${score(evaluated)} vs ${score(byLoss)})${
      overlaps ? ', a difference within the intervals' : ''
    }.`,
  };
}
