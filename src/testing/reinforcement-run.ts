/**
 * Reinforcement fine-tuning (RFT): steps that sample outputs and grade them, a metrics event per
 * step with the nested reward data (`Step 10/20 , train mean reward=0.42, full validation mean
 * reward=0.68, full validation mean parse error=0.00`), a validation every `eval_interval` steps with
 * a checkpoint each time, of which the ones with the highest `valid_reward_mean` are kept
 * (docs/internals/api-behaviour.md#objects-on-the-wire), and a result file in Azure's flattened column style.
 *
 * Simulator choices where the real server's behaviour is not published: `eval_interval: 'auto'`
 * gives about 10 validations, `eval_samples: 'auto'` is 1, `compute_multiplier: 'auto'` is 1 (4
 * samples per prompt, scaled by it), `reasoning_effort: 'default'` runs as `medium`; without a
 * validation file the validation prompts are the training prompts; `trained_tokens` is the training
 * prompts' tokens × epochs, although RFT is billed by training time.
 *
 * @module
 */
import type { SimulatorContext } from './context.js';
import { graderSummaries } from './grader.js';
import { resolveHyperparameters } from './hyperparameters.js';
import { addCheckpoint, addJobEvent, addStepCheckpoint, removeCheckpoint } from './job-history.js';
import { buildRewardResultCsv } from './result-csv.js';
import { generateRewardCurve, isValidationStep } from './reward-curves.js';
import type { AcceptedTrainingFile } from './server-validation.js';
import type { JobRecord } from './store.js';
import { jobRandom, requestedHyperparameters, runSize, type TrainingRun } from './training-run.js';
import type {
  SimulatedCheckpointMetrics,
  SimulatedHyperparameters,
  SimulatedRewardMetrics,
} from './wire-types.js';

/** Outputs sampled per training prompt at `compute_multiplier: 1`. */
const SAMPLES_PER_PROMPT = 4;

/** Resolved reinforcement hyperparameters. */
export interface ResolvedReinforcementHyperparameters {
  readonly n_epochs: number;
  readonly batch_size: number;
  readonly learning_rate_multiplier: number;
  readonly eval_interval: number;
  readonly eval_samples: number;
  readonly compute_multiplier: number;
  readonly reasoning_effort: string;
}

/**
 * Resolves a reinforcement job's hyperparameters for a file of `examples` examples.
 *
 * @param requested - As sent (missing keys mean `'auto'`, `reasoning_effort` `'default'`).
 * @param examples - Training examples.
 * @param autoLearningRate - The value of `learning_rate_multiplier: 'auto'`.
 * @returns Every value resolved.
 */
export function resolveReinforcementHyperparameters(
  requested: SimulatedHyperparameters,
  examples: number,
  autoLearningRate: number,
): ResolvedReinforcementHyperparameters {
  const base = resolveHyperparameters(requested, 'reinforcement', examples, autoLearningRate);
  const totalSteps = Math.ceil(examples / base.batch_size) * base.n_epochs;
  const pick = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
  const effort = requested.reasoning_effort;
  return {
    ...base,
    eval_interval: pick(requested.eval_interval, Math.max(1, Math.round(totalSteps / 10))),
    eval_samples: pick(requested.eval_samples, 1),
    compute_multiplier: pick(requested.compute_multiplier, 1),
    reasoning_effort: typeof effort === 'string' && effort !== 'default' ? effort : 'medium',
  };
}

/** The `Step N/M , train mean reward=…` message (the space before the comma is the API's). */
export function rewardMessage(metrics: SimulatedRewardMetrics, totalSteps: number): string {
  let message = `Step ${metrics.step}/${totalSteps} , train mean reward=${metrics.train_mean_reward.toFixed(2)}`;
  if (metrics.full_valid_mean_reward !== undefined) {
    message += `, full validation mean reward=${metrics.full_valid_mean_reward.toFixed(2)}`;
    message += `, full validation mean parse error=${(metrics.full_valid_mean_parse_error ?? 0).toFixed(2)}`;
  }
  return message;
}

