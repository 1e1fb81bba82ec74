import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset, type DatasetReport, type ValidateOptions } from '../../src/dataset/index.js';
import { COOKBOOK_TOY_JSONL, chatExample, chatLines, jsonl } from './helpers/datasets.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const validate = (dataset: Dataset, options: ValidateOptions = {}) =>
  dataset.validate({ now: NOW, ...options });
const codes = (report: DatasetReport) => report.issues.map((issue) => issue.code);
const only = (report: DatasetReport, code: string) => report.issues.filter((issue) => issue.code === code);

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ftk-validate-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('a clean file', () => {
  it('validates with no error or warning and reports stats and estimate', async () => {
    const report = await validate(Dataset.fromString(jsonl(chatLines(60)), { name: 'train.jsonl' }), {
      model: 'gpt-4o-mini',
      validationFile: Dataset.fromString(jsonl(chatLines(12, 100))),
    });
    expect(report.ok).toBe(true);
    expect(report.countsBySeverity).toMatchObject({ error: 0, warning: 0 });
    expect(codes(report).sort()).toEqual([
      'cost_estimate',
      'epoch_estimate',
      'system_prompt_summary',
      'token_stats',
    ]);
    expect(report).toMatchObject({
      format: 'chat',
      examples: 60,
      lines: 60,
      method: 'supervised',
      truncatedCodes: [],
    });
    expect(report.stats.examplesByFormat).toEqual({ chat: 60 });
    expect(report.tokens.countedExamples).toBe(60);
    expect(report.estimate).toMatchObject({ epochs: 3, epochsSource: 'heuristic', pricePer1M: 3 });
    expect(report.estimate.billedTokens).toBe(report.tokens.billable * 3);
    expect(report.validation).toMatchObject({ ok: true, examples: 12, estimate: { costUsd: 0 } });
  });
});

