import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/dataset/index.js';

function oneMessageLine(content: string): string {
  return JSON.stringify({
    messages: [
      { role: 'user', content },
      { role: 'assistant', content: 'ok' },
    ],
  });
}

// Runs of one non-ASCII character threw "Maximum call stack size exceeded" from the pre-tokenizing
// regex, and validate() lost the report to an internal_error (issue 10.2).
describe('validate() on lines of a few million repeated characters', () => {
  for (const [label, content] of [
    ['3.4 M × 中', '中'.repeat(3_400_000)],
    ['3.4 M × ب', 'ب'.repeat(3_400_000)],
    ['2.4 M × 😀', '😀'.repeat(2_400_000)],
    ['4.2 M × Ä', 'Ä'.repeat(4_200_000)],
  ] as const) {
    it(`returns a report with the line counted (${label})`, async () => {
      const report = await Dataset.fromString(`${oneMessageLine(content)}\n`).validate({
        model: 'gpt-4o-mini',
        workers: 0,
      });
      expect(report.examples).toBe(1);
      expect(report.countsByCode.example_check_failed ?? 0).toBe(0);
      expect(report.tokens.countedExamples).toBe(1);
      expect(report.stats.examplesOverLimit).toBe(1);
    });
  }
});

// ~10 MB of ordinary chat lines, then one 40 MB line of a single letter, with the worker pool on:
// the process died with "FATAL ERROR: Reached heap limit" (issue 10.1). Lines too long for a
// worker's heap are now analysed on the calling thread, counted in steps.
describe('validate() with the worker pool on a file with one 40 MB line', () => {
  it('returns the report, with the long line counted', async () => {
    const ordinary = JSON.stringify({
      messages: [
        { role: 'system', content: 'You are a helpful support agent for an outdoor shop.' },
        { role: 'user', content: 'Where is my order? I ordered a tent last Monday.' },
        { role: 'assistant', content: 'Standard shipping takes 3–5 business days after dispatch.' },
      ],
    });
    const count = Math.ceil(10_000_000 / (ordinary.length + 1));
    const text = `${`${ordinary}\n`.repeat(count)}${oneMessageLine('a'.repeat(40_000_000))}\n`;
    const report = await Dataset.fromString(text).validate({ model: 'gpt-4o-mini' });
    expect(report.examples).toBe(count + 1);
    expect(report.tokens.countedExamples).toBe(count + 1);
    expect(report.stats.examplesOverLimit).toBe(1);
    expect(report.countsByCode.example_check_failed ?? 0).toBe(0);
  });
});
