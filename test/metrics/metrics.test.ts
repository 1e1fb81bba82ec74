import { describe, expect, it } from 'vitest';
import { FinetuneKitError } from '../../src/errors.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { MetricsFormatError } from '../../src/metrics/metrics-json.js';
import { Series } from '../../src/metrics/series.js';
import { buildMetrics, healthyRows } from './build-metrics.js';
import { fixtureJson, fixtureText } from './fixtures.js';
import { syntheticSftJob } from './synthetic-job.js';

const synthetic = syntheticSftJob({ eventEvery: 10 });
const metrics = Metrics.from({
  job: synthetic.job,
  events: synthetic.events,
  checkpoints: synthetic.checkpoints,
  resultFiles: [synthetic.csv],
});

describe('Metrics.from and accessors', () => {
  it('exposes steps, epochs, metric names, checkpoints and coverage', () => {
    expect(metrics.steps).toHaveLength(120);
    expect(metrics.totalSteps).toBe(120);
    expect(metrics.stepsPerEpoch).toBe(40);
    expect(metrics.epochSource).toBe('hyperparameters');
    expect(metrics.method).toBe('supervised');
    expect(metrics.job).toMatchObject({
      id: 'ftjob-synthetic',
      status: 'succeeded',
      nEpochs: 3,
      batchSize: 4,
      learningRateMultiplier: 1.8,
    });
    expect(metrics.epochs.map((epoch) => epoch.endStep)).toEqual([40, 80, 120]);
    expect(metrics.metricNames).toEqual([
      'train_loss',
      'train_mean_token_accuracy',
      'valid_loss',
      'valid_mean_token_accuracy',
      'full_valid_loss',
      'full_valid_mean_token_accuracy',
    ]);
    expect(metrics.checkpoints.map((checkpoint) => checkpoint.step)).toEqual([40, 80, 120]);
    expect(metrics.has('full_valid_loss')).toBe(true);
    expect(metrics.has('train_reward_mean')).toBe(false);
    expect(metrics.issues).toEqual([]);
  });

  it('returns series of { step, value, epoch } that smooth fluently', () => {
    const series = metrics.series('full_valid_loss');
    expect(series).toBeInstanceOf(Series);
    expect(series.map((point) => [point.step, point.epoch])).toEqual([
      [40, 1],
      [80, 2],
      [120, 3],
    ]);
    expect(series[1]?.value).toBeCloseTo(0.46, 12);
    const smooth = metrics.series('train_loss').smooth(0.6);
    expect(smooth).toHaveLength(120);
    expect(smooth.smoothing).toEqual({ method: 'ema', weight: 0.6 });
    expect(metrics.series('no_such_metric')).toHaveLength(0);
  });

  it('aggregates per epoch', () => {
    const epochs = metrics.epochAggregates();
    expect(epochs).toHaveLength(3);
    expect(epochs[0]).toMatchObject({ epoch: 1, startStep: 1, endStep: 40, complete: true });
    expect(epochs[0]?.fullValidLoss).toBeCloseTo(0.54, 12);
    expect(epochs[0]?.trainLoss).toBeCloseTo(metrics.series('train_loss').inEpoch(1).mean() as number, 12);
    expect(epochs[2]?.metrics.train_loss?.count).toBe(40);
    expect(epochs[2]?.validLoss).toBeCloseTo(metrics.series('valid_loss').inEpoch(3).mean() as number, 12);
  });

  it('reads a result file alone, with the job for epochs', () => {
    const fromCsv = Metrics.fromResultFile(fixtureText('openai-sft-cookbook.csv.b64'));
    expect(fromCsv.steps).toEqual([1, 2, 3, 4, 5, 28, 29, 30, 31, 309]);
    expect(fromCsv.job.id).toBeNull();
    expect(fromCsv.points[0]?.sources.train_loss).toBe('csv');
    const withJob = Metrics.fromResultFile(fixtureText('azure-sft.csv'), {
      job: { id: 'ftjob-azure', status: 'succeeded', hyperparameters: { n_epochs: 1 } },
    });
    expect(withJob.totalSteps).toBe(19);
    expect(withJob.epochs).toHaveLength(1);
  });

  it('reads the documented reinforcement event with every grader key', () => {
    const rft = Metrics.from({ events: [fixtureJson('rft-event-documented.json')] });
    expect(rft.method).toBe('reinforcement');
    expect(rft.series('train_reward_mean')[0]?.value).toBeCloseTo(0.4216, 4);
    expect(rft.metricNames).toContain('scores/graders/score_model/Diagnosis, strict/train_reward_mean');
    expect(rft.series('timing/step/full_iteration')[0]?.value).toBe(731.5);
  });

  it('takes result files with their ids and CSV options', () => {
    const legacy = Metrics.from({
      resultFiles: [{ id: 'file-legacy', content: fixtureText('legacy-classification.csv') }],
      csv: { legacySentinel: 'keep' },
    });
    expect(legacy.series('valid_loss')[0]).toMatchObject({ step: 1, value: -1 });
    const broken = Metrics.from({ resultFiles: [{ id: 'file-broken', content: 'not a csv' }] });
    expect(broken.issues[0]).toMatchObject({ code: 'unrecognized_result_file', id: 'file-broken' });
  });
});