describe('file, encoding and parsing codes', () => {
  it('file_not_found: a missing path is reported, not thrown', async () => {
    const path = join(directory, 'nope.jsonl');
    const report = await validate(Dataset.fromFile(path), { model: 'gpt-4o-mini' });
    expect(report.ok).toBe(false);
    expect(only(report, 'file_not_found')).toEqual([
      {
        code: 'file_not_found',
        severity: 'error',
        message: `Cannot read the dataset: ${path} does not exist.`,
        details: {},
      },
    ]);
    expect(codes(report)).not.toContain('empty_file');
  });

  it('file_not_found: absent for a readable file', async () => {
    const path = join(directory, 'ok.jsonl');
    await writeFile(path, jsonl(chatLines(50)));
    const report = await validate(Dataset.fromFile(path));
    expect(codes(report)).not.toContain('file_not_found');
    expect(report.name).toBe(path);
    expect(report.bytes).toBe(jsonl(chatLines(50)).length);
  });

  it('empty_file: no bytes, or only blank lines', async () => {
    expect(codes(await validate(Dataset.fromString('')))).toEqual(['empty_file']);
    const blank = await validate(Dataset.fromString('\n  \n'));
    expect(only(blank, 'empty_file')[0]?.message).toBe('The file has no examples: its 2 line(s) are blank.');
    expect(only(blank, 'blank_line').map((issue) => issue.line)).toEqual([1, 2]);
    expect(codes(await validate(Dataset.fromString(jsonl(chatLines(1)))))).not.toContain('empty_file');
  });

  it('invalid_extension: only when a name is known', async () => {
    const text = jsonl(chatLines(50));
    expect(codes(await validate(Dataset.fromBlob(new File([text], 'train.json'))))).toContain(
      'invalid_extension',
    );
    expect(codes(await validate(Dataset.fromBlob(new File([text], 'train.jsonl'))))).not.toContain(
      'invalid_extension',
    );
    expect(codes(await validate(Dataset.fromString(text)))).not.toContain('invalid_extension');
  });

  it('file_requires_uploads_api and file_too_large: from the declared size', async () => {
    const stream = (size: number) => Dataset.fromStream(new Blob([jsonl(chatLines(50))]).stream(), { size });
    expect(only(await validate(stream(600_000_000)), 'file_requires_uploads_api')).toHaveLength(1);
    const huge = await validate(stream(9_000_000_000));
    expect(only(huge, 'file_too_large')[0]).toMatchObject({ severity: 'error' });
    expect(codes(huge)).not.toContain('file_requires_uploads_api');
    const small = await validate(stream(10_000));
    expect(codes(small)).not.toContain('file_requires_uploads_api');
    expect(codes(small)).not.toContain('file_too_large');
  });

  it('invalid_utf8: line and byte offset, and later lines still validated', async () => {
    const head = new TextEncoder().encode(`${chatLines(2).join('\n')}\n{"messages": "caf`);
    const bytes = new Uint8Array([...head, 0xe9, ...new TextEncoder().encode('"}\n{"broken": \n')]);
    const report = await validate(Dataset.fromBytes(bytes));
    expect(only(report, 'invalid_utf8')).toEqual([
      expect.objectContaining({
        line: 3,
        example: 3,
        details: { byteOffset: head.length },
        severity: 'error',
      }),
    ]);
    expect(only(report, 'invalid_json')).toEqual([expect.objectContaining({ line: 4, example: 4 })]);
    expect(codes(await validate(Dataset.fromString(jsonl(chatLines(3)))))).not.toContain('invalid_utf8');
  });

  it('utf8_bom: reported once on line 1 and stripped before parsing', async () => {
    const report = await validate(Dataset.fromString(`\uFEFF${jsonl(chatLines(50))}`));
    expect(only(report, 'utf8_bom')).toEqual([
      {
        code: 'utf8_bom',
        severity: 'info',
        message:
          'The file starts with a UTF-8 byte-order mark; it was ignored. Repair: dataset.fix() (its stripBom fix).',
        line: 1,
        details: {},
        fix: 'stripBom',
        remedy: { kind: 'fix', fix: 'stripBom' },
      },
    ]);
    expect(report.countsBySeverity.error).toBe(0);
    expect(codes(await validate(Dataset.fromString(jsonl(chatLines(50)))))).not.toContain('utf8_bom');
  });

  it('invalid_json: line, example number and column in the server wording', async () => {
    const lines = chatLines(3);
    lines.splice(
      1,
      0,
      '',
      '{"messages": [{"role": "user", "content": "Hi"} {"role": "assistant", "content": "Yo"}]}',
    );
    const report = await validate(Dataset.fromString(jsonl(lines)));
    expect(only(report, 'invalid_json')).toEqual([
      {
        code: 'invalid_json',
        severity: 'error',
        message: "Line 3 is not valid JSON: Expecting ',' delimiter: line 1 column 49 (char 48).",
        line: 3,
        example: 2,
        details: { column: 49 },
        fix: 'dropInvalidLines',
        remedy: { kind: 'fix', fix: 'dropInvalidLines' },
      },
    ]);
    expect(report.stats.invalidLines).toBe(1);
  });

  it('blank_line: inside the file and at the end, but one final newline is fine', async () => {
    const lines = chatLines(3);
    const report = await validate(Dataset.fromString(`${lines[0]}\n\n${lines[1]}\n \t\n${lines[2]}\n\n`));
    expect(only(report, 'blank_line').map((issue) => issue.line)).toEqual([2, 4, 6]);
    expect(report.examples).toBe(3);
    expect(report.stats.blankLines).toBe(3);
    expect(codes(await validate(Dataset.fromString(`${lines.join('\n')}\n`)))).not.toContain('blank_line');
    expect(codes(await validate(Dataset.fromString(lines.join('\n'))))).not.toContain('blank_line');
  });

  it('crlf_line_endings: once per file with the count', async () => {
    const report = await validate(
      Dataset.fromString(
        chatLines(50)
          .map((line) => `${line}\r\n`)
          .join(''),
      ),
    );
    expect(only(report, 'crlf_line_endings')).toEqual([
      expect.objectContaining({
        severity: 'info',
        message: expect.stringMatching(/^50 of 50 lines end in CRLF/),
      }),
    ]);
    expect(report.countsBySeverity.error).toBe(0);
    expect(codes(await validate(Dataset.fromString(jsonl(chatLines(50)))))).not.toContain(
      'crlf_line_endings',
    );
  });

  it('json_array_file: one error, and the elements are still checked as examples with their lines', async () => {
    const examples = [
      chatExample(0),
      chatExample(1),
      { messages: [{ content: 'no role' }, { role: 'assistant', content: 'x' }] },
    ];
    const text = JSON.stringify(examples, null, 2);
    const report = await validate(Dataset.fromString(text));
    expect(only(report, 'json_array_file')).toEqual([
      expect.objectContaining({
        line: 1,
        severity: 'error',
        fix: 'jsonArrayToJsonl',
        remedy: { kind: 'fix', fix: 'jsonArrayToJsonl' },
        message: expect.stringMatching(
          /checked as examples\. Repair: dataset\.fix\(\) \(its jsonArrayToJsonl fix\)\.$/,
        ),
      }),
    ]);
    expect(report.examples).toBe(3);
    expect(report.lines).toBe(text.split('\n').length);
    const elementLine = text.split('\n').findIndex((line) => line.includes('"no role"')) - 3;
    expect(only(report, 'missing_role')).toEqual([
      expect.objectContaining({ line: elementLine + 1, example: 3 }),
    ]);
    expect(codes(report)).not.toContain('invalid_json');
    expect(codes(await validate(Dataset.fromString(jsonl(chatLines(3)))))).not.toContain('json_array_file');
  });

  it('json_array_file: a one-line array and an unclosed array', async () => {
    const oneLine = await validate(
      Dataset.fromString(JSON.stringify(chatLines(2).map((line) => JSON.parse(line)))),
    );
    expect(codes(oneLine)).toContain('json_array_file');
    expect(oneLine.examples).toBe(2);
    const unclosed = await validate(Dataset.fromString(`[\n${chatLines(2).join(',\n')},\n`));
    expect(only(unclosed, 'invalid_json')[0]?.message).toMatch(/JSON array opened on line 1 is never closed/);
  });

  it('not_an_object: arrays, strings, numbers and null', async () => {
    const report = await validate(
      Dataset.fromString(jsonl([...chatLines(1), '[1]', '"text"', '42', 'null'])),
    );
    expect(only(report, 'not_an_object').map((issue) => [issue.line, issue.message])).toEqual([
      [2, 'Line 2 is an array, not a JSON object.'],
      [3, 'Line 3 is a string, not a JSON object.'],
      [4, 'Line 4 is a number, not a JSON object.'],
      [5, 'Line 5 is null, not a JSON object.'],
    ]);
    expect(only(report, 'not_an_object')[0]?.aliases).toEqual(['data_type']);
  });

  it('mixed_formats: every line that differs from the first format', async () => {
    const lines = [
      ...chatLines(2),
      '{"prompt": "a", "completion": " b"}',
      ...chatLines(1, 5),
      '{"prompt": "c", "completion": " d"}',
    ];
    const report = await validate(Dataset.fromString(jsonl(lines)));
    expect(report.format).toBe('mixed');
    expect(only(report, 'mixed_formats').map((issue) => issue.line)).toEqual([3, 5]);
    expect(report.stats.examplesByFormat).toEqual({ chat: 3, prompt_completion: 2 });
    const same = await validate(Dataset.fromString(jsonl(chatLines(5))));
    expect(same.format).toBe('chat');
    expect(codes(same)).not.toContain('mixed_formats');
  });

  it('format_method_mismatch: the server message for a chat file with method dpo', async () => {
    const report = await validate(Dataset.fromString(jsonl(chatLines(50))), {
      method: 'dpo',
      model: 'gpt-4o-mini',
    });
    expect(only(report, 'format_method_mismatch')[0]?.message).toBe(
      "Input file is in the fine-tune-chat format, but the specified fine-tuning job is not using 'supervised' as the training method (provided method=dpo).",
    );
    const fits = await validate(Dataset.fromString(jsonl(chatLines(50))), {
      method: 'supervised',
      model: 'gpt-4o-mini',
    });
    expect(codes(fits)).not.toContain('format_method_mismatch');
  });

  it('too_few_examples, few_examples and too_many_examples', async () => {
    const seven = await validate(Dataset.fromString(jsonl(chatLines(7))));
    expect(only(seven, 'too_few_examples')[0]).toMatchObject({
      severity: 'error',
      message: 'Training file has 7 example(s), but must have at least 10 examples',
      aliases: ['invalid_n_examples'],
    });
    expect(codes(seven)).not.toContain('few_examples');
    const twenty = await validate(Dataset.fromString(jsonl(chatLines(20))));
    expect(codes(twenty)).toContain('few_examples');
    expect(codes(twenty)).not.toContain('too_few_examples');
    const limited = await validate(Dataset.fromString(jsonl(chatLines(60))), { limits: { maxExamples: 55 } });
    expect(only(limited, 'too_many_examples')[0]?.message).toBe('60 examples, over the maximum of 55.');
    expect(codes(await validate(Dataset.fromString(jsonl(chatLines(60)))))).not.toContain(
      'too_many_examples',
    );
    const azure = await validate(Dataset.fromString(jsonl(chatLines(60))), { profile: 'azure' });
    expect(codes(azure)).toContain('few_examples');
  });

  it('too_many_image_examples: over the limit of image-bearing examples', async () => {
    const image = (index: number) => ({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: `Photo ${index}?` },
            { type: 'image_url', image_url: { url: `https://example.com/${index}.jpg` } },
          ],
        },
        { role: 'assistant', content: `It is photo ${index}.` },
      ],
    });
    const examples = Array.from({ length: 3 }, (_, index) => image(index));
    const over = await validate(Dataset.fromExamples(examples), {
      model: 'gpt-4o',
      limits: { maxImageExamples: 2 },
    });
    expect(only(over, 'too_many_image_examples')[0]?.message).toContain(
      '3 examples carry images, over the limit of 2',
    );
    expect(over.stats.imageExamples).toBe(3);
    const within = await validate(Dataset.fromExamples(examples), { model: 'gpt-4o' });
    expect(codes(within)).not.toContain('too_many_image_examples');
  });
});

