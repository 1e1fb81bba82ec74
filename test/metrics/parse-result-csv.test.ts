import { describe, expect, it } from 'vitest';
import { parseResultCsv, parseResultFile } from '../../src/metrics/parse-result-csv.js';
import { fixtureBytes, fixtureText } from './fixtures.js';

describe('parseResultCsv: column sets', () => {
  it('reads the OpenAI file (base64, 5 decimals, exponents, empty valid cells)', () => {
    const csv = parseResultFile(fixtureText('openai-sft-cookbook.csv.b64'), { id: 'file-results' });
    expect(csv).toMatchObject({ profile: 'openai', precision: 'rounded', encoding: 'base64', issues: [] });
    expect(csv.columns.map((column) => column.name)).toEqual([
      'step',
      'train_loss',
      'train_mean_token_accuracy',
      'valid_loss',
      'valid_mean_token_accuracy',
    ]);
    expect(csv.rows[0]).toEqual({
      step: 1,
      row: 1,
      line: 2,
      values: { train_loss: 3.63265, train_mean_token_accuracy: 0.5 },
      extra: {},
    });
    const byStep = new Map(csv.rows.map((row) => [row.step, row.values]));
    expect(byStep.get(30)).toEqual({ train_loss: 6e-5, train_mean_token_accuracy: 1 });
    expect(byStep.get(309)).toEqual({ train_loss: 0, train_mean_token_accuracy: 1 });
    // Empty cells are missing, never 0.
    expect(csv.rows.every((row) => !('valid_loss' in row.values))).toBe(true);
  });

  it('reads the Azure file at full precision, with full_valid columns', () => {
    const csv = parseResultCsv(fixtureText('azure-sft.csv'));
    expect(csv).toMatchObject({ profile: 'azure', precision: 'full', issues: [] });
    expect(csv.rows.map((row) => row.step)).toEqual([1, 10, 19]);
    expect(csv.rows[0]?.values).toEqual({
      train_loss: 10.16711711883545,
      train_mean_token_accuracy: 0.4,
      valid_loss: 8.555203056335449,
      valid_mean_token_accuracy: 0.4,
    });
    expect(csv.rows[2]?.values).toMatchObject({
      full_valid_loss: 2.9541015625,
      full_valid_mean_token_accuracy: 0.7421875,
    });
  });

  it('reads an Azure file with BOM, CRLF and the validation_mean_token_accuracy alias', () => {
    const csv = parseResultFile(fixtureBytes('azure-sft-bom-crlf.csv'));
    expect(csv.issues).toEqual([]);
    expect(csv.encoding).toBe('plain');
    expect(csv.columns[4]).toEqual({
      header: 'validation_mean_token_accuracy',
      name: 'valid_mean_token_accuracy',
      known: true,
    });
    expect(csv.rows).toEqual([
      {
        step: 1,
        row: 1,
        line: 2,
        values: {
          train_loss: 1.9824,
          train_mean_token_accuracy: 0.61,
          valid_loss: 2.013,
          valid_mean_token_accuracy: 0.6,
        },
        extra: {},
      },
      {
        step: 2,
        row: 2,
        line: 3,
        values: { train_loss: 1.7712, train_mean_token_accuracy: 0.64 },
        extra: {},
      },
    ]);
  });

  it('reads Azure reinforcement columns with / and quoted grader names with spaces and commas', () => {
    const csv = parseResultCsv(fixtureText('azure-rft.csv'));
    expect(csv.profile).toBe('reinforcement');
    expect(csv.issues).toEqual([]);
    const first = csv.rows[0];
    expect(first?.values).toEqual({
      train_reward_mean: 0.3125,
      valid_reward_mean: 0.2875,
      completion_tokens_mean: 2104.5,
      reasoning_tokens_mean: 2011.25,
      mean_unresponsive_rewards: 0,
      'timing/step/sampling': 211.53,
      'timing/step/training': 388.02,
      'timing/step/eval': 95.11,
      'timing/step/full_iteration': 694.66,
    });
    expect(first?.extra).toEqual({
      'scores/graders/score_model/Clinical Accuracy/train_reward_mean': 0.28125,
      'scores/graders/score_model/Clinical Accuracy/valid_reward_mean': 0.2875,
      'scores/graders/python/format, strict/train_reward_mean': 0.96875,
      // Azure's extra `errors/` segment is removed, to match the flattened event keys.
      'errors/graders/score_model/Clinical Accuracy/train_sample_parse_error_mean': 0.03125,
      'errors/graders/score_model/Clinical Accuracy/valid_sample_parse_error_mean': 0,
      'errors/graders/score_model/Clinical Accuracy/train_other_error_count': 0,
      train_error_count_lookup_icd10: 2,
    });
    expect(csv.rows[1]?.values).not.toHaveProperty('valid_reward_mean');
  });

  it('reads the legacy fine-tunes columns, mapping names and treating -1 as missing by default', () => {
    const csv = parseResultCsv(fixtureText('legacy-classification.csv'));
    expect(csv.profile).toBe('legacy');
    expect(csv.rows[0]?.values).toEqual({
      train_loss: 0.2119,
      train_mean_token_accuracy: 0.5,
      train_sequence_accuracy: 0,
      elapsed_tokens: 1026,
      elapsed_examples: 4,
    });
    expect(csv.rows[1]?.values).toMatchObject({
      valid_loss: 0.1977,
      valid_sequence_accuracy: 0.25,
      valid_mean_token_accuracy: 0.625,
    });
    const last = csv.rows[csv.rows.length - 1];
    expect(last?.step).toBe(2250);
    expect(last?.extra).toEqual({
      'classification/accuracy': 0.889,
      'classification/precision': 0.901,
      'classification/recall': 0.874,
      'classification/auroc': 0.9502,
      'classification/auprc': 0.9411,
      'classification/f1.0': 0.88731,
    });
    expect(last?.values).not.toHaveProperty('valid_loss');
  });

  it('keeps legacy -1 as a number when asked', () => {
    const csv = parseResultCsv(fixtureText('legacy-classification.csv'), { legacySentinel: 'keep' });
    expect(csv.rows[0]?.values.valid_loss).toBe(-1);
  });

  it('keeps -1 as a number outside the legacy profile', () => {
    const csv = parseResultCsv('step,train_loss,train_accuracy\n1,-1,0.5\n');
    expect(csv.rows[0]?.values.train_loss).toBe(-1);
  });
});

