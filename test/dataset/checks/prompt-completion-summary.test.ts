import { describe, expect, it } from 'vitest';
import {
  createPromptCompletionSummary,
  MAX_DISTINCT_COMPLETIONS,
} from '../../../src/dataset/checks/prompt-completion-summary.js';
import type { ExampleFeatures } from '../../../src/dataset/types.js';

const base: ExampleFeatures = {
  hash: '0000000000000000',
  systemPromptHash: null,
  answerHash: null,
  refusals: 0,
  assistantMessages: 1,
  images: 0,
  multimodal: false,
};

function summarize(pairs: readonly (readonly [string, string])[]) {
  const summary = createPromptCompletionSummary();
  pairs.forEach(([prompt, completion], index) => {
    summary.observe({ ...base, prompt, completion }, index + 1);
  });
  return summary.finish();
}

function codes(pairs: readonly (readonly [string, string])[]) {
  return summarize(pairs).map((issue) => issue.code);
}

/** A clean sentiment set: separator " ->", leading space, stop "\n", varied completions. */
const clean = [
  ['Great phone, fast delivery ->', ' positive\n'],
  ['Broke after a week ->', ' negative\n'],
  ['It is fine I guess ->', ' neutral\n'],
  ['Would buy again ->', ' positive\n'],
  ['Terrible support ->', ' negative\n'],
  ['Does what it says ->', ' neutral\n'],
] as const;

/** A generation set: summaries with a separator and stop sequence. */
const generation = [
  ['Summarize: The cat sat on the mat.\n\n###\n\n', ' A cat sat. END'],
  ['Summarize: Rain is expected tomorrow.\n\n###\n\n', ' Rain tomorrow. END'],
  ['Summarize: Stocks rose by 2% today.\n\n###\n\n', ' Stocks up. END'],
] as const;

