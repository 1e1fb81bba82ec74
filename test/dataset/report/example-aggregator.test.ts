import { describe, expect, it } from 'vitest';
import {
  Dataset,
  type DatasetReport,
  type ModerationExample,
  type ValidateOptions,
} from '../../../src/dataset/index.js';
import { chatExample, chatLines, jsonl } from '../helpers/datasets.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const validate = (dataset: Dataset, options: ValidateOptions = {}) =>
  dataset.validate({ now: NOW, ...options });
const only = (report: DatasetReport, code: string) => report.issues.filter((issue) => issue.code === code);
const codes = (report: DatasetReport) => report.issues.map((issue) => issue.code);
const fromExamples = (examples: unknown[]) => Dataset.fromExamples(examples);

const answer = (index: number, text: string, system = 'Classify the ticket.') => ({
  messages: [
    { role: 'system', content: system },
    { role: 'user', content: `Ticket ${index}: something happened` },
    { role: 'assistant', content: text },
  ],
});

describe('data-quality codes', () => {
  it('duplicate_example: the later line names the first one, compared as canonical JSON', async () => {
    const first = chatExample(1);
    const reordered = { messages: first.messages.map(({ role, content }) => ({ content, role })) };
    const report = await validate(
      fromExamples([first, chatExample(2), reordered, ...chatLines(47, 10).map((line) => JSON.parse(line))]),
    );
    expect(only(report, 'duplicate_example')).toEqual([
      expect.objectContaining({
        line: 3,
        example: 3,
        message: 'Line 3 repeats the example on line 1; duplicates weigh that example twice.',
        details: { firstLine: 1 },
      }),
    ]);
    expect(report.stats.duplicateExamples).toBe(1);
    expect(codes(await validate(Dataset.fromString(jsonl(chatLines(50)))))).not.toContain(
      'duplicate_example',
    );
  });

  it('train_validation_overlap: validation lines that repeat training lines', async () => {
    const training = chatLines(50);
    const validation = [training[4]!, ...chatLines(5, 200), training[9]!];
    const report = await validate(Dataset.fromString(jsonl(training)), {
      validationFile: Dataset.fromString(jsonl(validation)),
    });
    expect(only(report.validation!, 'train_validation_overlap').map((issue) => issue.message)).toEqual([
      'Line 1 of the validation file is the example on line 5 of the training file; overlapping examples make validation loss look better than it is.',
      'Line 7 of the validation file is the example on line 10 of the training file; overlapping examples make validation loss look better than it is.',
    ]);
    expect(
      only(report.validation!, 'train_validation_overlap').map((issue) => [issue.line, issue.details]),
    ).toEqual([
      [1, { trainingLine: 5 }],
      [7, { trainingLine: 10 }],
    ]);
    expect(report.ok).toBe(true);
    const clean = await validate(Dataset.fromString(jsonl(training)), {
      validationFile: Dataset.fromString(jsonl(chatLines(5, 200))),
    });
    expect(codes(clean.validation!)).not.toContain('train_validation_overlap');
  });

  it('mixed_formats: a validation file in another format than the training file', async () => {
    const preference = jsonl(
      Array.from({ length: 3 }, (_, index) =>
        JSON.stringify({
          input: { messages: [{ role: 'user', content: `Question ${index}?` }] },
          preferred_output: [{ role: 'assistant', content: `Good answer ${index}.` }],
          non_preferred_output: [{ role: 'assistant', content: 'No.' }],
        }),
      ),
    );
    const report = await validate(Dataset.fromString(jsonl(chatLines(50))), {
      validationFile: Dataset.fromString(preference),
    });
    expect(only(report, 'mixed_formats')).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'The validation file is preference (DPO) data, but this training file is chat data; both must have the same format.',
      }),
    ]);
    const same = await validate(Dataset.fromString(jsonl(chatLines(50))), {
      validationFile: Dataset.fromString(jsonl(chatLines(3, 90))),
    });
    expect(codes(same)).not.toContain('mixed_formats');
  });

  it('the validation file: its errors make the whole report not ok', async () => {
    const report = await validate(Dataset.fromString(jsonl(chatLines(50))), {
      validationFile: Dataset.fromString('{bad\n'),
    });
    expect(report.countsBySeverity.error).toBe(0);
    expect(report.validation?.ok).toBe(false);
    expect(report.ok).toBe(false);
  });

  it('system_prompt_summary: one shared prompt vs several, and none', async () => {
    const shared = await validate(Dataset.fromString(jsonl(chatLines(50))));
    expect(only(shared, 'system_prompt_summary')[0]?.message).toBe(
      'All 50 examples with a system prompt share one: use the same system prompt at inference.',
    );
    const varied = await validate(
      fromExamples([
        ...Array.from({ length: 48 }, (_, index) => chatExample(index)),
        chatExample(60, 'Other A'),
        chatExample(61, null),
      ]),
    );
    expect(only(varied, 'system_prompt_summary')[0]?.message).toBe(
      '2 different system prompts across 49 examples; 1 example has none: at inference, use the prompt each behaviour was trained with.',
    );
    const none = await validate(
      fromExamples(Array.from({ length: 50 }, (_, index) => chatExample(index, null))),
    );
    expect(codes(none)).not.toContain('system_prompt_summary');
  });

  it('low_answer_diversity: most answers identical', async () => {
    const same = await validate(
      fromExamples(
        Array.from({ length: 50 }, (_, index) => answer(index, index < 40 ? 'billing' : `other ${index}`)),
      ),
    );
    expect(only(same, 'low_answer_diversity')[0]?.message).toBe(
      'The same final answer ends 40 of 50 examples (80 %): the model will learn to favour it.',
    );
    const all = await validate(
      fromExamples(Array.from({ length: 50 }, (_, index) => answer(index, 'billing'))),
    );
    expect(only(all, 'low_answer_diversity')[0]?.message).toMatch(
      /^All 50 examples end with the same answer/,
    );
    const varied = await validate(
      fromExamples(
        Array.from({ length: 50 }, (_, index) =>
          answer(index, ['billing', 'shipping', 'returns'][index % 3]!),
        ),
      ),
    );
    expect(codes(varied)).not.toContain('low_answer_diversity');
  });

  it('refusal_heavy: a large share of refusals', async () => {
    const examples = Array.from({ length: 50 }, (_, index) =>
      answer(
        index,
        index % 4 === 0 ? "I'm sorry, but I can't help with that." : `Here is the answer to ticket ${index}.`,
      ),
    );
    const report = await validate(fromExamples(examples));
    expect(only(report, 'refusal_heavy')[0]?.message).toBe(
      '13 of 50 assistant messages (26 %) are refusals: the model will learn to refuse more often.',
    );
    expect(codes(await validate(Dataset.fromString(jsonl(chatLines(50)))))).not.toContain('refusal_heavy');
  });

  it('split_suggestion: without a validation file, only when both sides keep enough examples', async () => {
    const report = await validate(Dataset.fromString(jsonl(chatLines(60))));
    expect(only(report, 'split_suggestion')[0]).toMatchObject({
      severity: 'info',
      fix: 'split',
      remedy: { kind: 'split' },
      message:
        'No validation file: hold out 12 of 60 examples (min(1000, 20 %)) to see overfitting in the validation loss. Split: dataset.split(), then pass the held-out part as the `validationFile` option.',
    });
    expect(codes(await validate(Dataset.fromString(jsonl(chatLines(12)))))).not.toContain('split_suggestion');
    const withValidation = await validate(Dataset.fromString(jsonl(chatLines(60))), {
      validationFile: Dataset.fromString(jsonl(chatLines(5, 100))),
    });
    expect(codes(withValidation)).not.toContain('split_suggestion');
  });

  it('split_suggestion: an error for Azure reinforcement fine-tuning without a validation file', async () => {
    const rft = Array.from({ length: 20 }, (_, index) => ({
      messages: [
        { role: 'developer', content: 'Answer with a number.' },
        { role: 'user', content: `${index} + 1?` },
      ],
      reference_answer: String(index + 1),
    }));
    const report = await validate(fromExamples(rft), { profile: 'azure', method: 'reinforcement' });
    expect(only(report, 'split_suggestion')[0]).toMatchObject({
      severity: 'error',
      remedy: { kind: 'split' },
      message: expect.stringMatching(
        /^Reinforcement fine-tuning on Azure needs a validation file: hold out 4 of 20 examples\. Split: dataset\.split\(\)/,
      ),
    });
  });

  it('mixed_multimodal_text: some examples with images, some without', async () => {
    const image = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
          ],
        },
        { role: 'assistant', content: 'A tent.' },
      ],
    };
    const report = await validate(fromExamples([image, ...chatLines(49).map((line) => JSON.parse(line))]), {
      model: 'gpt-4o',
    });
    expect(only(report, 'mixed_multimodal_text')[0]?.message).toBe(
      '1 example carries images and 49 are text only (accepted by OpenAI; Together rejects mixed files).',
    );
    expect(codes(await validate(Dataset.fromString(jsonl(chatLines(50)))))).not.toContain(
      'mixed_multimodal_text',
    );
  });

  it('rft_grader_fields: a summary of fields, and an error for a field the grader needs', async () => {
    const rft = Array.from({ length: 20 }, (_, index) => ({
      messages: [
        { role: 'developer', content: 'Answer with a number.' },
        { role: 'user', content: `${index} + 1?` },
      ],
      ...(index === 3 ? {} : { reference_answer: String(index + 1) }),
      ...(index < 5 ? { difficulty: 'easy' } : {}),
    }));
    const report = await validate(fromExamples(rft), {
      method: {
        type: 'reinforcement',
        reinforcement: {
          grader: {
            type: 'string_check',
            input: '{{ sample.output_text }}',
            reference: '{{item.reference_answer}}',
            operation: 'eq',
          },
        },
      },
    });
    const issues = only(report, 'rft_grader_fields');
    expect(issues.find((issue) => issue.line === undefined)?.message).toBe(
      'Grader fields, available as {{ item.<field> }}: reference_answer (19 of 20), difficulty (5 of 20).',
    );
    expect(issues.find((issue) => issue.line !== undefined)).toMatchObject({
      line: 4,
      severity: 'error',
      message: 'Example 4 has no "reference_answer", which the grader reads as {{ item.reference_answer }}.',
    });
    expect(codes(await validate(Dataset.fromString(jsonl(chatLines(50)))))).not.toContain(
      'rft_grader_fields',
    );
  });

  it('moderation_risk: lines flagged by the hook, with categories, in batches', async () => {
    const batches: number[][] = [];
    const moderation = async (examples: readonly ModerationExample[]) => {
      batches.push(examples.map((example) => example.line));
      return examples
        .filter((example) => JSON.stringify(example.value).includes('ticket 1007'))
        .map((example) => ({ line: example.line, categories: ['harassment'] }));
    };
    const report = await validate(Dataset.fromString(jsonl(['', ...chatLines(50)])), {
      moderation,
      moderationBatchSize: 20,
    });
    expect(batches.map((batch) => batch.length)).toEqual([20, 20, 10]);
    expect(batches[0]?.[0]).toBe(2);
    expect(only(report, 'moderation_risk')).toEqual([
      expect.objectContaining({
        line: 9,
        example: 8,
        severity: 'info',
        message:
          'The moderation check flagged line 9 (harassment); OpenAI blocks training files with too many flagged examples.',
      }),
    ]);
    expect(
      codes(await validate(Dataset.fromString(jsonl(chatLines(50))), { moderation: () => [] })),
    ).not.toContain('moderation_risk');
  });

  it('moderation: a failing hook rejects validate()', async () => {
    const failure = new Error('moderation API down');
    await expect(
      validate(Dataset.fromString(jsonl(chatLines(3))), {
        moderation: () => {
          throw failure;
        },
      }),
    ).rejects.toBe(failure);
  });
});
