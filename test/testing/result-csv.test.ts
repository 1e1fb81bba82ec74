import { describe, expect, it } from 'vitest';
import { buildResultCsv, encodeBase64, formatPythonFloat } from '../../src/testing/result-csv.js';

describe('formatPythonFloat', () => {
  it.each([
    [3.63265, '3.63265'],
    [1, '1.0'],
    [0, '0.0'],
    [0.5, '0.5'],
    [6e-5, '6e-05'],
    [1.8e-5, '1.8e-05'],
    [0.0001, '0.0001'],
    [12.5, '12.5'],
    [-0.25, '-0.25'],
    [1e16, '1e+16'],
  ])('prints %d as Python repr would: %s', (value, text) => {
    expect(formatPythonFloat(value)).toBe(text);
  });
});

describe('buildResultCsv', () => {
  const steps = [
    { step: 1, train_loss: 3.632654, train_mean_token_accuracy: 0.5 },
    {
      step: 2,
      train_loss: 0.0000612,
      train_mean_token_accuracy: 0.809523,
      valid_loss: 2.5,
      valid_mean_token_accuracy: 0.75,
    },
    {
      step: 3,
      train_loss: 0,
      train_mean_token_accuracy: 1,
      full_valid_loss: 0.123456789,
      full_valid_mean_token_accuracy: 0.9,
    },
  ];

  it('writes the OpenAI variant: 5 decimals, Python floats, empty cells without validation', () => {
    expect(buildResultCsv(steps, 'openai')).toBe(
      [
        'step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy',
        '1,3.63265,0.5,,',
        '2,6e-05,0.80952,2.5,0.75',
        '3,0.0,1.0,,',
        '',
      ].join('\n'),
    );
  });

  it('writes the Azure variant: full precision and full_valid columns', () => {
    const lines = buildResultCsv(steps, 'azure').split('\n');
    expect(lines[0]).toBe(
      'step,train_loss,train_mean_token_accuracy,valid_loss,valid_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy',
    );
    expect(lines[1]).toBe('1,3.632654,0.5,,,,');
    expect(lines[3]).toBe('3,0,1,,,0.123456789,0.9');
  });

  it('base64-encodes like OpenAI serves it, decodable with atob', () => {
    const csv = buildResultCsv(steps, 'openai');
    expect(atob(encodeBase64(csv))).toBe(csv);
    expect(encodeBase64('step,')).toBe('c3RlcCw=');
  });
});
