import { describe, expect, it } from 'vitest';
import { FinetuneKitAbortError } from '../../src/errors.js';
import { fetchJobRecord } from '../../src/metrics/fetch-job-record.js';
import type { FineTuningJobLike } from '../../src/metrics/job-info.js';
import { Metrics } from '../../src/metrics/metrics.js';
import type { CursorQuery, MetricsClient, RequestOptionsLike } from '../../src/metrics/metrics-client.js';
import type { CheckpointLike } from '../../src/metrics/parse-checkpoint.js';
import type { MetricsEventLike } from '../../src/metrics/parse-metrics-event.js';
import { createSimulator, type RewardCurvePreset } from '../../src/testing/index.js';
import { ANSWER_AND_UNITS_GRADER, rftJsonl, simAzureClient, simClient } from '../testing/helpers/data.js';
import { simulatedJob, upload } from './helpers/sim.js';
import { syntheticSftJob } from './synthetic-job.js';

describe('Metrics.fromJob against the simulator', () => {
  it('merges a succeeded job: every event page, checkpoints and the base64 result file', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    const metrics = await Metrics.fromJob(client, jobId, { pageSize: 25 });
    expect(metrics.job).toMatchObject({ id: jobId, status: 'succeeded', method: 'supervised', nEpochs: 3 });
    expect(metrics.totalSteps).toBe(60);
    expect(metrics.steps).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    expect(metrics.stepsPerEpoch).toBe(20);
    expect(metrics.coverage.fullValidSteps).toEqual([20, 40, 60]);
    expect(metrics.checkpoints.map((checkpoint) => checkpoint.step)).toEqual([20, 40, 60]);
    expect(metrics.checkpoints[2]?.model).toBe(metrics.job.fineTunedModel);
    // Full-precision event values win; the 5-decimal CSV agrees within rounding.
    expect(metrics.points.every((point) => point.sources.train_loss === 'event')).toBe(true);
    expect(metrics.data.mismatches).toEqual([]);
    expect(metrics.issues).toEqual([]);
    const simEvents = sim.getJobEvents(jobId).filter((event) => event.type === 'metrics');
    expect(metrics.series('train_loss').toValues()).toEqual(
      simEvents.map((event) => (event.data as { train_loss: number }).train_loss),
    );
    // Pages of 25 over ~70 events: every call passed (jobId, { limit, after }) and walked to the end.
    const eventCalls = sim.requests.filter((request) => request.path.endsWith('/events'));
    expect(eventCalls.length).toBeGreaterThanOrEqual(3);
    expect(eventCalls[0]?.url).toContain('limit=25');
    expect(eventCalls[1]?.url).toMatch(/after=ftevent-/);
    expect(metrics.bestCheckpoint().best?.model).toMatch(/^ft:gpt-4o-mini-2024-07-18:/);
  });

  it('gives the partial series of a running job, without result files', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { step: 25 });
    const metrics = await Metrics.fromJob(client, jobId);
    expect(metrics.job.status).toBe('running');
    expect(metrics.coverage.lastStep).toBe(25);
    expect(metrics.totalSteps).toBe(60);
    expect(metrics.epochs.map((epoch) => epoch.complete)).toEqual([true, false, false]);
    expect(metrics.diagnose().find((finding) => finding.code === 'incomplete_run')?.message).toContain(
      'running',
    );
  });

  it('keeps the partial series of a cancelled job', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { step: 33 });
    await client.fineTuning.jobs.cancel(jobId);
    const metrics = await Metrics.fromJob(client, jobId);
    expect(metrics.job.status).toBe('cancelled');
    expect(metrics.coverage.lastStep).toBe(33);
    expect(metrics.series('full_valid_loss').toSteps()).toEqual([20]);
  });

  it('keeps the partial series of a job that failed during training (server_error at step 50)', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.failJob(jobId, { atStep: 50 });
    sim.advanceJob(jobId, { to: 'failed' });
    const metrics = await Metrics.fromJob(client, jobId);
    expect(metrics.job).toMatchObject({ status: 'failed', nEpochs: 3, trainedTokens: null });
    expect(metrics.steps).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    expect(metrics.totalSteps).toBe(60);
    expect(metrics.coverage.lastStep).toBe(50);
    expect(metrics.series('full_valid_loss').toSteps()).toEqual([20, 40]);
    expect(metrics.series('valid_loss').toSteps()).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    expect(metrics.epochs.map((epoch) => epoch.complete)).toEqual([true, true, false]);
    // No result file comes with a failed job: everything is from the events, and that is no issue.
    expect(metrics.points.every((point) => point.sources.train_loss === 'event')).toBe(true);
    expect(metrics.issues).toEqual([]);
    const simEvents = sim.getJobEvents(jobId).filter((event) => event.type === 'metrics');
    expect(metrics.series('train_loss').toValues()).toEqual(
      simEvents.map((event) => (event.data as { train_loss: number }).train_loss),
    );
    const incomplete = metrics.diagnose().find((finding) => finding.code === 'incomplete_run');
    expect(incomplete?.message).toContain('failed');
    expect(incomplete?.evidence).toMatchObject({ status: 'failed', lastStep: 50, totalSteps: 60 });
  });

  it('reads the Azure variant (plain, full-precision CSV) through AzureOpenAI', async () => {
    const { sim, jobId } = await simulatedJob({ quirks: { resultFile: 'azure' } });
    sim.advanceJob(jobId, { to: 'succeeded' });
    const metrics = await Metrics.fromJob(simAzureClient(sim), jobId);
    expect(metrics.totalSteps).toBe(60);
    expect(metrics.issues).toEqual([]);
    expect(metrics.data.mismatches).toEqual([]);
  });

  it('aborts with FinetuneKitAbortError', async () => {
    const { sim, client, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    const controller = new AbortController();
    controller.abort(new Error('user pressed Ctrl-C'));
    await expect(Metrics.fromJob(client, jobId, { signal: controller.signal })).rejects.toSatisfy((error) =>
      FinetuneKitAbortError.isInstance(error),
    );
  });
});