describe('parseResultCsv: cells and rows', () => {
  it('keeps nan and inf as non-finite values and flags them', () => {
    const csv = parseResultCsv(
      'step,train_loss,valid_loss,train_accuracy\n1,nan,inf,-Infinity\n2,NaN,1e-5,1\n',
    );
    expect(csv.rows[0]?.values.train_loss).toBeNaN();
    expect(csv.rows[0]?.values.valid_loss).toBe(Number.POSITIVE_INFINITY);
    expect(csv.rows[0]?.values.train_mean_token_accuracy).toBe(Number.NEGATIVE_INFINITY);
    expect(csv.rows[1]?.values.valid_loss).toBe(1e-5);
    expect(csv.issueCounts.result_csv_non_finite_cell).toBe(4);
    expect(csv.issues[0]).toMatchObject({
      code: 'result_csv_non_finite_cell',
      severity: 'info',
      row: 1,
      line: 2,
      column: 'train_loss',
      step: 1,
    });
  });

  it('reads non-numeric cells as missing with their row, line and column', () => {
    const csv = parseResultCsv('step,train_loss,train_accuracy\n1,0.5,0.9\n2,oops,0.8\n3,0x10,0.7\n');
    expect(csv.rows[1]?.values).toEqual({ train_mean_token_accuracy: 0.8 });
    expect(csv.rows[2]?.values).toEqual({ train_mean_token_accuracy: 0.7 });
    expect(csv.issues).toHaveLength(2);
    expect(csv.issues[0]).toMatchObject({
      code: 'result_csv_non_numeric_cell',
      severity: 'warning',
      row: 2,
      line: 3,
      column: 'train_loss',
    });
    expect(csv.issues[0]?.message).toContain('row 2 (line 3)');
    expect(csv.issues[0]?.message).toContain('"oops"');
  });

  it('skips malformed rows and reports their row numbers', () => {
    const csv = parseResultCsv(
      'step,train_loss,train_accuracy\n1,0.5,0.9\n2,0.4\n3,0.3,0.8,extra\n4,0.2,0.95\n',
    );
    expect(csv.rows.map((row) => row.step)).toEqual([1, 4]);
    expect(csv.issues.map((issue) => [issue.code, issue.row, issue.line])).toEqual([
      ['result_csv_malformed_row', 2, 3],
      ['result_csv_malformed_row', 3, 4],
    ]);
  });

  it('reports invalid and duplicate steps', () => {
    const csv = parseResultCsv('step,train_loss\n1,0.5\n,0.4\n1.5,0.3\n-2,0.3\n1,0.9\n2.0,0.1\n');
    expect(csv.rows.map((row) => [row.step, row.values.train_loss])).toEqual([
      [1, 0.5],
      [2, 0.1],
    ]);
    expect(csv.issues.map((issue) => [issue.code, issue.row])).toEqual([
      ['result_csv_invalid_step', 2],
      ['result_csv_invalid_step', 3],
      ['result_csv_invalid_step', 4],
      ['result_csv_duplicate_step', 5],
    ]);
  });

  it('reports a missing step column (the W&B KeyError: step case) and gives no rows', () => {
    const csv = parseResultCsv('train_loss,valid_loss\n0.5,0.6\n');
    expect(csv.rows).toEqual([]);
    expect(csv.issues).toHaveLength(1);
    expect(csv.issues[0]).toMatchObject({ code: 'result_csv_missing_step', severity: 'error' });
    expect(csv.issues[0]?.message).toContain('train_loss,valid_loss');
  });

  it('reports an unrecognized body through parseResultFile', () => {
    const csv = parseResultFile('%PDF-1.7 binary', { id: 'file-x' });
    expect(csv.rows).toEqual([]);
    expect(csv.issues[0]).toMatchObject({ code: 'unrecognized_result_file', id: 'file-x' });
  });

  it('handles quoted cells with commas, quotes and line breaks, and counts lines', () => {
    const text = 'step,"grader ""A"", v2/train_reward_mean","note"\n1,0.5,"two\nlines"\n2,0.6,x\n';
    const csv = parseResultCsv(text);
    expect(csv.columns[1]?.header).toBe('grader "A", v2/train_reward_mean');
    expect(csv.rows[0]?.extra).toEqual({ 'grader "A", v2/train_reward_mean': 0.5 });
    // The note column is text: reported, not fatal. Row 2 starts on line 4 because row 1 spans two lines.
    expect(csv.issues.map((issue) => [issue.code, issue.row, issue.line])).toEqual([
      ['result_csv_non_numeric_cell', 1, 2],
      ['result_csv_non_numeric_cell', 2, 4],
    ]);
  });

  it('reports an unterminated quote and keeps the rows before it', () => {
    const csv = parseResultCsv('step,train_loss\n1,0.5\n2,"0.4\n3,0.3\n');
    expect(csv.rows.map((row) => row.step)).toEqual([1]);
    expect(csv.issues[0]).toMatchObject({ code: 'result_csv_unterminated_quote', line: 3 });
  });

  it('reports a header without rows, and a file without a header', () => {
    expect(parseResultCsv('step,train_loss\n').issues[0]?.code).toBe('result_csv_empty');
    expect(parseResultCsv('').issues[0]?.code).toBe('result_csv_missing_step');
  });

  it('reports two columns mapping to one metric and keeps the second verbatim when they differ', () => {
    const csv = parseResultCsv('step,train_accuracy,train_mean_token_accuracy\n1,0.5,0.5\n2,0.6,0.61\n');
    expect(csv.issues[0]).toMatchObject({
      code: 'result_csv_duplicate_column',
      column: 'train_mean_token_accuracy',
    });
    expect(csv.rows[0]).toMatchObject({ values: { train_mean_token_accuracy: 0.5 }, extra: {} });
    // The canonical header wins over the alias.
    expect(csv.rows[1]).toMatchObject({
      values: { train_mean_token_accuracy: 0.61 },
      extra: { train_accuracy: 0.6 },
    });
    expect(csv.issues.map((issue) => issue.code)).toContain('alias_conflict');
  });

  it('detects full precision from the data when the header does not say', () => {
    expect(parseResultCsv('step,train_loss,train_accuracy\n1,0.123456,0.5\n').precision).toBe('full');
    expect(parseResultCsv('step,train_loss,train_accuracy\n1,0.12345,0.5\n').precision).toBe('rounded');
    expect(parseResultCsv('step,train_loss,train_accuracy\n1,1.2e-7,0.5\n').precision).toBe('full');
  });

  it('caps stored issues per code but keeps exact counts', () => {
    const rows = Array.from({ length: 30 }, (_, index) => `${index + 1},bad`).join('\n');
    const csv = parseResultCsv(`step,train_loss\n${rows}\n`, { maxIssuesPerCode: 5 });
    expect(csv.issueCounts.result_csv_non_numeric_cell).toBe(30);
    expect(csv.issues).toHaveLength(6);
    expect(csv.issues[5]?.message).toContain('25 more');
  });
});
