import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createSimulator, type SimulatorOptions } from '../../src/testing/index.js';
import {
  ANSWER_AND_UNITS_GRADER,
  EXACT_ANSWER_GRADER,
  rftJsonl,
  simAzureClient,
  simClient,
  supportJsonl,
  uploadTrainingFile,
} from './helpers/data.js';

async function rftJob(
  options: SimulatorOptions = {},
  reinforcement: Record<string, unknown> = {
    grader: EXACT_ANSWER_GRADER,
    hyperparameters: { n_epochs: 2, eval_interval: 4 },
  },
) {
  const sim = createSimulator({ clock: 'manual', seed: 21, allowShutDownModels: true, ...options });
  const client = simClient(sim);
  const training = await uploadTrainingFile(sim, client, rftJsonl(12), 'rft.jsonl');
  const validation = await uploadTrainingFile(sim, client, rftJsonl(6, 12), 'rft-valid.jsonl');
  const job = await client.fineTuning.jobs.create({
    model: 'o4-mini',
    training_file: training.id,
    validation_file: validation.id,
    suffix: 'trail',
    method: { type: 'reinforcement', reinforcement: reinforcement as never },
  });
  return { sim, client, job, training, validation };
}

describe('a reinforcement fine-tuning job', () => {
  it('shows the grader and auto hyperparameters at creation, resolved ones once running', async () => {
    const { sim, client, job } = await rftJob();
    expect(job).toMatchObject({
      model: 'o4-mini-2025-04-16',
      status: 'validating_files',
      method: {
        type: 'reinforcement',
        reinforcement: {
          grader: EXACT_ANSWER_GRADER,
          hyperparameters: {
            n_epochs: 2,
            eval_interval: 4,
            batch_size: 'auto',
            learning_rate_multiplier: 'auto',
            eval_samples: 'auto',
            compute_multiplier: 'auto',
            reasoning_effort: 'default',
          },
        },
      },
      hyperparameters: { n_epochs: 2, batch_size: 'auto', learning_rate_multiplier: 'auto' },
    });
    sim.advanceJob(job.id, { to: 'running' });
    const running = await client.fineTuning.jobs.retrieve(job.id);
    expect(running.method?.reinforcement?.hyperparameters).toEqual({
      n_epochs: 2,
      batch_size: 1,
      learning_rate_multiplier: 1.8,
      eval_interval: 4,
      eval_samples: 1,
      compute_multiplier: 1,
      reasoning_effort: 'medium',
    });
    expect(running.hyperparameters).toEqual({ n_epochs: 2, batch_size: 1, learning_rate_multiplier: 1.8 });
  });

  it('emits the RFT metrics events: the API message, nested data, validation every eval_interval steps', async () => {
    const { sim, job } = await rftJob();
    sim.runUntilIdle();
    const metrics = sim.getJobEvents(job.id).filter((event) => event.type === 'metrics');
    expect(metrics).toHaveLength(24);
    expect(metrics[0]?.message).toMatch(/^Step 1\/24 , train mean reward=\d\.\d\d$/);
    expect(metrics[3]?.message).toMatch(
      /^Step 4\/24 , train mean reward=\d\.\d\d, full validation mean reward=\d\.\d\d, full validation mean parse error=\d\.\d\d$/,
    );
    const step4 = metrics[3]?.data as Record<string, unknown>;
    expect(Object.keys(step4)).toEqual([
      'step',
      'total_steps',
      'train_mean_reward',
      'full_valid_mean_reward',
      'full_valid_mean_parse_error',
      'reasoning_tokens_mean',
      'completion_tokens_mean',
      'valid_reasoning_tokens_mean',
      'mean_unresponsive_rewards',
      'scores',
      'usage',
      'errors',
      'timing',
      'model_graders_token_usage',
    ]);
    expect(step4).toMatchObject({
      step: 4,
      total_steps: 24,
      scores: { graders: [{ name: 'Exact answer', type: 'string_check' }] },
      usage: { graders: [], samples: { train_reasoning_tokens_count: expect.any(Number) } },
      timing: { step: { eval: expect.any(Number) } },
    });
    const validated = metrics
      .filter(
        (event) => (event.data as { full_valid_mean_reward?: number }).full_valid_mean_reward !== undefined,
      )
      .map((event) => (event.data as { step: number }).step);
    expect(validated).toEqual([4, 8, 12, 16, 20, 24]);
  });

  it('checkpoints at each validation, keeps the 3 best by valid reward plus the final model', async () => {
    const { sim, client, job } = await rftJob();
    sim.runUntilIdle();
    const done = await client.fineTuning.jobs.retrieve(job.id);
    expect(done.status).toBe('succeeded');
    const rewards = new Map(
      sim
        .getJobEvents(job.id)
        .filter((event) => event.type === 'metrics')
        .map((event) => {
          const data = event.data as { step: number; full_valid_mean_reward?: number };
          return [data.step, data.full_valid_mean_reward] as const;
        })
        .filter((entry): entry is readonly [number, number] => entry[1] !== undefined),
    );
    const intermediate = [4, 8, 12, 16, 20];
    const best = [...intermediate].sort((a, b) => rewards.get(b)! - rewards.get(a)!).slice(0, 3);
    const checkpoints = (await client.fineTuning.jobs.checkpoints.list(job.id)).data;
    expect(checkpoints.map((checkpoint) => checkpoint.step_number)).toEqual([
      24,
      ...best.sort((a, b) => b - a),
    ]);
    expect(checkpoints[0]?.fine_tuned_model_checkpoint).toBe(done.fine_tuned_model);
    expect(checkpoints[0]?.metrics).toMatchObject({ step: 24, full_valid_mean_reward: rewards.get(24) });
    // Every validation step announced its checkpoint; the dropped ones are gone as models too.
    const announced = sim
      .getJobEvents(job.id)
      .filter((event) => event.message.startsWith('Checkpoint created at step'))
      .map((event) => Number(/step (\d+)/.exec(event.message)?.[1]));
    expect(announced).toEqual(intermediate);
    const dropped = intermediate.find((step) => !best.includes(step))!;
    const error = await client.models
      .retrieve(`${done.fine_tuned_model}:ckpt-step-${dropped}`)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    await expect(
      client.models.retrieve(`${done.fine_tuned_model}:ckpt-step-${best[0]}`),
    ).resolves.toMatchObject({ object: 'model' });
  });

  it('writes a result file with Azure’s flattened RFT columns, base64 on OpenAI, plain on Azure', async () => {
    const { sim, client, job } = await rftJob(
      {},
      { grader: ANSWER_AND_UNITS_GRADER, hyperparameters: { n_epochs: 1, eval_interval: 4 } },
    );
    sim.runUntilIdle();
    const done = await client.fineTuning.jobs.retrieve(job.id);
    const body = await (await client.files.content(done.result_files[0]!)).text();
    const csv = atob(body);
    const [header, first] = csv.split('\n');
    expect(header?.split(',').slice(0, 12)).toEqual([
      'step',
      'train_mean_reward',
      'full_valid_mean_reward',
      'full_valid_mean_parse_error',
      'completion_tokens_mean',
      'reasoning_tokens_mean',
      'valid_reasoning_tokens_mean',
      'mean_unresponsive_rewards',
      'sampling_duration',
      'training_duration',
      'eval_duration',
      'total_duration',
    ]);
    expect(header).toContain('"scores/graders/score_model/Units, strict/train_reward_mean"');
    expect(header).toContain('errors/graders/string_check/Exact answer/errors/train_sample_parse_error_mean');
    expect(first).toMatch(/^1,\d\.\d{1,5},,,/);
    expect(csv.split('\n')).toHaveLength(12 + 2);
    expect(done.trained_tokens).toBeGreaterThan(0);
    const azure = await rftJob({ quirks: { resultFile: 'azure' } });
    azure.sim.runUntilIdle();
    const azureDone = await azure.client.fineTuning.jobs.retrieve(azure.job.id);
    const plain = await (await azure.client.files.content(azureDone.result_files[0]!)).text();
    expect(plain.startsWith('step,train_mean_reward,')).toBe(true);
  });

  it('answers chat completions with the reference answer of the closest training prompt', async () => {
    const { sim, client, job } = await rftJob();
    sim.runUntilIdle();
    const model = (await client.fineTuning.jobs.retrieve(job.id)).fine_tuned_model!;
    const reply = await client.chat.completions.create({
      model,
      messages: [
        { role: 'user', content: 'How many millilitres does each of four hikers get from 2.4 litres?' },
      ],
    });
    expect(reply.choices[0]?.message.content).toBe('600');
  });

  it('follows the rewardCurve option and a per-job scenario', async () => {
    const hacking = await rftJob({
      training: { rewardCurve: 'reward_hacking' },
      scenario: (job) => (job.user_provided_suffix === 'flat' ? { rewardCurve: 'learned_nothing' } : null),
    });
    hacking.sim.runUntilIdle();
    const rewards = (jobId: string) =>
      hacking.sim
        .getJobEvents(jobId)
        .filter((event) => event.type === 'metrics')
        .map((event) => (event.data as { train_mean_reward: number }).train_mean_reward);
    expect(Math.max(...rewards(hacking.job.id))).toBeGreaterThan(0.8);
    const flat = await hacking.client.fineTuning.jobs.create({
      model: 'o4-mini',
      training_file: hacking.training.id,
      suffix: 'flat',
      method: { type: 'reinforcement', reinforcement: { grader: EXACT_ANSWER_GRADER } },
    });
    hacking.sim.runUntilIdle();
    expect(new Set(rewards(flat.id))).toEqual(new Set([0]));
    expect(() => createSimulator({ training: { rewardCurve: 'sideways' as never } })).toThrow(
      /options.training.rewardCurve must be one of 'learning', 'reward_hacking', 'learned_nothing'/,
    );
  });

  it('keeps reward metrics in pause checkpoints and the checkpoints made before a failure', async () => {
    const { sim, client, job } = await rftJob();
    sim.advanceJob(job.id, { step: 10 });
    await client.fineTuning.jobs.pause(job.id);
    const paused = sim.getJobCheckpoints(job.id).find((checkpoint) => checkpoint.step_number === 10);
    expect(paused?.metrics).toMatchObject({ step: 10, train_mean_reward: expect.any(Number) });
    await client.fineTuning.jobs.resume(job.id);
    sim.failJob(job.id, { atStep: 14 });
    sim.runUntilIdle();
    expect(sim.getJob(job.id)?.status).toBe('failed');
    expect(sim.getJobCheckpoints(job.id).map((checkpoint) => checkpoint.step_number)).toEqual([4, 8, 10, 12]);
  });
});

