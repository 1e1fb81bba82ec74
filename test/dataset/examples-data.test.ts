import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Dataset, type DatasetReport } from '../../src/dataset/index.js';
import {
  extractPromptAnswerPairs,
  NearestExampleIndex,
  normalizePrompt,
} from '../../src/testing/nearest-example.js';

const DATA = new URL('../../examples/data/', import.meta.url);
const file = (name: string) => Dataset.fromFile(new URL(name, DATA).pathname);
const NOW = new Date('2026-06-01T00:00:00Z');
const warningsAndErrors = (report: DatasetReport) =>
  report.issues.filter((issue) => issue.severity !== 'info').map((issue) => issue.code);

describe('examples/data', () => {
  it('chat-support.jsonl is valid for gpt-4o-mini with its validation file, without warnings', async () => {
    const report = await file('chat-support.jsonl').validate({
      model: 'gpt-4o-mini',
      now: NOW,
      validationFile: new URL('chat-support-validation.jsonl', DATA).pathname,
    });
    expect(report).toMatchObject({ ok: true, format: 'chat', examples: 60 });
    expect(warningsAndErrors(report)).toEqual([]);
    expect(report.validation).toMatchObject({ ok: true, examples: 12 });
    expect(warningsAndErrors(report.validation!)).toEqual([]);
  });

  it('chat-support-paraphrases.jsonl re-words training questions: valid, each answered by its own training example', async () => {
    const report = await file('chat-support-paraphrases.jsonl').validate({ model: 'gpt-4o-mini', now: NOW });
    expect(report).toMatchObject({ ok: true, format: 'chat', examples: 20 });
    expect(warningsAndErrors(report)).toEqual(['few_examples']);
    const read = (name: string) => readFile(new URL(name, DATA), 'utf8').then(extractPromptAnswerPairs);
    const [training, paraphrases] = await Promise.all([
      read('chat-support.jsonl'),
      read('chat-support-paraphrases.jsonl'),
    ]);
    const trainingPrompts = new Set(training.map((pair) => normalizePrompt(pair.prompt)));
    const index = new NearestExampleIndex(training);
    for (const { prompt, answer } of paraphrases) {
      // Re-worded, not copied; the reference is a training answer, and the one the simulator finds.
      expect(trainingPrompts.has(normalizePrompt(prompt))).toBe(false);
      expect(training.some((pair) => pair.answer === answer)).toBe(true);
      expect({ prompt, answer: index.nearest(prompt)?.pair.answer }).toEqual({ prompt, answer });
    }
  });

  it.each([
    ['chat-tools.jsonl', { model: 'gpt-4o-mini' }, 'chat', 12],
    ['prompt-completion.jsonl', {}, 'prompt_completion', 20],
    ['dpo.jsonl', { model: 'gpt-4.1-mini', method: 'dpo' as const }, 'preference', 12],
    [
      'rft.jsonl',
      {
        model: 'o4-mini',
        method: 'reinforcement' as const,
        grader: { reference: '{{ item.reference_answer }}' },
      },
      'reinforcement',
      12,
    ],
  ])('%s is valid (only the small-file warning)', async (name, options, format, examples) => {
    const report = await file(name).validate({ now: NOW, ...options });
    expect(report).toMatchObject({ ok: true, format, examples });
    expect(warningsAndErrors(report)).toEqual(['few_examples']);
  });

  it('broken.jsonl reports the mistakes listed in its README, line by line', async () => {
    const report = await file('broken.jsonl').validate({ model: 'gpt-4o-mini', now: NOW });
    const byLine = new Map<number, Set<string>>();
    for (const issue of report.issues) {
      if (issue.line === undefined) continue;
      byLine.set(issue.line, (byLine.get(issue.line) ?? new Set()).add(issue.code));
    }
    const expected: Record<number, string[]> = {
      1: ['utf8_bom'],
      3: ['invalid_json'],
      4: ['blank_line'],
      5: ['missing_role'],
      6: ['invalid_role'],
      7: ['invalid_weight'],
      8: ['unknown_example_key'],
      9: ['last_message_not_assistant'],
      10: ['invalid_tool_call', 'unmatched_tool_call_id', 'tool_calls_without_tools'],
      11: ['mixed_formats'],
      12: ['duplicate_example'],
      13: ['not_an_object'],
      14: ['empty_content'],
      15: ['image_not_in_user_message', 'images_not_supported'],
      16: ['invalid_content_type'],
      17: ['invalid_role'],
      18: ['invalid_preference_keys', 'mixed_formats'],
      19: ['not_an_object'],
    };
    for (const [line, codes] of Object.entries(expected)) {
      for (const code of codes) expect([line, byLine.get(Number(line))?.has(code)]).toEqual([line, true]);
    }
    expect(byLine.has(20)).toBe(false);
    const invalidJson = report.issues.find((issue) => issue.code === 'invalid_json');
    expect(invalidJson?.code === 'invalid_json' && invalidJson.details).toEqual({ column: 177 });
    expect(report).toMatchObject({ ok: false, examples: 19, lines: 20, format: 'mixed' });
    const fileLevel = report.issues.filter((issue) => issue.line === undefined).map((issue) => issue.code);
    expect(fileLevel).toEqual(
      expect.arrayContaining([
        'few_examples',
        'mixed_multimodal_text',
        'token_stats',
        'epoch_estimate',
        'cost_estimate',
      ]),
    );
  });

  it('broken.jsonl: the fix repairs the lines the README says', async () => {
    const { result } = await file('broken.jsonl').fix({ dedupe: true }).text();
    expect(result.dropped.map((dropped) => dropped.line)).toEqual([3, 4, 12, 13, 19]);
    expect(result.applied.stripBom).toBe(1);
  });
});
