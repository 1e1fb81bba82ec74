import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../../src/testing/index.js';
import { ANSWER_AND_UNITS_GRADER, rftJsonl, uploadTrainingFile } from '../helpers/data.js';

function setup(seed = 1) {
  const sim = createSimulator({ clock: 'manual', seed });
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
  return { sim, graders: client.fineTuning.alpha.graders };
}

async function apiError(promise: Promise<unknown>) {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.APIError);
  const { status, error: body } = error as InstanceType<typeof OpenAI.APIError>;
  return { status, body: body as { message: string; param: string | null; code: string | null } };
}

const exact = {
  type: 'string_check' as const,
  name: 'Exact answer',
  input: '{{sample.output_text}}',
  reference: '{{item.reference_answer}}',
  operation: 'eq' as const,
};
const judge = {
  type: 'score_model' as const,
  name: 'Judge',
  model: 'o4-mini-2025-04-16',
  input: [
    {
      role: 'user' as const,
      content: 'Score 0-10.\nReference: {{item.reference_answer}}\nAnswer: {{sample.output_text}}',
    },
  ],
  range: [0, 10],
};
const tone = {
  type: 'label_model' as const,
  name: 'Tone',
  model: 'gpt-4.1-mini-2025-04-14',
  input: [
    { role: 'user' as const, content: 'Does {{sample.output_text}} answer {{item.reference_answer}}?' },
  ],
  labels: ['wrong', 'right'],
  passing_labels: ['right'],
};

