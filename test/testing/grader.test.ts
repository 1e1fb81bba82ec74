import { describe, expect, it } from 'vitest';
import { SimulatedApiError } from '../../src/testing/api-error.js';
import { checkGrader, graderSummaries } from '../../src/testing/grader.js';

const exact = {
  type: 'string_check',
  name: 'Exact answer',
  input: '{{sample.output_text}}',
  reference: '{{item.reference_answer}}',
  operation: 'eq',
};
const similarity = {
  type: 'text_similarity',
  name: 'Close enough',
  input: '{{sample.output_text}}',
  reference: '{{item.reference_answer}}',
  evaluation_metric: 'fuzzy_match',
};
const python = { type: 'python', name: 'Numeric', source: 'def grade(sample, item):\n    return 1.0\n' };
const scoreModel = {
  type: 'score_model',
  name: 'Diagnosis, strict',
  model: 'o3-mini-2025-01-31',
  input: [{ role: 'user', content: 'Score {{sample.output_text}} against {{item.reference_answer}}.' }],
  range: [0, 1],
  sampling_params: { temperature: 0 },
};
const labelModel = {
  type: 'label_model',
  name: 'Tone',
  model: 'gpt-4.1-mini-2025-04-14',
  input: [{ role: 'user', content: 'Label the tone of {{sample.output_text}}.' }],
  labels: ['polite', 'neutral', 'rude'],
  passing_labels: ['polite', 'neutral'],
};

/** The 400 `checkGrader` throws, as `[param, message]`. */
function refusal(grader: unknown): [string | null, string] {
  try {
    checkGrader(grader);
  } catch (error) {
    expect(error).toBeInstanceOf(SimulatedApiError);
    const body = (error as SimulatedApiError).toBody().error;
    expect((error as SimulatedApiError).status).toBe(400);
    return [body.param, body.message];
  }
  throw new Error(`accepted ${JSON.stringify(grader)}`);
}

describe('checkGrader (the grader types of the OpenAPI spec, loosely)', () => {
  it('accepts every grader type a job may use, and label_model inside multi', () => {
    for (const grader of [exact, similarity, python, scoreModel, { ...python, image_tag: '2025-05-08' }]) {
      expect(() => checkGrader(grader)).not.toThrow();
    }
    const map = {
      type: 'multi',
      name: 'Mixed',
      calculate_output: '0.5 * a + 0.5 * b',
      graders: { a: exact, b: labelModel },
    };
    const list = { ...map, graders: [exact, similarity] };
    const single = { ...map, graders: scoreModel };
    for (const grader of [map, list, single]) expect(() => checkGrader(grader)).not.toThrow();
  });

  it.each([
    [undefined, 'method.reinforcement.grader', "Missing required parameter: 'method.reinforcement.grader'."],
    ['eq', 'method.reinforcement.grader', "'eq' is not of type 'object' - 'method.reinforcement.grader'"],
    [{ ...exact, type: 'regex' }, 'method.reinforcement.grader.type', "'regex' is not one of"],
    [labelModel, 'method.reinforcement.grader.type', "'label_model' is not one of"],
    [
      { ...exact, name: '' },
      'method.reinforcement.grader.name',
      "Missing required parameter: 'method.reinforcement.grader.name'.",
    ],
    [
      { ...exact, operation: 'contains' },
      'method.reinforcement.grader.operation',
      "'contains' is not one of ['eq', 'ne', 'like', 'ilike']",
    ],
    [{ ...exact, reference: 4 }, 'method.reinforcement.grader.reference', "4 is not of type 'string'"],
    [
      { ...similarity, evaluation_metric: 'rouge_9' },
      'method.reinforcement.grader.evaluation_metric',
      "'rouge_9' is not one of",
    ],
    [
      { type: 'python', name: 'x' },
      'method.reinforcement.grader.source',
      "Missing required parameter: 'method.reinforcement.grader.source'.",
    ],
    [
      { ...scoreModel, input: [] },
      'method.reinforcement.grader.input',
      "[] is too short - 'method.reinforcement.grader.input'",
    ],
    [
      { ...scoreModel, range: [1, 0] },
      'method.reinforcement.grader.range',
      'is not a valid range [min, max]',
    ],
    [
      { ...scoreModel, sampling_params: 'hot' },
      'method.reinforcement.grader.sampling_params',
      "'hot' is not of type 'object'",
    ],
    [
      { type: 'multi', name: 'm', graders: { a: exact } },
      'method.reinforcement.grader.calculate_output',
      'Missing required parameter',
    ],
    [
      { type: 'multi', name: 'm', calculate_output: 'a', graders: {} },
      'method.reinforcement.grader.graders',
      'has no graders',
    ],
    [
      {
        type: 'multi',
        name: 'm',
        calculate_output: 'a',
        graders: { a: { ...labelModel, passing_labels: ['kind'] } },
      },
      'method.reinforcement.grader.graders.a.passing_labels',
      "'kind' is not one of the labels",
    ],
    [
      { type: 'multi', name: 'm', calculate_output: 'a', graders: [{ type: 'multi', name: 'inner' }] },
      'method.reinforcement.grader.graders.0.type',
      "'multi' is not one of",
    ],
  ])('refuses %j with a 400 naming %s', (grader, param, message) => {
    const [actualParam, actualMessage] = refusal(grader);
    expect(actualParam).toBe(param);
    expect(actualMessage).toContain(message);
  });
});

describe('graderSummaries', () => {
  it('lists the grader itself, or the graders of a multi grader with their models', () => {
    expect(graderSummaries(exact)).toEqual([{ name: 'Exact answer', type: 'string_check', model: null }]);
    expect(
      graderSummaries({
        type: 'multi',
        name: 'Mixed',
        calculate_output: 'a',
        graders: { a: exact, b: scoreModel },
      }),
    ).toEqual([
      { name: 'Exact answer', type: 'string_check', model: null },
      { name: 'Diagnosis, strict', type: 'score_model', model: 'o3-mini-2025-01-31' },
    ]);
  });
});
