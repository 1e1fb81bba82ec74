import { describe, expectTypeOf, it } from 'vitest';
import { issueDraft } from '../../src/dataset/checks/issue-draft.js';
import type {
  DatasetIssue,
  DatasetIssueCode,
  InvalidJsonDetails,
  InvalidWeightDetails,
  IssueDetailsByCode,
  NoIssueDetails,
} from '../../src/dataset/index.js';
import type { IssueDraft } from '../../src/dataset/types.js';

declare const issue: DatasetIssue;

describe('DatasetIssue: a union discriminated on code', () => {
  it('narrows details by checking the code', () => {
    if (issue.code === 'invalid_weight') {
      expectTypeOf(issue.details).toEqualTypeOf<InvalidWeightDetails>();
      expectTypeOf(issue.details.weight).toEqualTypeOf<unknown>();
      // @ts-expect-error -- `column` belongs to invalid_json, not invalid_weight
      void issue.details.column;
    }
    if (issue.code === 'invalid_json') {
      expectTypeOf(issue.details.column).toEqualTypeOf<number | undefined>();
    }
    if (issue.code === 'invalid_utf8') expectTypeOf(issue.details.byteOffset).toEqualTypeOf<number>();
    if (issue.code === 'too_few_examples') {
      expectTypeOf(issue.details).toEqualTypeOf<{ readonly examples: number; readonly minimum: number }>();
    }
    if (issue.code === 'example_too_long') {
      expectTypeOf(issue.details).toEqualTypeOf<{ readonly tokens: number; readonly limit: number }>();
    }
  });

  it('types the details of a code without details as an empty object', () => {
    if (issue.code === 'blank_line') {
      expectTypeOf(issue.details).toEqualTypeOf<NoIssueDetails>();
      // @ts-expect-error -- blank_line has no details
      void issue.details.weight;
    }
    expectTypeOf<IssueDetailsByCode['missing_role']>().toEqualTypeOf<NoIssueDetails>();
    expectTypeOf<keyof IssueDetailsByCode>().toEqualTypeOf<DatasetIssueCode>();
  });

  it('keeps the common fields on every member, and details always present', () => {
    expectTypeOf(issue.code).toEqualTypeOf<DatasetIssueCode>();
    expectTypeOf(issue.line).toEqualTypeOf<number | undefined>();
    expectTypeOf(issue.path).toEqualTypeOf<string | undefined>();
    expectTypeOf(issue.message).toEqualTypeOf<string>();
    expectTypeOf<DatasetIssue<'invalid_json'>['details']>().toEqualTypeOf<InvalidJsonDetails>();
    // @ts-expect-error -- the old flat fields are gone: they live in details
    void issue.column;
    // @ts-expect-error -- likewise byteOffset
    void issue.byteOffset;
  });

  it('rejects an issue whose details do not fit its code', () => {
    const good: DatasetIssue = {
      code: 'invalid_weight',
      severity: 'error',
      message: 'w',
      details: { weight: 2 },
    };
    expectTypeOf(good.details).toEqualTypeOf<InvalidWeightDetails>();
    const wrong: DatasetIssue = {
      code: 'invalid_utf8',
      severity: 'error',
      message: 'u',
      // @ts-expect-error -- invalid_utf8 has byteOffset, not column
      details: { column: 3 },
    };
    void wrong;
    // @ts-expect-error -- details are required on a report issue, also `{}` for a code without any
    const missing: DatasetIssue = { code: 'blank_line', severity: 'warning', message: 'b' };
    void missing;
  });
});

describe('issueDraft: creation checked against the code', () => {
  it('requires the details of a code with a required detail', () => {
    expectTypeOf(issueDraft('invalid_weight', 'w', {}, { weight: 2 })).toEqualTypeOf<IssueDraft>();
    // @ts-expect-error -- invalid_weight needs its weight
    issueDraft('invalid_weight', 'w', {});
    // @ts-expect-error -- a misspelt detail field is an error
    issueDraft('invalid_weight', 'w', {}, { wieght: 2 });
    // @ts-expect-error -- a detail of the wrong type is an error
    issueDraft('invalid_utf8', 'u', {}, { byteOffset: '7' });
  });

  it('accepts no details, or optional ones, where the code allows', () => {
    issueDraft('blank_line', 'b');
    issueDraft('invalid_json', 'j');
    issueDraft('invalid_json', 'j', {}, { column: 3 });
    // @ts-expect-error -- blank_line has no details at all
    issueDraft('blank_line', 'b', {}, { weight: 1 });
  });

  it('checks draft literals the same way', () => {
    const draft: IssueDraft = {
      code: 'too_many_examples',
      message: 'm',
      details: { examples: 9, maximum: 8 },
    };
    void draft;
    // @ts-expect-error -- too_many_examples needs its counts
    const bare: IssueDraft = { code: 'too_many_examples', message: 'm' };
    void bare;
  });
});
