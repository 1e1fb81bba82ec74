import { describe, expect, it } from 'vitest';
import {
  canonicalMetricName,
  compareMetricNames,
  isKnownMetricName,
  KNOWN_METRIC_NAMES,
  METRIC_DEFINITIONS,
  metricDefinition,
} from '../../src/metrics/metric-names.js';

describe('the alias table', () => {
  it.each([
    ['training_loss', 'train_loss'],
    ['train_accuracy', 'train_mean_token_accuracy'],
    ['training_token_accuracy', 'train_mean_token_accuracy'],
    ['validation_loss', 'valid_loss'],
    ['validation_mean_token_accuracy', 'valid_mean_token_accuracy'],
    ['validation_token_accuracy', 'valid_mean_token_accuracy'],
    ['training_sequence_accuracy', 'train_sequence_accuracy'],
    ['validation_sequence_accuracy', 'valid_sequence_accuracy'],
    ['train_mean_reward', 'train_reward_mean'],
    ['scores/train_reward_mean', 'train_reward_mean'],
    ['full_valid_mean_reward', 'valid_reward_mean'],
    ['scores/valid_reward_mean', 'valid_reward_mean'],
    ['sampling_duration', 'timing/step/sampling'],
    ['total_duration', 'timing/step/full_iteration'],
  ])('%s → %s', (alias, canonical) => {
    expect(canonicalMetricName(alias)).toBe(canonical);
  });

  it('keeps unknown keys verbatim and drops Azure’s extra errors/ segment', () => {
    expect(canonicalMetricName('classification/f1.0')).toBe('classification/f1.0');
    expect(canonicalMetricName('errors/graders/score_model/My Grader/errors/train_other_error_mean')).toBe(
      'errors/graders/score_model/My Grader/train_other_error_mean',
    );
  });

  it('has no alias that maps to two metrics', () => {
    const aliases = Object.values(METRIC_DEFINITIONS).flatMap((definition) => [...definition.aliases]);
    expect(new Set(aliases).size).toBe(aliases.length);
    for (const alias of aliases) expect(isKnownMetricName(alias)).toBe(false);
  });
});

describe('metricDefinition and ordering', () => {
  it('knows the direction of known metrics and guesses it for extras', () => {
    expect(metricDefinition('full_valid_loss')).toMatchObject({
      kind: 'loss',
      split: 'full_valid',
      better: 'lower',
    });
    expect(metricDefinition('scores/graders/python/x/valid_reward_mean')).toMatchObject({
      kind: 'reward',
      split: 'valid',
      better: 'higher',
      confirmed: false,
    });
    expect(metricDefinition('errors/graders/t/x/train_other_error_count')).toMatchObject({
      kind: 'count',
      better: 'lower',
    });
    expect(metricDefinition('rewards/accuracies')).toMatchObject({ kind: 'accuracy', better: 'higher' });
    expect(metricDefinition('timing/graders/t/x/train_execution_latency_mean')).toMatchObject({
      kind: 'seconds',
    });
  });

  it('sorts known names in display order, then extras alphabetically', () => {
    expect(['zeta', 'valid_loss', 'alpha', 'train_loss'].sort(compareMetricNames)).toEqual([
      'train_loss',
      'valid_loss',
      'alpha',
      'zeta',
    ]);
    expect(KNOWN_METRIC_NAMES[0]).toBe('train_loss');
  });
});
