import { describe, expect, it } from 'vitest';
import {
  createSimulator,
  createTrainingFileCheck,
  datasetValidator,
  type TrainingFileCheck,
  verdictFromReport,
} from '../../src/testing/index.js';
import { preferenceJsonl, simClient, supportJsonl, uploadTrainingFile } from './helpers/data.js';

const check: Omit<TrainingFileCheck, 'text' | 'chunks'> = {
  fileId: 'file-abc',
  filename: 'train.jsonl',
  role: 'training_file',
  model: 'gpt-4o-mini-2024-07-18',
  method: 'supervised',
  minExamples: 10,
};

/** A check of `text`, split into `parts` chunks (as Upload parts arrive). */
function checkOf(text: string, overrides: Partial<typeof check> = {}, parts = 1) {
  const bytes = new TextEncoder().encode(text);
  const size = Math.ceil(bytes.length / parts);
  const chunks = Array.from({ length: parts }, (_, index) => bytes.slice(index * size, (index + 1) * size));
  return createTrainingFileCheck({ ...check, ...overrides, chunks });
}

/** Runs a file through the simulator and returns the failed job's error and its error event. */
async function failJob(text: string, method: 'supervised' | 'dpo' = 'supervised') {
  const sim = createSimulator({ clock: 'manual' });
  const client = simClient(sim);
  const file = await uploadTrainingFile(sim, client, text);
  const job = await client.fineTuning.jobs.create({
    model: 'gpt-4o-mini',
    training_file: file.id,
    method: { type: method },
  });
  sim.runUntilIdle();
  const failed = await client.fineTuning.jobs.retrieve(job.id);
  const [event] = (await client.fineTuning.jobs.listEvents(job.id, { limit: 1 })).data;
  return { failed, event, fileId: file.id };
}

describe('server-side validation with the Dataset module', () => {
  it('fails a broken message the way the server words it: Example N, message M', async () => {
    const broken = JSON.stringify({
      messages: [{ content: 'Hi' }, { role: 'assistant', content: 'Hello!' }],
    });
    const { failed, event } = await failJob(`${supportJsonl(11)}${broken}\n`);
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({
      code: 'invalid_training_file',
      param: 'training_file',
      message:
        "The job failed due to an invalid training file. Invalid file format. Example 12, message 1 Discriminator 'role' is missing in value",
    });
    expect(event).toMatchObject({
      level: 'error',
      message: failed.error?.message,
      data: { error_code: 'invalid_training_file', error_param: 'training_file' },
    });
  });

  it('fails a chat file sent to a DPO job with the method/format mismatch text', async () => {
    const { failed, fileId } = await failJob(supportJsonl(12), 'dpo');
    expect(failed.error?.message).toBe(
      `The job failed due to an invalid training file. Input file ${fileId} is in the fine-tune-chat format, but the specified fine-tuning job is not using 'supervised' as the training method (provided method=dpo).`,
    );
  });

  it('fails a file of no known format with the server’s "Unexpected file format" text', async () => {
    const { failed } = await failJob(`${'{"text": "hello"}\n'.repeat(12)}`);
    expect(failed.error).toMatchObject({
      code: 'invalid_training_file',
      message:
        'The job failed due to an invalid training file. Unexpected file format, expected either prompt/completion pairs or chat messages.',
    });
  });

  it('accepts a good file and bills its tokens: trained_tokens = billable tokens × epochs', async () => {
    const accepted = await datasetValidator(checkOf(supportJsonl(12)));
    expect(accepted).toEqual({ ok: true, examples: 12, format: 'chat', tokensPerEpoch: expect.any(Number) });
    const perEpoch = (accepted as { tokensPerEpoch: number }).tokensPerEpoch;
    expect(perEpoch).toBeGreaterThan(12 * 40);
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, supportJsonl(12));
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    sim.runUntilIdle();
    expect((await client.fineTuning.jobs.retrieve(job.id)).trained_tokens).toBe(perEpoch * 8);
  });

  it('accepts preference data for DPO and ignores warnings the server does not act on', async () => {
    const verdict = await datasetValidator(checkOf(preferenceJsonl(20), { method: 'dpo' }));
    expect(verdict.ok).toBe(true);
  });

  it('streams files that came in several parts (split mid-line) to the same verdict', async () => {
    const broken = JSON.stringify({
      messages: [{ content: 'Hi' }, { role: 'assistant', content: 'Hello!' }],
    });
    const text = `${supportJsonl(30)}${broken}\n`;
    const whole = await datasetValidator(checkOf(text));
    expect(await datasetValidator(checkOf(text, {}, 7))).toEqual(whole);
    expect(whole).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Example 31, message 1') },
    });
    expect(checkOf('{"a":1}\n', {}, 3).text).toBe('{"a":1}\n');
  });

  it('does not require 10 examples of a validation file', async () => {
    const verdict = await datasetValidator(checkOf(supportJsonl(3), { role: 'validation_file' }));
    expect(verdict).toMatchObject({ ok: true, examples: 3 });
  });
});