describe('createPromptCompletionSummary', () => {
  it('reports nothing for clean data', () => {
    expect(summarize(clean)).toEqual([]);
    expect(summarize(generation)).toEqual([]);
  });

  it('reports nothing for fewer than two examples', () => {
    expect(summarize([['same prefix that is long', 'no space']])).toEqual([]);
  });

  it('skips examples without string prompt and completion, and empty completions', () => {
    const summary = createPromptCompletionSummary();
    summary.observe({ ...base }, 1);
    summary.observe({ ...base, prompt: 'a ->', completion: '' }, 2);
    summary.observe({ ...base, prompt: 'a ->', completion: ' x\n' }, 3);
    expect(summary.finish()).toEqual([]);
  });

  describe('common_prompt_prefix', () => {
    it('reports a shared prefix over 12 characters', () => {
      const issues = summarize(
        clean.map(([prompt, completion]) => [`Classify this review: ${prompt}`, completion] as const),
      );
      expect(issues).toContainEqual(
        expect.objectContaining({
          code: 'common_prompt_prefix',
          message: expect.stringContaining('"Classify this review: "'),
        }),
      );
    });
    it('accepts a shared prefix of 12 characters', () => {
      expect(
        codes(clean.map(([prompt, completion]) => [`Review text ${prompt}`, completion] as const)),
      ).not.toContain('common_prompt_prefix');
    });
  });

  describe('common_completion_prefix', () => {
    it('reports a shared prefix of 5 characters or more, keeping the leading space', () => {
      const issues = summarize(
        clean.map(([prompt, completion]) => [prompt, ` Label:${completion}`] as const),
      );
      expect(issues).toContainEqual(
        expect.objectContaining({
          code: 'common_completion_prefix',
          message: expect.stringContaining('keep the leading space'),
        }),
      );
    });
    it('accepts a 4-character prefix', () => {
      expect(codes(clean.map(([prompt, completion]) => [prompt, ` is${completion}`] as const))).not.toContain(
        'common_completion_prefix',
      );
    });
  });

  describe('missing_prompt_separator', () => {
    it('suggests " ->" when no prompt has a newline', () => {
      const issues = summarize([
        ['Great phone', ' positive\n'],
        ['Broke after a week', ' negative\n'],
        ['Fine', ' neutral\n'],
      ]);
      expect(issues).toContainEqual(
        expect.objectContaining({
          code: 'missing_prompt_separator',
          message: expect.stringContaining('add " ->"'),
        }),
      );
    });
    it('suggests the first separator no prompt uses, skipping " ->" when prompts have newlines', () => {
      const issues = summarize([
        ['Line one\nLine two ###', ' a\n'],
        ['Other\n\n###\n\ntext', ' b\n'],
        ['Third\nprompt', ' c\n'],
      ]);
      expect(issues).toContainEqual(
        expect.objectContaining({
          code: 'missing_prompt_separator',
          message: expect.stringContaining('add "\\n\\n===\\n\\n"'),
        }),
      );
    });
    it('falls back to "\\n\\n### =>\\n\\n" when every option is used', () => {
      const all = ' ->|\n\n###\n\n|\n\n===\n\n|\n\n---\n\n|\n\n===>\n\n|\n\n--->\n\n';
      const issues = summarize([
        [`${all} one`, ' a\n'],
        [`two ${all}x`, ' b\n'],
      ]);
      expect(issues).toContainEqual(
        expect.objectContaining({
          code: 'missing_prompt_separator',
          message: expect.stringContaining('"\\n\\n### =>\\n\\n"'),
        }),
      );
    });
    it('is not reported for open-ended generation (all prompts empty)', () => {
      expect(
        codes([
          ['', ' Once upon a time.\n'],
          ['', ' The end.\n'],
          ['', ' Hello.\n'],
        ]),
      ).not.toContain('missing_prompt_separator');
    });
    it('is not reported when prompts share a separator', () => {
      expect(codes(clean)).not.toContain('missing_prompt_separator');
    });
  });

  describe('long_prompt_separator', () => {
    it('reports a separator over 10 characters', () => {
      const issues = summarize(
        clean.map(([prompt, completion]) => [`${prompt} [[[END OF REVIEW]]]`, completion] as const),
      );
      expect(issues).toContainEqual(
        expect.objectContaining({
          code: 'long_prompt_separator',
          message: expect.stringContaining('characters long'),
        }),
      );
    });
    it('reports a separator that also occurs earlier inside a prompt, naming the example', () => {
      const issues = summarize([
        ['First review -> nice ->', ' positive\n'],
        ['Second review ->', ' negative\n'],
        ['Third ->', ' neutral\n'],
      ]);
      expect(issues).toContainEqual(
        expect.objectContaining({
          code: 'long_prompt_separator',
          message: expect.stringContaining('first: example 1'),
        }),
      );
    });
    it('accepts a short, unique separator', () => {
      expect(codes(clean)).not.toContain('long_prompt_separator');
    });
  });

  describe('missing_completion_stop', () => {
    it('suggests the first stop sequence no completion uses', () => {
      const issues = summarize([
        ['Summarize: a\n\n###\n\n', ' A cat sat on a mat.\nIt slept'],
        ['Summarize: b\n\n###\n\n', ' Rain is expected. Bring an umbrella'],
        ['Summarize: c\n\n###\n\n', ' Stocks rose'],
      ]);
      expect(issues).toContainEqual(
        expect.objectContaining({
          code: 'missing_completion_stop',
          message: expect.stringContaining('add " END" to every completion and pass stop=[" END"]'),
        }),
      );
    });
    it('is not reported for classification data (few distinct completions)', () => {
      const pairs = Array.from(
        { length: 9 },
        (_, index) => [`Review ${index} ->`, index % 2 ? ' positive' : ' negative'] as const,
      );
      expect(codes(pairs)).not.toContain('missing_completion_stop');
    });
    it('is not reported when completions share a stop sequence', () => {
      expect(codes(generation)).not.toContain('missing_completion_stop');
    });
  });

  describe('completion_no_leading_space', () => {
    it('counts completions without a leading space and names the first', () => {
      const issues = summarize([clean[0], ['Broke ->', 'negative\n'], clean[2]]);
      expect(issues).toContainEqual({
        code: 'completion_no_leading_space',
        message:
          '1 of 3 completions do not start with a space (first: example 2); a leading space tends to work better with the tokenizer.',
      });
    });
    it('is not reported when all start with a space', () => {
      expect(codes(clean)).not.toContain('completion_no_leading_space');
    });
  });

  describe('identical prompts and completions', () => {
    it('reports identical prompts', () => {
      expect(
        codes([
          ['Same ->', ' a\n'],
          ['Same ->', ' b\n'],
        ]),
      ).toContain('identical_prompts');
    });
    it('reports identical completions', () => {
      expect(
        codes([
          ['A ->', ' same\n'],
          ['B ->', ' same\n'],
        ]),
      ).toContain('identical_completions');
    });
    it('does not report identical completions of classification data (12 rows, one label), as the legacy validator', () => {
      const rows = Array.from({ length: 12 }, (_, index) => [`Review ${index + 1} ->`, ' positive'] as const);
      expect(codes(rows)).not.toContain('identical_completions');
      expect(codes(rows)).not.toContain('missing_completion_stop');
    });
    it('does not report identical completions of open-ended data (3 rows with empty prompts)', () => {
      expect(
        codes([
          ['', ' Once upon a time.'],
          ['', ' Once upon a time.'],
          ['', ' Once upon a time.'],
        ]),
      ).not.toContain('identical_completions');
    });
    it('observes whitespace-only completions (the legacy tool drops only empty ones)', () => {
      expect(
        codes([
          ['A ->', ' '],
          ['B ->', ' '],
        ]),
      ).toContain('identical_completions');
    });
    it('accepts varied prompts and completions, and identical empty prompts (open-ended)', () => {
      expect(codes(clean)).not.toContain('identical_prompts');
      expect(codes(clean)).not.toContain('identical_completions');
      expect(
        codes([
          ['', ' a\n'],
          ['', ' b\n'],
        ]),
      ).not.toContain('identical_prompts');
    });
  });

  it('keeps memory bounded: distinct-completion tracking stops at its cap', () => {
    const summary = createPromptCompletionSummary();
    for (let index = 0; index <= MAX_DISTINCT_COMPLETIONS + 1; index++) {
      summary.observe({ ...base, prompt: `Q${index} ->`, completion: ` answer ${index}` }, index + 1);
    }
    // Past the cap the data counts as generation, so the missing stop sequence is reported.
    expect(summary.finish().map((issue) => issue.code)).toContain('missing_completion_stop');
  });
});
