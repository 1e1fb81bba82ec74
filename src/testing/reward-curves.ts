/**
 * Seeded, realistic metrics for reinforcement fine-tuning (docs/internals/metrics-formats.md#reinforcement): a noisy train
 * reward per step, a steadier validation reward every `eval_interval` steps, per-grader scores,
 * grader errors, sample and grader-model token usage, and the seconds of each step's phases.
 *
 * Three presets shape the reward, so that diagnostics can be tested on a known story:
 * - `learning`: train and validation reward climb together and level off;
 * - `reward_hacking`: the train reward climbs while the validation reward stays flat, and the
 *   sampled outputs grow several times longer (the policy exploits the grader);
 * - `learned_nothing`: the grader never gives a signal (every reward is 0).
 *
 * @module
 */
import type { SeededRandom } from '../internal/seeded-random.js';
import type { GraderSummary } from './grader.js';
import type { SimulatedGraderEntry, SimulatedGraderScore, SimulatedRewardMetrics } from './wire-types.js';

/** The reward-curve presets. */
export const REWARD_CURVE_PRESETS = ['learning', 'reward_hacking', 'learned_nothing'] as const;

/** How a reinforcement job's rewards evolve; see the module description. */
export type RewardCurvePreset = (typeof REWARD_CURVE_PRESETS)[number];

/** What shapes a reinforcement job's metrics. */
export interface RewardCurveInput {
  readonly random: SeededRandom;
  readonly totalSteps: number;
  /** Validation every N steps (and on the last step). */
  readonly evalInterval: number;
  /** Sampled outputs graded per training step (prompts × samples per prompt). */
  readonly trainSamples: number;
  /** Sampled outputs graded per validation (validation prompts × `eval_samples`). */
  readonly validSamples: number;
  /** `low`, `medium` or `high`: sets the length of the reasoning. */
  readonly reasoningEffort: string;
  /** The graders that score samples (a `multi` grader's graders, or the grader itself). */
  readonly graders: readonly GraderSummary[];
  readonly preset: RewardCurvePreset;
}

/** True on validation steps: every `evalInterval` steps and the last step. */
export function isValidationStep(step: number, totalSteps: number, evalInterval: number): boolean {
  return step % evalInterval === 0 || step === totalSteps;
}

/** Typical mean reasoning tokens of an o4-mini sample per reasoning effort. */
const REASONING_TOKENS: Readonly<Record<string, number>> = { low: 700, medium: 2200, high: 4200 };

/** Typical seconds a grader takes per sample, per grader type. */
const GRADER_LATENCY: Readonly<Record<string, number>> = {
  string_check: 0.002,
  text_similarity: 0.02,
  python: 0.15,
  score_model: 3.2,
  label_model: 2.1,
};

/** Error kinds each grader reports, and the extra ones of Python and model graders (all ~0 here). */
const ERROR_KINDS = ['other_error', 'sample_parse_error', 'invalid_variable_error'] as const;
const TYPE_ERROR_KINDS: Readonly<Record<string, readonly string[]>> = {
  python: ['python_grader_server_error', 'python_grader_runtime_error'],
  score_model: ['model_grader_server_error'],
  label_model: ['model_grader_server_error'],
};

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const round2 = (value: number) => Math.round(value * 100) / 100;
const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/** The shape of one preset: clean curves over training progress `p` in (0, 1]. */
interface Shape {
  readonly train: (p: number) => number;
  readonly valid: (p: number) => number;
  /** Standard deviations of the train and validation noise. */
  readonly trainNoise: number;
  readonly validNoise: number;
  /** How many times longer the samples are at the end than at the start. */
  readonly tokenGrowth: number;
  /** Share of unparsable samples at the start (it falls as the model learns the format). */
  readonly parseErrorRate: number;
}

function shapeOf(input: RewardCurveInput): Shape {
  const { random, trainSamples, validSamples } = input;
  const draw = () => random.next();
  switch (input.preset) {
    case 'learning': {
      const start = 0.18 + 0.22 * draw();
      const top = Math.min(0.97, start + 0.3 + 0.25 * draw());
      const rate = 2.5 + 2 * draw();
      const gap = 0.01 + 0.04 * draw();
      const train = (p: number) => start + (top - start) * (1 - Math.exp(-rate * p));
      return {
        train,
        valid: (p) => train(p) - gap,
        trainNoise: 0.3 / Math.sqrt(trainSamples),
        validNoise: 0.12 / Math.sqrt(validSamples),
        tokenGrowth: 1.1 + 0.35 * draw(),
        parseErrorRate: 0.02 + 0.04 * draw(),
      };
    }
    case 'reward_hacking': {
      const start = 0.25 + 0.15 * draw();
      const top = 0.88 + 0.08 * draw();
      const rate = 3 + 2 * draw();
      const plateau = start + 0.02 + 0.05 * draw();
      return {
        train: (p) => start + (top - start) * (1 - Math.exp(-rate * p)),
        // Flat, even sagging a little: what the grader rewards does not carry over.
        valid: (p) => plateau - 0.03 * p,
        trainNoise: 0.3 / Math.sqrt(trainSamples),
        validNoise: 0.004,
        tokenGrowth: 3.6 + 0.8 * draw(),
        parseErrorRate: 0.02 + 0.03 * draw(),
      };
    }
    default:
      return {
        train: () => 0,
        valid: () => 0,
        trainNoise: 0,
        validNoise: 0,
        tokenGrowth: 1 + 0.05 * draw(),
        parseErrorRate: 0,
      };
  }
}

