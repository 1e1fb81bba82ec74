import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../../src/testing/index.js';
import { CATALOGUE_SIZE, catalogueModel, catalogueQuestion } from '../helpers/catalogue.js';
import {
  EXACT_ANSWER_GRADER,
  rftJsonl,
  SUPPORT_PAIRS,
  simClient,
  trainedModel,
  uploadTrainingFile,
} from '../helpers/data.js';

/** How many of the 50 catalogue questions `model` answers with the training answer. */
async function correctAnswers(client: Awaited<ReturnType<typeof catalogueModel>>['client'], model: string) {
  let correct = 0;
  for (let index = 0; index < CATALOGUE_SIZE; index++) {
    const [question, answer] = catalogueQuestion(index);
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: question }],
    });
    if (completion.choices[0]?.message.content === answer) correct++;
  }
  return correct;
}

describe('simulated answers: what a model learned shows in what it answers', () => {
  it('later checkpoints reproduce the training answers more often than early ones and than the base model', async () => {
    const { client, model, checkpoints, totalSteps } = await catalogueModel();
    expect(checkpoints.length).toBeGreaterThanOrEqual(3);
    expect(checkpoints.at(-1)?.model).toBe(model);
    const scores: number[] = [];
    for (const checkpoint of checkpoints) scores.push(await correctAnswers(client, checkpoint.model));
    const base = await correctAnswers(client, 'gpt-4o-mini-2024-07-18');
    // The final model reproduces every exact training prompt; each earlier checkpoint fewer.
    expect(scores.at(-1)).toBe(CATALOGUE_SIZE);
    for (let index = 1; index < scores.length; index++)
      expect(scores[index]).toBeGreaterThan(scores[index - 1]!);
    expect(base).toBe(0);
    // Roughly 0.2 + 0.8 × (step / total)² of the prompts.
    const first = checkpoints[0]!;
    const expected = CATALOGUE_SIZE * (0.2 + 0.8 * (first.step / totalSteps) ** 2);
    expect(Math.abs(scores[0]! - expected)).toBeLessThan(CATALOGUE_SIZE * 0.2);
  });

  it('is deterministic by simulator seed, model and prompt, and wrong answers stay plausible', async () => {
    const first = await catalogueModel(7);
    const second = await catalogueModel(7);
    const early = first.checkpoints[0]!.model;
    const answersOf = async (run: typeof first) => {
      const answers: string[] = [];
      for (let index = 0; index < 10; index++) {
        const completion = await run.client.chat.completions.create({
          model: early.replace(first.model, run.model),
          messages: [{ role: 'user', content: catalogueQuestion(index)[0] }],
        });
        answers.push(completion.choices[0]!.message.content!);
      }
      return answers;
    };
    const answers = await answersOf(first);
    expect(await answersOf(second)).toEqual(answers);
    // A wrong answer is another product's answer or a generic reply, never empty.
    for (const [index, answer] of answers.entries()) {
      expect(answer.length).toBeGreaterThan(20);
      if (answer !== catalogueQuestion(index)[1])
        expect(answer).toMatch(/^The .+ costs \d+ dollars|support|details|information|situation/);
    }
  });

  it('the final model matches an exact (normalised) training prompt exactly', async () => {
    const { client, model } = await trainedModel();
    for (const [question, answer] of SUPPORT_PAIRS) {
      for (const asked of [question, question.toUpperCase(), `  ${question.replace(/\?$/, '')} `]) {
        const completion = await client.chat.completions.create({
          model,
          messages: [{ role: 'user', content: asked }],
        });
        expect(completion.choices[0]?.message.content).toBe(answer);
      }
    }
  });

  it('base models answer generically, about the question', async () => {
    const { client } = await trainedModel();
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1-nano-2025-04-14',
      messages: [{ role: 'user', content: 'Do you ship to Canada?' }],
    });
    expect(completion.model).toBe('gpt-4.1-nano-2025-04-14');
    expect(completion.choices[0]?.message.content).toContain('"ship canada"');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('json_schema answers conform to the schema; json_object answers are JSON objects', async () => {
    const { client, model } = await trainedModel();
    const schema = {
      type: 'object',
      properties: {
        answer: { type: 'string' },
        confidence: { type: 'number', minimum: 0, maximum: 1 },
        topic: { type: 'string', enum: ['shipping', 'returns', 'repairs'] },
        tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
        follow_up: { anyOf: [{ type: 'null' }, { $ref: '#/$defs/step' }] },
        urgent: { type: 'boolean' },
      },
      required: ['answer', 'confidence', 'topic', 'tags', 'follow_up', 'urgent'],
      additionalProperties: false,
      $defs: { step: { type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 9 } } } },
    };
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Do you ship to Canada?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'support_answer', strict: true, schema } },
    });
    const value = JSON.parse(completion.choices[0]!.message.content!);
    expect(value).toMatchObject({ answer: SUPPORT_PAIRS[2]![1], follow_up: { days: expect.any(Number) } });
    expect(value.confidence).toBeGreaterThanOrEqual(0);
    expect(value.confidence).toBeLessThanOrEqual(1);
    expect(['shipping', 'returns', 'repairs']).toContain(value.topic);
    expect(value.tags).toHaveLength(2);
    expect(Number.isInteger(value.follow_up.days)).toBe(true);
    expect(typeof value.urgent).toBe('boolean');
    const object = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Reply in JSON: where is my order?' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(object.choices[0]!.message.content!)).toEqual({ answer: expect.any(String) });
  });

  it('a base model asked to grade answers with a score that follows the agreement with the reference', async () => {
    const { client } = await trainedModel();
    const grade = async (output: string, format?: 'schema') => {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-2024-08-06',
        messages: [
          {
            role: 'system',
            content:
              'You are a strict grader. Score the model answer against the reference answer between 0 and 10.',
          },
          {
            role: 'user',
            content: `Reference answer: Yes, we ship to Canada. Delivery takes 5 to 8 business days.\nModel answer: ${output}`,
          },
        ],
        ...(format === 'schema'
          ? {
              response_format: {
                type: 'json_schema' as const,
                json_schema: {
                  name: 'grade',
                  schema: {
                    type: 'object',
                    properties: {
                      steps: { type: 'string' },
                      result: { type: 'number', minimum: 0, maximum: 1 },
                    },
                    required: ['steps', 'result'],
                  },
                },
              },
            }
          : {}),
      });
      return completion.choices[0]!.message.content!;
    };
    expect(await grade('Yes, we ship to Canada. Delivery takes 5 to 8 business days.')).toBe('10');
    expect(await grade('Our rentals start at 45 euros.')).toBe('0');
    const partial = Number(await grade('Yes, we ship to Canada.'));
    expect(partial).toBeGreaterThan(2);
    expect(partial).toBeLessThan(9);
    const structured = JSON.parse(
      await grade('Yes, we ship to Canada. Delivery takes 5 to 8 business days.', 'schema'),
    );
    expect(structured).toEqual({ steps: 'The answer agrees with the reference.', result: 1 });
  });

  it('a reinforcement run that learned nothing (rewardCurve learned_nothing) does not reproduce its data', async () => {
    const answered = async (rewardCurve: 'learning' | 'learned_nothing') => {
      const sim = createSimulator({ clock: 'manual', allowShutDownModels: true, training: { rewardCurve } });
      const client = simClient(sim);
      const training = await uploadTrainingFile(sim, client, rftJsonl(30), 'rft.jsonl');
      const job = await client.fineTuning.jobs.create({
        model: 'o4-mini',
        training_file: training.id,
        method: { type: 'reinforcement', reinforcement: { grader: EXACT_ANSWER_GRADER } },
      });
      sim.runUntilIdle();
      const model = (await client.fineTuning.jobs.retrieve(job.id)).fine_tuned_model!;
      let correct = 0;
      for (const line of rftJsonl(30).trim().split('\n')) {
        const example = JSON.parse(line) as {
          messages: { role: 'developer' | 'user'; content: string }[];
          reference_answer: string;
        };
        const reply = await client.chat.completions.create({ model, messages: example.messages });
        if (reply.choices[0]?.message.content === example.reference_answer) correct++;
      }
      return correct;
    };
    expect(await answered('learning')).toBe(30);
    expect(await answered('learned_nothing')).toBeLessThan(15);
  });
});
