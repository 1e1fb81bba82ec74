import { describe, expect, it } from 'vitest';
import {
  type MetricsEventLike,
  parseMetricsEvent,
  parseMetricsEvents,
} from '../../src/metrics/parse-metrics-event.js';
import { fixtureJson } from './fixtures.js';

describe('parseMetricsEvent: supervised', () => {
  it('reads the published step-300 event with every key at full precision', () => {
    const { point, issues } = parseMetricsEvent(fixtureJson('sft-event-published.json'));
    expect(issues).toEqual([]);
    expect(point).toEqual({
      id: 'ftevent-published300',
      createdAt: 1721765700,
      step: 300,
      totalSteps: 300,
      origin: 'data',
      values: {
        train_loss: 0.14991648495197296,
        valid_loss: 0.26569826706596045,
        full_valid_loss: 0.4032616495084362,
        train_mean_token_accuracy: 0.9444444179534912,
        valid_mean_token_accuracy: 0.9565217391304348,
        full_valid_mean_token_accuracy: 0.9089635854341737,
      },
      extra: {},
    });
  });

  it('reads the training-only event with exponent notation and no total_steps', () => {
    const { point } = parseMetricsEvent(fixtureJson('sft-event-training-only.json'));
    expect(point?.values).toEqual({ train_loss: 1.805623287509661e-5, train_mean_token_accuracy: 1 });
    expect(point?.totalSteps).toBeNull();
    expect(point?.step).toBe(100);
  });

  it('keeps unknown (DPO) numeric keys in extra, never drops them and never fails', () => {
    const { point, issues } = parseMetricsEvent({
      id: 'ftevent-dpo',
      type: 'metrics',
      message: 'Step 7/40: training loss=0.69',
      data: {
        step: 7,
        total_steps: 40,
        train_loss: 0.6942,
        'rewards/chosen': 0.0125,
        'rewards/margins': 0.031,
        beta_schedule: 'constant',
        logps: { chosen: -120.5, rejected: -131.25 },
        flags: [true, false],
      },
    });
    expect(issues).toEqual([]);
    expect(point?.values).toEqual({ train_loss: 0.6942 });
    expect(point?.extra).toEqual({
      'rewards/chosen': 0.0125,
      'rewards/margins': 0.031,
      'logps/chosen': -120.5,
      'logps/rejected': -131.25,
    });
  });

  it('maps NaN and Infinity strings to non-finite values', () => {
    const { point } = parseMetricsEvent({
      type: 'metrics',
      data: { step: 3, train_loss: 'NaN', valid_loss: '-inf' },
    });
    expect(point?.values.train_loss).toBeNaN();
    expect(point?.values.valid_loss).toBe(Number.NEGATIVE_INFINITY);
  });

  it('falls back to the message text when data is missing, flagged as 2-decimal values', () => {
    const { point, issues } = parseMetricsEvent({
      id: 'ftevent-nodata',
      type: 'metrics',
      message: 'Step 300/300: training loss=0.15, validation loss=0.27, full validation loss=0.40',
      data: null,
    });
    expect(point).toMatchObject({
      step: 300,
      totalSteps: 300,
      origin: 'message',
      values: { train_loss: 0.15, valid_loss: 0.27, full_valid_loss: 0.4 },
    });
    expect(issues.map((issue) => issue.code)).toEqual(['event_message_fallback']);
    expect(issues[0]).toMatchObject({ severity: 'info', step: 300, id: 'ftevent-nodata' });
  });

  it('parses a training-only message with empty data {}', () => {
    const { point } = parseMetricsEvent({
      type: 'metrics',
      message: 'Step 100/100: training loss=0.00',
      data: {},
    });
    expect(point).toMatchObject({ step: 100, totalSteps: 100, values: { train_loss: 0 }, origin: 'message' });
  });

  it('parses the reinforcement message with the space before the comma', () => {
    const { point } = parseMetricsEvent({
      type: 'metrics',
      message:
        'Step 10/20 , train mean reward=0.42, full validation mean reward=0.68, full validation mean parse error=0.00',
    });
    expect(point).toMatchObject({
      step: 10,
      totalSteps: 20,
      values: { train_reward_mean: 0.42, valid_reward_mean: 0.68, full_valid_mean_parse_error: 0 },
    });
  });

  it('gives no point and no issue for status messages, error events and moderation checks', () => {
    const events: MetricsEventLike[] = [
      { type: 'message', message: 'Fine-tuning job started', data: null },
      { type: 'message', message: 'Files validated, moving job to queued state', data: {} },
      {
        type: 'message',
        level: 'error',
        message: 'Training file has 5 example(s), but must have at least 10 examples',
        data: { error_code: 'invalid_n_examples', error_param: 'training_file' },
      },
      { type: 'moderation_checks', message: 'Moderation checks passed', data: { passed: true } },
    ];
    for (const event of events) expect(parseMetricsEvent(event)).toEqual({ point: null, issues: [] });
  });

  it('reports a metrics event with neither data nor a step message', () => {
    const { point, issues } = parseMetricsEvent({
      id: 'ftevent-bad',
      type: 'metrics',
      message: 'something else',
      data: null,
    });
    expect(point).toBeNull();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'event_data_invalid', severity: 'warning', id: 'ftevent-bad' });
    expect(issues[0]?.message).toContain('ftevent-bad');
  });

  it('reports metrics data without a positive integer step', () => {
    const { point, issues } = parseMetricsEvent({
      type: 'metrics',
      message: 'x',
      data: { step: 0, train_loss: 1 },
    });
    expect(point).toBeNull();
    expect(issues[0]?.code).toBe('event_data_invalid');
  });
});

