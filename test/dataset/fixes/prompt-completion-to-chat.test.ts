import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/dataset/index.js';
import { chatLines, jsonl } from '../helpers/datasets.js';

describe('Dataset.promptCompletionToChat', () => {
  it('converts pairs, keeps chat lines, drops the rest with reasons', async () => {
    const [chat] = chatLines(1);
    const input = jsonl([
      '{"prompt": "Great tent ->", "completion": " positive\\n"}',
      '{"Prompt": "Leaks ->", "Completion": " negative END"}',
      chat!,
      '',
      '{"prompt": "Empty ->", "completion": "  "}',
      '{"prompt": 3, "completion": "x"}',
      '{"input": {}}',
    ]);
    const { text, result } = await Dataset.fromString(input)
      .promptCompletionToChat({
        systemPrompt: 'Classify the review.',
        promptSuffix: ' ->',
        completionSuffix: ' END',
      })
      .text();
    const system = { role: 'system', content: 'Classify the review.' };
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      {
        messages: [
          system,
          { role: 'user', content: 'Great tent' },
          { role: 'assistant', content: 'positive' },
        ],
      },
      { messages: [system, { role: 'user', content: 'Leaks' }, { role: 'assistant', content: 'negative' }] },
      JSON.parse(chat!),
    ]);
    expect(result).toEqual({
      read: 7,
      written: 3,
      converted: 2,
      kept: 1,
      dropped: [
        { line: 4, code: 'blank_line', reason: 'blank line' },
        { line: 5, code: 'whitespace_completion', reason: 'whitespace-only completion' },
        { line: 6, code: 'invalid_prompt_completion', reason: 'prompt or completion is not a string' },
        { line: 7, code: 'unknown_format', reason: 'neither prompt/completion nor chat' },
      ],
    });
  });

  it('keeps text untouched with trim: false and no system prompt', async () => {
    const { text } = await Dataset.fromString('{"prompt": " a ", "completion": " b\\n"}\n')
      .promptCompletionToChat({ trim: false })
      .text();
    expect(JSON.parse(text)).toEqual({
      messages: [
        { role: 'user', content: ' a ' },
        { role: 'assistant', content: ' b\n' },
      ],
    });
  });

  it('gives data that validates as chat for gpt-4o-mini', async () => {
    const pairs = Array.from({ length: 50 }, (_, index) =>
      JSON.stringify({ prompt: `Review ${index}: fine ->`, completion: ` label${index % 5}\n` }),
    );
    const { text } = await Dataset.fromString(jsonl(pairs))
      .promptCompletionToChat({ systemPrompt: 'Classify.', promptSuffix: ' ->' })
      .text();
    const report = await Dataset.fromString(text).validate({
      model: 'gpt-4o-mini',
      now: new Date('2026-06-01'),
    });
    expect(report.format).toBe('chat');
    expect(report.countsBySeverity.error).toBe(0);
  });

  it('rejects bad options', () => {
    expect(() =>
      Dataset.fromString('').promptCompletionToChat({ systemPrompt: 1 as unknown as string }),
    ).toThrow(
      expect.objectContaining({
        name: 'FinetuneKitUsageError',
        option: 'options.systemPrompt',
        message: 'promptCompletionToChat(options): options.systemPrompt must be a string.',
      }),
    );
    expect(() => Dataset.fromString('').promptCompletionToChat({ trim: 'no' as unknown as boolean })).toThrow(
      expect.objectContaining({ option: 'options.trim' }),
    );
  });
});
