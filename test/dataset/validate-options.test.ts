import { describe, expect, it } from 'vitest';
import { graderFieldNames, normalizeValidateOptions } from '../../src/dataset/validate-options.js';
import { FinetuneKitUsageError } from '../../src/errors.js';

describe('normalizeValidateOptions', () => {
  it('fills the defaults in one place', () => {
    const settings = normalizeValidateOptions();
    expect(settings).toMatchObject({
      modelName: undefined,
      model: undefined,
      encoding: 'o200k_base',
      method: undefined,
      profile: 'openai',
      maxIssuesPerCode: 100,
      deprecationWarningDays: 90,
      moderationBatchSize: 32,
      graderFields: [],
      severity: {},
    });
    expect(settings.framing).toEqual({
      tokensPerMessage: 3,
      tokensPerName: 1,
      replyPriming: 3,
      countToolDefinitions: true,
      assistantTokensTrainableOnly: false,
    });
    expect(settings.limits.minExamples).toBe(10);
  });

  it('resolves the model and its encoding, and keeps unknown models as null with a prefix encoding', () => {
    expect(normalizeValidateOptions({ model: 'gpt-3.5-turbo' })).toMatchObject({
      encoding: 'cl100k_base',
      model: { snapshot: 'gpt-3.5-turbo-0125' },
    });
    expect(normalizeValidateOptions({ model: 'gpt-4-0314-preview' })).toMatchObject({
      model: null,
      encoding: 'cl100k_base',
    });
    expect(normalizeValidateOptions({ model: 'my-model' })).toMatchObject({
      model: null,
      encoding: 'o200k_base',
    });
    expect(
      normalizeValidateOptions({
        model: 'my-model',
        models: {
          'my-model': { encoding: 'cl100k_base', maxTokensPerExample: 8192, methods: ['supervised'] },
        },
      }),
    ).toMatchObject({ model: { snapshot: 'my-model', maxTokensPerExample: 8192 }, encoding: 'cl100k_base' });
  });

  it('reads a job method object: type, hyperparameters and grader', () => {
    const settings = normalizeValidateOptions({
      method: {
        type: 'reinforcement',
        reinforcement: {
          hyperparameters: { n_epochs: 2 },
          grader: { reference: '{{ item.answer }} {{item.topic}}' },
        },
      },
      hyperparameters: { batch_size: 4 },
    });
    expect(settings.method).toBe('reinforcement');
    expect(settings.hyperparameters).toEqual({ n_epochs: 2, batch_size: 4 });
    expect(settings.graderFields).toEqual(['answer', 'topic']);
  });

  it('reads a method object whose settings hold only a grader, or nothing', () => {
    const settings = normalizeValidateOptions({
      method: { type: 'reinforcement', reinforcement: { grader: { reference: '{{ item.answer }}' } } },
    });
    expect(settings.graderFields).toEqual(['answer']);
    expect(settings.hyperparameters).toBeUndefined();
    expect(normalizeValidateOptions({ method: { type: 'dpo' } }).method).toBe('dpo');
  });

  it('merges profile limits with the caller limits', () => {
    const settings = normalizeValidateOptions({ profile: 'azure', limits: { maxExamples: 20_000 } });
    expect(settings.limits).toMatchObject({
      suffixMaxLength: 18,
      recommendedExamples: 100,
      maxExamples: 20_000,
    });
    expect(settings.rules.severities).toEqual({ rft_last_message_not_user: 'error' });
  });

  it.each([
    [{ model: '' }, 'options.model', 'options.model must be a non-empty string.'],
    [{ model: 42 }, 'options.model', 'options.model must be a non-empty string.'],
    [
      { method: 'sft' },
      'options.method',
      /^options.method must be one of supervised, dpo, reinforcement.*; got "sft"\.$/,
    ],
    [
      { method: { type: 'ppo' } },
      'options.method',
      /^options.method must be one of .*; got \{"type":"ppo"\}\.$/,
    ],
    [
      { method: { type: 'dpo', dpo: { hyperparameters: 3 } } },
      'options.method.dpo.hyperparameters',
      'options.method.dpo.hyperparameters must be an object.',
    ],
    [{ profile: 'together' }, 'options.profile', 'options.profile must be one of openai, azure.'],
    [
      { hyperparameters: [] },
      'options.hyperparameters',
      'options.hyperparameters must be an object such as { n_epochs: 3 }.',
    ],
    [
      { maxIssuesPerCode: 1.5 },
      'options.maxIssuesPerCode',
      'options.maxIssuesPerCode must be a non-negative integer.',
    ],
    [
      { deprecationWarningDays: -1 },
      'options.deprecationWarningDays',
      'options.deprecationWarningDays must be a non-negative integer.',
    ],
    [
      { moderationBatchSize: 0 },
      'options.moderationBatchSize',
      'options.moderationBatchSize must be a positive integer.',
    ],
    [{ signal: {} }, 'options.signal', 'options.signal must be an AbortSignal.'],
    [{ onProgress: 'yes' }, 'options.onProgress', 'options.onProgress must be a function.'],
    [{ moderation: 1 }, 'options.moderation', 'options.moderation must be a function.'],
    [{ now: new Date('nope') }, 'options.now', 'options.now must be a valid Date.'],
    [
      { severity: { not_a_code: 'error' } },
      'options.severity.not_a_code',
      'options.severity.not_a_code is not a finetune-kit issue code.',
    ],
    [
      { severity: { blank_line: 'fatal' } },
      'options.severity.blank_line',
      'options.severity.blank_line must be "error", "warning" or "info".',
    ],
    [
      { severity: 'strict' },
      'options.severity',
      'options.severity must be an object such as { example_too_long: "error" }.',
    ],
    [{ limits: [] }, 'options.limits', 'options.limits must be an object.'],
    [
      { limits: { minExamples: -1 } },
      'options.limits.minExamples',
      'options.limits.minExamples must be a non-negative number.',
    ],
    [
      { limits: { reinforcementNeedsValidationFile: 'yes' } },
      'options.limits.reinforcementNeedsValidationFile',
      'options.limits.reinforcementNeedsValidationFile must be a boolean.',
    ],
    [{ tokenCounter: {} }, 'options.tokenCounter', 'options.tokenCounter must have a count(text) method.'],
    [{ workers: 1.5 }, 'options.workers', 'options.workers must be a non-negative integer.'],
    [
      { workers: Number.POSITIVE_INFINITY },
      'options.workers',
      'options.workers must be a non-negative integer.',
    ],
    [
      { validationFile: 42 },
      'options.validationFile',
      'options.validationFile must be a file path, a Blob or a Dataset.',
    ],
    [{ models: 'x' }, 'options.models', 'options.models must be an object keyed by snapshot name.'],
    [
      { limits: { maxExamples: 'all' } },
      'options.limits.maxExamples',
      'options.limits.maxExamples must be a non-negative number.',
    ],
    [
      { limits: { minExamples: Number.NaN } },
      'options.limits.minExamples',
      'options.limits.minExamples must be a non-negative number.',
    ],
    [{ role: 'test' }, 'options.role', 'options.role must be "training" or "validation".'],
    [
      { method: { type: 'dpo', dpo: 3 } },
      'options.method',
      /^options.method must be one of .*; got \{"type":"dpo","dpo":3\}\.$/,
    ],
    [
      { checks: { sensitive: true } },
      'options.checks',
      'options.checks must be an object such as { sensitiveData: true } (keys: sensitiveData, nearDuplicates, nearDuplicateThreshold).',
    ],
    [
      { checks: { nearDuplicateThreshold: 0 } },
      'options.checks.nearDuplicateThreshold',
      'options.checks.nearDuplicateThreshold must be a number over 0 and at most 1.',
    ],
    [
      { checks: { sensitiveData: 'yes' } },
      'options.checks.sensitiveData',
      'options.checks.sensitiveData must be a boolean.',
    ],
    [{ model: null }, 'options.model', 'options.model must be a non-empty string.'],
  ])('rejects %j with a FinetuneKitUsageError naming the option', (options, option, message) => {
    const error = catchError(() => normalizeValidateOptions(options as never));
    expect(FinetuneKitUsageError.isInstance(error)).toBe(true);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as FinetuneKitUsageError).option).toBe(option);
    expect((error as FinetuneKitUsageError).code).toBe('invalid_usage');
    expect((error as Error).message).toMatch(message);
  });

  it('reports the first bad option in a fixed order', () => {
    const error = catchError(() =>
      normalizeValidateOptions({ workers: -1, model: '', severity: { x: 'error' } } as never),
    ) as FinetuneKitUsageError;
    expect(error.option).toBe('options.model');
  });

  it('rejects options that are not an object, with the option "options"', () => {
    for (const options of [5, null, [], 'options']) {
      const error = catchError(() => normalizeValidateOptions(options as never)) as FinetuneKitUsageError;
      expect(error.option).toBe('options');
      expect(error.message).toBe('options must be an object.');
    }
  });

  it('accepts what it accepted before: Infinity issues per code, no example limit, a null method setting', () => {
    const settings = normalizeValidateOptions({
      maxIssuesPerCode: Number.POSITIVE_INFINITY,
      limits: { maxExamples: null },
      method: { type: 'supervised', supervised: null },
      hyperparameters: { n_epochs: 2 },
      workers: 0,
    });
    expect(settings.maxIssuesPerCode).toBe(Number.POSITIVE_INFINITY);
    expect(settings.limits.maxExamples).toBeNull();
    expect(settings.limits.minExamples).toBe(10);
    expect(settings.method).toBe('supervised');
    expect(settings.hyperparameters).toEqual({ n_epochs: 2 });
    expect(settings.workers).toBe(0);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('graderFieldNames', () => {
  it('finds {{ item.<field> }} references in any grader shape', () => {
    expect(graderFieldNames(undefined)).toEqual([]);
    expect(graderFieldNames('{{ item.b }} and {{item.a}} and {{ item.b }}')).toEqual(['a', 'b']);
    expect(
      graderFieldNames({ type: 'multi', graders: { x: { reference: '{{ item.reference_answer }}' } } }),
    ).toEqual(['reference_answer']);
  });

  it('reads paths as the graders API does: the first key, quoted keys, sample references ignored', () => {
    expect(
      graderFieldNames({
        type: 'score_model',
        input: [
          {
            role: 'user',
            content: '{{ item.answer.city }} {{item["reference answer"]}} {{ sample.output_text }}',
          },
        ],
      }),
    ).toEqual(['answer', 'reference answer']);
  });
});
