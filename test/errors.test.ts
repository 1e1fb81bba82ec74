import { describe, expect, it } from 'vitest';
import {
  DatasetError,
  FinetuneKitError,
  JobCancelledError,
  JobFailedError,
  redactSecrets,
  UploadError,
} from '../src/errors.js';

describe('error family', () => {
  const failedJob = {
    id: 'ftjob-abc',
    status: 'failed',
    error: { code: 'invalid_n_examples', message: 'Training file has 7 example(s)', param: 'training_file' },
  };

  it('formats one-line messages with id and reason', () => {
    const error = new JobFailedError(failedJob);
    expect(error.message).toBe(
      'Fine-tuning job ftjob-abc failed: invalid_n_examples: Training file has 7 example(s)',
    );
    expect(error.jobError).toEqual({
      code: 'invalid_n_examples',
      message: 'Training file has 7 example(s)',
      param: 'training_file',
    });
    expect(error.code).toBe('job_failed');
  });

  it('normalises an empty server error object', () => {
    const error = new JobFailedError({ id: 'ftjob-x', status: 'failed', error: {} });
    expect(error.jobError).toEqual({ code: null, message: null, param: null });
    expect(error.message).toContain('unknown_error');
  });

  it('isInstance works per class and across copies (one marker symbol per class)', () => {
    const failed = new JobFailedError(failedJob);
    expect(FinetuneKitError.isInstance(failed)).toBe(true);
    expect(JobFailedError.isInstance(failed)).toBe(true);
    expect(JobCancelledError.isInstance(failed)).toBe(false);
    expect(FinetuneKitError.isInstance(new Error('x'))).toBe(false);
    // A structural copy from another install: the same registered marker symbols, any class name.
    class Renamed extends Error {}
    const foreign = new Renamed('x');
    Object.defineProperty(foreign, Symbol.for('finetune-kit.error'), { value: true });
    expect(JobFailedError.isInstance(foreign)).toBe(false);
    Object.defineProperty(foreign, Symbol.for('finetune-kit.error.JobFailedError'), { value: true });
    expect(JobFailedError.isInstance(foreign)).toBe(true);
    expect(JobCancelledError.isInstance(foreign)).toBe(false);
    // The markers stay out of spreads and JSON.
    expect(Object.getOwnPropertySymbols({ ...failed })).toEqual([]);
  });

  it('keeps the cause and never shows an API key', () => {
    const cause = new Error('401 Incorrect API key provided: sk-proj-abcdef123456');
    const error = new UploadError('Upload failed with key sk-proj-abcdef123456', 'upload_failed', undefined, {
      cause,
    });
    expect(error.cause).toBe(cause);
    expect(error.message).not.toContain('abcdef123456');
    expect(JSON.stringify(error)).not.toContain('abcdef123456');
    expect(redactSecrets('Authorization: Bearer abc.def-123456')).toBe('Authorization: [redacted]');
  });

  it('DatasetError carries the report and source', () => {
    const report = { ok: false };
    const error = new DatasetError('train.jsonl has 3 errors', 'dataset_invalid', {
      report,
      source: 'train.jsonl',
    });
    expect(error.report).toBe(report);
    expect(error.source).toBe('train.jsonl');
  });
});

describe('isInstance', () => {
  it('is safe to pass unbound and narrows per class', () => {
    const errors: unknown[] = [
      new JobCancelledError({ id: 'ftjob-1', status: 'cancelled' }),
      new Error('plain'),
    ];
    expect(errors.filter(JobCancelledError.isInstance)).toHaveLength(1);
    expect(errors.filter(FinetuneKitError.isInstance)).toHaveLength(1);
    expect(errors.filter(JobFailedError.isInstance)).toHaveLength(0);
    const first = errors[0];
    if (JobCancelledError.isInstance(first)) expect(first.job.id).toBe('ftjob-1');
  });
});
