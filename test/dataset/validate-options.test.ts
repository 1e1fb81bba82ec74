import { describe, expect, it } from 'vitest';
import { graderFieldNames, normalizeValidateOptions } from '../../src/dataset/validate-options.js';

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
    [{ model: '' }, 'options.model must be a non-empty string.'],
    [{ method: 'sft' }, /^options.method must be one of supervised, dpo, reinforcement/],
    [
      { method: { type: 'dpo', dpo: { hyperparameters: 3 } } },
      'options.method.dpo.hyperparameters must be an object.',
    ],
    [{ profile: 'together' }, 'options.profile must be one of openai, azure.'],
    [{ hyperparameters: [] }, 'options.hyperparameters must be an object such as { n_epochs: 3 }.'],
    [{ maxIssuesPerCode: 1.5 }, 'options.maxIssuesPerCode must be a non-negative integer.'],
    [{ moderationBatchSize: 0 }, 'options.moderationBatchSize must be a positive integer.'],
    [{ signal: {} }, 'options.signal must be an AbortSignal.'],
    [{ onProgress: 'yes' }, 'options.onProgress must be a function.'],
    [{ now: new Date('nope') }, 'options.now must be a valid Date.'],
    [{ severity: { not_a_code: 'error' } }, 'options.severity: unknown issue code "not_a_code".'],
    [
      { severity: { blank_line: 'fatal' } },
      'options.severity.blank_line must be "error", "warning" or "info".',
    ],
    [{ limits: { minExamples: -1 } }, 'options.limits.minExamples must be a non-negative number.'],
    [{ tokenCounter: {} }, 'options.tokenCounter must have a count(text) method.'],
    [{ validationFile: 42 }, 'options.validationFile must be a file path, a Blob or a Dataset.'],
    [{ models: 'x' }, 'options.models must be an object keyed by snapshot name.'],
  ])('rejects %j with a TypeError', (options, message) => {
    expect(() => normalizeValidateOptions(options as never)).toThrow(TypeError);
    expect(() => normalizeValidateOptions(options as never)).toThrow(message);
  });
});

describe('graderFieldNames', () => {
  it('finds {{ item.<field> }} references in any grader shape', () => {
    expect(graderFieldNames(undefined)).toEqual([]);
    expect(graderFieldNames('{{ item.b }} and {{item.a}} and {{ item.b }}')).toEqual(['a', 'b']);
    expect(
      graderFieldNames({ type: 'multi', graders: { x: { reference: '{{ item.reference_answer }}' } } }),
    ).toEqual(['reference_answer']);
  });
});
