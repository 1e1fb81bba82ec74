/**
 * Checks of the job's hyperparameters and model-name suffix against the API's ranges
 * (`invalid_hyperparameter`, docs/dataset.md).
 *
 * @module
 */
import type { IssueDraft, TrainingMethod } from '../types.js';

/** Hyperparameters of a fine-tuning job, as in `method.<type>.hyperparameters`. */
export interface Hyperparameters {
  /** 1–50, or `"auto"`. */
  readonly n_epochs?: number | 'auto';
  /** 1–256, or `"auto"`. */
  readonly batch_size?: number | 'auto';
  /** > 0, or `"auto"`. */
  readonly learning_rate_multiplier?: number | 'auto';
  /** DPO only: in (0, 2], or `"auto"`. */
  readonly beta?: number | 'auto';
  /** Reinforcement only: > 0, or `"auto"`. */
  readonly compute_multiplier?: number | 'auto';
  /** Reinforcement only: integer ≥ 1, or `"auto"`. */
  readonly eval_interval?: number | 'auto';
  /** Reinforcement only: integer ≥ 1, or `"auto"`. */
  readonly eval_samples?: number | 'auto';
  /** Reinforcement only: `default`, `low`, `medium` or `high`. */
  readonly reasoning_effort?: 'default' | 'low' | 'medium' | 'high';
}

type Rule = {
  /** Methods the parameter applies to; absent for all. */
  readonly methods?: readonly TrainingMethod[];
  readonly check: (value: number) => boolean;
  readonly range: string;
};

const RULES: Readonly<Record<string, Rule>> = {
  n_epochs: {
    check: (value) => Number.isInteger(value) && value >= 1 && value <= 50,
    range: 'an integer from 1 to 50',
  },
  batch_size: {
    check: (value) => Number.isInteger(value) && value >= 1 && value <= 256,
    range: 'an integer from 1 to 256',
  },
  learning_rate_multiplier: {
    check: (value) => value > 0 && Number.isFinite(value),
    range: 'a number above 0',
  },
  beta: { methods: ['dpo'], check: (value) => value > 0 && value <= 2, range: 'a number in (0, 2]' },
  compute_multiplier: {
    methods: ['reinforcement'],
    check: (value) => value > 0 && Number.isFinite(value),
    range: 'a number above 0',
  },
  eval_interval: {
    methods: ['reinforcement'],
    check: (value) => Number.isInteger(value) && value >= 1,
    range: 'an integer ≥ 1',
  },
  eval_samples: {
    methods: ['reinforcement'],
    check: (value) => Number.isInteger(value) && value >= 1,
    range: 'an integer ≥ 1',
  },
};

const REASONING_EFFORTS = ['default', 'low', 'medium', 'high'];

/** Inputs of {@link checkHyperparameters}. */
export interface CheckHyperparametersInput {
  readonly hyperparameters: Readonly<Record<string, unknown>> | undefined;
  readonly suffix: unknown;
  readonly method: TrainingMethod | null;
  readonly suffixMaxLength: number;
}

/**
 * Checks every hyperparameter and the suffix; an unknown name (a typo such as `n_epoch`) is also
 * reported, since the API would reject it.
 *
 * @returns `invalid_hyperparameter` drafts (file-level).
 */
export function checkHyperparameters(input: CheckHyperparametersInput): IssueDraft[] {
  const issues: IssueDraft[] = [];
  const report = (name: string, message: string) =>
    issues.push({ code: 'invalid_hyperparameter', message, path: `hyperparameters.${name}` });
  for (const [name, value] of Object.entries(input.hyperparameters ?? {})) {
    if (value === undefined) continue;
    if (name === 'reasoning_effort') {
      if (input.method && input.method !== 'reinforcement') {
        report(name, `reasoning_effort applies only to reinforcement fine-tuning, not ${input.method}.`);
      } else if (!REASONING_EFFORTS.includes(value as string)) {
        report(
          name,
          `reasoning_effort must be one of ${REASONING_EFFORTS.join(', ')}; got ${JSON.stringify(value)}.`,
        );
      }
      continue;
    }
    const rule = RULES[name];
    if (!rule) {
      report(
        name,
        `Unknown hyperparameter "${name}"; known: ${[...Object.keys(RULES), 'reasoning_effort'].join(', ')}.`,
      );
      continue;
    }
    if (rule.methods && input.method && !rule.methods.includes(input.method)) {
      report(name, `${name} applies only to ${rule.methods.join(', ')} fine-tuning, not ${input.method}.`);
      continue;
    }
    if (value === 'auto') continue;
    if (typeof value !== 'number' || !rule.check(value)) {
      report(name, `${name} must be ${rule.range} or "auto"; got ${JSON.stringify(value) ?? String(value)}.`);
    }
  }
  const { suffix, suffixMaxLength } = input;
  if (suffix !== undefined && suffix !== null) {
    if (typeof suffix !== 'string' || suffix.length < 1 || suffix.length > suffixMaxLength) {
      issues.push({
        code: 'invalid_hyperparameter',
        message: `suffix must be a string of 1 to ${suffixMaxLength} characters; got ${typeof suffix === 'string' ? `${suffix.length} characters` : JSON.stringify(suffix)}.`,
        path: 'suffix',
      });
    }
  }
  return issues;
}