describe('verdictFromReport', () => {
  const report = (
    issues: {
      code: string;
      severity: string;
      message: string;
      line?: number;
      example?: number;
      messageIndex?: number;
      path?: string;
    }[],
    extra = {},
  ) => ({
    format: 'chat',
    examples: 50,
    issues,
    ...extra,
  });

  it('picks the first blocking issue in file order and skips codes the server tolerates', () => {
    const verdict = verdictFromReport(
      report([
        { code: 'example_too_long', severity: 'error', message: 'too long', line: 2, example: 2 },
        {
          code: 'invalid_weight',
          severity: 'error',
          message: 'messages[3].weight: 2 is not 0 or 1.',
          line: 9,
          example: 9,
          messageIndex: 3,
        },
        {
          code: 'empty_content',
          severity: 'error',
          message: 'messages[1].content is empty.',
          line: 7,
          example: 7,
          messageIndex: 1,
        },
        { code: 'few_examples', severity: 'warning', message: 'few', line: 1 },
      ]),
      check,
      100,
    );
    expect(verdict).toEqual({
      ok: false,
      error: {
        code: 'invalid_training_file',
        param: 'training_file',
        message:
          'The job failed due to an invalid training file. Invalid file format. Example 7, message 2 messages[1].content is empty.',
      },
    });
  });

  it('words extra keys, missing messages and invalid JSON as the server does', () => {
    const one = (issue: Parameters<typeof report>[0][number]) =>
      (verdictFromReport(report([issue]), check, 1) as { error: { message: string } }).error.message.replace(
        'The job failed due to an invalid training file. ',
        '',
      );
    expect(
      one({
        code: 'unknown_example_key',
        severity: 'error',
        message: 'x',
        line: 1,
        example: 1,
        path: 'weight',
      }),
    ).toBe('Invalid file format. Example 1 contains an extra "weight".');
    expect(one({ code: 'missing_messages', severity: 'error', message: 'x', line: 4, example: 4 })).toBe(
      "Invalid file format. Example 4 is missing key 'messages'.",
    );
    expect(
      one({
        code: 'invalid_json',
        severity: 'error',
        message: "Expecting ',' delimiter: line 1 column 79 (char 78)",
        line: 1273,
        example: 1273,
      }),
    ).toBe(
      "Invalid file format. Example 1273 cannot be parsed. Error: Expecting ',' delimiter: line 1 column 79 (char 78) (line 1273)",
    );
  });

  it('uses invalid_validation_file for the validation file, and the count rule only for training files', () => {
    const verdict = verdictFromReport(
      report(
        [{ code: 'missing_role', severity: 'error', message: 'x', line: 3, example: 3, messageIndex: 0 }],
        { examples: 3 },
      ),
      { ...check, role: 'validation_file' },
      1,
    );
    expect(verdict).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_validation_file',
        param: 'validation_file',
        message:
          "The job failed due to an invalid validation file. Invalid file format. Example 3, message 1 Discriminator 'role' is missing in value",
      },
    });
    expect(verdictFromReport(report([], { examples: 0, format: 'unknown' }), check, 0)).toMatchObject({
      error: {
        code: 'invalid_n_examples',
        message: 'Training file has 0 example(s), but must have at least 10 examples',
      },
    });
  });
});
