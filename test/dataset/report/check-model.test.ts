import { describe, expect, it } from 'vitest';
import { type CheckModelInput, checkModel } from '../../../src/dataset/report/check-model.js';
import { MODEL_TABLE, resolveModel } from '../../../src/models/index.js';

const base: Omit<CheckModelInput, 'name' | 'model'> = {
  method: 'supervised',
  methodInferred: false,
  knownModels: Object.keys(MODEL_TABLE),
  now: new Date('2026-06-01T12:00:00Z'),
  warningDays: 90,
  checkDates: true,
};

describe('checkModel', () => {
  it('accepts a supported model far from its dates', () => {
    expect(checkModel({ ...base, name: 'gpt-4o-mini', model: resolveModel('gpt-4o-mini') })).toEqual([]);
  });

  it('reports an unknown model and lists the known ones', () => {
    const [issue, ...rest] = checkModel({ ...base, name: 'gpt-9-turbo', model: null });
    expect(rest).toEqual([]);
    expect(issue?.code).toBe('model_not_fine_tunable');
    expect(issue?.message).toContain('Unknown model "gpt-9-turbo"');
    expect(issue?.message).toContain('gpt-4o-mini-2024-07-18');
    // The remedy is data, so the CLI can name its own flag instead of the library option.
    expect(issue?.remedy).toEqual({ kind: 'option', option: 'models' });
    expect(issue?.message).not.toContain('`models`');
  });

  it('reports a method the model does not support, saying when it was inferred', () => {
    const issues = checkModel({
      ...base,
      name: 'gpt-4o-mini',
      model: resolveModel('gpt-4o-mini'),
      method: 'reinforcement',
      methodInferred: true,
    });
    expect(issues).toEqual([
      {
        code: 'model_not_fine_tunable',
        message:
          'gpt-4o-mini-2024-07-18 does not support reinforcement fine-tuning (inferred from the file format); it supports supervised, preference (DPO).',
      },
    ]);
  });

  it('reports a model past its shutdown or job-creation cut-off', () => {
    const now = new Date('2026-11-26T00:00:00Z');
    const [shutdown] = checkModel({
      ...base,
      now,
      name: 'gpt-3.5-turbo',
      model: resolveModel('gpt-3.5-turbo-0125'),
    });
    expect(shutdown).toMatchObject({
      code: 'model_not_fine_tunable',
      message: 'gpt-3.5-turbo-0125 shut down on 2026-10-23: it can no longer be fine-tuned.',
    });
    const [cutoff] = checkModel({
      ...base,
      now,
      name: 'gpt-3.5-turbo-1106',
      model: resolveModel('gpt-3.5-turbo-1106'),
    });
    expect(cutoff?.code).toBe('model_not_fine_tunable');
    expect(cutoff?.message).toContain('until 2026-10-23');
  });

  it('warns within N days of the cut-off and the shutdown', () => {
    const now = new Date('2026-11-26T00:00:00Z');
    const issues = checkModel({ ...base, now, name: 'gpt-4o-mini', model: resolveModel('gpt-4o-mini') });
    expect(issues.map((issue) => issue.code)).toEqual(['model_deprecated', 'model_deprecated']);
    expect(issues[0]?.message).toMatch(
      /^New fine-tuning jobs for gpt-4o-mini-2024-07-18 are accepted until 2027-01-06 \(41 days left\)/,
    );
    expect(issues[1]?.message).toBe(
      'gpt-4o-mini-2024-07-18 and its fine-tuned models shut down on 2027-01-14 (49 days left).',
    );
    expect(
      checkModel({ ...base, now, warningDays: 30, name: 'gpt-4o-mini', model: resolveModel('gpt-4o-mini') }),
    ).toEqual([]);
  });

  it('skips OpenAI dates for profiles with their own schedule', () => {
    const now = new Date('2026-11-26T00:00:00Z');
    expect(
      checkModel({
        ...base,
        now,
        checkDates: false,
        name: 'gpt-3.5-turbo',
        model: resolveModel('gpt-3.5-turbo-0125'),
      }),
    ).toEqual([]);
  });
});
