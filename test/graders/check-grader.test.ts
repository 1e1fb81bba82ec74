import { describe, expect, it } from 'vitest';
import { checkGrader } from '../../src/graders/check-grader.js';

const exact = {
  type: 'string_check',
  name: 'Exact answer',
  input: '{{sample.output_text}}',
  reference: '{{item.reference_answer}}',
  operation: 'eq',
};
const tone = {
  type: 'label_model',
  name: 'Tone',
  model: 'gpt-4.1-mini-2025-04-14',
  input: [
    { role: 'system', content: 'Label the tone as polite, neutral or rude.' },
    { role: 'user', content: [{ type: 'input_text', text: 'Answer: {{sample.output_text}}' }] },
  ],
  labels: ['polite', 'neutral', 'rude'],
  passing_labels: ['polite', 'neutral'],
};

describe('checkGrader (the graders API rules)', () => {
  it('accepts a valid grader with no problems', () => {
    expect(checkGrader(exact)).toEqual([]);
    expect(
      checkGrader({
        type: 'multi',
        name: 'Mixed',
        graders: { exact, tone },
        calculate_output: '0.7 * exact + 0.3 * tone',
      }),
    ).toEqual([]);
  });

  it('takes label_model as the outer grader only when asked (evals), not for jobs and the graders API', () => {
    expect(checkGrader(tone)[0]).toMatchObject({ path: 'grader.type' });
    expect(checkGrader(tone, 'grader', { allowLabelModel: true })).toEqual([]);
  });

  it('names every problem with its path, the API wording and code', () => {
    expect(
      checkGrader({ ...exact, operation: 'equals', reference: 3 }, 'method.reinforcement.grader'),
    ).toEqual([
      {
        path: 'method.reinforcement.grader.reference',
        message: "3 is not of type 'string' - 'method.reinforcement.grader.reference'",
        code: null,
      },
      {
        path: 'method.reinforcement.grader.operation',
        message:
          "'equals' is not one of ['eq', 'ne', 'like', 'ilike'] - 'method.reinforcement.grader.operation'",
        code: null,
      },
    ]);
    expect(checkGrader({ type: 'python', name: 'p' })).toEqual([
      {
        path: 'grader.source',
        message: "Missing required parameter: 'grader.source'.",
        code: 'missing_required_parameter',
      },
    ]);
  });

  it('checks templates: namespaces, sample variables, paths', () => {
    expect(checkGrader({ ...exact, reference: '{{data.answer}}' })[0]?.message).toContain(
      "unknown namespace 'data'",
    );
    expect(checkGrader({ ...exact, input: '{{sample.output}}' })[0]).toMatchObject({
      path: 'grader.input',
      message: expect.stringContaining('the sample has output_text, output_json, output_tools, choices'),
    });
    expect(checkGrader({ ...exact, input: '{{sample.output_json.answer[0]}}' })).toEqual([]);
    expect(
      checkGrader({
        ...tone,
        type: 'score_model',
        input: [{ role: 'user', content: [{ type: 'input_text', text: '{{ item }}' }] }],
      })[0],
    ).toMatchObject({ path: 'grader.input.0.content.0.text' });
  });

  it('checks model grader messages', () => {
    const score = {
      type: 'score_model',
      name: 's',
      model: 'o4-mini',
      input: [{ role: 'wizard', content: 'x' }],
    };
    expect(checkGrader(score)[0]).toMatchObject({ path: 'grader.input.0.role' });
    expect(checkGrader({ ...score, input: [{ role: 'user' }] })[0]).toMatchObject({
      path: 'grader.input.0.content',
    });
    expect(
      checkGrader({ ...score, input: [{ role: 'user', content: [{ type: 'video' }] }] })[0],
    ).toMatchObject({
      path: 'grader.input.0.content.0.type',
    });
  });

  it('checks a python grader defines grade()', () => {
    expect(
      checkGrader({ type: 'python', name: 'p', source: 'def score(sample, item):\n    return 1' })[0],
    ).toMatchObject({
      path: 'grader.source',
      message: expect.stringContaining('defines no grade(sample, item) function'),
    });
    expect(
      checkGrader({
        type: 'python',
        name: 'p',
        source: 'import json\n\ndef grade(sample, item) -> float:\n    return 1.0\n',
      }),
    ).toEqual([]);
  });

  it("checks a multi grader's formula against its graders' names", () => {
    const multi = { type: 'multi', name: 'm', graders: { exact, tone }, calculate_output: 'exact + similar' };
    expect(checkGrader(multi)).toEqual([
      expect.objectContaining({
        path: 'grader.calculate_output',
        message: expect.stringContaining("invalid formula: unknown name 'similar'"),
      }),
    ]);
    expect(checkGrader({ ...multi, calculate_output: 'exact +* tone' })[0]?.message).toContain(
      "unexpected '*'",
    );
    expect(checkGrader({ ...multi, graders: { inner: multi }, calculate_output: 'inner' })[0]).toMatchObject({
      path: 'grader.graders.inner.type',
    });
  });
});
