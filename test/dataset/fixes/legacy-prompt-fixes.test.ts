import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/dataset/index.js';

const REVIEWS = [
  ['The tent kept us dry through a whole night of storms.', 'positive'],
  ['Zip broke on the first day.', 'negative'],
  ['Packs small and pitches in five minutes.', 'positive'],
  ['Smelled of chemicals for a week.', 'negative'],
  ['Good value, would buy again!', 'positive'],
  ['The poles bent in light wind.', 'negative'],
  ['Roomy for two adults and a dog.', 'positive'],
  ['Instructions were missing.', 'negative'],
  ['Survived a week in the Alps', 'positive'],
  ['Leaked at every seam.', 'negative'],
  ['Light enough for long hikes.', 'positive'],
  ['Returned it after one trip.', 'negative'],
] as const;

/** Legacy classification data as people wrote it: an instruction on every prompt, bare labels. */
const classification = REVIEWS.map(([review, label]) =>
  JSON.stringify({ prompt: `Classify the sentiment of this review: ${review}`, completion: label }),
).join('\n');

const summaries = [
  ['Meeting moved from Tuesday to Thursday because room 4 is being repainted.', 'Meeting moved to Thursday.'],
  ['The server restarted at 3am after the kernel update and came back at 3:05.', 'Server back after update'],
  ['Invoices for May were sent twice by mistake; the second batch is void.', 'Second May invoices void.'],
  ['The new hire starts Monday and needs a laptop and a badge by then.', 'New hire needs laptop, badge'],
].map(([prompt, completion]) => JSON.stringify({ prompt, completion }));

async function codes(text: string) {
  const report = await Dataset.fromString(text).validate();
  return report.issues.map((issue) => issue.code);
}

describe('the legacy prompt/completion fixes', () => {
  it('offer themselves as remedies of the issues they repair', async () => {
    const report = await Dataset.fromString(classification).validate();
    const separator = report.issues.find((issue) => issue.code === 'missing_prompt_separator');
    expect(separator?.remedy).toEqual({ kind: 'fix', fix: 'addPromptSeparator' });
    expect(report.issues.find((issue) => issue.code === 'common_prompt_prefix')?.remedy).toEqual({
      kind: 'fix',
      fix: 'stripCommonPrefix',
    });
    expect(report.issues.find((issue) => issue.code === 'completion_no_leading_space')?.remedy).toEqual({
      kind: 'fix',
      fix: 'addLeadingSpace',
    });
  });

  it('repair classification data as the legacy tool would (no stop sequence for classification)', async () => {
    expect(await codes(classification)).toEqual(
      expect.arrayContaining([
        'common_prompt_prefix',
        'missing_prompt_separator',
        'completion_no_leading_space',
      ]),
    );
    const { text, result } = await Dataset.fromString(classification)
      .fix({
        addPromptSeparator: true,
        addCompletionStop: true,
        addLeadingSpace: true,
        stripCommonPrefix: true,
      })
      .text();
    expect(result.legacy).toEqual({
      promptSeparator: ' ->',
      promptPrefix: 'Classify the sentiment of this review: ',
    });
    expect(result.applied).toMatchObject({
      stripCommonPrefix: 12,
      addPromptSeparator: 12,
      addLeadingSpace: 12,
    });
    expect(result.applied.addCompletionStop).toBeUndefined();
    expect(JSON.parse(text.split('\n')[0]!)).toEqual({
      prompt: 'The tent kept us dry through a whole night of storms. ->',
      completion: ' positive',
    });
    const after = await codes(text);
    for (const code of ['common_prompt_prefix', 'missing_prompt_separator', 'completion_no_leading_space'])
      expect(after).not.toContain(code);
  });

  it('add the suggested stop sequence to generation data, and given strings as they are', async () => {
    const data = summaries.join('\n');
    expect(await codes(data)).toContain('missing_completion_stop');
    const suggested = await Dataset.fromString(data).fix({ addCompletionStop: true }).text();
    // "\n" is the first stop no completion contains.
    expect(suggested.result.legacy).toEqual({ completionStop: '\n' });
    expect(await codes(suggested.text)).not.toContain('missing_completion_stop');

    const given = await Dataset.fromString(data)
      .fix({ addPromptSeparator: '\n\n###\n\n', addCompletionStop: ' END' })
      .text();
    const first = JSON.parse(given.text.split('\n')[0]!) as { prompt: string; completion: string };
    expect(first.prompt.endsWith('repainted.\n\n###\n\n')).toBe(true);
    expect(first.completion).toBe('Meeting moved to Thursday. END');
    // Applying them again changes nothing: prompts already end with the separator.
    const again = await Dataset.fromString(given.text)
      .fix({ addPromptSeparator: '\n\n###\n\n', addCompletionStop: ' END' })
      .text();
    expect(again.text).toBe(given.text);
    expect(again.result.applied).toEqual({});
  });

  it('keep the one leading space when stripping a common completion prefix', async () => {
    const data = [
      { prompt: 'Q1 ->', completion: ' Answer: yes, the store opens at nine.' },
      { prompt: 'Q2 ->', completion: ' Answer: no, parking is not free.' },
      { prompt: 'Q3 ->', completion: ' Answer: the return window is 30 days.' },
    ]
      .map((example) => JSON.stringify(example))
      .join('\n');
    const { text, result } = await Dataset.fromString(data).fix({ stripCommonPrefix: true }).text();
    expect(result.legacy).toEqual({ completionPrefix: ' Answer: ' });
    expect(JSON.parse(text.split('\n')[1]!)).toEqual({
      prompt: 'Q2 ->',
      completion: ' no, parking is not free.',
    });
  });

  it('need a reusable dataset to choose a suggestion, and check their options', () => {
    const stream = Dataset.fromStream(
      (async function* () {
        yield classification;
      })(),
    );
    expect(() => stream.fix({ stripCommonPrefix: true })).toThrow(
      expect.objectContaining({ option: 'options' }),
    );
    expect(() => Dataset.fromString('').fix({ addPromptSeparator: '' })).toThrow(
      expect.objectContaining({ option: 'options.addPromptSeparator' }),
    );
  });
});
