import { describe, expect, it, vi } from 'vitest';
import { FinetuneKitAbortError, FinetuneKitUsageError } from '../../src/errors.js';
import { type GraderModelRequest, gradeSample, sampleFromText } from '../../src/graders/grade.js';
import type { Grader, LabelModelGrader, ScoreModelGrader } from '../../src/graders/types.js';

const exact: Grader = {
  type: 'string_check',
  name: 'Exact answer',
  input: '{{sample.output_text}}',
  reference: '{{item.reference_answer}}',
  operation: 'eq',
};
const similar: Grader = {
  type: 'text_similarity',
  name: 'Close enough',
  input: '{{sample.output_text}}',
  reference: '{{item.reference_answer}}',
  evaluation_metric: 'fuzzy_match',
};
const judge: ScoreModelGrader = {
  type: 'score_model',
  name: 'Judge',
  model: 'o4-mini-2025-04-16',
  input: [
    { role: 'system', content: 'Score the answer from 0 to 10.' },
    {
      role: 'user',
      content: [
        { type: 'input_text', text: 'Reference: {{item.reference_answer}}\nAnswer: {{sample.output_text}}' },
      ],
    },
  ],
  range: [0, 10],
  sampling_params: { temperature: 0, seed: 7, max_completions_tokens: 500 },
};
const tone: LabelModelGrader = {
  type: 'label_model',
  name: 'Tone',
  model: 'gpt-4.1-mini-2025-04-14',
  input: [{ role: 'user', content: 'Tone of: {{sample.output_text}}' }],
  labels: ['polite', 'neutral', 'rude'],
  passing_labels: ['polite', 'neutral'],
};
const input = { sample: { output_text: 'Paris' }, item: { reference_answer: 'Paris' } };
const usage = { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 };

