import { describe, expect, it } from 'vitest';
import { detectExampleFormat } from '../../../src/dataset/checks/detect-format.js';
import type { TrainingMethod } from '../../../src/dataset/types.js';

const user = { role: 'user', content: '2+2?' };
const answer = { role: 'assistant', content: '4' };
const developer = { role: 'developer', content: 'Answer with a number.' };
const system = { role: 'system', content: 'Be terse.' };

function format(example: Record<string, unknown>, method?: TrainingMethod) {
  return detectExampleFormat(example, method).format;
}

describe('detectExampleFormat', () => {
  it.each([
    ['chat', { messages: [system, user, answer] }],
    ['chat with tools', { messages: [user, answer], tools: [], parallel_tool_calls: false }],
    ['prompt/completion', { prompt: 'a', completion: 'b' }],
    ['prompt/completion with odd case', { Prompt: 'a', COMPLETION: 'b' }],
    ['prompt only', { prompt: 'a' }],
    [
      'preference',
      { input: { messages: [user] }, preferred_output: [answer], non_preferred_output: [answer] },
    ],
    ['preference, 2025 names', { input: { messages: [user] }, preferred_completion: [answer] }],
    ['preference, TRL', { prompt: 'Say hi', chosen: 'Hi!', rejected: 'No.' }],
    ['preference, TRL without prompt', { chosen: [user, answer], rejected: [user, answer] }],
    ['preference, input object alone', { input: { messages: [user] } }],
  ])('detects %s', (name, example) => {
    const expected =
      name.split(/[ ,]/)[0] === 'chat'
        ? 'chat'
        : name.startsWith('preference')
          ? 'preference'
          : 'prompt_completion';
    expect(format(example)).toBe(expected);
  });

  describe('chat or reinforcement without a method', () => {
    it.each([
      ['a developer message ending in user', { messages: [developer, user] }, 'reinforcement'],
      ['grader fields ending in user', { messages: [user], reference_answer: '4' }, 'reinforcement'],
      ['a system message', { messages: [system, user], reference_answer: '4' }, 'chat'],
      ['an assistant answer last', { messages: [developer, user, answer] }, 'chat'],
      ['no positive sign', { messages: [user] }, 'chat'],
      [
        'an extra key but a tool message last',
        { messages: [user, answer, { role: 'tool', content: 'x' }], weight: 1 },
        'chat',
      ],
    ] as const)('%s → %s', (_name, example, expected) => {
      expect(format(example)).toBe(expected);
    });
  });

  it('lets the method decide between chat and reinforcement', () => {
    const rftLike = { messages: [developer, user], reference_answer: '4' };
    expect(format(rftLike, 'supervised')).toBe('chat');
    expect(format(rftLike, 'dpo')).toBe('chat');
    expect(format({ messages: [system, user, answer] }, 'reinforcement')).toBe('reinforcement');
  });

  it('treats prompt/completion next to messages as grader fields for reinforcement, ambiguous otherwise', () => {
    const line = { messages: [user], prompt: 'a', completion: 'b' };
    expect(format(line, 'reinforcement')).toBe('reinforcement');
    const ambiguous = detectExampleFormat(line, 'supervised');
    expect(ambiguous.format).toBeNull();
    expect(ambiguous.issues).toEqual([
      {
        code: 'ambiguous_format',
        message:
          "Keys of several formats on one line: chat ('messages') and prompt/completion ('prompt' and 'completion'); keep the keys of one format (method 'supervised' expects chat or prompt_completion data).",
      },
    ]);
  });

  it('picks the preference reading of an ambiguous line when the method is dpo', () => {
    expect(format({ messages: [user], preferred_output: [answer] }, 'dpo')).toBe('preference');
    expect(format({ messages: [user], preferred_output: [answer] })).toBeNull();
  });

  it('does not read a string `input` (Alpaca) or `input` next to messages as preference data', () => {
    expect(format({ instruction: 'Add', input: '2 2', output: '4' })).toBeNull();
    expect(format({ messages: [user], input: { x: 1 } }, 'reinforcement')).toBe('reinforcement');
    expect(format({ messages: [system, user, answer], input: 'x' })).toBe('chat');
  });

  it('explains unknown formats with the keys found and a hint', () => {
    expect(detectExampleFormat({ conversations: [] }).issues[0]).toEqual({
      code: 'unknown_format',
      message:
        "Unexpected file format, expected either prompt/completion pairs or chat messages (or preference input/preferred_output/non_preferred_output): found keys 'conversations'; this looks like ShareGPT data.",
      remedy: { kind: 'conversion', conversion: 'convertFrom', format: 'sharegpt' },
    });
    expect(detectExampleFormat({ instruction: 'i', input: '', output: 'o' }).issues[0]?.remedy).toEqual({
      kind: 'conversion',
      conversion: 'convertFrom',
      format: 'alpaca',
    });
    expect(detectExampleFormat({ question: 'q', answer: 'a' }).issues[0]?.message).toMatch(
      /question\/answer pair/,
    );
    expect(detectExampleFormat({ contents: [] }).issues[0]?.message).toMatch(/Gemini/);
  });
});