describe('parseMetricsEvent: reinforcement', () => {
  const { point, issues } = parseMetricsEvent(fixtureJson('rft-event-documented.json'));

  it('reads the headline values of the documented example under canonical names', () => {
    expect(issues).toEqual([]);
    expect(point?.step).toBe(10);
    expect(point?.totalSteps).toBe(20);
    expect(point?.values).toMatchObject({
      train_reward_mean: 0.4215686274509804,
      valid_reward_mean: 0.675,
      full_valid_mean_parse_error: 0,
      reasoning_tokens_mean: 3330,
      completion_tokens_mean: 3376,
      valid_reasoning_tokens_mean: 3190.25,
      mean_unresponsive_rewards: 0,
      'timing/step/sampling': 226.82,
      'timing/step/training': 402.43,
      'timing/step/eval': 101.69,
      'timing/step/full_iteration': 731.5,
    });
  });

  it('flattens grader arrays by <type>/<name>, keeping spaces and commas verbatim', () => {
    expect(point?.extra).toMatchObject({
      'scores/graders/score_model/Diagnosis, strict/train_reward_mean': 0.4215686274509804,
      'scores/graders/score_model/Diagnosis, strict/valid_reward_mean': 0.675,
      'usage/graders/score_model/Diagnosis, strict/train_prompt_tokens_mean': 1284.5,
      'errors/graders/score_model/Diagnosis, strict/train_sample_parse_error_mean': 0.0196078431372549,
      'errors/graders/score_model/Diagnosis, strict/valid_other_error_count': 0,
      'timing/graders/score_model/Diagnosis, strict/train_execution_latency_mean': 3.41,
      'usage/samples/train_reasoning_tokens_count': 169830,
      'model_graders_token_usage/o3-mini-2025-01-31/eval_cached_tokens': 10240,
    });
  });

  it('does not keep duplicates of the headline values that agree', () => {
    expect(Object.keys(point?.extra ?? {})).not.toContain('scores/train_reward_mean');
    expect(Object.keys(point?.extra ?? {})).not.toContain('usage/samples/train_reasoning_tokens_mean');
  });

  it('keeps a disagreeing alias as an extra and reports alias_conflict', () => {
    const result = parseMetricsEvent({
      id: 'ftevent-conflict',
      type: 'metrics',
      data: { step: 4, full_valid_mean_reward: 0.5, scores: { valid_reward_mean: 0.55 } },
    });
    expect(result.point?.values.valid_reward_mean).toBe(0.5);
    expect(result.point?.extra).toEqual({ 'scores/valid_reward_mean': 0.55 });
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      code: 'alias_conflict',
      column: 'scores/valid_reward_mean',
      step: 4,
    });
  });
});

describe('parseMetricsEvents', () => {
  it('sorts by step whatever the input order (the API lists newest first)', () => {
    const events = [3, 2, 1].map((step) => ({
      id: `e${step}`,
      created_at: 100 + step,
      type: 'metrics',
      data: { step, train_loss: step },
    }));
    const { points } = parseMetricsEvents(events);
    expect(points.map((point) => point.step)).toEqual([1, 2, 3]);
  });

  it('merges duplicate steps, the newest event winning each key, data beating message text', () => {
    const { points } = parseMetricsEvents([
      { id: 'b', created_at: 200, type: 'metrics', data: { step: 5, train_loss: 0.5, valid_loss: 0.9 } },
      {
        id: 'a',
        created_at: 100,
        type: 'metrics',
        data: { step: 5, train_loss: 0.4, train_mean_token_accuracy: 0.8 },
      },
      { id: 'c', created_at: 300, type: 'metrics', message: 'Step 5/10: training loss=0.70', data: null },
    ]);
    expect(points).toHaveLength(1);
    expect(points[0]?.values).toEqual({ train_loss: 0.5, valid_loss: 0.9, train_mean_token_accuracy: 0.8 });
    expect(points[0]?.origin).toBe('data');
    expect(points[0]?.totalSteps).toBe(10);
  });
});
