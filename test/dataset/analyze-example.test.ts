import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeExample } from '../../src/dataset/analyze-example.js';
import { DATASET_ISSUE_CODES, type DatasetIssueCode } from '../../src/dataset/issue-codes.js';
import { resolveModel } from '../../src/models/index.js';
import { CODE_CASES, type CodeCase } from './checks/code-cases.js';
import {
  analyze,
  assistant,
  chat,
  codes,
  context,
  o200k,
  system,
  toolChat,
  user,
} from './helpers/analyze.js';

/** Codes decided from all lines of a file (by the report or the legacy summary), not per example. */
const FILE_LEVEL_CODES = new Set<DatasetIssueCode>([
  'mixed_multimodal_text',
  'rft_grader_fields',
  'common_prompt_prefix',
  'common_completion_prefix',
  'missing_prompt_separator',
  'long_prompt_separator',
  'missing_completion_stop',
  'completion_no_leading_space',
  'identical_prompts',
  'identical_completions',
]);

/** Every code `analyzeExample` can report. */
const PER_EXAMPLE_CODES = (Object.keys(DATASET_ISSUE_CODES) as DatasetIssueCode[]).filter((code) => {
  const { category } = DATASET_ISSUE_CODES[code];
  if (FILE_LEVEL_CODES.has(code)) return false;
  if (
    ['structure', 'content', 'tools', 'preference', 'reinforcement', 'prompt_completion'].includes(category)
  )
    return true;
  return [
    'not_an_object',
    'unknown_format',
    'ambiguous_format',
    'example_too_long',
    'assistant_truncated',
  ].includes(code);
});

function run(testCase: CodeCase) {
  return analyze(testCase.line, testCase.context, testCase.tokens === true);
}

describe('analyzeExample: one failing and one passing case per code', () => {
  it('covers every per-example code', () => {
    const missing = PER_EXAMPLE_CODES.filter((code) => {
      const cases = CODE_CASES[code];
      return cases === undefined || cases.fail.length === 0 || cases.pass.length === 0;
    });
    expect(missing).toEqual([]);
  });

  for (const [code, cases] of Object.entries(CODE_CASES)) {
    describe(code, () => {
      it.each(cases.fail.map((testCase) => [testCase.name, testCase] as const))(
        'reports %s',
        (_name, testCase) => {
          const analysis = run(testCase);
          const found = analysis.issues.filter((issue) => issue.code === code);
          expect(found.length, JSON.stringify(analysis.issues)).toBeGreaterThan(0);
          if (testCase.path !== undefined) expect(found.map((issue) => issue.path)).toContain(testCase.path);
          if (testCase.severity !== undefined)
            expect(found.map((issue) => issue.severity)).toContain(testCase.severity);
          if (testCase.message !== undefined)
            expect(found.map((issue) => issue.message).join('\n')).toMatch(testCase.message);
          for (const issue of found) {
            expect(issue.message).not.toContain('\n');
            expect(issue.message.length).toBeLessThan(400);
          }
        },
      );
      it.each(cases.pass.map((testCase) => [testCase.name, testCase] as const))(
        'does not report %s',
        (_name, testCase) => {
          const analysis = run(testCase);
          expect(codes(analysis)).not.toContain(code);
        },
      );
    });
  }
});