describe('toJSON / fromJSON', () => {
  it('round-trips, including NaN and Infinity values', () => {
    const rows = healthyRows().map((row) =>
      row.step === 7 ? { ...row, train_loss: 'NaN', valid_loss: 'Infinity' } : row,
    );
    const original = buildMetrics(rows);
    const text = JSON.stringify(original);
    expect(text).toContain('"format":"finetune-kit.metrics"');
    expect(text).toContain('"version":1');
    expect(text).toContain('"NaN"');
    const again = Metrics.fromJSON(text);
    expect(again.toJSON()).toEqual(original.toJSON());
    expect(again.series('train_loss')[6]?.value).toBeNaN();
    expect(again.series('valid_loss')[0]?.value).toBe(Number.POSITIVE_INFINITY);
    expect(again.coverage).toEqual(original.coverage);
    expect(again.diagnose()).toEqual(original.diagnose());
  });

  it('rejects other documents with a MetricsFormatError naming the field', () => {
    const json = metrics.toJSON();
    expect(() => Metrics.fromJSON('{')).toThrowError(MetricsFormatError);
    try {
      Metrics.fromJSON({ ...json, points: [{ step: 0, epoch: null, values: {}, sources: {} }] });
      expect.unreachable();
    } catch (error) {
      expect(FinetuneKitError.isInstance(error)).toBe(true);
      expect((error as MetricsFormatError).path).toBe('points[0].step');
    }
    expect(() => Metrics.fromJSON({ ...json, version: 2 })).toThrowError(
      /version 2; this finetune-kit reads version 1/,
    );
  });
});

describe('toCSV', () => {
  it('writes one row per step with epoch and full precision, readable by the result-CSV parser', () => {
    const csv = metrics.toCSV();
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'step,epoch,train_loss,train_mean_token_accuracy,valid_loss,valid_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy',
    );
    expect(lines).toHaveLength(121);
    const reread = Metrics.fromResultFile(metrics.toCSV({ sources: true }));
    expect(reread.issues).toEqual([]);
    expect(reread.metricNames).toEqual(metrics.metricNames);
    expect(reread.series('train_loss').toValues()).toEqual(metrics.series('train_loss').toValues());
    expect(reread.series('full_valid_loss').toValues()).toEqual(metrics.series('full_valid_loss').toValues());
  });

  it('adds source columns, quotes odd names and writes nan/inf', () => {
    const odd = Metrics.from({
      events: [
        {
          type: 'metrics',
          data: {
            step: 1,
            train_loss: 'NaN',
            scores: { graders: [{ name: 'a, "b"', type: 't', train_reward_mean: 1 }] },
          },
        },
      ],
    });
    const csv = odd.toCSV({ sources: true, newline: '\r\n' });
    expect(csv).toBe(
      'step,epoch,train_loss,train_loss:source,"scores/graders/t/a, ""b""/train_reward_mean","scores/graders/t/a, ""b""/train_reward_mean:source"\r\n' +
        '1,,nan,event,1,event\r\n',
    );
  });
});

describe('Jupyter display', () => {
  it('offers Vega-Lite, SVG and text', () => {
    const bundle = (metrics as unknown as Record<symbol, () => Record<string, unknown>>)[
      Symbol.for('Jupyter.display')
    ]?.();
    expect(Object.keys(bundle ?? {})).toEqual([
      'application/vnd.vegalite.v5+json',
      'image/svg+xml',
      'text/plain',
    ]);
  });
});