/** A reinforcement checkpoint's `metrics` (the keys Azure's code reads, docs/internals/api-behaviour.md#client-construction). */
export function rewardCheckpointMetrics(metrics: SimulatedRewardMetrics): SimulatedCheckpointMetrics {
  const result: SimulatedCheckpointMetrics = {
    step: metrics.step,
    train_mean_reward: metrics.train_mean_reward,
    reasoning_tokens_mean: metrics.reasoning_tokens_mean,
    completion_tokens_mean: metrics.completion_tokens_mean,
  };
  if (metrics.full_valid_mean_reward !== undefined) {
    result.full_valid_mean_reward = metrics.full_valid_mean_reward;
    result.full_valid_mean_parse_error = metrics.full_valid_mean_parse_error;
  }
  return result;
}

/**
 * The training of a reinforcement job.
 *
 * @param context - The simulator.
 * @param record - The job, just created (its grader already checked).
 * @param verdict - The accepted training file.
 */
export function reinforcementRun(
  context: SimulatorContext,
  record: JobRecord,
  verdict: AcceptedTrainingFile,
): TrainingRun {
  const { training, quirks } = context.options;
  const { job } = record;
  const resolved = resolveReinforcementHyperparameters(
    requestedHyperparameters(record),
    verdict.examples,
    training.autoLearningRateMultiplier,
  );
  const { totalSteps, trainedTokens } = runSize(verdict, resolved);
  const graders = graderSummaries(job.method.reinforcement?.grader ?? {});
  const validationPrompts =
    record.validationVerdict?.ok === true ? record.validationVerdict.examples : verdict.examples;
  let steps: SimulatedRewardMetrics[] = [];
  // The validation checkpoints kept so far (at most training.checkpointsKept).
  const kept: { name: string; reward: number; step: number }[] = [];
  const metricsAt = (step: number) => steps[step - 1];
  return {
    totalSteps,
    hyperparameters: { ...resolved },
    trainedTokens,
    start() {
      steps = generateRewardCurve({
        random: jobRandom(context, record),
        totalSteps,
        evalInterval: resolved.eval_interval,
        trainSamples:
          resolved.batch_size * Math.max(1, Math.round(SAMPLES_PER_PROMPT * resolved.compute_multiplier)),
        validSamples: validationPrompts * resolved.eval_samples,
        reasoningEffort: resolved.reasoning_effort,
        graders,
        preset: record.rewardCurve ?? training.rewardCurve,
      });
      // A run restored from a snapshot starts again with the validation checkpoints kept so far
      // (a real start has none yet); a checkpoint a pause took is not one of them.
      kept.splice(0, kept.length);
      for (const checkpoint of record.checkpoints) {
        const step = checkpoint.step_number;
        if (step === totalSteps || !isValidationStep(step, totalSteps, resolved.eval_interval)) continue;
        const reward = metricsAt(step)?.full_valid_mean_reward ?? 0;
        kept.push({ name: checkpoint.fine_tuned_model_checkpoint, reward, step });
      }
    },
    step(step, time) {
      const metrics = metricsAt(step);
      if (!metrics) return;
      const validating = isValidationStep(step, totalSteps, resolved.eval_interval);
      // Validation steps always report: their valid_* values exist nowhere else.
      if (validating || step % training.metricsEvery === 0 || step === totalSteps) {
        const { step: _, ...rest } = metrics;
        addJobEvent(context, record, time, rewardMessage(metrics, totalSteps), {
          type: 'metrics',
          data: { step, total_steps: totalSteps, ...rest },
        });
      }
      // A checkpoint at each validation step; the last one becomes the final model in finish().
      if (!validating || step === totalSteps) return;
      const name = addStepCheckpoint(context, record, time, step, rewardCheckpointMetrics(metrics));
      kept.push({ name, reward: metrics.full_valid_mean_reward ?? 0, step });
      if (kept.length <= training.checkpointsKept) return;
      // Keep the best by valid_reward_mean; on a tie the older checkpoint goes.
      let worst = 0;
      kept.forEach((candidate, index) => {
        if (candidate.reward < (kept[worst] as (typeof kept)[number]).reward) worst = index;
      });
      const [dropped] = kept.splice(worst, 1);
      if (dropped) removeCheckpoint(context, record, dropped.name);
    },
    finish(time) {
      addCheckpoint(
        context,
        record,
        time,
        totalSteps,
        record.fineTunedModelName,
        this.checkpointMetrics(totalSteps),
      );
    },
    resultCsv: () => buildRewardResultCsv(steps, graders, quirks.resultFile),
    checkpointMetrics(step) {
      const metrics = metricsAt(step);
      return metrics ? rewardCheckpointMetrics(metrics) : { step };
    },
  };
}
