import { describe, expectTypeOf, it } from 'vitest';
import type { ChatClient } from '../../src/evaluate/ask-model.js';
import {
  type EvalGrader,
  type EvaluateOptions,
  EvaluationResult,
  evaluate,
  evaluateJob,
  type ModelEvaluation,
} from '../../src/evaluate/index.js';

describe('evaluate types', () => {
  it('resolves to an EvaluationResult whose models carry typed estimates', () => {
    expectTypeOf(evaluate).returns.resolves.toEqualTypeOf<EvaluationResult>();
    expectTypeOf(evaluateJob).returns.resolves.toEqualTypeOf<EvaluationResult>();
    expectTypeOf<ModelEvaluation['scores'][string]>().toEqualTypeOf<{
      readonly mean: number;
      readonly low: number;
      readonly high: number;
    }>();
    expectTypeOf<ModelEvaluation['kind']>().toEqualTypeOf<'base' | 'checkpoint' | 'fine_tuned'>();
    expectTypeOf(EvaluationResult.fromJSON).returns.toEqualTypeOf<EvaluationResult>();
  });

  it('takes presets, evaluation graders and the API grader objects, nothing else', () => {
    expectTypeOf<'exact'>().toMatchTypeOf<EvalGrader>();
    expectTypeOf<{ type: 'tool_calls'; partial: true }>().toMatchTypeOf<EvalGrader>();
    expectTypeOf<{
      type: 'string_check';
      name: 'x';
      input: '{{sample.output_text}}';
      reference: '{{item.reference_answer}}';
      operation: 'ilike';
    }>().toMatchTypeOf<EvalGrader>();
    expectTypeOf<'exactly'>().not.toMatchTypeOf<EvalGrader>();
    expectTypeOf<{ type: 'string_check'; operation: 'equals' }>().not.toMatchTypeOf<EvalGrader>();
  });

  it('needs models and data; the client needs only chat completions', () => {
    expectTypeOf<{ data: [] }>().not.toMatchTypeOf<EvaluateOptions>();
    expectTypeOf<{ models: ['gpt-4o-mini']; data: 'valid.jsonl' }>().toMatchTypeOf<EvaluateOptions>();
    expectTypeOf<ChatClient>().toHaveProperty('chat');
  });
});