/** How many of `samples` outputs fail, each with probability `rate` (seeded). */
function failures(random: SeededRandom, samples: number, rate: number): number {
  if (rate <= 0) return 0;
  if (samples <= 256) {
    let count = 0;
    for (let index = 0; index < samples; index++) if (random.next() < rate) count += 1;
    return count;
  }
  const spread = Math.sqrt(samples * rate * (1 - rate));
  return clamp(Math.round(samples * rate + spread * random.normal()), 0, samples);
}

/**
 * The metrics `data` of every step of a reinforcement job, 1-based (`result[0]` is step 1), without
 * `total_steps` (the event adds it).
 *
 * @param input - Steps, validation cadence, sample counts, graders, preset and the seeded generator.
 * @returns One entry per step.
 */
export function generateRewardCurve(input: RewardCurveInput): SimulatedRewardMetrics[] {
  const { random, totalSteps, evalInterval, trainSamples, validSamples, graders, preset } = input;
  const shape = shapeOf(input);
  const nothing = preset === 'learned_nothing';
  const baseTokens = (REASONING_TOKENS[input.reasoningEffort] ?? 2200) * (0.85 + 0.3 * random.next());
  const answerTokens = 60 + 120 * random.next();
  const trainingSeconds = 350 + 60 * random.next();
  // The graders of a multi grader score around the combined reward, each with its own offset.
  const offsets = graders.map(() => (graders.length > 1 ? 0.2 * (random.next() - 0.5) : 0));
  const graderCost = graders.map(() => ({
    prompt: 900 + 600 * random.next(),
    completion: 150 + 250 * random.next(),
    latency: 0.8 + 0.4 * random.next(),
  }));
  const steps: SimulatedRewardMetrics[] = [];
  for (let step = 1; step <= totalSteps; step++) {
    const p = step / totalSteps;
    const validating = isValidationStep(step, totalSteps, evalInterval);
    const growth = 1 + (shape.tokenGrowth - 1) * p;
    const trainReward = clamp(shape.train(p) + shape.trainNoise * random.normal(), 0, 1);
    const reasoning = baseTokens * growth * Math.exp(0.05 * random.normal());
    const completion = reasoning + answerTokens * Math.sqrt(growth);
    const parseRate = shape.parseErrorRate * Math.exp(-3 * p);
    const trainParse = failures(random, trainSamples, parseRate) / trainSamples;
    const graderScores: SimulatedGraderScore[] = [];
    const samples: Record<string, number> = {
      train_reasoning_tokens_mean: reasoning,
      train_reasoning_tokens_count: Math.round(reasoning * trainSamples),
    };
    let validReward: number | undefined;
    let validParse: number | undefined;
    let validReasoning: number | undefined;
    if (validating) {
      validReward = clamp(shape.valid(p) + shape.validNoise * random.normal(), 0, 1);
      validParse = failures(random, validSamples, parseRate) / validSamples;
      validReasoning = baseTokens * growth * Math.exp(0.03 * random.normal());
      samples.valid_reasoning_tokens_mean = validReasoning;
      samples.valid_reasoning_tokens_count = Math.round(validReasoning * validSamples);
    }
    const usage: SimulatedGraderEntry[] = [];
    const errors: SimulatedGraderEntry[] = [];
    const timing: SimulatedGraderEntry[] = [];
    const modelUsage: Record<string, Record<string, number>> = {};
    graders.forEach((grader, index) => {
      const offset = offsets[index] ?? 0;
      const cost = graderCost[index] ?? { prompt: 1000, completion: 200, latency: 1 };
      // One grader is the reward; the graders of a multi grader each score around the combination.
      const own = (reward: number, spread: number) =>
        graders.length === 1 || nothing ? reward : clamp(reward + offset + spread * random.normal(), 0, 1);
      const score: SimulatedGraderScore = {
        name: grader.name,
        type: grader.type,
        train_reward_mean: own(trainReward, 0.03),
      };
      if (validReward !== undefined) score.valid_reward_mean = own(validReward, 0.01);
      graderScores.push(score);
      errors.push(
        graderErrors(grader, trainSamples, trainParse, validating ? validSamples : null, validParse),
      );
      const latency = (GRADER_LATENCY[grader.type] ?? 0.5) * cost.latency;
      const graderTiming: SimulatedGraderEntry = {
        name: grader.name,
        type: grader.type,
        train_execution_latency_mean: round4(latency * Math.exp(0.1 * random.normal())),
      };
      if (validating)
        graderTiming.valid_execution_latency_mean = round4(latency * Math.exp(0.1 * random.normal()));
      timing.push(graderTiming);
      if (grader.model === null) return;
      // A model grader reads the prompt and the sample's answer, then writes its verdict.
      const promptMean = cost.prompt + (completion - reasoning);
      const entry: SimulatedGraderEntry = {
        name: grader.name,
        type: grader.type,
        model: grader.model,
        train_prompt_tokens_mean: promptMean,
        train_prompt_tokens_count: Math.round(promptMean * trainSamples),
        train_completion_tokens_mean: cost.completion,
        train_completion_tokens_count: Math.round(cost.completion * trainSamples),
      };
      // Per grading model: token sums of every grader that uses it, about a fifth of prompts cached.
      const totals = modelUsage[grader.model] ?? {};
      modelUsage[grader.model] = totals;
      const add = (key: string, value: number) => {
        totals[key] = (totals[key] ?? 0) + Math.round(value);
      };
      add('train_prompt_tokens', promptMean * trainSamples);
      add('train_completion_tokens', cost.completion * trainSamples);
      totals.train_cached_tokens = Math.round((totals.train_prompt_tokens ?? 0) * 0.2);
      if (validating) {
        entry.valid_prompt_tokens_mean = promptMean;
        entry.valid_prompt_tokens_count = Math.round(promptMean * validSamples);
        entry.valid_completion_tokens_mean = cost.completion;
        entry.valid_completion_tokens_count = Math.round(cost.completion * validSamples);
        add('eval_prompt_tokens', promptMean * validSamples);
        add('eval_completion_tokens', cost.completion * validSamples);
        totals.eval_cached_tokens = Math.round((totals.eval_prompt_tokens ?? 0) * 0.2);
      }
      usage.push(entry);
    });
    const sampling = round2((120 + 0.03 * reasoning) * (0.9 + 0.2 * random.next()));
    const training = round2(trainingSeconds * (0.95 + 0.1 * random.next()));
    const evaluation = validating
      ? round2((60 + 0.015 * (validReasoning ?? 0)) * (0.9 + 0.2 * random.next()))
      : 0;
    const metrics: SimulatedRewardMetrics = {
      step,
      train_mean_reward: trainReward,
      ...(validReward === undefined || validParse === undefined
        ? {}
        : { full_valid_mean_reward: validReward, full_valid_mean_parse_error: validParse }),
      reasoning_tokens_mean: reasoning,
      completion_tokens_mean: completion,
      ...(validReasoning === undefined ? {} : { valid_reasoning_tokens_mean: validReasoning }),
      mean_unresponsive_rewards: 0,
      scores: {
        train_reward_mean: trainReward,
        ...(validReward === undefined ? {} : { valid_reward_mean: validReward }),
        graders: graderScores,
      },
      usage: { graders: usage, samples },
      errors: { graders: errors },
      timing: {
        step: {
          sampling,
          training,
          ...(validating ? { eval: evaluation } : {}),
          full_iteration: round2(sampling + training + evaluation),
        },
        graders: timing,
      },
      model_graders_token_usage: modelUsage,
    };
    steps.push(metrics);
  }
  return steps;
}

/** A grader's error rates and counts: parse errors as drawn, every other kind 0 (a healthy grader). */
function graderErrors(
  grader: GraderSummary,
  trainSamples: number,
  trainParse: number,
  validSamples: number | null,
  validParse: number | undefined,
): SimulatedGraderEntry {
  const entry: SimulatedGraderEntry = { name: grader.name, type: grader.type };
  const kinds = [...ERROR_KINDS, ...(TYPE_ERROR_KINDS[grader.type] ?? [])];
  const splits: [string, number, number][] = [['train', trainSamples, trainParse]];
  if (validSamples !== null) splits.push(['valid', validSamples, validParse ?? 0]);
  for (const [split, samples, parse] of splits) {
    for (const kind of kinds) {
      const mean = kind === 'sample_parse_error' ? parse : 0;
      entry[`${split}_${kind}_mean`] = mean;
      entry[`${split}_${kind}_count`] = Math.round(mean * samples);
    }
  }
  return entry;
}
