import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/internal/seeded-random.js';
import type { GraderSummary } from '../../src/testing/grader.js';
import {
  generateRewardCurve,
  isValidationStep,
  type RewardCurvePreset,
} from '../../src/testing/reward-curves.js';

const EXACT: GraderSummary = { name: 'Exact answer', type: 'string_check', model: null };
const JUDGE: GraderSummary = { name: 'Diagnosis, strict', type: 'score_model', model: 'o3-mini-2025-01-31' };

const curve = (preset: RewardCurvePreset, seed = 3, graders: readonly GraderSummary[] = [EXACT]) =>
  generateRewardCurve({
    random: createRandom(seed),
    totalSteps: 60,
    evalInterval: 6,
    trainSamples: 8,
    validSamples: 40,
    reasoningEffort: 'medium',
    graders,
    preset,
  });

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const validRewards = (steps: ReturnType<typeof curve>) =>
  steps.flatMap((metrics) =>
    metrics.full_valid_mean_reward === undefined ? [] : [metrics.full_valid_mean_reward],
  );

describe('generateRewardCurve', () => {
  it('puts validation values on every eval_interval-th step and the last, nowhere else', () => {
    const steps = curve('learning');
    const validated = steps
      .filter((metrics) => metrics.full_valid_mean_reward !== undefined)
      .map((m) => m.step);
    expect(validated).toEqual([6, 12, 18, 24, 30, 36, 42, 48, 54, 60]);
    expect(isValidationStep(61, 61, 6)).toBe(true);
    for (const metrics of steps) {
      const validating = validated.includes(metrics.step);
      expect(metrics.scores.valid_reward_mean !== undefined).toBe(validating);
      expect(metrics.valid_reasoning_tokens_mean !== undefined).toBe(validating);
      expect(metrics.timing.step.eval !== undefined).toBe(validating);
      expect('valid_sample_parse_error_mean' in (metrics.errors.graders[0] ?? {})).toBe(validating);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    expect(curve('learning', 9)).toEqual(curve('learning', 9));
    expect(curve('learning', 9)[0]?.train_mean_reward).not.toBe(curve('learning', 10)[0]?.train_mean_reward);
  });

  it('learning: both rewards climb; the one grader is the reward; counts match means', () => {
    const steps = curve('learning');
    const valid = validRewards(steps);
    expect(valid.at(-1)! - valid[0]!).toBeGreaterThan(0.1);
    expect(mean(steps.slice(-15).map((m) => m.train_mean_reward))).toBeGreaterThan(
      mean(steps.slice(0, 15).map((m) => m.train_mean_reward)) + 0.1,
    );
    for (const metrics of steps) {
      expect(metrics.scores.train_reward_mean).toBe(metrics.train_mean_reward);
      expect(metrics.scores.graders[0]?.train_reward_mean).toBe(metrics.train_mean_reward);
      expect(metrics.train_mean_reward).toBeGreaterThanOrEqual(0);
      expect(metrics.train_mean_reward).toBeLessThanOrEqual(1);
      const errors = metrics.errors.graders[0]!;
      expect(errors.train_sample_parse_error_count).toBe(
        Math.round((errors.train_sample_parse_error_mean as number) * 8),
      );
      expect(errors.train_other_error_mean).toBe(0);
      expect(metrics.completion_tokens_mean).toBeGreaterThan(metrics.reasoning_tokens_mean);
      const { sampling, training, eval: evaluation = 0, full_iteration } = metrics.timing.step;
      expect(full_iteration).toBeCloseTo(sampling + training + evaluation, 6);
    }
  });

  it('reward_hacking: train reward climbs, validation stays flat, outputs grow over 3× longer', () => {
    const steps = curve('reward_hacking');
    const valid = validRewards(steps);
    expect(valid.at(-1)! - valid[0]!).toBeLessThanOrEqual(0.02);
    const trainLast = mean(steps.slice(-15).map((m) => m.train_mean_reward));
    expect(trainLast - mean(steps.slice(0, 15).map((m) => m.train_mean_reward))).toBeGreaterThan(0.2);
    expect(trainLast - valid.at(-1)!).toBeGreaterThan(0.3);
    expect(steps.at(-1)!.reasoning_tokens_mean / steps[0]!.reasoning_tokens_mean).toBeGreaterThan(3);
  });

  it('learned_nothing: every reward and grader score is 0', () => {
    const steps = curve('learned_nothing', 3, [EXACT, JUDGE]);
    for (const metrics of steps) {
      expect([metrics.train_mean_reward, metrics.full_valid_mean_reward ?? 0]).toEqual([0, 0]);
      for (const grader of metrics.scores.graders) {
        expect([grader.train_reward_mean, grader.valid_reward_mean ?? 0]).toEqual([0, 0]);
      }
    }
  });

  it('reports each grader of a multi grader, and the tokens of model graders per model', () => {
    const steps = curve('learning', 4, [EXACT, JUDGE]);
    const step6 = steps[5]!;
    expect(step6.scores.graders.map((grader) => grader.name)).toEqual(['Exact answer', 'Diagnosis, strict']);
    expect(step6.scores.graders[0]?.train_reward_mean).not.toBe(step6.train_mean_reward);
    expect(step6.usage.graders).toEqual([
      expect.objectContaining({
        name: 'Diagnosis, strict',
        type: 'score_model',
        model: 'o3-mini-2025-01-31',
        valid_prompt_tokens_count: expect.any(Number),
      }),
    ]);
    const usage = step6.usage.graders[0]!;
    expect(step6.model_graders_token_usage['o3-mini-2025-01-31']).toMatchObject({
      train_prompt_tokens: usage.train_prompt_tokens_count,
      train_completion_tokens: usage.train_completion_tokens_count,
      eval_prompt_tokens: usage.valid_prompt_tokens_count,
    });
    expect(Object.keys(step6.errors.graders[1]!)).toContain('valid_model_grader_server_error_mean');
    expect(step6.timing.graders[1]!.train_execution_latency_mean).toBeGreaterThan(1);
    expect(step6.timing.graders[0]!.train_execution_latency_mean).toBeLessThan(0.01);
  });
});