describe('limits, model and hyperparameter codes', () => {
  it('model_not_fine_tunable: unknown model — validation still runs and counts tokens', async () => {
    const report = await validate(Dataset.fromString(jsonl([...chatLines(50), '{oops'])), {
      model: 'gpt-4.5-preview',
    });
    expect(only(report, 'model_not_fine_tunable')[0]?.message).toMatch(/^Unknown model "gpt-4.5-preview"/);
    expect(codes(report)).toContain('invalid_json');
    expect(report.model).toBeNull();
    expect(report.tokens.encoding).toBe('o200k_base');
    expect(report.tokens.total).toBeGreaterThan(0);
    expect(report.estimate).toMatchObject({ costUsd: null, costUnavailable: 'unknown_model' });
  });

  it('model_not_fine_tunable: unsupported method and shut-down model', async () => {
    const dpo = await validate(Dataset.fromString(jsonl(chatLines(50))), {
      model: 'gpt-3.5-turbo-0125',
      method: 'dpo',
    });
    expect(only(dpo, 'model_not_fine_tunable')[0]?.message).toContain(
      'does not support preference (DPO) fine-tuning',
    );
    const late = await Dataset.fromString(jsonl(chatLines(50))).validate({
      model: 'gpt-3.5-turbo',
      now: new Date('2026-11-26'),
    });
    expect(only(late, 'model_not_fine_tunable')[0]?.message).toBe(
      'gpt-3.5-turbo-0125 shut down on 2026-10-23: it can no longer be fine-tuned.',
    );
    expect(
      codes(await validate(Dataset.fromString(jsonl(chatLines(50))), { model: 'gpt-4o-mini' })),
    ).not.toContain('model_not_fine_tunable');
  });

  it('model_deprecated: within the warning window', async () => {
    const dataset = () => Dataset.fromString(jsonl(chatLines(50)));
    const soon = await dataset().validate({ model: 'gpt-4o-mini', now: new Date('2026-11-26') });
    expect(only(soon, 'model_deprecated')).toHaveLength(2);
    expect(soon.ok).toBe(true);
    const quiet = await dataset().validate({
      model: 'gpt-4o-mini',
      now: new Date('2026-11-26'),
      deprecationWarningDays: 30,
    });
    expect(codes(quiet)).not.toContain('model_deprecated');
    expect(
      codes(
        await dataset().validate({ model: 'gpt-4o-mini', profile: 'azure', now: new Date('2026-11-26') }),
      ),
    ).not.toContain('model_deprecated');
  });

  it('invalid_hyperparameter: from options and from a job method object; n_epochs drives the estimate', async () => {
    const report = await validate(Dataset.fromString(jsonl(chatLines(50))), {
      model: 'gpt-4o-mini',
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 0, batch_size: 8 } } },
      suffix: 'x'.repeat(70),
    });
    expect(only(report, 'invalid_hyperparameter').map((issue) => issue.path)).toEqual([
      'hyperparameters.n_epochs',
      'suffix',
    ]);
    expect(report.estimate.epochsSource).toBe('heuristic');
    const good = await validate(Dataset.fromString(jsonl(chatLines(50))), {
      model: 'gpt-4o-mini',
      hyperparameters: { n_epochs: 2 },
    });
    expect(codes(good)).not.toContain('invalid_hyperparameter');
    expect(good.estimate).toMatchObject({ epochs: 2, epochsSource: 'hyperparameters' });
    const azure = await validate(Dataset.fromString(jsonl(chatLines(50))), {
      profile: 'azure',
      suffix: 'x'.repeat(19),
    });
    expect(only(azure, 'invalid_hyperparameter')[0]?.message).toContain('1 to 18 characters');
  });

  it('token_stats, epoch_estimate and cost_estimate: once each, absent without examples', async () => {
    const report = await validate(Dataset.fromString(jsonl(chatLines(50))), { model: 'gpt-4o-mini' });
    for (const code of ['token_stats', 'epoch_estimate', 'cost_estimate'])
      expect(only(report, code)).toHaveLength(1);
    expect(only(report, 'cost_estimate')[0]?.message).toBe(report.estimate.note);
    const empty = await validate(Dataset.fromString(''), { model: 'gpt-4o-mini' });
    for (const code of ['token_stats', 'epoch_estimate', 'cost_estimate'])
      expect(codes(empty)).not.toContain(code);
  });

  it('reproduces the cookbook toy check values (DATASET_RULES §5.3)', async () => {
    expect(new TextEncoder().encode(COOKBOOK_TOY_JSONL).length).toBe(27_385);
    const counts = async (model: string, limit?: number) => {
      const tokens: number[] = [];
      for await (const line of Dataset.fromString(COOKBOOK_TOY_JSONL).lines({ model }))
        tokens.push(line.tokens!.total);
      const report = await validate(Dataset.fromString(COOKBOOK_TOY_JSONL), {
        model,
        ...(limit ? { models: { 'gpt-3.5-turbo-0125': { maxTokensPerExample: limit } } } : {}),
      });
      return { tokens, report };
    };
    const o200k = await counts('gpt-4o-mini');
    expect(o200k.tokens).toEqual([43, 106, 26, 27, 8031]);
    expect(o200k.report.stats.totalTokens?.mean).toBe(1646.6);
    expect(o200k.report.tokens.billable).toBe(8233);
    expect(o200k.report.estimate).toMatchObject({ epochs: 20, billedTokens: 164_660, costUsd: 0.49398 });
    const cl100k = await counts('gpt-3.5-turbo-0125', 4096);
    expect(cl100k.tokens).toEqual([45, 111, 26, 28, 8032]);
    expect(cl100k.report.stats.totalTokens?.mean).toBe(1648.4);
    expect(cl100k.report.tokens.billable).toBe(4306);
    expect(cl100k.report.stats.examplesOverLimit).toBe(1);
    expect(cl100k.report.estimate.billedTokens).toBe(86_120);
    const current = await counts('gpt-3.5-turbo-0125');
    expect(current.report.tokens.billable).toBe(8242);
    expect(current.report.stats.examplesOverLimit).toBe(0);
    expect(current.report.estimate.billedTokens).toBe(164_840);
  });
});

