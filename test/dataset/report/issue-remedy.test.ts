import { describe, expect, it } from 'vitest';
import { DATASET_ISSUE_CODES } from '../../../src/dataset/index.js';
import { FIX_FOR_CODE } from '../../../src/dataset/report/issue-collector.js';
import { describeRemedy, isOptInFix, remedyForCode } from '../../../src/dataset/report/issue-remedy.js';

describe('describeRemedy', () => {
  it('names the library call, with the option an opt-in fix needs', () => {
    expect(describeRemedy({ kind: 'fix', fix: 'stripBom' })).toBe(
      'Repair: dataset.fix() (its stripBom fix).',
    );
    expect(describeRemedy({ kind: 'fix', fix: 'dedupe' })).toBe('Repair: dataset.fix({ dedupe: true }).');
    expect(describeRemedy({ kind: 'conversion', conversion: 'promptCompletionToChat' })).toBe(
      'Convert: dataset.promptCompletionToChat().',
    );
    expect(describeRemedy({ kind: 'split' })).toBe(
      'Split: dataset.split(), then pass the held-out part as the `validationFile` option.',
    );
    expect(describeRemedy({ kind: 'option', option: 'models' })).toBe(
      'Describe the model (limits, encoding, price) with the `models` option.',
    );
  });
});

describe('remedyForCode', () => {
  it('agrees with FIX_FOR_CODE except for the cross-file overlap, which no single-file fix repairs', () => {
    for (const code of Object.keys(DATASET_ISSUE_CODES) as (keyof typeof DATASET_ISSUE_CODES)[]) {
      const fix = FIX_FOR_CODE[code];
      const remedy = remedyForCode(code);
      if (fix === undefined || code === 'train_validation_overlap') expect(remedy, code).toBeUndefined();
      else if (fix === 'split') expect(remedy, code).toEqual({ kind: 'split' });
      else expect(remedy, code).toEqual({ kind: 'fix', fix });
    }
  });

  it('knows which fixes run only when asked', () => {
    expect(isOptInFix('dedupe')).toBe(true);
    expect(isOptInFix('dropEmptyCompletions')).toBe(true);
    expect(isOptInFix('stripBom')).toBe(false);
  });
});
