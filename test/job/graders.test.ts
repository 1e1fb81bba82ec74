import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { FinetuneKitApiError, FinetuneKitUsageError } from '../../src/errors.js';
import type { Grader } from '../../src/graders/types.js';
import { runGrader, validateGrader } from '../../src/job/index.js';
import { createSimulator } from '../../src/testing/index.js';

const exact: Grader = {
  type: 'string_check',
  name: 'Exact answer',
  input: '{{sample.output_text}}',
  reference: '{{item.reference_answer}}',
  operation: 'eq',
};
const noWait = { now: () => 0, sleep: async () => {} };

function setup() {
  const sim = createSimulator({ clock: 'manual' });
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
  return { sim, client };
}

describe('validateGrader', () => {
  it('returns the grader the API validated', async () => {
    const { client } = setup();
    await expect(validateGrader(client, exact)).resolves.toEqual(exact);
  });

  it('throws a FinetuneKitApiError naming the field of an invalid grader', async () => {
    const { client } = setup();
    const error = await validateGrader(client, { ...exact, operation: 'equals' as never }).catch(
      (caught: unknown) => caught,
    );
    expect(FinetuneKitApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, operation: 'fineTuning.alpha.graders.validate' });
    expect((error as Error).message).toContain(
      "'equals' is not one of ['eq', 'ne', 'like', 'ilike'] - 'grader.operation'",
    );
  });

  it('retries transient failures with the job layer policy', async () => {
    const { sim, client } = setup();
    sim.faults.serverError({ status: 503, times: 2, match: { path: '/fine_tuning/alpha/graders/validate' } });
    const retries: number[] = [];
    await expect(
      validateGrader(client, exact, { clock: noWait, onRetry: (context) => retries.push(context.attempt) }),
    ).resolves.toEqual(exact);
    expect(retries).toEqual([1, 2]);
  });
});

describe('runGrader', () => {
  it('grades a sample string and reads the result in camelCase', async () => {
    const { client } = setup();
    const result = await runGrader(client, {
      grader: exact,
      sample: 'Paris',
      item: { reference_answer: 'Paris' },
    });
    expect(result).toMatchObject({
      reward: 1,
      name: 'Exact answer',
      type: 'string_check',
      subRewards: {},
      errorMessage: null,
      tokenUsage: null,
      errors: { invalidVariableError: false, modelGraderServerErrorDetails: null },
    });
  });

  it('sends a sample object as its output_text or output_json, and modelSample as it is', async () => {
    const { client } = setup();
    const json = { ...exact, input: '{{sample.output_json.city}}' };
    const item = { reference_answer: 'Paris' };
    expect(
      (await runGrader(client, { grader: json, sample: { output_json: { city: 'Paris' } }, item })).reward,
    ).toBe(1);
    expect((await runGrader(client, { grader: exact, sample: { output_text: 'Paris' }, item })).reward).toBe(
      1,
    );
    expect((await runGrader(client, { grader: exact, modelSample: 'Lyon', item })).reward).toBe(0);
  });

  it('reports a grader that fails on the sample through its flags and a message', async () => {
    const { client } = setup();
    const result = await runGrader(client, { grader: exact, sample: 'Paris', item: {} });
    expect(result).toMatchObject({
      reward: 0,
      errors: { invalidVariableError: true },
      errorMessage: 'invalid_variable_error',
    });
  });

  it('reads model grader usage', async () => {
    const { client } = setup();
    const result = await runGrader(client, {
      grader: {
        type: 'score_model',
        name: 'Judge',
        model: 'o4-mini-2025-04-16',
        input: [
          { role: 'user', content: 'Reference {{item.reference_answer}}, answer {{sample.output_text}}' },
        ],
      },
      sample: 'Paris',
      item: { reference_answer: 'Paris' },
    });
    expect(result.reward).toBeGreaterThan(0.9);
    expect(result.sampledModelName).toBe('o4-mini-2025-04-16');
    expect(result.tokenUsage?.totalTokens).toBeGreaterThan(0);
    expect(result.modelGraderTokenUsagePerModel['o4-mini-2025-04-16']?.totalTokens).toBe(
      result.tokenUsage?.totalTokens,
    );
  });

  it('refuses missing or doubled samples before calling', async () => {
    const { client } = setup();
    for (const params of [{ grader: exact }, { grader: exact, sample: 'a', modelSample: 'b' }]) {
      const error = await runGrader(client, params).catch((caught: unknown) => caught);
      expect(FinetuneKitUsageError.isInstance(error)).toBe(true);
      expect((error as FinetuneKitUsageError).option).toBe('params.sample');
    }
  });
});