/**
 * A simulator with one finished reinforcement job on o4-mini: 40 training and 10 validation prompts,
 * batch 2, 2 epochs (40 steps), validation every 4 steps, and a multi grader (an exact-answer check
 * and a model judge).
 */
async function simulatedRftJob(rewardCurve: RewardCurvePreset) {
  const sim = createSimulator({
    clock: 'manual',
    seed: 11,
    allowShutDownModels: true,
    training: { rewardCurve },
  });
  const client = simClient(sim);
  const trainingFile = await upload(sim, client, rftJsonl(40), 'rft.jsonl');
  const validationFile = await upload(sim, client, rftJsonl(10, 40), 'rft-valid.jsonl');
  const job = await client.fineTuning.jobs.create({
    model: 'o4-mini',
    training_file: trainingFile,
    validation_file: validationFile,
    method: {
      type: 'reinforcement',
      reinforcement: {
        grader: ANSWER_AND_UNITS_GRADER as never,
        hyperparameters: { n_epochs: 2, batch_size: 2, eval_interval: 4, reasoning_effort: 'medium' },
      },
    },
  });
  sim.runUntilIdle();
  return { sim, client, jobId: job.id };
}

describe('Metrics.fromJob on simulated reinforcement jobs', () => {
  it('reads rewards, per-grader series, validation every eval_interval steps and the RFT result file', async () => {
    const { sim, client, jobId } = await simulatedRftJob('learning');
    const metrics = await Metrics.fromJob(client, jobId);
    expect(metrics.job).toMatchObject({ status: 'succeeded', method: 'reinforcement', nEpochs: 2 });
    expect(metrics.totalSteps).toBe(40);
    expect(metrics.steps).toHaveLength(40);
    expect(metrics.series('valid_reward_mean').toSteps()).toEqual([4, 8, 12, 16, 20, 24, 28, 32, 36, 40]);
    const events = sim.getJobEvents(jobId).filter((event) => event.type === 'metrics');
    expect(metrics.series('train_reward_mean').toValues()).toEqual(
      events.map((event) => (event.data as { train_mean_reward: number }).train_mean_reward),
    );
    expect(
      metrics.series('scores/graders/score_model/Units, strict/train_reward_mean').toSteps(),
    ).toHaveLength(40);
    expect(metrics.series('timing/step/full_iteration').toSteps()).toHaveLength(40);
    // The events and the 5-decimal CSV (Azure's flattened columns) agree everywhere they overlap.
    expect(metrics.issues).toEqual([]);
    expect(metrics.data.mismatches).toEqual([]);
    const validRewards = metrics.series('valid_reward_mean').toValues();
    expect(validRewards.at(-1)! - validRewards[0]!).toBeGreaterThan(0.1);
    const codes = metrics.diagnose().map((finding) => finding.code);
    for (const code of ['reward_hacking', 'learned_nothing', 'reward_flat', 'token_drift', 'grader_errors']) {
      expect(codes).not.toContain(code);
    }
  });

  it('ranks the retained checkpoints by valid_reward_mean (the best 3 validations plus the final model)', async () => {
    const { client, jobId } = await simulatedRftJob('learning');
    const metrics = await Metrics.fromJob(client, jobId);
    expect(metrics.checkpoints).toHaveLength(4);
    const ranking = metrics.bestCheckpoint();
    expect(ranking.criterion).toBe('valid_reward_mean');
    const valid = metrics.series('valid_reward_mean');
    const rewardAt = new Map(valid.toSteps().map((step, index) => [step, valid.toValues()[index]] as const));
    const bestStep = [...metrics.checkpoints].sort(
      (a, b) => (rewardAt.get(b.step) ?? 0) - (rewardAt.get(a.step) ?? 0),
    )[0]?.step;
    expect(ranking.best?.step).toBe(bestStep);
  });

  it('diagnoses the reward_hacking preset: reward hacking and token drift', async () => {
    const { client, jobId } = await simulatedRftJob('reward_hacking');
    const findings = (await Metrics.fromJob(client, jobId)).diagnose();
    const hacking = findings.find((finding) => finding.code === 'reward_hacking');
    expect(hacking?.severity).toBe('warning');
    expect(hacking?.evidence.gap).toBeGreaterThan(0.1);
    expect(
      findings.filter((finding) => finding.code === 'token_drift').map((f) => f.evidence.metric),
    ).toContain('reasoning_tokens_mean');
  });

  it('diagnoses the learned_nothing preset: the grader never scored', async () => {
    const { client, jobId } = await simulatedRftJob('learned_nothing');
    const metrics = await Metrics.fromJob(client, jobId);
    expect(
      metrics
        .series('train_reward_mean')
        .toValues()
        .every((value) => value === 0),
    ).toBe(true);
    const nothing = metrics.diagnose().find((finding) => finding.code === 'learned_nothing');
    expect(nothing?.evidence).toMatchObject({ reason: 'grader_scores_zero' });
  });
});

