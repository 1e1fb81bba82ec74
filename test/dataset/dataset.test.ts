import { describe, expect, it } from 'vitest';
import { datasetInput } from '../../src/dataset/dataset.js';
import { Dataset, type DatasetLine } from '../../src/dataset/index.js';
import { DatasetError, FinetuneKitAbortError, FinetuneKitUsageError } from '../../src/errors.js';
import { usageError } from '../helpers/usage-error.js';
import { chatLines, jsonl } from './helpers/datasets.js';

const TEXT = jsonl([...chatLines(2), '', '{"messages": [{"role": "user", "content": "Hi"}]}', '[]']);

async function collect(iterable: AsyncIterable<DatasetLine>): Promise<DatasetLine[]> {
  const lines: DatasetLine[] = [];
  for await (const line of iterable) lines.push(line);
  return lines;
}

describe('Dataset factories', () => {
  it('read every input kind the same way', async () => {
    const bytes = new TextEncoder().encode(TEXT);
    const datasets = [
      Dataset.fromString(TEXT),
      Dataset.fromBytes(bytes),
      Dataset.fromBytes(bytes.buffer.slice(0)),
      Dataset.fromBlob(new Blob([TEXT])),
      Dataset.fromStream(new Blob([TEXT]).stream()),
      Dataset.fromStream(
        (async function* () {
          yield TEXT.slice(0, 7);
          yield new TextEncoder().encode(TEXT.slice(7));
        })(),
      ),
    ];
    const reports = await Promise.all(
      datasets.map((dataset) => dataset.validate({ now: new Date('2026-06-01') })),
    );
    for (const report of reports) {
      expect(report.toJSON()).toEqual({ ...reports[0]!.toJSON() });
    }
    expect(reports[0]).toMatchObject({ examples: 4, lines: 5, bytes: bytes.length });
  });

  it('fromExamples serialises objects and reports values without JSON', async () => {
    const report = await Dataset.fromExamples([
      ...chatLines(2).map((line) => JSON.parse(line)),
      1n,
      undefined,
    ]).validate();
    expect(
      report.issues
        .filter((issue) => issue.code === 'invalid_json')
        .map((issue) => [issue.line, issue.message]),
    ).toEqual([
      [3, 'Example 3 cannot be written as JSON: Do not know how to serialize a BigInt.'],
      [4, 'Example 4 cannot be written as JSON: undefined has no JSON representation.'],
    ]);
    expect(report.examples).toBe(4);
  });

  it('fromExamples accepts async iterables and never treats an array example as a JSON document', async () => {
    async function* examples() {
      yield [{ role: 'user', content: 'Hi' }];
      yield JSON.parse(chatLines(1)[0]!);
    }
    const report = await Dataset.fromExamples(examples()).validate();
    expect(report.issues.map((issue) => issue.code)).toContain('not_an_object');
    expect(report.issues.map((issue) => issue.code)).not.toContain('json_array_file');
  });

  it('take the name of a File, or the one given', () => {
    expect(Dataset.fromBlob(new File(['x'], 'train.jsonl')).name).toBe('train.jsonl');
    expect(Dataset.fromBlob(new File(['x'], 'train.jsonl'), { name: 'other.jsonl' }).name).toBe(
      'other.jsonl',
    );
    expect(Dataset.fromString('x', { name: 'a.jsonl' }).name).toBe('a.jsonl');
    expect(Dataset.fromFile('/tmp/x.jsonl').name).toBe('/tmp/x.jsonl');
    expect(Dataset.fromString('x').name).toBeNull();
  });

  it('reject bad arguments with a FinetuneKitUsageError that names them', () => {
    expect(() => Dataset.fromFile('')).toThrow(FinetuneKitUsageError);
    expect(() => Dataset.fromFile('')).toThrow(
      usageError('path', 'Dataset.fromFile(path): path must be a non-empty string.'),
    );
    expect(() => Dataset.fromString(42 as unknown as string)).toThrow(
      usageError('text', 'Dataset.fromString(text): text must be a string.'),
    );
    expect(() => Dataset.fromBytes('x' as unknown as Uint8Array)).toThrow(
      usageError('bytes', 'Dataset.fromBytes(bytes): bytes must be a Uint8Array or an ArrayBuffer.'),
    );
    expect(() => Dataset.fromBlob({} as Blob)).toThrow(
      usageError('blob', 'Dataset.fromBlob(blob): blob must be a Blob or File.'),
    );
    expect(() => Dataset.fromStream({} as ReadableStream)).toThrow(
      usageError('stream', /^Dataset.fromStream\(stream\)/),
    );
    expect(() => Dataset.fromStream(new Blob([]).stream(), { size: -1 })).toThrow(
      usageError(
        'options.size',
        'Dataset.fromStream(stream, options): options.size must be a non-negative integer.',
      ),
    );
    for (const examples of [5, 'abc']) {
      expect(() => Dataset.fromExamples(examples as unknown as unknown[])).toThrow(
        usageError(
          'examples',
          'Dataset.fromExamples(examples): examples must be an array or an (async) iterable of objects.',
        ),
      );
    }
  });

  it('refuse a dataset not made by a factory where a Dataset is expected', () => {
    expect(() => datasetInput({} as Dataset)).toThrow(
      usageError('dataset', 'Expected a Dataset created by a Dataset.from* factory.'),
    );
  });

  it('read reusable sources any number of times, and streams once', async () => {
    const text = Dataset.fromString(TEXT);
    expect(text.reusable).toBe(true);
    expect((await text.validate()).examples).toBe((await text.validate()).examples);
    const stream = Dataset.fromStream(new Blob([TEXT]).stream());
    expect(stream.reusable).toBe(false);
    await stream.validate();
    await expect(stream.validate()).rejects.toThrow(FinetuneKitUsageError);
    expect(() => stream.split()).toThrow(FinetuneKitUsageError);
  });
});

