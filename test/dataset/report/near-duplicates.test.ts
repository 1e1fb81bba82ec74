import { describe, expect, it } from 'vitest';
import {
  estimateSimilarity,
  exampleSketch,
  SKETCH_SIZE,
} from '../../../src/dataset/checks/near-duplicate-sketch.js';
import { Dataset, validateWithSeams } from '../../../src/dataset/dataset.js';
import type { DatasetIssue } from '../../../src/dataset/index.js';
import { createParallelBatchAnalyzer } from '../../../src/dataset/parallel/parallel-batch-analyzer.js';
import { NearDuplicateIndex } from '../../../src/dataset/report/near-duplicate-index.js';
import { localBatchAnalyzer } from '../../../src/dataset/validation-run.js';

const SYSTEM = {
  role: 'system',
  content: 'You are the support assistant of Northwind Outfitters. Answer briefly.',
};

const QUESTIONS = [
  'My hiking boots arrived with a torn lace, can I get a replacement pair of laces sent to me?',
  'How long does a refund take to reach my credit card after you receive the returned jacket?',
  'Do you ship the insulated winter parka to Canada, and are customs fees included in the price?',
  'The zipper on my backpack broke after two weeks of light use, is that covered by the warranty?',
  'Can I change the delivery address of order 55123 after it has already been dispatched?',
  'What is the difference between the trail runner and the approach shoe for rocky terrain?',
  'I was charged twice for the same tent order, please help me get one of the charges reversed.',
  'Is the down sleeping bag machine washable, or does it need to go to a specialist cleaner?',
  'Where can I find the size chart for the merino base layers, the link on the page is broken?',
  'Do you offer a discount for members of registered mountain rescue teams or search groups?',
  'My order shows delivered but nothing arrived, the tracking says it was left at reception.',
  'Can I return the climbing harness if I only tried it on indoors and kept all the tags on?',
];

function example(question: string, answer: string) {
  return { messages: [SYSTEM, { role: 'user', content: question }, { role: 'assistant', content: answer }] };
}

const ANSWER =
  'Thanks for reaching out. A member of our team will look into this and reply within one working day.';

/** Twelve distinct examples (one per question). */
function distinct() {
  return QUESTIONS.map((question, index) => example(question, `${ANSWER} Reference ${index}.`));
}

const jsonl = (values: readonly unknown[]) => `${values.map((value) => JSON.stringify(value)).join('\n')}\n`;

function near(report: { issues: readonly DatasetIssue[] }) {
  return report.issues
    .filter(
      (issue) => issue.code === 'near_duplicate_example' || issue.code === 'near_duplicate_across_files',
    )
    .map((issue) => ({ code: issue.code, line: issue.line, details: issue.details }));
}

describe('MinHash sketches', () => {
  it('estimate the Jaccard similarity of word 3-shingles', () => {
    const words = Array.from({ length: 400 }, (_, index) => `word${index}`);
    const a = exampleSketch({ text: words.join(' ') })!;
    // Changing 10 of 400 words changes 30 of 398 shingles: Jaccard = 368/428 ≈ 0.86.
    const changed = words.map((word, index) => (index % 40 === 0 ? `other${index}` : word));
    const b = exampleSketch({ text: changed.join(' ') })!;
    expect(a).toHaveLength(SKETCH_SIZE);
    expect(estimateSimilarity(a, a)).toBe(1);
    expect(estimateSimilarity(a, b)).toBeGreaterThan(0.75);
    expect(estimateSimilarity(a, b)).toBeLessThan(0.95);
    const unrelated = exampleSketch({ text: words.map((word) => `${word}x`).join(' ') })!;
    expect(estimateSimilarity(a, unrelated)).toBeLessThan(0.15);
  });

  it('ignore case, punctuation, the system prompt and bookkeeping fields', () => {
    const a = exampleSketch(example('Where is my parcel, please?', 'It ships today.'));
    const b = exampleSketch({
      messages: [
        { role: 'system', content: 'A completely different system prompt.' },
        { role: 'user', content: 'where is MY parcel please' },
        { role: 'assistant', content: 'It ships today!', weight: 1 },
      ],
    });
    expect(estimateSimilarity(a!, b!)).toBe(1);
    expect(exampleSketch({ messages: [{ role: 'system', content: 'only instructions' }] })).toBeNull();
  });

  it('the index finds the first member of a group and stays within its limit', () => {
    const index = new NearDuplicateIndex(2);
    const a = exampleSketch({ text: QUESTIONS[0] })!;
    const b = exampleSketch({ text: QUESTIONS[1] })!;
    const c = exampleSketch({ text: QUESTIONS[2] })!;
    expect(index.find(a, 0.8)).toBeUndefined();
    index.add(a, 1);
    index.add(b, 2);
    index.add(c, 3); // over the limit: not indexed
    expect(index.size).toBe(2);
    expect(index.find(a, 0.8)).toEqual({ line: 1, similarity: 1 });
    expect(index.find(c, 0.8)).toBeUndefined();
  });
});