/** A hand-written client serving fixed pages, recording every call. */
function fakeClient(options: {
  job: FineTuningJobLike;
  events: readonly MetricsEventLike[];
  checkpoints?: readonly CheckpointLike[];
  content?: (id: string) => Response | Promise<Response>;
  stallEvents?: boolean;
}) {
  const calls: unknown[][] = [];
  // Every API event and checkpoint has an id; the synthetic builder always sets one.
  const events = options.events as readonly (MetricsEventLike & { id: string })[];
  const checkpoints = (options.checkpoints ?? []) as readonly (CheckpointLike & { id: string })[];
  const page = <T extends { id?: string }>(
    items: readonly T[],
    query: { after?: string; limit?: number } | null | undefined,
  ) => {
    const start = query?.after === undefined ? 0 : items.findIndex((item) => item.id === query.after) + 1;
    const limit = query?.limit ?? 20;
    const data = items.slice(start, start + limit);
    return { data, has_more: start + limit < items.length };
  };
  const client = {
    fineTuning: {
      jobs: {
        retrieve: async (jobId: string, requestOptions?: RequestOptionsLike) => {
          calls.push(['retrieve', jobId, requestOptions]);
          return options.job;
        },
        listEvents: async (
          jobId: string,
          query?: CursorQuery | null,
          requestOptions?: RequestOptionsLike,
        ) => {
          calls.push(['listEvents', jobId, query, requestOptions]);
          if (options.stallEvents) return { data: events.slice(0, 2), has_more: true };
          return page(events, query);
        },
        checkpoints: {
          list: async (jobId: string, query?: CursorQuery | null, requestOptions?: RequestOptionsLike) => {
            calls.push(['checkpoints.list', jobId, query, requestOptions]);
            return page(checkpoints, query);
          },
        },
      },
    },
    files: {
      content: async (fileId: string) => {
        calls.push(['content', fileId]);
        if (!options.content) throw Object.assign(new Error('404 No such File object'), { status: 404 });
        return options.content(fileId);
      },
    },
  } satisfies MetricsClient;
  return { client, calls };
}

