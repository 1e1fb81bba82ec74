import { describe, expect, it } from 'vitest';
import { FinetuneKitUsageError } from '../../src/errors.js';
import { fileProcessingError } from '../../src/testing/file-processing.js';
import { usageError } from '../helpers/usage-error.js';

const FILE = {
  id: 'file-1',
  filename: 'train.jsonl',
  purpose: 'fine-tune',
  bytes: 3,
  chunks: [new TextEncoder().encode('{}\n')],
};

describe('fileProcessingError', () => {
  it('gives the hook’s reason, or null when there is no hook or the hook lets the file through', () => {
    expect(fileProcessingError(undefined, FILE)).toBeNull();
    expect(fileProcessingError(() => null, FILE)).toBeNull();
    expect(fileProcessingError(({ text }) => (text === '{}\n' ? 'Blocked.' : null), FILE)).toBe('Blocked.');
  });

  it('refuses a verdict that is not a non-empty string with a FinetuneKitUsageError about the option', () => {
    const run = (verdict: unknown) => () => fileProcessingError(() => verdict as string, FILE);
    expect(run(42)).toThrow(FinetuneKitUsageError);
    expect(run(42)).toThrow(
      usageError(
        'options.fileProcessing',
        'options.fileProcessing must return a non-empty string, null or undefined, got 42.',
      ),
    );
    expect(run('')).toThrow(usageError('options.fileProcessing', /got ""\.$/));
  });
});