describe('creating a reinforcement job: what the server refuses', () => {
  it('refuses o4-mini on OpenAI (shut down 2026-10-23) unless allowShutDownModels', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, rftJsonl(12));
    const error = await client.fineTuning.jobs
      .create({
        model: 'o4-mini',
        training_file: file.id,
        method: { type: 'reinforcement', reinforcement: { grader: EXACT_ANSWER_GRADER } },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ code: 'model_not_available', param: 'model' });
  });

  it('accepts o4-mini on Azure, where a validation file is required', async () => {
    const sim = createSimulator({ clock: 'manual', quirks: { statusStyle: 'azure' } });
    const azure = simAzureClient(sim);
    const openai = simClient(sim);
    const training = await uploadTrainingFile(sim, openai, rftJsonl(12));
    const validation = await uploadTrainingFile(sim, openai, rftJsonl(6, 12), 'valid.jsonl');
    const method = { type: 'reinforcement', reinforcement: { grader: EXACT_ANSWER_GRADER } } as const;
    const missing = await azure.fineTuning.jobs
      .create({ model: 'o4-mini', training_file: training.id, method })
      .catch((caught: unknown) => caught);
    expect(missing).toMatchObject({ status: 400, param: 'validation_file' });
    const job = await azure.fineTuning.jobs.create({
      model: 'o4-mini',
      training_file: training.id,
      validation_file: validation.id,
      method,
    });
    expect(job.status).toBe('pending');
    sim.runUntilIdle();
    expect((await azure.fineTuning.jobs.retrieve(job.id)).status).toBe('succeeded');
  });

  it('checks the method, the grader, the hyperparameters and the file format', async () => {
    const sim = createSimulator({ clock: 'manual', allowShutDownModels: true });
    const client = simClient(sim);
    const rft = await uploadTrainingFile(sim, client, rftJsonl(12));
    const chat = await uploadTrainingFile(sim, client, supportJsonl(12), 'chat.jsonl');
    const create = async (body: Record<string, unknown>) => {
      const error = await client.fineTuning.jobs.create(body as never).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      return error as InstanceType<typeof OpenAI.APIError>;
    };
    const reinforcement = (extra: Record<string, unknown>) => ({
      type: 'reinforcement',
      reinforcement: { grader: EXACT_ANSWER_GRADER, ...extra },
    });
    expect(
      await create({ model: 'gpt-4o-mini', training_file: rft.id, method: reinforcement({}) }),
    ).toMatchObject({
      param: 'method.type',
      code: 'unsupported_method',
    });
    expect(
      await create({
        model: 'o4-mini',
        training_file: rft.id,
        method: { type: 'reinforcement', reinforcement: {} },
      }),
    ).toMatchObject({ param: 'method.reinforcement.grader' });
    expect(
      await create({
        model: 'o4-mini',
        training_file: rft.id,
        method: {
          type: 'reinforcement',
          reinforcement: { grader: { ...EXACT_ANSWER_GRADER, operation: 'in' } },
        },
      }),
    ).toMatchObject({ param: 'method.reinforcement.grader.operation' });
    for (const [key, value] of [
      ['eval_interval', 0],
      ['eval_samples', 2.5],
      ['compute_multiplier', 11],
      ['reasoning_effort', 'maximal'],
    ] as const) {
      const error = await create({
        model: 'o4-mini',
        training_file: rft.id,
        method: reinforcement({ hyperparameters: { [key]: value } }),
      });
      expect(error.param, key).toBe(`method.reinforcement.hyperparameters.${key}`);
    }
    // Chat data (a system message, an assistant answer) fails validation for a reinforcement job.
    const wrongFormat = await client.fineTuning.jobs.create({
      model: 'o4-mini',
      training_file: chat.id,
      method: reinforcement({}) as never,
    });
    sim.runUntilIdle();
    expect((await client.fineTuning.jobs.retrieve(wrongFormat.id)).error).toMatchObject({
      code: 'invalid_training_file',
      message: expect.stringContaining("role 'system' is not allowed in reinforcement data"),
    });
  });

  it('hands the grader to a custom validator', async () => {
    const graders: unknown[] = [];
    const sim = createSimulator({
      clock: 'manual',
      allowShutDownModels: true,
      validator: (check) => {
        graders.push(check.grader);
        return { ok: true, examples: 12, tokensPerEpoch: 1000, format: 'reinforcement' };
      },
    });
    const client = simClient(sim);
    const file = await uploadTrainingFile(sim, client, rftJsonl(12));
    await client.fineTuning.jobs.create({
      model: 'o4-mini',
      training_file: file.id,
      method: { type: 'reinforcement', reinforcement: { grader: EXACT_ANSWER_GRADER } },
    });
    expect(graders).toEqual([EXACT_ANSWER_GRADER]);
  });
});
