import { describe, expect, it } from 'vitest';
import { Dataset, type DatasetReport, type ValidateOptions } from '../../src/dataset/index.js';
import { FinetuneKitUsageError } from '../../src/errors.js';
import { chatLines, jsonl } from './helpers/datasets.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const validate = (text: string, options: ValidateOptions = {}) =>
  Dataset.fromString(text, { name: 'valid.jsonl' }).validate({ now: NOW, model: 'gpt-4o-mini', ...options });
const codes = (report: DatasetReport) => report.issues.map((issue) => issue.code);

describe("Dataset.validate({ role: 'validation' }): a job's validation file on its own", () => {
  it('has no 10-example minimum and no 50-example recommendation (OpenAI states them for training files)', async () => {
    const two = jsonl(chatLines(2));
    const asTraining = await validate(two);
    expect(asTraining.ok).toBe(false);
    expect(codes(asTraining)).toContain('too_few_examples');
    const asValidation = await validate(two, { role: 'validation' });
    expect(asValidation.ok).toBe(true);
    expect(asValidation.examples).toBe(2);
    expect(codes(asValidation)).not.toContain('too_few_examples');
    expect(codes(asValidation)).not.toContain('few_examples');
  });

  it('still applies the maximum, naming the validation file, and the per-example checks', async () => {
    const report = await validate(jsonl([...chatLines(6), '{"messages": [{"role": "user"}]}']), {
      role: 'validation',
      limits: { maxExamples: 5 },
    });
    const tooMany = report.issues.find((issue) => issue.code === 'too_many_examples');
    expect(tooMany).toMatchObject({
      severity: 'error',
      message: 'Validation file: 7 examples, over the maximum of 5.',
    });
    expect(report.ok).toBe(false);
    expect(report.issues.some((issue) => issue.line === 7 && issue.severity === 'error')).toBe(true);
  });

  it("checks the file's format against the method, as the server does for validation_file", async () => {
    const report = await validate(jsonl(chatLines(3)), { role: 'validation', method: 'dpo' });
    expect(codes(report)).toContain('format_method_mismatch');
  });

  it('refuses role "validation" with a validationFile (that combination checks a training file)', async () => {
    const error = await validate(jsonl(chatLines(12)), {
      role: 'validation',
      validationFile: Dataset.fromString(jsonl(chatLines(2))),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FinetuneKitUsageError);
    expect(error).toMatchObject({ option: 'options.validationFile' });
    const bad = await validate(jsonl(chatLines(12)), { role: 'holdout' as never }).catch(
      (caught: unknown) => caught,
    );
    expect(bad).toMatchObject({ option: 'options.role' });
  });
});

describe('the example count checks are independent', () => {
  it('reports too_many_examples for a file under the recommended 50 examples', async () => {
    const report = await validate(jsonl(chatLines(30)), { limits: { maxExamples: 20 } });
    expect(codes(report)).toEqual(expect.arrayContaining(['few_examples', 'too_many_examples']));
    expect(report.ok).toBe(false);
  });
});