describe('Dataset iteration', () => {
  it('yields every line with its example number, value and own issues', async () => {
    const lines = await collect(Dataset.fromString(TEXT));
    expect(lines.map((line) => [line.line, line.example, line.kind])).toEqual([
      [1, 1, 'example'],
      [2, 2, 'example'],
      [3, undefined, 'blank'],
      [4, 3, 'example'],
      [5, 4, 'invalid'],
    ]);
    expect(lines[0]?.value).toEqual(JSON.parse(chatLines(1)[0]!));
    expect(lines[0]?.issues).toEqual([]);
    expect(lines[2]?.issues.map((issue) => issue.code)).toEqual(['blank_line']);
    expect(lines[3]?.issues.map((issue) => issue.code)).toContain('missing_assistant_message');
    expect(lines[4]).toMatchObject({
      value: [],
      issues: [expect.objectContaining({ code: 'not_an_object', line: 5, example: 4 })],
    });
    expect(lines[0]?.tokens).toBeNull();
  });

  it('counts tokens when a model is given, and can leave values out', async () => {
    const lines = await collect(
      Dataset.fromString(TEXT).lines({ model: 'gpt-4o-mini', includeValues: false }),
    );
    expect(lines[0]?.tokens?.total).toBeGreaterThan(10);
    expect(lines.some((line) => 'value' in line)).toBe(false);
  });

  it('reports issues that depend on earlier lines', async () => {
    const [first] = chatLines(1);
    const lines = await collect(
      Dataset.fromString(jsonl([first!, first!, '{"prompt": "a", "completion": " b"}'])),
    );
    expect(lines[1]?.issues.map((issue) => issue.code)).toEqual(['duplicate_example']);
    expect(lines[2]?.issues.map((issue) => issue.code)).toContain('mixed_formats');
  });

  it('throws DatasetError for a missing file instead of yielding nothing', async () => {
    const iterate = async () => {
      for await (const _line of Dataset.fromFile('/nonexistent/train.jsonl'));
    };
    await expect(iterate()).rejects.toSatisfy(
      (error) => DatasetError.isInstance(error) && (error as DatasetError).code === 'file_not_found',
    );
  });

  it('stops reading a stream when the loop breaks', async () => {
    let cancelled = false;
    const stream = new ReadableStream<string>({
      pull(controller) {
        controller.enqueue(jsonl(chatLines(10)));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const line of Dataset.fromStream(stream)) {
      if (line.line === 15) break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('Dataset.validate options', () => {
  it('reports progress after each chunk with the total when known', async () => {
    const text = jsonl(chatLines(12_000));
    const bytes = new TextEncoder().encode(text);
    const progress: { bytesRead: number; totalBytes: number | null; lines: number }[] = [];
    await Dataset.fromBytes(bytes).validate({
      onProgress: ({ bytesRead, totalBytes, lines }) => progress.push({ bytesRead, totalBytes, lines }),
    });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ bytesRead: bytes.length, totalBytes: bytes.length, lines: 12_000 });
    for (let index = 1; index < progress.length; index++) {
      expect(progress[index]!.bytesRead).toBeGreaterThanOrEqual(progress[index - 1]!.bytesRead);
    }
  });

  it('aborts with FinetuneKitAbortError', async () => {
    const controller = new AbortController();
    const pending = Dataset.fromString(jsonl(chatLines(20_000))).validate({
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('user pressed Ctrl-C')),
    });
    await expect(pending).rejects.toThrow(FinetuneKitAbortError);
    await expect(Dataset.fromString('{}').validate({ signal: AbortSignal.abort() })).rejects.toThrow(
      FinetuneKitAbortError,
    );
  });

  it('rejects bad options with a FinetuneKitUsageError naming the option', async () => {
    await expect(Dataset.fromString('{}').validate({ maxIssuesPerCode: -1 })).rejects.toMatchObject({
      name: 'FinetuneKitUsageError',
      option: 'options.maxIssuesPerCode',
      message: 'options.maxIssuesPerCode must be a non-negative integer.',
    });
    await expect(Dataset.fromString('{}').validate({ method: 'sft' as 'supervised' })).rejects.toMatchObject({
      option: 'options.method',
      message: expect.stringMatching(/^options.method must be one of supervised, dpo, reinforcement/),
    });
    await expect(Dataset.fromString('{}').validate({ workers: -1 })).rejects.toThrow(FinetuneKitUsageError);
  });

  it('uses a custom token counter', async () => {
    const counter = { encoding: 'o200k_base' as const, count: (text: string) => text.length };
    const report = await Dataset.fromString(jsonl(chatLines(1))).validate({ tokenCounter: counter });
    const example = JSON.parse(chatLines(1)[0]!) as { messages: { role: string; content: string }[] };
    const expected =
      3 +
      example.messages.reduce((sum, message) => sum + 3 + message.role.length + message.content.length, 0);
    expect(report.tokens.total).toBe(expected);
  });
});
