import { appendFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validationSplitSize } from '../../../src/dataset/fixes/split-dataset.js';
import { Dataset } from '../../../src/dataset/index.js';
import { FinetuneKitUsageError } from '../../../src/errors.js';
import { chatLines, closeCountingExamples, jsonl } from '../helpers/datasets.js';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ftk-split-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('validationSplitSize', () => {
  it('holds out min(1000, 20 %) like the legacy CLI (n_train = max(n − 1000, ⌊0.8n⌋))', () => {
    expect(validationSplitSize(12)).toBe(3);
    expect(validationSplitSize(60)).toBe(12);
    expect(validationSplitSize(100)).toBe(20);
    expect(validationSplitSize(5001)).toBe(1000);
    expect(validationSplitSize(1)).toBe(1);
    expect(validationSplitSize(0)).toBe(0);
  });
});

describe('Dataset.split', () => {
  const lines = chatLines(100);
  const text = `${jsonl(lines.slice(0, 50))}\n{bad\n${jsonl(lines.slice(50))}`;

  it('holds out exactly k examples, deterministically per seed, and loses no example', async () => {
    const first = await Dataset.fromString(text).split({ seed: 7 }).text();
    const again = await Dataset.fromString(text).split({ seed: 7 }).text();
    const other = await Dataset.fromString(text).split({ seed: 8 }).text();
    expect(first).toEqual(again);
    expect(other.validation).not.toBe(first.validation);
    expect(first.result).toEqual({
      train: 80,
      validation: 20,
      seed: 7,
      dropped: [
        { line: 51, code: 'blank_line', reason: 'blank line' },
        {
          line: 52,
          code: 'invalid_json',
          reason: 'invalid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)',
        },
      ],
    });
    const trainLines = first.train.trimEnd().split('\n');
    const validationLines = first.validation.trimEnd().split('\n');
    expect(validationLines).toHaveLength(20);
    expect(trainLines.length + validationLines.length).toBe(100);
    expect(new Set([...trainLines, ...validationLines])).toEqual(new Set(lines));
  });

  it('closes its input when the consumer stops early', async () => {
    const source = closeCountingExamples(2500);
    for await (const line of Dataset.fromExamples(source).split({ seed: 1 })) {
      expect(line.text).toContain('messages');
      break;
    }
    // The counting pass ends normally; the selection pass is closed by the early stop.
    expect(source.closed).toBe(2);
  });

  it('takes an exact size or a fraction, and string seeds', async () => {
    const sized = await Dataset.fromString(jsonl(lines))
      .split({ validationSize: 7, seed: 'experiment-3' })
      .text();
    expect(sized.result.validation).toBe(7);
    const fraction = await Dataset.fromString(jsonl(lines)).split({ validationFraction: 0.5 }).text();
    expect(fraction.result).toMatchObject({ train: 50, validation: 50, seed: 42 });
  });

  it('spreads the held-out examples over the file', async () => {
    const { result } = await Dataset.fromString(jsonl(chatLines(1000)))
      .split()
      .text();
    const positions: number[] = [];
    for await (const line of Dataset.fromString(jsonl(chatLines(1000))).split())
      if (line.split === 'validation') positions.push(line.line);
    expect(result.validation).toBe(200);
    expect(positions.filter((line) => line <= 500).length).toBeGreaterThan(70);
    expect(positions.filter((line) => line > 500).length).toBeGreaterThan(70);
  });

  it('writes two files', async () => {
    const train = join(directory, 'train.jsonl');
    const validation = join(directory, 'valid.jsonl');
    const result = await Dataset.fromString(jsonl(lines)).split().toFiles(train, validation);
    expect((await readFile(train, 'utf8')).trimEnd().split('\n')).toHaveLength(result.train);
    expect((await readFile(validation, 'utf8')).trimEnd().split('\n')).toHaveLength(result.validation);
    await expect(Dataset.fromString(jsonl(lines)).split().toFiles(train, train)).rejects.toMatchObject({
      name: 'FinetuneKitUsageError',
      option: 'validationPath',
      message: expect.stringMatching(/are the same file/),
    });
  });

  it('refuses an input that grows while it is split instead of holding out every new example', async () => {
    // Big enough that the second pass is still reading when the writer appends.
    const path = join(directory, 'growing.jsonl');
    writeFileSync(path, jsonl(chatLines(5_000)));
    const iterator = Dataset.fromFile(path).split()[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    appendFileSync(path, jsonl(chatLines(100, 5_000)));
    const error = await (async () => {
      try {
        while (!(await iterator.next()).done);
      } catch (caught) {
        return caught as { code?: string; message?: string };
      }
      return undefined;
    })();
    expect(error?.code).toBe('dataset_changed');
    expect(error?.message).toMatch(
      /^.*growing\.jsonl changed while it was being split \([\d,]+ bytes and 5,000 examples when counted, more on the second pass\); split it again once nothing writes to it\.$/,
    );
  });

  it('leaves no finished-looking output and no temporary file when the second output cannot be written', async () => {
    const folder = join(directory, 'outputs');
    await mkdir(join(folder, 'valid.jsonl'), { recursive: true });
    const train = join(folder, 'train.jsonl');
    await expect(
      Dataset.fromString(jsonl(lines)).split().toFiles(train, join(folder, 'valid.jsonl')),
    ).rejects.toThrow();
    expect(await readdir(folder)).toEqual(['valid.jsonl']);
  });

  it('rejects bad options', () => {
    const cases = [
      [{ validationFraction: 2 }, 'options.validationFraction', 'a number from 0 to 1'],
      [{ seed: 1.5 }, 'options.seed', 'an integer or a string'],
      [{ validationSize: -1 }, 'options.validationSize', 'a non-negative integer'],
      [{ maxValidationExamples: 0.5 }, 'options.maxValidationExamples', 'a non-negative integer'],
    ] as const;
    for (const [options, option, expected] of cases) {
      let thrown: unknown;
      try {
        Dataset.fromString('').split(options);
      } catch (error) {
        thrown = error;
      }
      expect(FinetuneKitUsageError.isInstance(thrown)).toBe(true);
      expect(thrown).toMatchObject({ option, message: `split(options): ${option} must be ${expected}.` });
    }
  });
});