describe('fetchJobRecord and Metrics.fromJob with a hand-written client', () => {
  const synthetic = syntheticSftJob({ stopAt: 50, status: 'failed' });

  it('keeps the partial series of a job that failed during training', async () => {
    const { client } = fakeClient({
      job: synthetic.job,
      events: synthetic.events,
      checkpoints: synthetic.checkpoints,
    });
    const metrics = await Metrics.fromJob(client, 'ftjob-synthetic');
    expect(metrics.job.status).toBe('failed');
    expect(metrics.coverage.lastStep).toBe(50);
    expect(metrics.series('full_valid_loss').toSteps()).toEqual([40]);
  });

  it('passes (jobId, query, options) as separate arguments with the signal', async () => {
    const { client, calls } = fakeClient({ job: synthetic.job, events: synthetic.events });
    const controller = new AbortController();
    await fetchJobRecord(client, 'ftjob-synthetic', { signal: controller.signal, pageSize: 10 });
    const first = calls.find((call) => call[0] === 'listEvents');
    // Each request gets its own child of the caller's signal, so no listener stays on the caller's.
    expect(first).toEqual([
      'listEvents',
      'ftjob-synthetic',
      { limit: 10 },
      { signal: expect.any(AbortSignal) },
    ]);
    expect((first?.[3] as { signal?: AbortSignal } | undefined)?.signal).not.toBe(controller.signal);
    const second = calls.filter((call) => call[0] === 'listEvents')[1];
    expect(second?.[2]).toEqual({ limit: 10, after: synthetic.events[9]?.id });
    expect(calls.filter((call) => call[0] === 'listEvents')).toHaveLength(
      Math.ceil(synthetic.events.length / 10),
    );
  });

  it('returns events oldest first and checkpoints by step', async () => {
    const { client } = fakeClient({
      job: synthetic.job,
      events: synthetic.events,
      checkpoints: synthetic.checkpoints,
    });
    const record = await fetchJobRecord(client, 'ftjob-synthetic');
    expect(record.events[0]?.message).toBe('Created fine-tuning job: ftjob-synthetic');
    expect(record.checkpoints.map((checkpoint) => checkpoint.step_number)).toEqual([40]);
  });

  it('records a deleted result file as an issue and still merges the events', async () => {
    const done = syntheticSftJob();
    const { client } = fakeClient({ job: done.job, events: done.events });
    const metrics = await Metrics.fromJob(client, 'ftjob-synthetic');
    expect(metrics.issues).toEqual([
      expect.objectContaining({ code: 'result_file_unavailable', id: 'file-results' }),
    ]);
    expect(metrics.totalSteps).toBe(120);
  });

  it('decodes a base64 result file from the raw Response', async () => {
    const done = syntheticSftJob({ eventEvery: 20 });
    const { client } = fakeClient({
      job: done.job,
      events: done.events,
      content: () => new Response(btoa(done.csv)),
    });
    const metrics = await Metrics.fromJob(client, 'ftjob-synthetic');
    expect(metrics.issues).toEqual([]);
    expect(metrics.points[1]?.sources.train_loss).toBe('csv');
    expect(metrics.steps).toHaveLength(120);
  });

  it('stops paging when the server repeats a page, with pagination_stalled', async () => {
    const { client } = fakeClient({ job: synthetic.job, events: synthetic.events, stallEvents: true });
    const record = await fetchJobRecord(client, 'ftjob-synthetic');
    expect(record.events).toHaveLength(2);
    expect(record.issues[0]).toMatchObject({ code: 'pagination_stalled', severity: 'warning' });
  });

  it('passes SDK errors through', async () => {
    const { client } = fakeClient({
      job: synthetic.job,
      events: [],
      content: () => Promise.reject(Object.assign(new Error('boom'), { status: 500 })),
    });
    const done = { ...synthetic.job, result_files: ['file-x'] };
    const failing = {
      ...client,
      fineTuning: { ...client.fineTuning, jobs: { ...client.fineTuning.jobs, retrieve: async () => done } },
    };
    await expect(Metrics.fromJob(failing, 'ftjob-synthetic')).rejects.toThrow('boom');
  });
});