describe('report shape', () => {
  it('keeps exact counts with a capped sample per code', async () => {
    const lines = [...chatLines(10), ...Array.from({ length: 250 }, () => '{bad')];
    const report = await validate(Dataset.fromString(jsonl(lines)), { maxIssuesPerCode: 5 });
    expect(report.countsByCode.invalid_json).toBe(250);
    expect(only(report, 'invalid_json').map((issue) => issue.line)).toEqual([11, 12, 13, 14, 15]);
    expect(report.truncatedCodes).toEqual(['invalid_json']);
    expect(report.countsBySeverity.error).toBe(250);
  });

  it('applies severity overrides and profiles', async () => {
    const long = {
      messages: [
        { role: 'user', content: 'Tell me a story.' },
        { role: 'assistant', content: 'word '.repeat(5000) },
      ],
    };
    const dataset = () => Dataset.fromExamples([long, ...chatLines(49).map((line) => JSON.parse(line))]);
    const models = { 'gpt-4o-mini-2024-07-18': { maxTokensPerExample: 1000 } };
    const warning = await validate(dataset(), { model: 'gpt-4o-mini', models });
    expect(only(warning, 'example_too_long')[0]?.severity).toBe('warning');
    expect(warning.stats.examplesOverLimit).toBe(1);
    expect(warning.tokens.billable).toBeLessThan(warning.tokens.total);
    const error = await validate(dataset(), {
      model: 'gpt-4o-mini',
      models,
      severity: { example_too_long: 'error' },
    });
    expect(only(error, 'example_too_long')[0]?.severity).toBe('error');
    expect(error.ok).toBe(false);
  });

  it('serialises to plain JSON with toJSON()', async () => {
    const report = await validate(Dataset.fromString(jsonl(chatLines(12))), {
      validationFile: Dataset.fromString(jsonl(chatLines(3, 50))),
    });
    const json = JSON.parse(JSON.stringify(report));
    expect(json).toEqual(report.toJSON());
    expect(json.toJSON).toBeUndefined();
    expect(json.validation.examples).toBe(3);
    expect(Object.isFrozen(report)).toBe(true);
  });
});
