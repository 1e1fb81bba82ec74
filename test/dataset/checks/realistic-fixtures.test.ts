import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPromptCompletionSummary } from '../../../src/dataset/checks/prompt-completion-summary.js';
import { DATASET_ISSUE_CODES } from '../../../src/dataset/issue-codes.js';
import type { ExampleAnalysis, IssueDraft, TrainingMethod } from '../../../src/dataset/types.js';
import { resolveModel } from '../../../src/models/index.js';
import { dataUrl, jpegBytes, pngBytes, WEBP_BASE64 } from '../../fixtures/dataset/images.js';
import { analyze, codes } from '../helpers/analyze.js';

function fixture(name: string): Record<string, unknown>[] {
  const url = new URL(`../../fixtures/dataset/checks/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function severity(issue: IssueDraft) {
  return issue.severity ?? DATASET_ISSUE_CODES[issue.code].severity;
}

/** Issues that would make a user act: errors and warnings. */
function problems(analysis: ExampleAnalysis) {
  return analysis.issues.filter((issue) => severity(issue) !== 'info');
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

describe('realistic tool-calling conversations', () => {
  const lines = fixture('tool-calling.jsonl');
  const gpt4oMini = { model: resolveModel('gpt-4o-mini') };

  it.each(lines.map((line, index) => [index + 1, line] as const))('line %i is clean', (_line, line) => {
    const analysis = analyze(line, { ...gpt4oMini, method: 'supervised' }, true);
    expect(analysis.format).toBe('chat');
    expect(analysis.issues).toEqual([]);
    expect(analysis.tokens?.total).toBeGreaterThan(0);
  });

  it('checks parallel calls: a lost response, a renamed id, and a disabled switch', () => {
    const line = clone(lines[0]!) as { messages: Record<string, unknown>[]; parallel_tool_calls: boolean };
    line.messages.splice(4, 1); // drop the Porto response
    line.parallel_tool_calls = false;
    const analysis = analyze(line);
    expect(analysis.issues.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'parallel_calls_when_disabled', path: 'messages[2].tool_calls' },
      { code: 'tool_response_count_mismatch', path: 'messages[2]' },
    ]);
    expect(analysis.issues[1]?.message).toBe(
      'messages[2]: 2 tool calls but 1 tool response follow (unanswered: call_opo).',
    );
  });

  it('validates nested arguments against strict schemas with $ref', () => {
    const line = clone(lines[1]!) as { messages: { tool_calls?: { function: { arguments: string } }[] }[] };
    const search = line.messages[2]!.tool_calls![0]!.function;
    search.arguments = JSON.stringify({
      origin: 'Lisbon',
      destination: 'CDG',
      date: '2026-03-14',
      passengers: { adults: 0, children: 1 },
      cabin: 'first',
    });
    const book = line.messages[6]!.tool_calls![0]!.function;
    book.arguments = JSON.stringify({ flight_id: 'TP438', travellers: [{ name: '' }] });
    const analysis = analyze(line);
    expect(analysis.issues.map(({ code, path, message }) => ({ code, path, message }))).toEqual([
      {
        code: 'tool_call_arguments_schema_mismatch',
        path: 'messages[2].tool_calls[0].function.arguments',
        message:
          'messages[2].tool_calls[0].function.arguments: arguments.origin: must match the pattern "^[A-Z]{3}$" (got "Lisbon"); arguments.passengers.adults: must be ≥ 1 (got 0); arguments.cabin: must be one of "economy", "premium", "business", null (got "first").',
      },
      {
        code: 'tool_call_arguments_schema_mismatch',
        path: 'messages[6].tool_calls[0].function.arguments',
        message:
          'messages[6].tool_calls[0].function.arguments: arguments.travellers[0].name: must have at least 1 characters (got 0).',
      },
    ]);
  });

  it('reports calls that break the tool contract', () => {
    const line = clone(lines[4]!) as { messages: { tool_calls?: Record<string, unknown>[] }[] };
    const calls = line.messages[2]!.tool_calls!;
    calls[1] = {
      id: 'c1',
      type: 'function',
      function: { name: 'get_forecast', arguments: '{"city": "Madrid"' },
    };
    const analysis = analyze(line);
    expect(codes(analysis)).toEqual([
      'duplicate_tool_call_id',
      'unknown_tool_called',
      'tool_call_arguments_not_json',
      'unmatched_tool_call_id',
    ]);
  });
});

describe('realistic vision examples', () => {
  const gpt4o = { model: resolveModel('gpt-4o-2024-08-06') };
  const photo = dataUrl('image/jpeg', jpegBytes({ width: 64, height: 48, exifPadding: 2_000 }));
  const screenshot = dataUrl('image/png', pngBytes({ width: 40, height: 30, colorType: 6 }));
  const sticker = dataUrl('image/webp', WEBP_BASE64.alpha);
  const line = {
    messages: [
      { role: 'system', content: 'You identify products in customer photos.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Which of these is the damaged item?' },
          { type: 'image_url', image_url: { url: photo, detail: 'high' } },
          { type: 'image_url', image_url: { url: screenshot, detail: 'low' } },
          { type: 'image_url', image_url: { url: sticker } },
        ],
      },
      { role: 'assistant', content: 'The first photo: the lamp shade has a dent on its left side.' },
    ],
  };

  it('accepts JPEG, PNG and WEBP data URLs for a vision model, with image features', () => {
    const analysis = analyze(line, gpt4o, true);
    expect(analysis.issues).toEqual([]);
    expect(analysis.features).toMatchObject({ images: 3, multimodal: true });
  });

  it('rejects the same example for a model without vision fine-tuning', () => {
    expect(codes(analyze(line, { model: resolveModel('gpt-4o-mini') }))).toEqual(['images_not_supported']);
  });

  it('flags a remote image as possibly skipped, but not as a problem', () => {
    const remote = clone(line);
    (remote.messages[1]!.content as { image_url: { url: string } }[])[1]!.image_url.url =
      'https://cdn.example.com/returns/8812.jpg';
    const analysis = analyze(remote, gpt4o);
    expect(codes(analysis)).toEqual(['image_may_be_skipped']);
    expect(problems(analysis)).toEqual([]);
  });
});

describe('realistic preference (DPO) data', () => {
  const lines = fixture('dpo.jsonl');

  it.each(lines.map((line, index) => [index + 1, line] as const))('line %i is clean', (_line, line) => {
    const analysis = analyze(line, { method: 'dpo', model: resolveModel('gpt-4.1-mini') }, true);
    expect(analysis.format).toBe('preference');
    expect(analysis.issues).toEqual([]);
    expect(analysis.features?.answerHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('explains a TRL-style file', () => {
    const trl = {
      prompt: 'My brakes feel soft.',
      chosen: 'Stop riding and report it.',
      rejected: 'Ride slowly.',
    };
    const analysis = analyze(trl, { method: 'dpo' });
    expect(analysis.issues.map((issue) => issue.message)).toEqual([
      "Example has key 'prompt' (TRL style; input is {'messages': [...]}); rename it to 'input'.",
      "Example has key 'chosen' (TRL style); rename it to 'preferred_output'.",
      "Example has key 'rejected' (TRL style); rename it to 'non_preferred_output'.",
    ]);
  });
});

describe('realistic reinforcement (RFT) data', () => {
  const lines = fixture('rft.jsonl');

  it.each(lines.map((line, index) => [index + 1, line] as const))(
    'line %i is clean and exposes its grader fields',
    (_line, line) => {
      for (const method of [undefined, 'reinforcement'] as (TrainingMethod | undefined)[]) {
        const analysis = analyze(line, method ? { method } : {}, true);
        expect(analysis.format).toBe('reinforcement');
        expect(analysis.issues).toEqual([]);
        expect(analysis.features?.graderFields).toEqual(['difficulty', 'reference_answer']);
      }
    },
  );

  it('rejects a system message and, on Azure, a final assistant message', () => {
    const line = clone(lines[3]!) as { messages: Record<string, unknown>[] };
    line.messages[0]!.role = 'system';
    line.messages.push({ role: 'assistant', content: 'billing' });
    const analysis = analyze(line, { method: 'reinforcement', profile: 'azure' });
    expect(analysis.issues.map(({ code, severity: override }) => ({ code, override }))).toEqual([
      { code: 'rft_invalid_role', override: undefined },
      { code: 'rft_last_message_not_user', override: 'error' },
    ]);
  });
});

describe('realistic legacy prompt/completion data', () => {
  const lines = fixture('legacy-prompt-completion.jsonl');

  it('is clean per example and for the file', () => {
    const summary = createPromptCompletionSummary();
    lines.forEach((line, index) => {
      const analysis = analyze(line, { model: resolveModel('babbage-002') }, true);
      expect(analysis.format).toBe('prompt_completion');
      expect(analysis.issues).toEqual([]);
      summary.observe(analysis.features!, index + 1);
    });
    expect(summary.finish()).toEqual([]);
  });

  it('reports the legacy remediations on a raw export', () => {
    const summary = createPromptCompletionSummary();
    const raw = lines.map((line) => ({
      Prompt: `Customer review: ${String(line.prompt).replace(' ->', '')}`,
      completion: String(line.completion).trim(),
      rating: 3,
    }));
    const perExample = raw.map((line, index) => {
      const analysis = analyze(line);
      summary.observe(analysis.features!, index + 1);
      return codes(analysis);
    });
    expect(perExample[0]).toEqual(['key_case_mismatch', 'extra_columns']);
    const issues = summary.finish();
    expect(issues.map((issue) => issue.code)).toEqual([
      'common_prompt_prefix',
      'long_prompt_separator',
      'completion_no_leading_space',
    ]);
    // Every review ends with a full stop, which the legacy rules read as a separator that also
    // occurs inside prompts (the first such review is example 3: "It works. Nothing special…").
    expect(issues[1]?.message).toBe(
      'All prompts end with the separator ".", but it also occurs earlier inside a prompt (first: example 3), so the model may stop the prompt early.',
    );
  });
});