describe('gradeSample', () => {
  it('grades a string_check and reports the result in the shape of the graders API', async () => {
    const result = await gradeSample(exact, input);
    expect(result).toMatchObject({
      reward: 1,
      name: 'Exact answer',
      type: 'string_check',
      subRewards: {},
      errorMessage: null,
      tokenUsage: null,
      sampledModelName: null,
      modelGraderTokenUsagePerModel: {},
    });
    expect(Object.values(result.errors).every((flag) => flag === false || flag === null)).toBe(true);
    expect(result.executionTime).toBeGreaterThanOrEqual(0);
  });

  it('grades text_similarity with the metric', async () => {
    const result = await gradeSample(similar, {
      sample: { output_text: 'this is a test' },
      item: { reference_answer: 'this is a test!' },
    });
    expect(result.reward).toBeCloseTo(28 / 29, 12);
  });

  it('flags a template variable the item lacks as invalid_variable_error, reward 0', async () => {
    const result = await gradeSample(exact, { sample: { output_text: 'Paris' }, item: { answer: 'Paris' } });
    expect(result.reward).toBe(0);
    expect(result.errors.invalidVariableError).toBe(true);
    expect(result.errorMessage).toBe('{{item.reference_answer}} names nothing in the item');
  });

  it('computes a multi grader from its sub-rewards', async () => {
    const result = await gradeSample(
      {
        type: 'multi',
        name: 'Mixed',
        graders: { exact, similar },
        calculate_output: '0.25 * exact + 0.75 * similar',
      },
      { sample: { output_text: 'Pariss' }, item: { reference_answer: 'Paris' } },
    );
    // fuzzy: 2·5 / 11.
    expect(result.subRewards).toEqual({ exact: 0, similar: 10 / 11 });
    expect(result.reward).toBeCloseTo(0.75 * (10 / 11), 12);
  });

  it('names array-form graders by name, or by type when unique (the spec form)', async () => {
    const result = await gradeSample(
      {
        type: 'multi',
        name: 'List',
        graders: [exact, similar] as never,
        calculate_output: 'min(string_check, text_similarity)',
      },
      input,
    );
    expect(result.subRewards).toEqual({ 'Exact answer': 1, 'Close enough': 1 });
    expect(result.reward).toBe(1);
  });

  it('reports a formula error of a multi grader at run time (division by zero)', async () => {
    const result = await gradeSample(
      { type: 'multi', name: 'Broken', graders: { exact }, calculate_output: 'exact / (exact - 1)' },
      input,
    );
    expect(result).toMatchObject({ reward: 0, errors: { formulaParseError: true } });
  });

  it('asks the grading model for a score with a structured-output schema and the sampling params', async () => {
    const callModel = vi.fn(async (_request: GraderModelRequest) => ({
      text: JSON.stringify({ steps: [{ description: 'compare', conclusion: 'same city' }], result: 9 }),
      model: 'o4-mini-2025-04-16',
      usage,
    }));
    const result = await gradeSample(judge, input, { callModel });
    const request = callModel.mock.calls[0]?.[0] as GraderModelRequest;
    expect(request).toMatchObject({
      model: 'o4-mini-2025-04-16',
      messages: [
        { role: 'system', content: 'Score the answer from 0 to 10.' },
        { role: 'user', content: 'Reference: Paris\nAnswer: Paris' },
      ],
      temperature: 0,
      seed: 7,
      max_completion_tokens: 500,
      response_format: { type: 'json_schema', json_schema: { strict: true } },
    });
    expect(request.response_format.json_schema.schema).toMatchObject({ required: ['steps', 'result'] });
    expect(result).toMatchObject({
      reward: 9,
      scores: { result: 9 },
      sampledModelName: 'o4-mini-2025-04-16',
      tokenUsage: { promptTokens: 120, completionTokens: 30, totalTokens: 150, cachedTokens: 0 },
      modelGraderTokenUsagePerModel: { 'o4-mini-2025-04-16': { totalTokens: 150 } },
    });
  });

  it('refuses a score outside the range or not a number as a parse error, never a made-up score', async () => {
    for (const text of ['{"result": 11}', 'great answer', '']) {
      const result = await gradeSample(judge, input, { callModel: async () => ({ text }) });
      expect(result, text).toMatchObject({ reward: 0, errors: { modelGraderParseError: true } });
    }
    expect((await gradeSample(judge, input, { callModel: async () => ({ text: ' 7.5 ' }) })).reward).toBe(
      7.5,
    );
  });

  it('passes a label_model when its label is a passing label', async () => {
    const polite = await gradeSample(
      { type: 'multi', name: 'm', graders: { tone }, calculate_output: 'tone' },
      input,
      {
        callModel: async () => ({ text: '{"steps": [], "result": "polite"}' }),
      },
    );
    expect(polite.reward).toBe(1);
    const rude = await gradeSample(tone, input, {
      callModel: async () => ({ text: '{"steps": [], "result": "rude"}' }),
    });
    expect(rude).toMatchObject({ reward: 0, scores: { label: 'rude' }, errorMessage: null });
    const other = await gradeSample(tone, input, {
      callModel: async () => ({ text: '{"result": "sarcastic"}' }),
    });
    expect(other.errors.modelGraderParseError).toBe(true);
  });

  it('reports refusals and failed model calls', async () => {
    const refused = await gradeSample(judge, input, {
      callModel: async () => ({ text: '', refusal: 'I cannot help.' }),
    });
    expect(refused.errors.modelGraderRefusalError).toBe(true);
    const failed = await gradeSample(judge, input, {
      callModel: async () => {
        throw new Error('503 Service Unavailable');
      },
    });
    expect(failed.errors).toMatchObject({
      modelGraderServerError: true,
      modelGraderServerErrorDetails: '503 Service Unavailable',
    });
    const none = await gradeSample(judge, input);
    expect(none).toMatchObject({ reward: 0, errors: { modelGraderServerError: true } });
  });

  it('runs python only through runPython; without it the result says so', async () => {
    const python: Grader = {
      type: 'python',
      name: 'Py',
      source: 'def grade(sample, item):\n    return 0.5\n',
    };
    const none = await gradeSample(python, input);
    expect(none).toMatchObject({
      reward: 0,
      errors: { pythonGraderServerError: true, pythonGraderServerErrorType: 'no_python_runner' },
    });
    const run = vi.fn(async () => 0.5);
    expect((await gradeSample(python, input, { runPython: run })).reward).toBe(0.5);
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ source: python.source, item: input.item }));
    const crash = await gradeSample(python, input, {
      runPython: async () => {
        throw new Error('ZeroDivisionError: division by zero');
      },
    });
    expect(crash.errors).toMatchObject({
      pythonGraderRuntimeError: true,
      pythonGraderRuntimeErrorDetails: 'ZeroDivisionError: division by zero',
    });
  });

  it('needs an embed function for cosine', async () => {
    const cosine: Grader = { ...similar, evaluation_metric: 'cosine' } as Grader;
    expect((await gradeSample(cosine, input)).errors.otherError).toBe(true);
    const embed = vi.fn(async () => [
      [3, 4],
      [4, 3],
    ]);
    expect((await gradeSample(cosine, input, { embed })).reward).toBeCloseTo(24 / 25, 12);
    expect(embed).toHaveBeenCalledWith(['Paris', 'Paris'], undefined);
  });

  it('throws a usage error naming the field of a malformed grader', async () => {
    const error = await gradeSample({ ...exact, operation: 'is' } as never, input).catch(
      (caught: unknown) => caught,
    );
    expect(FinetuneKitUsageError.isInstance(error)).toBe(true);
    expect((error as FinetuneKitUsageError).option).toBe('grader.operation');
  });

  it('stops on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await gradeSample(exact, input, { signal: controller.signal }).catch(
      (caught: unknown) => caught,
    );
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
  });
});

describe('sampleFromText', () => {
  it('fills output_json when the sample is JSON, as the graders API does with model_sample', () => {
    expect(sampleFromText('{"answer": 42}')).toEqual({
      output_text: '{"answer": 42}',
      output_json: { answer: 42 },
    });
    expect(sampleFromText('Paris')).toEqual({ output_text: 'Paris' });
  });
});
