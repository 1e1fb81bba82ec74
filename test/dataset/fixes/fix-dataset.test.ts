import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lowercaseLegacyKeys } from '../../../src/dataset/fixes/fix-dataset.js';
import { Dataset } from '../../../src/dataset/index.js';
import { DatasetError } from '../../../src/errors.js';
import { chatExample, chatLines, closeCountingExamples } from '../helpers/datasets.js';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ftk-fix-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const [a, b, c] = chatLines(3);
const MESSY = `\uFEFF${a}\r\n\r\n${b}\r\n{bad\r\n"text"\r\n${a}\r\n{"Prompt": "p", "COMPLETION": " c", "id": 7}\r\n{"prompt": "q", "completion": ""}\r\n${c}`;

describe('Dataset.fix', () => {
  it('applies the necessary fixes by default and lists what it dropped', async () => {
    const { text, result } = await Dataset.fromString(MESSY).fix().text();
    expect(text).toBe(
      `${a}\n${b}\n${a}\n{"prompt":"p","completion":" c"}\n{"prompt": "q", "completion": ""}\n${c}\n`,
    );
    expect(result).toEqual({
      read: 9,
      written: 6,
      dropped: [
        { line: 2, code: 'blank_line', reason: 'blank line' },
        {
          line: 4,
          code: 'invalid_json',
          reason: 'invalid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)',
        },
        { line: 5, code: 'not_an_object', reason: 'not a JSON object' },
      ],
      applied: {
        dropBlankLines: 1,
        dropInvalidLines: 2,
        lowercaseKeys: 1,
        dropExtraColumns: 1,
        stripBom: 1,
        normalizeLineEndings: 8,
      },
      changed: [],
    });
  });

  it('dedupes and drops empty completions when asked', async () => {
    const { text, result } = await Dataset.fromString(MESSY)
      .fix({ dedupe: true, dropEmptyCompletions: true })
      .text();
    expect(text).toBe(`${a}\n${b}\n{"prompt":"p","completion":" c"}\n${c}\n`);
    expect(result.dropped.slice(3)).toEqual([
      { line: 6, code: 'duplicate_example', reason: 'duplicate of line 1' },
      { line: 8, code: 'empty_completion', reason: 'empty completion' },
    ]);
    expect(result.applied).toMatchObject({ dedupe: 1, dropEmptyCompletions: 1 });
  });

  it('can keep blank and invalid lines, and leaves unchanged lines byte for byte', async () => {
    const spaced =
      '{ "messages" : [ {"role":"user","content":"Hi"} , {"role":"assistant","content":"Yo"} ] }';
    const { text, result } = await Dataset.fromString(`${spaced}\n\n{bad\n`)
      .fix({ dropBlankLines: false, dropInvalidLines: false })
      .text();
    expect(text).toBe(`${spaced}\n\n{bad\n`);
    expect(result.dropped).toEqual([]);
  });

  it('converts a JSON array file to JSONL', async () => {
    const examples = [chatExample(1), chatExample(2)];
    const { text, result } = await Dataset.fromString(JSON.stringify(examples, null, 2))
      .fix()
      .text();
    expect(text).toBe(examples.map((example) => `${JSON.stringify(example)}\n`).join(''));
    expect(result.applied.jsonArrayToJsonl).toBe(1);
    const report = await Dataset.fromString(text).validate();
    expect(report.issues.map((issue) => issue.code)).not.toContain('json_array_file');
  });

  it('produces a file that validates without the fixed codes', async () => {
    const { text } = await Dataset.fromString(MESSY).fix({ dedupe: true, dropEmptyCompletions: true }).text();
    const report = await Dataset.fromString(text).validate();
    const codes = report.issues.map((issue) => issue.code);
    for (const code of [
      'utf8_bom',
      'crlf_line_endings',
      'blank_line',
      'invalid_json',
      'not_an_object',
      'duplicate_example',
      'key_case_mismatch',
      'extra_columns',
      'empty_completion',
    ]) {
      expect(codes).not.toContain(code);
    }
  });

  it('writes to a new file and never to its input', async () => {
    const input = join(directory, 'raw.jsonl');
    await writeFile(input, MESSY);
    const output = join(directory, 'clean.jsonl');
    const result = await Dataset.fromFile(input).fix().toFile(output);
    expect(result.written).toBe(6);
    expect(result.bytesWritten).toBe(Buffer.byteLength(await readFile(output, 'utf8')));
    expect(await readFile(input, 'utf8')).toBe(MESSY);
    await expect(Dataset.fromFile(input).fix().toFile(input)).rejects.toThrow(/is the input file/);
    expect((await readdir(directory)).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('iterates lines and exposes the result afterwards', async () => {
    const output = Dataset.fromString(MESSY).fix();
    expect(output.result).toBeUndefined();
    const lines: string[] = [];
    for await (const line of output) lines.push(line);
    expect(lines).toHaveLength(6);
    expect(output.result?.written).toBe(6);
  });

  it('closes its input when the consumer stops early', async () => {
    const source = closeCountingExamples(2500);
    for await (const line of Dataset.fromExamples(source).fix()) {
      expect(line).toContain('messages');
      break;
    }
    expect(source.closed).toBe(1);
  });

  it('throws DatasetError for a missing input and FinetuneKitUsageError for bad options', async () => {
    const missing = Dataset.fromFile(join(directory, 'missing.jsonl')).fix();
    await expect(missing.text()).rejects.toSatisfy(
      (error) => DatasetError.isInstance(error) && (error as DatasetError).code === 'file_not_found',
    );
    expect(() => Dataset.fromString('').fix({ dedupe: 'yes' as unknown as boolean })).toThrow(
      expect.objectContaining({
        name: 'FinetuneKitUsageError',
        option: 'options.dedupe',
        message: 'fix(options): options.dedupe must be a boolean.',
      }),
    );
    await expect(Dataset.fromString('{}').fix().toFile('')).rejects.toMatchObject({
      name: 'FinetuneKitUsageError',
      option: 'path',
      message: 'toFile(path): path must be a non-empty string.',
    });
  });
});

describe('lowercaseLegacyKeys', () => {
  it('renames case mismatches of prompt and completion only', () => {
    expect(lowercaseLegacyKeys({ Prompt: 'a', COMPLETION: 'b', Other: 1 })).toEqual({
      prompt: 'a',
      completion: 'b',
      Other: 1,
    });
    const value = { prompt: 'a', Prompt: 'b' };
    expect(lowercaseLegacyKeys(value)).toBe(value);
  });
});
