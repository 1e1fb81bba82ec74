import { describe, expect, it } from 'vitest';
import {
  checkExampleCount,
  checkExtension,
  checkFileSize,
  checkFormatFit,
  checkImageExamples,
  methodForFormat,
} from '../../../src/dataset/report/check-file.js';
import { VALIDATION_PROFILES } from '../../../src/dataset/report/validation-profiles.js';
import { resolveModel } from '../../../src/models/index.js';

const limits = VALIDATION_PROFILES.openai.limits;

describe('checkFileSize', () => {
  it('accepts files up to 512·10⁶ bytes', () => {
    expect(checkFileSize(512_000_000, limits)).toEqual([]);
  });

  it('asks for the Uploads API above 512 MB, noting the MB/MiB doubt in between', () => {
    const [between] = checkFileSize(520_000_000, limits);
    expect(between?.code).toBe('file_requires_uploads_api');
    expect(between?.message).toContain('if OpenAI means 512·10⁶ bytes');
    const [above] = checkFileSize(600_000_000, limits);
    expect(above?.message).toContain('over the Files API limit of 512 MB');
  });

  it('fails above 8 GiB and warns between 8·10⁹ and 8·2³⁰ bytes', () => {
    expect(checkFileSize(9_000_000_000, limits)).toEqual([
      expect.objectContaining({ code: 'file_too_large', message: expect.stringContaining('split it') }),
    ]);
    const [between] = checkFileSize(8_100_000_000, limits);
    expect(between).toMatchObject({ code: 'file_too_large', severity: 'warning' });
  });
});

describe('checkExtension', () => {
  it('accepts .jsonl in any case and unnamed inputs', () => {
    expect(checkExtension('data/train.jsonl')).toEqual([]);
    expect(checkExtension('TRAIN.JSONL')).toEqual([]);
    expect(checkExtension(null)).toEqual([]);
  });

  it('rejects other names, naming the file', () => {
    expect(checkExtension('/tmp/data/train.json')).toEqual([
      expect.objectContaining({
        code: 'invalid_extension',
        message: expect.stringContaining('"train.json" does not end in .jsonl'),
      }),
    ]);
  });
});

describe('checkExampleCount', () => {
  it('uses the server text below 10', () => {
    expect(checkExampleCount(7, limits)).toEqual([
      {
        code: 'too_few_examples',
        message: 'Training file has 7 example(s), but must have at least 10 examples',
        details: { examples: 7, minimum: 10 },
      },
    ]);
  });

  it('warns below 50 (Azure 100) and accepts more', () => {
    expect(checkExampleCount(10, limits)[0]).toMatchObject({
      code: 'few_examples',
      details: { examples: 10, recommended: 50 },
    });
    expect(checkExampleCount(50, limits)).toEqual([]);
    expect(checkExampleCount(60, VALIDATION_PROFILES.azure.limits)[0]?.code).toBe('few_examples');
    expect(checkExampleCount(0, limits)).toEqual([]);
  });

  it('fails over a maximum when one is set', () => {
    expect(checkExampleCount(1_000_000, limits)).toEqual([]);
    expect(checkExampleCount(20_001, { ...limits, maxExamples: 20_000 })).toEqual([
      {
        code: 'too_many_examples',
        message: '20,001 examples, over the maximum of 20,000.',
        details: { examples: 20_001, maximum: 20_000 },
      },
    ]);
  });

  it('checks the maximum on its own: a small file over a low maximum also gets too_many_examples', () => {
    const lowMaximum = { ...limits, maxExamples: 20 };
    expect(checkExampleCount(30, lowMaximum).map((issue) => issue.code)).toEqual([
      'few_examples',
      'too_many_examples',
    ]);
    expect(checkExampleCount(8, { ...limits, maxExamples: 5 }).map((issue) => issue.code)).toEqual([
      'too_few_examples',
      'too_many_examples',
    ]);
  });

  it('holds a validation file to no minimum or recommendation, only to the maximum, and names it', () => {
    expect(checkExampleCount(2, limits, 'validation')).toEqual([]);
    expect(checkExampleCount(30, { ...limits, maxExamples: 20 }, 'validation')).toEqual([
      {
        code: 'too_many_examples',
        message: 'Validation file: 30 examples, over the maximum of 20.',
        details: { examples: 30, maximum: 20 },
      },
    ]);
  });
});

describe('checkFormatFit', () => {
  it("words a method mismatch like OpenAI's server", () => {
    expect(checkFormatFit('chat', 'dpo', undefined)).toEqual([
      {
        code: 'format_method_mismatch',
        message:
          "Input file is in the fine-tune-chat format, but the specified fine-tuning job is not using 'supervised' as the training method (provided method=dpo).",
      },
    ]);
    expect(checkFormatFit('preference', 'supervised', undefined)[0]?.message).toContain("not using 'dpo'");
  });

  it('accepts matching formats and skips mixed or unknown files', () => {
    expect(checkFormatFit('chat', 'supervised', resolveModel('gpt-4o-mini'))).toEqual([]);
    expect(checkFormatFit('preference', 'dpo', resolveModel('gpt-4.1'))).toEqual([]);
    expect(checkFormatFit('mixed', 'dpo', undefined)).toEqual([]);
  });

  it('rejects prompt/completion data for chat models, and chat data for legacy models', () => {
    expect(checkFormatFit('prompt_completion', undefined, resolveModel('gpt-4o-mini'))).toEqual([
      {
        code: 'format_method_mismatch',
        message:
          'Prompt/completion data trains only babbage-002 and davinci-002; gpt-4o-mini-2024-07-18 needs chat data.',
        remedy: { kind: 'conversion', conversion: 'promptCompletionToChat' },
      },
    ]);
    expect(checkFormatFit('prompt_completion', undefined, resolveModel('davinci-002'))).toEqual([]);
    expect(checkFormatFit('chat', undefined, resolveModel('babbage-002'))[0]?.code).toBe(
      'format_method_mismatch',
    );
  });

  it('maps formats to methods', () => {
    expect(methodForFormat('prompt_completion')).toBe('supervised');
    expect(methodForFormat('preference')).toBe('dpo');
    expect(methodForFormat('reinforcement')).toBe('reinforcement');
    expect(methodForFormat('mixed')).toBeNull();
  });
});

describe('checkImageExamples', () => {
  it('fails over 50,000 image examples', () => {
    expect(checkImageExamples(50_000, limits)).toEqual([]);
    expect(checkImageExamples(50_001, limits)[0]?.code).toBe('too_many_image_examples');
  });
});
