/**
 * Metric names come from the data, so a CSV column or an event data key can be named like an
 * `Object.prototype` member. Every entry point must keep such a metric as an ordinary extra metric.
 */
import { describe, expect, it } from 'vitest';
import { ownMetric } from '../../src/metrics/metric-record.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { runCliInProcess } from '../cli/helpers/run-cli-in-process.js';
import { harness } from '../job/helpers/sim.js';
import { serveResultFile, simulatedJob } from './helpers/sim.js';

const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'] as const;

/** A result CSV with the five names as columns: column i holds (i + 1) · step. */
function csvWithPrototypeNames(steps: number): string {
  const rows = Array.from({ length: steps }, (_, index) => {
    const step = index + 1;
    return [step, (2 / step).toFixed(5), ...NAMES.map((_, column) => (column + 1) * step)].join(',');
  });
  return `step,train_loss,${NAMES.join(',')}\n${rows.join('\n')}\n`;
}

/** Asserts the five metrics were kept with their values over `steps` steps. */
function expectPrototypeMetrics(metrics: Metrics, steps: number): void {
  expect(metrics.metricNames).toEqual(expect.arrayContaining([...NAMES]));
  NAMES.forEach((name, column) => {
    expect(metrics.has(name)).toBe(true);
    expect(metrics.series(name).toValues()).toEqual(
      Array.from({ length: steps }, (_, index) => (column + 1) * (index + 1)),
    );
    expect(Object.hasOwn(metrics.coverage.metrics, name)).toBe(true);
  });
}

describe('metrics named like Object.prototype members', () => {
  it('Metrics.fromResultFile keeps them (plain and base64), through every export and JSON round trip', () => {
    const csv = csvWithPrototypeNames(6);
    for (const input of [csv, btoa(csv)]) {
      const metrics = Metrics.fromResultFile(input, {
        job: {
          status: 'succeeded',
          method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2 } } },
        },
      });
      expectPrototypeMetrics(metrics, 6);
      expect(metrics.toCSV().split('\n')[0]).toBe(
        'step,epoch,train_loss,__proto__,constructor,hasOwnProperty,toString,valueOf',
      );
      const epoch = metrics.epochAggregates()[0];
      expect(Object.hasOwn(epoch?.metrics ?? {}, '__proto__')).toBe(true);
      expect(epoch?.metrics.constructor).toMatchObject({ count: 3, mean: 2 });
      expect(Array.isArray(metrics.diagnose())).toBe(true);
      expect(metrics.toSVG()).toContain('</svg>');
      const back = Metrics.fromJSON(JSON.stringify(metrics.toJSON()));
      expectPrototypeMetrics(back, 6);
      expect(ownMetric(back.points[0]?.sources, '__proto__')).toBe('csv');
    }
  });

  it('a metric that is not there reads as missing, not as the inherited member', () => {
    const metrics = Metrics.fromResultFile('step,train_loss\n1,1\n2,0.5\n');
    for (const name of NAMES) {
      expect(metrics.has(name)).toBe(false);
      expect(metrics.series(name).toValues()).toEqual([]);
    }
  });

  it('Metrics.from and Metrics.fromRecord keep event data keys and checkpoint metrics so named', () => {
    const events = [1, 2, 3, 4].map((step) => ({
      id: `ftevent-${step}`,
      type: 'metrics',
      // JSON.parse makes "__proto__" an own key, as the SDK's response parsing does.
      data: JSON.parse(
        `{"step":${step},"total_steps":4,"train_loss":${1 / step},${NAMES.map((name, column) => `"${name}":${(column + 1) * step}`).join(',')}}`,
      ) as Record<string, unknown>,
    }));
    const checkpoints = [
      {
        id: 'ftckpt-4',
        step_number: 4,
        metrics: JSON.parse('{"step":4,"full_valid_loss":0.4,"__proto__":9}'),
      },
    ];
    const job = { id: 'ftjob-proto', status: 'succeeded' };
    expectPrototypeMetrics(Metrics.from({ job, events, checkpoints }), 4);
    const fromRecord = Metrics.fromRecord({ job, events, checkpoints, resultFiles: [], issues: [] });
    expectPrototypeMetrics(fromRecord, 4);
    expect(ownMetric(fromRecord.checkpoints[0]?.values, '__proto__')).toBe(9);
    expect(fromRecord.bestCheckpoint().best?.value).toBe(0.4);
  });

  it('a step message with a label named like a member is read as a message metric', () => {
    const metrics = Metrics.from({
      events: [
        { id: 'ftevent-1', type: 'metrics', message: 'Step 1/2: constructor=0.50, training loss=1.25' },
      ],
    });
    expect(metrics.series('message/constructor').toValues()).toEqual([0.5]);
    expect(metrics.series('train_loss').toValues()).toEqual([1.25]);
  });

  it('job.metrics() reads such columns from the simulated result file', async () => {
    const { sim, createJob } = harness();
    const job = await createJob(12);
    await job.wait();
    serveResultFile(sim, job.id, btoa(csvWithPrototypeNames(5)));
    const metrics = await job.metrics();
    expect(metrics.job.id).toBe(job.id);
    expect(metrics.series('constructor').toValues()).toEqual([1, 2, 3, 4, 5]);
    expect(metrics.series('__proto__').toValues()).toEqual([5, 10, 15, 20, 25]);
    expect(metrics.points[0]?.sources.valueOf).toBe('csv');
  });

  it('the metrics command prints and exports them', async () => {
    const { sim, jobId } = await simulatedJob();
    sim.advanceJob(jobId, { to: 'succeeded' });
    serveResultFile(sim, jobId, btoa(csvWithPrototypeNames(60)));
    const text = await runCliInProcess(['metrics', jobId], { simulator: sim });
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Best checkpoint');
    const json = await runCliInProcess(['metrics', jobId, '--json'], { simulator: sim });
    expect(json.code).toBe(0);
    const output = JSON.parse(json.stdout) as {
      metrics: { points: { step: number; values: Record<string, number> }[] };
    };
    const step3 = output.metrics.points.find((point) => point.step === 3);
    expect(ownMetric(step3?.values, '__proto__')).toBe(15);
    expect(step3?.values.hasOwnProperty).toBe(9);
  });
});