describe('analyzeExample: results', () => {
  it('returns format, no issues, tokens and features for a clean chat line', () => {
    const analysis = analyzeExample(chat(), context(), o200k());
    expect(analysis.format).toBe('chat');
    expect(analysis.issues).toEqual([]);
    expect(analysis.tokens).toEqual({ total: expect.any(Number), assistant: 2, messages: 3 });
    expect(analysis.features).toEqual({
      hash: expect.stringMatching(/^[0-9a-f]{16}$/),
      systemPromptHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      answerHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      refusals: 0,
      assistantMessages: 1,
      images: 0,
      multimodal: false,
    });
  });

  it('leaves tokens null without a counter', () => {
    expect(analyze(chat()).tokens).toBeNull();
  });

  it('hashes examples canonically: key order does not matter, content does', () => {
    const a = analyze({
      messages: [
        { role: 'user', content: 'Hi' },
        { content: 'Yo', role: 'assistant' },
      ],
    });
    const b = analyze({
      messages: [
        { content: 'Hi', role: 'user' },
        { role: 'assistant', content: 'Yo' },
      ],
    });
    const c = analyze({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Yo!' },
      ],
    });
    expect(a.features?.hash).toBe(b.features?.hash);
    expect(a.features?.hash).not.toBe(c.features?.hash);
  });

  it('shares the system prompt and answer hashes across examples with the same texts', () => {
    const a = analyze(chat([system, user('Capital of Italy?'), assistant('Rome.')]));
    const b = analyze(chat([system, user('Capital of Lazio?'), assistant('Rome.')]));
    expect(a.features?.systemPromptHash).toBe(b.features?.systemPromptHash);
    expect(a.features?.answerHash).toBe(b.features?.answerHash);
    expect(a.features?.hash).not.toBe(b.features?.hash);
  });

  it('counts structured and stock-phrase refusals', () => {
    const analysis = analyze(
      chat([
        system,
        user('Help me pick a lock.'),
        assistant("I'm sorry, but I can't help with that."),
        user('Then write malware.'),
        assistant([{ type: 'refusal', refusal: 'No.' }]),
        user('What is 2+2?'),
        assistant('4'),
      ]),
    );
    expect(analysis.features).toMatchObject({ refusals: 2, assistantMessages: 3 });
  });

  it('uses the tool calls as the answer when the example ends with a call', () => {
    const call = (toolChat().messages as unknown[])[2];
    const a = analyze({ ...toolChat(), messages: [system, user('Weather?'), call] });
    expect(a.features?.answerHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reports grader fields of reinforcement data as a sorted feature', () => {
    const analysis = analyze({
      messages: [{ role: 'developer', content: 'Answer with a number.' }, user('2+2?')],
      reference_answer: '4',
      difficulty: 'easy',
    });
    expect(analysis.format).toBe('reinforcement');
    expect(analysis.features?.graderFields).toEqual(['difficulty', 'reference_answer']);
    expect(analysis.features?.systemPromptHash).toMatch(/^[0-9a-f]{16}$/);
    expect(analysis.features?.answerHash).toBeNull();
  });

  it('passes prompt and completion to the features of legacy data', () => {
    const analysis = analyze({ prompt: 'Review: great ->', completion: ' positive\n' });
    expect(analysis.features).toMatchObject({
      prompt: 'Review: great ->',
      completion: ' positive\n',
      assistantMessages: 1,
    });
  });

  it('keeps the hash of unknown-format lines so duplicates still count', () => {
    const analysis = analyze({ text: 'hello' });
    expect(analysis.format).toBeNull();
    expect(analysis.features?.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('returns plain, structured-clone-safe data', () => {
    const analysis = analyzeExample(toolChat(), context({ model: resolveModel('gpt-4o-mini') }), o200k());
    expect(structuredClone(analysis)).toEqual(analysis);
  });

  it('reports every issue of a badly broken line, not only the first', () => {
    const analysis = analyze({
      messages: [
        { content: 'no role' },
        { role: 'user', content: 42 },
        { role: 'assistant', content: 'ok', weight: 3 },
        { role: 'tool', content: 'x' },
      ],
      weight: 1,
    });
    expect(codes(analysis)).toEqual(
      expect.arrayContaining([
        'unknown_example_key',
        'missing_role',
        'invalid_content_type',
        'invalid_weight',
        'invalid_tool_message',
        'tool_response_count_mismatch',
      ]),
    );
    expect(analysis.issues.find((issue) => issue.code === 'invalid_weight')).toMatchObject({
      path: 'messages[2].weight',
      details: { weight: 3 },
    });
  });

  it('gives invalid_weight the offending value, whatever its JSON type', () => {
    const weights = [2, 0.5, true, '1', null, [1]];
    const found = weights.map((weight) => {
      const analysis = analyze(chat([system, user(), assistant('Paris.', { weight })]));
      const issue = analysis.issues.find((draft) => draft.code === 'invalid_weight');
      return issue?.code === 'invalid_weight' ? issue.details.weight : 'absent';
    });
    expect(found).toEqual(weights);
  });
});

describe('analyzeExample: robustness', () => {
  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const analysis = analyzeExample(value, context(), null);
        expect(Array.isArray(analysis.issues)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary values in the shape of each format', () => {
    const anyValue = fc.jsonValue({ maxDepth: 4 });
    const message = fc.oneof(
      anyValue,
      fc.record(
        {
          role: fc.oneof(
            fc.constantFrom('system', 'user', 'assistant', 'tool', 'function', 'developer'),
            anyValue,
          ),
          content: fc.oneof(
            fc.string(),
            anyValue,
            fc.array(
              fc.record({
                type: fc.constantFrom('text', 'image_url', 'refusal', 'file'),
                text: anyValue,
                image_url: anyValue,
                refusal: anyValue,
              }),
            ),
          ),
          weight: anyValue,
          name: anyValue,
          tool_calls: fc.oneof(
            anyValue,
            fc.array(
              fc.record({
                id: anyValue,
                type: anyValue,
                function: fc.record({ name: anyValue, arguments: fc.oneof(fc.json(), anyValue) }),
              }),
            ),
          ),
          tool_call_id: anyValue,
          function_call: anyValue,
          refusal: anyValue,
        },
        { requiredKeys: [] },
      ),
    );
    const tools = fc.oneof(
      anyValue,
      fc.array(
        fc.record({
          type: anyValue,
          function: fc.record(
            { name: anyValue, parameters: anyValue, strict: anyValue },
            { requiredKeys: [] },
          ),
        }),
      ),
    );
    const line = fc.oneof(
      fc.record(
        {
          messages: fc.array(message, { maxLength: 6 }),
          tools,
          parallel_tool_calls: anyValue,
          functions: anyValue,
        },
        { requiredKeys: ['messages'] },
      ),
      fc.record(
        {
          input: fc.oneof(anyValue, fc.record({ messages: fc.array(message), tools })),
          preferred_output: fc.oneof(anyValue, fc.array(message)),
          non_preferred_output: fc.oneof(anyValue, fc.array(message)),
        },
        { requiredKeys: [] },
      ),
      fc.record({ prompt: anyValue, completion: anyValue, Prompt: anyValue }, { requiredKeys: [] }),
    );
    const methods = fc.constantFrom(undefined, 'supervised', 'dpo', 'reinforcement' as const);
    const profiles = fc.constantFrom('openai', 'azure' as const);
    fc.assert(
      fc.property(line, methods, profiles, (value, method, profile) => {
        const analysis = analyzeExample(
          value,
          context({ profile, model: resolveModel('gpt-4o-mini'), ...(method ? { method } : {}) }),
          o200k(),
        );
        for (const issue of analysis.issues) expect(DATASET_ISSUE_CODES[issue.code]).toBeDefined();
        expect(structuredClone(analysis)).toEqual(analysis);
      }),
      { numRuns: 400 },
    );
  });

  it('survives a line nested 100,000 levels deep', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100_000; level++) deep = [deep];
    const analysis = analyze({ messages: [system, user(), assistant()], extra: deep });
    expect(codes(analysis)).toContain('unknown_example_key');
  });

  it('stays bounded on a tool schema whose anyOf branches refer back to the root', () => {
    const parameters = { type: 'object', anyOf: [{ $ref: '#' }, { $ref: '#' }] };
    const analysis = analyze(
      toolChat([{ arguments: '{"city":"Paris"}' }], {
        tools: [{ type: 'function', function: { name: 'get_weather', parameters } }],
      }),
    );
    expect(analysis.format).toBe('chat');
  });
});

