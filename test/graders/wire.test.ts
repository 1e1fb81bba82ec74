import { describe, expect, it } from 'vitest';
import { gradeSample } from '../../src/graders/grade.js';
import { fromRunGraderResponse, toRunGraderResponse } from '../../src/graders/wire.js';

// The example response of the API reference's "Run grader" page (a score_model grader).
const apiExample = {
  reward: 1.0,
  metadata: {
    name: 'Example score model grader',
    type: 'score_model',
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
    execution_time: 4.365238428115845,
    scores: {},
    token_usage: { prompt_tokens: 190, total_tokens: 324, completion_tokens: 134, cached_tokens: 0 },
    sampled_model_name: 'gpt-4o-2024-08-06',
  },
  sub_rewards: {},
  model_grader_token_usage_per_model: {
    'gpt-4o-2024-08-06': { prompt_tokens: 190, total_tokens: 324, completion_tokens: 134, cached_tokens: 0 },
  },
};

describe('RunGraderResponse', () => {
  it("reads the API reference's example into a GradeResult", () => {
    expect(fromRunGraderResponse(apiExample)).toEqual({
      reward: 1,
      name: 'Example score model grader',
      type: 'score_model',
      subRewards: {},
      errors: expect.objectContaining({ modelGraderParseError: false, pythonGraderServerErrorType: null }),
      errorMessage: null,
      executionTime: 4.365238428115845,
      scores: {},
      tokenUsage: { promptTokens: 190, completionTokens: 134, totalTokens: 324, cachedTokens: 0 },
      sampledModelName: 'gpt-4o-2024-08-06',
      modelGraderTokenUsagePerModel: {
        'gpt-4o-2024-08-06': { promptTokens: 190, completionTokens: 134, totalTokens: 324, cachedTokens: 0 },
      },
    });
  });

  it('is lenient: integer token_usage (the spec), missing flags, unknown types', () => {
    const result = fromRunGraderResponse({
      reward: 0,
      metadata: {
        type: 'endpoint_v2',
        token_usage: 42,
        errors: { model_grader_server_error: true, model_grader_server_error_details: 'timeout' },
      },
    });
    expect(result).toMatchObject({
      type: 'endpoint_v2',
      tokenUsage: { totalTokens: 42 },
      errors: { modelGraderServerError: true, formulaParseError: false },
      errorMessage: 'model_grader_server_error: timeout',
      subRewards: {},
    });
  });

  it('round-trips a local result through the wire shape', async () => {
    const local = await gradeSample(
      {
        type: 'string_check',
        name: 'Exact',
        input: '{{sample.output_text}}',
        reference: 'Paris',
        operation: 'eq',
      },
      { sample: { output_text: 'Paris' } },
    );
    const wire = toRunGraderResponse(local);
    expect(wire.metadata.errors).toEqual(apiExample.metadata.errors);
    expect(fromRunGraderResponse(wire)).toEqual(local);
  });
});