describe('near_duplicate_example and near_duplicate_across_files', () => {
  it('reports an answer that differs by a word, naming the first line and the similarity', async () => {
    const examples = distinct();
    const first = examples[3]!;
    const variant = example(QUESTIONS[3]!.replace('two weeks', 'three weeks'), `${ANSWER} Reference 3.`);
    const report = await Dataset.fromString(jsonl([...examples, variant])).validate({
      checks: { nearDuplicates: true },
    });
    const issues = near(report);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'near_duplicate_example', line: 13, details: { otherLine: 4 } });
    expect((issues[0]!.details as { similarity: number }).similarity).toBeGreaterThanOrEqual(0.8);
    expect(first).not.toEqual(variant);
    const issue = report.issues.find((item) => item.code === 'near_duplicate_example');
    expect(issue?.remedy).toEqual({ kind: 'fix', fix: 'dedupeNear' });
  });

  it('leaves exact duplicates to duplicate_example, and honours the threshold and the switch', async () => {
    const examples = distinct();
    const text = jsonl([...examples, examples[0]]);
    const report = await Dataset.fromString(text).validate({ checks: { nearDuplicates: true } });
    expect(report.countsByCode.duplicate_example).toBe(1);
    expect(near(report)).toEqual([]);

    const variant = example(QUESTIONS[3]!.replace('two weeks', 'three weeks'), `${ANSWER} Reference 3.`);
    const withVariant = jsonl([...examples, variant]);
    expect(
      near(await Dataset.fromString(withVariant).validate({ checks: { nearDuplicates: false } })),
    ).toEqual([]);
    expect(
      near(await Dataset.fromString(withVariant).validate({ checks: { nearDuplicateThreshold: 0.99 } })),
    ).toEqual([]);
  });

  it('reports validation examples nearly the same as training examples', async () => {
    const training = distinct();
    const validation = [
      example(QUESTIONS[5]!.replace('rocky terrain', 'rocky ground'), `${ANSWER} Reference 5.`),
      example('A question that appears nowhere in the training data at all, about gift cards.', 'Sure.'),
    ];
    const report = await Dataset.fromString(jsonl(training)).validate({
      checks: { nearDuplicates: true },
      validationFile: Dataset.fromString(jsonl(validation)),
    });
    const issues = near(report.validation!);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'near_duplicate_across_files',
      line: 1,
      details: { trainingLine: 6 },
    });
  });

  it('rejects a bad threshold with the option path', async () => {
    await expect(
      Dataset.fromString(jsonl(distinct())).validate({ checks: { nearDuplicateThreshold: 0 } }),
    ).rejects.toMatchObject({
      option: 'options.checks.nearDuplicateThreshold',
    });
  });

  it('the worker path reports the same near-duplicates and personal data as one thread', async () => {
    const lines: unknown[] = [];
    for (let copy = 0; copy < 40; copy++) {
      for (const [index, question] of QUESTIONS.entries()) {
        const mail = index === 7 ? ` Write to claims${copy}@northwind-outfitters.com.` : '';
        lines.push(
          example(
            copy % 2 === 0 ? question : `${question} Thanks!`,
            `${ANSWER} Case ${copy}-${index}.${mail}`,
          ),
        );
      }
    }
    const text = jsonl(lines);
    const options = {
      model: 'gpt-4o-mini',
      maxIssuesPerCode: 10_000,
      checks: { nearDuplicates: true, sensitiveData: true },
    } as const;
    const sequential = await validateWithSeams(Dataset.fromString(text), options, {
      createAnalyzer: (context, counter) => localBatchAnalyzer(context, counter),
    });
    const parallel = await validateWithSeams(Dataset.fromString(text), options, {
      createAnalyzer: (context, counter) =>
        createParallelBatchAnalyzer(context, counter, {
          workers: 1,
          parallelThreshold: 0,
          waitForWorkers: true,
        }),
    });
    expect(sequential.countsByCode.near_duplicate_example).toBeGreaterThan(400);
    expect(sequential.countsByCode.possible_pii).toBe(40);
    expect(parallel.toJSON()).toEqual(sequential.toJSON());
  });
});