describe('POST /fine_tuning/alpha/graders/validate', () => {
  it('echoes a valid grader', async () => {
    const { graders } = setup();
    await expect(graders.validate({ grader: exact })).resolves.toEqual({ grader: exact });
  });

  it('refuses an invalid grader with a 400 naming the field, as job creation does', async () => {
    const { graders } = setup();
    const { status, body } = await apiError(
      graders.validate({ grader: { ...exact, operation: 'equals' as never } }),
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({
      param: 'grader.operation',
      message: "'equals' is not one of ['eq', 'ne', 'like', 'ilike'] - 'grader.operation'",
    });
    const missing = await apiError(graders.validate({} as never));
    expect(missing.body).toMatchObject({ param: 'grader', code: 'missing_required_parameter' });
    const formula = await apiError(
      graders.validate({
        grader: { type: 'multi', name: 'm', graders: { exact } as never, calculate_output: 'exact + x' },
      }),
    );
    expect(formula.body.message).toContain("unknown name 'x'");
  });

  it('refuses unknown request fields', async () => {
    const { graders } = setup();
    const { body } = await apiError(graders.validate({ grader: exact, model_sample: 'x' } as never));
    expect(body).toMatchObject({
      param: 'model_sample',
      message: 'Unrecognized request argument supplied: model_sample',
    });
  });
});

describe('POST /fine_tuning/alpha/graders/run', () => {
  it('computes a string_check and answers a RunGraderResponse', async () => {
    const { graders } = setup();
    const response = await graders.run({
      grader: exact,
      model_sample: 'Paris',
      item: { reference_answer: 'Paris' },
    });
    expect(response).toEqual({
      reward: 1,
      metadata: {
        name: 'Exact answer',
        type: 'string_check',
        errors: {
          formula_parse_error: false,
          sample_parse_error: false,
          truncated_observation_error: false,
          unresponsive_reward_error: false,
          invalid_variable_error: false,
          other_error: false,
          python_grader_server_error: false,
          python_grader_server_error_type: null,
          python_grader_runtime_error: false,
          python_grader_runtime_error_details: null,
          model_grader_server_error: false,
          model_grader_refusal_error: false,
          model_grader_parse_error: false,
          model_grader_server_error_details: null,
        },
        execution_time: expect.any(Number),
        scores: {},
        token_usage: null,
        sampled_model_name: null,
      },
      sub_rewards: {},
      model_grader_token_usage_per_model: {},
    });
  });

  it('computes text_similarity metrics and multi formulas with the documented definitions', async () => {
    const { graders } = setup();
    const similar = {
      type: 'text_similarity' as const,
      name: 'Similar',
      input: '{{sample.output_text}}',
      reference: '{{item.reference_answer}}',
      evaluation_metric: 'fuzzy_match' as const,
    };
    const fuzzy = await graders.run({
      grader: similar,
      model_sample: 'this is a test',
      item: { reference_answer: 'this is a test!' },
    });
    expect(fuzzy.reward).toBeCloseTo(28 / 29, 12);
    const multi = await graders.run({
      grader: {
        type: 'multi',
        name: 'Mixed',
        graders: { exact, similar } as never,
        calculate_output: '0.5 * exact + 0.5 * similar',
      },
      model_sample: 'this is a test',
      item: { reference_answer: 'this is a test!' },
    });
    expect(multi.sub_rewards).toEqual({ exact: 0, similar: 28 / 29 });
    expect(multi.reward).toBeCloseTo(0.5 * (28 / 29), 12);
  });

  it('fills output_json from a JSON model_sample', async () => {
    const { graders } = setup();
    const response = await graders.run({
      grader: { ...exact, input: '{{sample.output_json.city}}' },
      model_sample: '{"city": "Paris"}',
      item: { reference_answer: 'Paris' },
    });
    expect(response.reward).toBe(1);
  });

  it('flags a missing template variable instead of failing the request', async () => {
    const { graders } = setup();
    const response = await graders.run({ grader: exact, model_sample: 'Paris', item: { answer: 'Paris' } });
    expect(response.reward).toBe(0);
    expect(response.metadata.errors.invalid_variable_error).toBe(true);
  });

  it('simulates score_model deterministically by seed, higher for a sample that matches the item', async () => {
    const first = setup(7);
    const good = await first.graders.run({
      grader: judge,
      model_sample: 'Paris',
      item: { reference_answer: 'Paris' },
    });
    const bad = await first.graders.run({
      grader: judge,
      model_sample: 'Lyon, maybe',
      item: { reference_answer: 'Paris' },
    });
    expect(good.reward).toBeGreaterThan(9);
    expect(good.reward).toBeLessThanOrEqual(10);
    expect(bad.reward).toBeLessThan(good.reward);
    expect(good.metadata).toMatchObject({
      type: 'score_model',
      sampled_model_name: 'o4-mini-2025-04-16',
      token_usage: { total_tokens: expect.any(Number) },
    });
    expect(good.model_grader_token_usage_per_model).toHaveProperty('o4-mini-2025-04-16');
    const again = await setup(7).graders.run({
      grader: judge,
      model_sample: 'Paris',
      item: { reference_answer: 'Paris' },
    });
    expect(again.reward).toBe(good.reward);
  });

  it('simulates label_model inside multi: a passing label for a matching sample', async () => {
    const { graders } = setup();
    const grader = {
      type: 'multi' as const,
      name: 'm',
      graders: { tone } as never,
      calculate_output: 'tone',
    };
    const right = await graders.run({ grader, model_sample: 'Paris', item: { reference_answer: 'Paris' } });
    const wrong = await graders.run({
      grader,
      model_sample: 'The moon',
      item: { reference_answer: 'Paris' },
    });
    expect([right.reward, wrong.reward]).toEqual([1, 0]);
  });

  it('refuses label_model as the outer grader, as the spec does', async () => {
    const { graders } = setup();
    const { body } = await apiError(graders.run({ grader: tone as never, model_sample: 'x' }));
    expect(body.param).toBe('grader.type');
  });

  it('simulates a python grader run and refuses one without grade()', async () => {
    const { graders } = setup();
    const python = {
      type: 'python' as const,
      name: 'Py',
      source: 'def grade(sample, item):\n    return 1.0\n',
    };
    const response = await graders.run({
      grader: python,
      model_sample: 'Paris',
      item: { reference_answer: 'Paris' },
    });
    expect(response.reward).toBe(1);
    const { body } = await apiError(
      graders.run({ grader: { ...python, source: 'print(1)' }, model_sample: 'Paris' }),
    );
    expect(body).toMatchObject({ param: 'grader.source' });
  });

  it('requires a string model_sample', async () => {
    const { graders } = setup();
    expect((await apiError(graders.run({ grader: exact } as never))).body).toMatchObject({
      param: 'model_sample',
      code: 'missing_required_parameter',
    });
    expect((await apiError(graders.run({ grader: exact, model_sample: 4 } as never))).body.param).toBe(
      'model_sample',
    );
  });
});

describe('validate and job creation agree', () => {
  it('refuses at job creation what validate refuses, with the same message under the job path', async () => {
    const { sim } = setup();
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
    const file = await uploadTrainingFile(sim, client, rftJsonl(12), 'rft.jsonl');
    const bad = { ...ANSWER_AND_UNITS_GRADER, calculate_output: '0.8 * exact + 0.2 * unit' };
    const validate = await apiError(client.fineTuning.alpha.graders.validate({ grader: bad as never }));
    const create = await apiError(
      client.fineTuning.jobs.create({
        model: 'o4-mini-2025-04-16',
        training_file: file.id,
        method: { type: 'reinforcement', reinforcement: { grader: bad as never } },
      }),
    );
    expect(validate.body.param).toBe('grader.calculate_output');
    expect(create.body.param).toBe('method.reinforcement.grader.calculate_output');
    expect(create.body.message).toBe(
      validate.body.message.replaceAll("'grader.", "'method.reinforcement.grader."),
    );
    await expect(
      client.fineTuning.alpha.graders.validate({ grader: ANSWER_AND_UNITS_GRADER as never }),
    ).resolves.toBeDefined();
  });
});
