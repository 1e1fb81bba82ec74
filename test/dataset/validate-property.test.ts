import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dataset, type DatasetReport } from '../../src/dataset/index.js';
import { chatExample } from './helpers/datasets.js';

const NOW = new Date('2026-06-01T00:00:00Z');

/** The bytes split at `cuts`, as a web stream. */
function chunkedStream(bytes: Uint8Array, cuts: readonly number[]): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.slice(start, point));
    start = point;
  }
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

function expectConsistent(report: DatasetReport): void {
  const stored = report.issues.length;
  const counted = Object.values(report.countsByCode).reduce((sum, count) => sum + (count ?? 0), 0);
  expect(counted).toBeGreaterThanOrEqual(stored);
  expect(report.countsBySeverity.error + report.countsBySeverity.warning + report.countsBySeverity.info).toBe(
    counted,
  );
  expect(report.ok).toBe(report.countsBySeverity.error === 0);
  for (const issue of report.issues) {
    if (issue.line !== undefined) expect(issue.line).toBeGreaterThanOrEqual(1);
    if (issue.line !== undefined) expect(issue.line).toBeLessThanOrEqual(Math.max(report.lines, 1));
    if (issue.example !== undefined) expect(issue.example).toBeLessThanOrEqual(report.examples);
  }
}

/** Bytes that look like JSONL more often than uniform noise does. */
const jsonlish = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.json({ maxDepth: 3 }).map((text) => new TextEncoder().encode(text)),
      fc.constantFrom(
        ...[
          '\n',
          '\r\n',
          '\uFEFF',
          '{"messages": [',
          '{"prompt": "a", "completion": "b"}',
          '\n\n',
          ']',
          '[',
          '{',
        ].map((text) => new TextEncoder().encode(text)),
      ),
      fc.constant(new TextEncoder().encode(JSON.stringify(chatExample(3)))),
      fc.constant(Uint8Array.from([0xc3])),
    ),
    { maxLength: 25 },
  )
  .map((parts) => {
    const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    return bytes;
  });

describe('validation on arbitrary input (property-based)', () => {
  it('never throws, stays consistent, and gives the same report for any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(jsonlish, fc.array(fc.nat(), { maxLength: 6 }), async (bytes, cuts) => {
        const whole = await Dataset.fromBytes(bytes).validate({ model: 'gpt-4o-mini', now: NOW });
        const chunked = await Dataset.fromStream(chunkedStream(bytes, cuts)).validate({
          model: 'gpt-4o-mini',
          now: NOW,
        });
        expectConsistent(whole);
        expect(chunked.toJSON()).toEqual(whole.toJSON());
      }),
      { numRuns: 150 },
    );
  });

  it('reports a broken line on exactly its line, whatever surrounds it', async () => {
    const broken = fc.oneof(
      // Ends with a comma, so it can never be valid JSON.
      fc.string().map((text) => `{${text.replace(/[\r\n]/g, ' ')},`),
      fc.constant('{"messages": [{"role": "user", "content": "Hi"} {"role": "assistant", "content": "Yo"}]}'),
      fc.constant('{"messages": "'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('example', 'blank'), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        broken,
        fc.boolean(),
        async (kinds, position, brokenLine, crlf) => {
          const lines = kinds.map((kind, index) =>
            kind === 'blank' ? '' : JSON.stringify(chatExample(index)),
          );
          const at = position % (lines.length + 1);
          lines.splice(at, 0, brokenLine);
          const text = lines.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
          const report = await Dataset.fromString(text).validate({ now: NOW });
          const errors = report.issues.filter(
            (issue) => issue.severity === 'error' && issue.line !== undefined,
          );
          expect(errors.map((issue) => [issue.code, issue.line])).toEqual([['invalid_json', at + 1]]);
          const nonBlankBefore = lines.slice(0, at).filter((line) => line !== '').length;
          expect(errors[0]?.example).toBe(nonBlankBefore + 1);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never throws on arbitrary JSON values in example-like shapes', async () => {
    const message = fc.record(
      {
        role: fc.oneof(
          fc.constantFrom('system', 'user', 'assistant', 'tool', 'function', 'developer'),
          fc.jsonValue(),
        ),
        content: fc.jsonValue(),
        weight: fc.jsonValue(),
        tool_calls: fc.jsonValue(),
        name: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const example = fc.oneof(
      fc.record(
        {
          messages: fc.oneof(fc.array(fc.oneof(message, fc.jsonValue()), { maxLength: 5 }), fc.jsonValue()),
          tools: fc.jsonValue(),
        },
        { requiredKeys: ['messages'] },
      ),
      fc.record({ prompt: fc.jsonValue(), completion: fc.jsonValue() }, { requiredKeys: [] }),
      fc.record(
        { input: fc.jsonValue(), preferred_output: fc.jsonValue(), non_preferred_output: fc.jsonValue() },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(example, { maxLength: 15 }),
        fc.constantFrom('supervised', 'dpo', 'reinforcement', undefined),
        async (examples, method) => {
          const report = await Dataset.fromExamples(examples).validate({
            model: 'gpt-4o',
            now: NOW,
            ...(method ? { method } : {}),
          });
          expectConsistent(report);
          expect(report.examples).toBe(examples.length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
