import { describe, expect, it } from 'vitest';
import { mergeMetrics } from '../../src/metrics/merge-metrics.js';
import { parseCheckpoints } from '../../src/metrics/parse-checkpoint.js';
import { parseMetricsEvents } from '../../src/metrics/parse-metrics-event.js';
import { parseResultCsv, parseResultFile } from '../../src/metrics/parse-result-csv.js';
import { fixtureJson } from './fixtures.js';
import { syntheticSftJob } from './synthetic-job.js';

function mergeSynthetic(job: ReturnType<typeof syntheticSftJob>, csvText = job.csv) {
  return mergeMetrics({
    job: job.job,
    events: parseMetricsEvents(job.events).points,
    checkpoints: parseCheckpoints(job.checkpoints).checkpoints,
    resultFiles: [parseResultCsv(csvText)],
  });
}

describe('mergeMetrics', () => {
  it('makes one point per step, preferring events and filling the rest from the CSV', () => {
    const job = syntheticSftJob({ eventEvery: 10 });
    const data = mergeSynthetic(job);
    expect(data.points).toHaveLength(120);
    expect(data.points.map((point) => point.step)).toEqual(
      Array.from({ length: 120 }, (_, index) => index + 1),
    );
    const at10 = data.points[9];
    const at11 = data.points[10];
    expect(at10?.sources.train_loss).toBe('event');
    expect(at11?.sources.train_loss).toBe('csv');
    // The event value is full precision; the CSV value has 5 decimals.
    const event10 = parseMetricsEvents(job.events).points.find((point) => point.step === 10);
    expect(at10?.values.train_loss).toBe(event10?.values.train_loss);
    const csv11 = at11?.values.train_loss ?? Number.NaN;
    expect(csv11).toBe(Number(csv11.toFixed(5)));
    expect(data.mismatches).toEqual([]);
    expect(data.issues.filter((issue) => issue.code === 'source_mismatch')).toEqual([]);
  });

  it('reports event/CSV differences beyond 5e-6 and keeps the event value', () => {
    const job = syntheticSftJob();
    const lines = job.csv.split('\n');
    const cells = (lines[5] as string).split(',');
    cells[1] = String(Number(cells[1]) + 0.001);
    lines[5] = cells.join(',');
    const data = mergeSynthetic(job, lines.join('\n'));
    expect(data.mismatches).toEqual([
      { metric: 'train_loss', steps: [5], maxDifference: expect.closeTo(0.001, 5) },
    ]);
    const issue = data.issues.find((entry) => entry.code === 'source_mismatch');
    expect(issue).toMatchObject({ severity: 'info', step: 5, column: 'train_loss' });
    expect(data.points[4]?.sources.train_loss).toBe('event');
  });

  it('does not report rounding differences of up to 5e-6', () => {
    const data = mergeMetrics({
      events: parseMetricsEvents([{ type: 'metrics', data: { step: 1, train_loss: 0.1234549999 } }]).points,
      resultFiles: [parseResultCsv('step,train_loss,train_accuracy\n1,0.12345,0.5\n')],
    });
    expect(data.mismatches).toEqual([]);
    expect(data.points[0]?.sources).toEqual({ train_loss: 'event', train_mean_token_accuracy: 'csv' });
  });

  it('ranks checkpoint values above a rounded CSV and a full-precision (Azure) CSV above checkpoints', () => {
    const checkpoints = parseCheckpoints([
      { step_number: 2, metrics: { train_loss: 0.7777777 } },
    ]).checkpoints;
    const rounded = mergeMetrics({
      checkpoints,
      resultFiles: [parseResultCsv('step,train_loss,train_accuracy\n2,0.77778,0.5\n')],
    });
    expect(rounded.points[0]).toMatchObject({
      values: { train_loss: 0.7777777 },
      sources: { train_loss: 'checkpoint' },
    });
    const full = mergeMetrics({
      checkpoints,
      resultFiles: [parseResultCsv('step,train_loss,train_mean_token_accuracy\n2,0.7777777123,0.5\n')],
    });
    expect(full.points[0]).toMatchObject({
      values: { train_loss: 0.7777777123 },
      sources: { train_loss: 'csv' },
    });
  });

  it('ranks message-text values below every other source', () => {
    const events = parseMetricsEvents([
      { type: 'metrics', message: 'Step 3/3: training loss=0.15', data: null },
    ]).points;
    const data = mergeMetrics({
      events,
      resultFiles: [parseResultCsv('step,train_loss,train_accuracy\n3,0.14992,0.9\n')],
    });
    expect(data.points[0]).toMatchObject({ values: { train_loss: 0.14992 }, sources: { train_loss: 'csv' } });
    const alone = mergeMetrics({ events });
    expect(alone.points[0]?.sources.train_loss).toBe('message');
  });

  it('infers epochs from the job and cross-checks them, with coverage of every source', () => {
    const job = syntheticSftJob({ eventEvery: 10 });
    const data = mergeSynthetic(job);
    expect(data).toMatchObject({ totalSteps: 120, stepsPerEpoch: 40, epochSource: 'hyperparameters' });
    expect(data.epochs.map((epoch) => [epoch.epoch, epoch.startStep, epoch.endStep, epoch.complete])).toEqual(
      [
        [1, 1, 40, true],
        [2, 41, 80, true],
        [3, 81, 120, true],
      ],
    );
    expect(data.points[39]?.epoch).toBe(1);
    expect(data.points[40]?.epoch).toBe(2);
    expect(data.issues.filter((issue) => issue.code === 'epoch_inference_mismatch')).toEqual([]);
    expect(data.coverage).toMatchObject({
      totalSteps: 120,
      firstStep: 1,
      lastStep: 120,
      stepCount: 120,
      missingStepCount: 0,
      gaps: [],
    });
    expect(data.coverage.fullValidSteps).toEqual([40, 80, 120]);
    expect(data.coverage.checkpointSteps).toEqual([40, 80, 120]);
    expect(data.coverage.validSteps).toHaveLength(12);
    expect(data.coverage.valuesBySource.event).toBeGreaterThan(0);
    expect(data.coverage.valuesBySource.csv).toBeGreaterThan(0);
    expect(data.coverage.metrics.full_valid_loss).toEqual({
      count: 3,
      firstStep: 40,
      lastStep: 120,
      sources: { event: 3 },
    });
    expect(data.checkpoints.map((checkpoint) => [checkpoint.step, checkpoint.epoch])).toEqual([
      [40, 1],
      [80, 2],
      [120, 3],
    ]);
  });

  it('keeps the partial series of a failed job (events only) and marks unfinished epochs', () => {
    const job = syntheticSftJob({ stopAt: 57, status: 'failed' });
    const data = mergeMetrics({ job: job.job, events: parseMetricsEvents(job.events).points });
    expect(data.job.status).toBe('failed');
    expect(data.totalSteps).toBe(120);
    expect(data.points).toHaveLength(57);
    expect(data.epochs.map((epoch) => epoch.complete)).toEqual([true, false, false]);
    expect(data.coverage).toMatchObject({ lastStep: 57, missingStepCount: 63, gaps: [[58, 120]] });
  });

  it('infers epochs from full-valid steps when the job is unknown', () => {
    const job = syntheticSftJob({ nEpochs: 4, stepsPerEpoch: 25 });
    const data = mergeMetrics({ events: parseMetricsEvents(job.events).points });
    expect(data).toMatchObject({ stepsPerEpoch: 25, epochSource: 'full_valid', totalSteps: 100 });
    expect(data.job.nEpochs).toBe(4);
  });

  it('detects a reinforcement job from reward keys when the job object is missing', () => {
    const data = mergeMetrics({
      events: parseMetricsEvents([fixtureJson('rft-event-documented.json')]).points,
    });
    expect(data.job.method).toBe('reinforcement');
    expect(data.points[0]?.values['scores/graders/score_model/Diagnosis, strict/valid_reward_mean']).toBe(
      0.675,
    );
  });

  it('reports conflicting total_steps and data beyond total_steps', () => {
    const events = parseMetricsEvents([
      { type: 'metrics', data: { step: 1, total_steps: 10, train_loss: 1 } },
      { type: 'metrics', data: { step: 2, total_steps: 12, train_loss: 1 } },
    ]).points;
    const data = mergeMetrics({ events, resultFiles: [parseResultCsv('step,train_loss\n14,0.5\n')] });
    expect(data.issues.map((issue) => issue.code)).toEqual(['total_steps_conflict', 'total_steps_conflict']);
    expect(data.totalSteps).toBe(14);
  });

  it('carries parse issues of result files into the merged issues', () => {
    const data = mergeMetrics({ resultFiles: [parseResultFile('garbage!', { id: 'file-bad' })] });
    expect(data.issues.map((issue) => issue.code)).toEqual(['unrecognized_result_file']);
    expect(data.points).toEqual([]);
    expect(data.coverage).toMatchObject({ stepCount: 0, firstStep: null, lastStep: null });
  });
});
