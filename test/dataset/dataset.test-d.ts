import { describe, expectTypeOf, it } from 'vitest';
import {
  type CostUnavailableReason,
  Dataset,
  type DatasetFormat,
  type DatasetIssue,
  type DatasetIssueCode,
  type DatasetLine,
  type DatasetReport,
  type DistributionSummary,
  type FixResult,
  type IssueSeverity,
  type SplitResult,
  type ValidateOptions,
} from '../../src/dataset/index.js';

describe('Dataset types', () => {
  it('validate() resolves to a typed report', () => {
    expectTypeOf(Dataset.fromFile('x.jsonl').validate()).resolves.toEqualTypeOf<DatasetReport>();
    expectTypeOf<DatasetReport['format']>().toEqualTypeOf<DatasetFormat>();
    expectTypeOf<DatasetReport['issues']>().toEqualTypeOf<readonly DatasetIssue[]>();
    expectTypeOf<DatasetReport['countsByCode']>().toEqualTypeOf<
      Readonly<Partial<Record<DatasetIssueCode, number>>>
    >();
    expectTypeOf<DatasetReport['countsBySeverity']>().toEqualTypeOf<
      Readonly<Record<IssueSeverity, number>>
    >();
    expectTypeOf<DatasetReport['estimate']['costUsd']>().toEqualTypeOf<number | null>();
    expectTypeOf<
      DatasetReport['estimate']['costUnavailable']
    >().toEqualTypeOf<CostUnavailableReason | null>();
    expectTypeOf<DatasetReport['stats']['totalTokens']>().toEqualTypeOf<DistributionSummary | null>();
    expectTypeOf<DatasetReport['validation']>().toEqualTypeOf<DatasetReport | null>();
  });

  it('issue codes are a closed union', () => {
    expectTypeOf<'invalid_json'>().toMatchTypeOf<DatasetIssueCode>();
    expectTypeOf<'not_a_code'>().not.toMatchTypeOf<DatasetIssueCode>();
    expectTypeOf<DatasetIssue['code']>().toEqualTypeOf<DatasetIssueCode>();
  });

  it('options are checked at compile time', () => {
    expectTypeOf<{ model: 'gpt-4o-mini'; method: 'dpo' }>().toMatchTypeOf<ValidateOptions>();
    expectTypeOf<{ method: 'sft' }>().not.toMatchTypeOf<ValidateOptions>();
    expectTypeOf<{ severity: { example_too_long: 'error' } }>().toMatchTypeOf<ValidateOptions>();
    expectTypeOf<{ severity: { not_a_code: 'error' } }>().not.toMatchTypeOf<ValidateOptions>();
    expectTypeOf<{
      method: { type: 'dpo'; dpo: { hyperparameters: { beta: 0.1 } } };
    }>().toMatchTypeOf<ValidateOptions>();
  });

  it('iteration, fixes and splits are typed', () => {
    const dataset = Dataset.fromString('');
    expectTypeOf(dataset).toMatchTypeOf<AsyncIterable<DatasetLine>>();
    expectTypeOf(dataset.fix().text()).resolves.toEqualTypeOf<{
      readonly text: string;
      readonly result: FixResult;
    }>();
    expectTypeOf(dataset.fix().toFile('out.jsonl')).resolves.toMatchTypeOf<
      FixResult & { readonly bytesWritten: number }
    >();
    expectTypeOf(dataset.split().toFiles('a', 'b')).resolves.toEqualTypeOf<SplitResult>();
  });
});