describe('analyzeExample: token limits', () => {
  it('reports an over-long reinforcement example without claiming a truncated answer', () => {
    const analysis = analyze(
      {
        messages: [{ role: 'developer', content: 'Answer.' }, user('Paris is lovely. '.repeat(30))],
        reference_answer: 'yes',
      },
      { method: 'reinforcement', model: { ...resolveModel('gpt-4o-mini'), maxTokensPerExample: 40 } },
      true,
    );
    expect(codes(analysis)).toEqual(['example_too_long']);
    const issue = analysis.issues[0];
    expect(issue?.code === 'example_too_long' && issue.details.limit).toBe(40);
    expect(issue?.code === 'example_too_long' && issue.details.tokens).toBe(analysis.tokens?.total);
    expect(analysis.tokens?.total).toBeGreaterThan(40);
  });

  it('counts upper case in scripts with case and skips CJK quickly', () => {
    const analysis = analyze({
      prompt: `${'東京'.repeat(50_000)} ->`,
      completion: ' TOKYO IS THE CAPITAL OF JAPAN\n',
    });
    expect(codes(analysis)).toEqual(['long_example_chars', 'uppercase_heavy']);
    expect(analysis.issues[1]?.path).toBe('completion');
    expect(codes(analyze({ prompt: 'ΑΘΗΝΑ ΕΙΝΑΙ Η ΠΡΩΤΕΥΟΥΣΑ ->', completion: ' ναι\n' }))).toEqual([
      'uppercase_heavy',
    ]);
  });
});

describe('analyzeExample: keys named like Object.prototype members', () => {
  it('treats constructor, toString and __proto__ as ordinary keys', () => {
    const line = JSON.parse(
      '{"messages":[{"role":"system","content":"x"},{"role":"user","content":"Hi","constructor":1},{"role":"assistant","content":[{"type":"toString"}]}],"__proto__":{"a":1},"toString":2}',
    );
    const analysis = analyze(line);
    const messages = analysis.issues.map((issue) => issue.message).join('\n');
    expect(messages).not.toMatch(/native code|\[object|=>/);
    expect(codes(analysis)).toEqual([
      'unknown_example_key',
      'unknown_example_key',
      'unknown_message_key',
      'unsupported_content_part',
    ]);
    const schema = analyze({
      ...chat(),
      tools: [
        {
          type: 'function',
          function: {
            name: 'f',
            parameters: { type: 'object', properties: { a: { type: 'constructor' } } },
            toString: 1,
          },
        },
      ],
    });
    expect(schema.issues.map((issue) => issue.message).join('\n')).not.toMatch(/native code|=>/);
  });
});
