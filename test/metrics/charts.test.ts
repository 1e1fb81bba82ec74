import { describe, expect, it } from 'vitest';
import { buildChartModel, decimateMinMax, formatTick, niceTicks } from '../../src/metrics/chart-model.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { VEGA_LITE_SCHEMA } from '../../src/metrics/to-vega-lite.js';
import { buildMetrics, rowsFor } from './build-metrics.js';
import { fixtureJson } from './fixtures.js';
import { syntheticSftJob } from './synthetic-job.js';

const synthetic = syntheticSftJob();
const metrics = Metrics.from({
  job: synthetic.job,
  events: synthetic.events,
  checkpoints: synthetic.checkpoints,
});

describe('niceTicks and formatTick', () => {
  it('uses steps of 1, 2 or 5 × 10^k covering the range', () => {
    expect(niceTicks(0.37, 2.31, 5)).toEqual({
      domain: [0, 2.5],
      ticks: [0, 0.5, 1, 1.5, 2, 2.5],
      step: 0.5,
    });
    expect(niceTicks(1, 120, 8).ticks).toEqual([0, 20, 40, 60, 80, 100, 120]);
    expect(niceTicks(0.9991, 0.9999, 5).ticks.every((tick) => Number.isFinite(tick))).toBe(true);
    expect(niceTicks(3, 3).domain[0]).toBeLessThan(3);
    expect(niceTicks(Number.NaN, 1).ticks).toEqual([0, 0.5, 1]);
  });

  it('formats ticks compactly', () => {
    expect(formatTick(0.5, 0.5)).toBe('0.5');
    expect(formatTick(0.25, 0.05)).toBe('0.25');
    expect(formatTick(20_000, 5_000)).toBe('20k');
    expect(formatTick(2e-5, 1e-5)).toBe('2e-5');
    expect(formatTick(0, 1)).toBe('0');
  });
});

describe('buildChartModel', () => {
  it('groups series into loss and accuracy panels with roles, smoothing, epoch ends and checkpoints', () => {
    const model = buildChartModel(metrics.data);
    expect(model.title).toBe('ftjob-synthetic · gpt-4o-mini-2024-07-18');
    expect(model.panels.map((panel) => panel.id)).toEqual(['loss', 'accuracy']);
    expect(model.panels[0]?.series.map((series) => [series.metric, series.role, series.label])).toEqual([
      ['train_loss', 'train', 'train'],
      ['valid_loss', 'valid', 'valid (mini-batch)'],
      ['full_valid_loss', 'full_valid', 'full valid'],
    ]);
    expect(model.panels[0]?.series[0]?.smoothed).toHaveLength(120);
    expect(model.panels[0]?.series[2]?.smoothed).toBeNull();
    expect(model.epochEnds).toEqual([
      { step: 40, epoch: 1 },
      { step: 80, epoch: 2 },
    ]);
    expect(model.checkpoints.map((checkpoint) => checkpoint.step)).toEqual([40, 80, 120]);
    expect(model.xDomain).toEqual([1, 120]);
    expect(buildChartModel(metrics.data, { smoothing: false }).panels[0]?.series[0]?.smoothed).toBeNull();
  });

  it('draws reward and token panels for reinforcement jobs', () => {
    const rft = buildMetrics(
      rowsFor(20, (step) => ({
        train_mean_reward: 0.3 + step * 0.01,
        reasoning_tokens_mean: 1000 + step,
        ...(step % 5 === 0 ? { full_valid_mean_reward: 0.3 + step * 0.01 } : {}),
      })),
      { method: 'reinforcement', nEpochs: 1 },
    );
    const model = buildChartModel(rft.data);
    expect(model.panels.map((panel) => panel.id)).toEqual(['reward', 'tokens']);
    expect(model.panels[0]?.series.map((series) => series.label)).toEqual(['train', 'valid']);
  });
});

describe('toVegaLite', () => {
  const spec = metrics.toVegaLite({ width: 500 }) as {
    $schema: string;
    data: { values: Record<string, unknown>[] };
    vconcat: {
      width: number;
      layer: { mark: { type: string } | string; data?: { values: unknown[] }; transform?: unknown[] }[];
    }[];
  };

  it('is a Vega-Lite v5 spec with one panel per kind and inline data', () => {
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat[0]?.width).toBe(500);
    const raw = spec.data.values.filter((row) => row.kind === 'raw' && row.metric === 'train_loss');
    const smoothed = spec.data.values.filter((row) => row.kind === 'smoothed' && row.metric === 'train_loss');
    expect(raw).toHaveLength(120);
    expect(smoothed).toHaveLength(120);
    expect(raw[0]).toMatchObject({ panel: 'loss', label: 'train', role: 'train', step: 1, epoch: 1 });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it('has raw, smoothed and full-validation layers, dashed epoch rules and checkpoint markers', () => {
    const layers = spec.vconcat[0]?.layer ?? [];
    const marks = layers.map((layer) => (typeof layer.mark === 'string' ? layer.mark : layer.mark.type));
    // raw, smoothed, full valid, epoch rules, checkpoints, then the best checkpoint's ring and label.
    expect(marks).toEqual(['line', 'line', 'line', 'rule', 'point', 'point', 'text']);
    expect(layers[3]?.data?.values).toHaveLength(2);
    const bestStep = metrics.bestCheckpoint().best?.step;
    expect(layers[4]?.data?.values).toEqual([
      {
        step: 40,
        model: 'ft:gpt-4o-mini-2024-07-18:acme:synth:ynthetic:ckpt-step-40',
        best: bestStep === 40,
      },
      {
        step: 80,
        model: 'ft:gpt-4o-mini-2024-07-18:acme:synth:ynthetic:ckpt-step-80',
        best: bestStep === 80,
      },
      { step: 120, model: 'ft:gpt-4o-mini-2024-07-18:acme:synth:ynthetic', best: bestStep === 120 },
    ]);
    // Every data layer filters its own panel.
    for (const layer of layers.slice(0, 3))
      expect(layer.transform?.[0]).toEqual({ filter: { field: 'panel', equal: 'loss' } });
  });

  it('leaves non-finite values out of the data', () => {
    const withNaN = buildMetrics(rowsFor(10, (step) => ({ train_loss: step === 5 ? 'NaN' : 1 / step })));
    const values = (withNaN.toVegaLite() as { data: { values: { value: unknown; kind: string }[] } }).data
      .values;
    expect(values.filter((row) => row.kind === 'raw')).toHaveLength(9);
    expect(JSON.stringify(values)).not.toContain('null');
  });
});

describe('toSVG', () => {
  const svg = metrics.toSVG();

  it('is a standalone SVG document with both panels, axes, legend, epoch rules and checkpoint markers', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<g class="panel"/g)).toHaveLength(2);
    expect(svg.match(/data-kind="smoothed"/g)).toHaveLength(4);
    expect(svg.match(/stroke-dasharray="4 3"><title>end of epoch/g)).toHaveLength(4);
    expect(svg.match(/<title>(best checkpoint: )?ft:gpt-4o-mini[^<]*\(step \d+\)<\/title>/g)).toHaveLength(6);
    expect(svg).toContain('>full valid</text>');
    expect(svg).toContain('>Token accuracy</text>');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('is well-formed: every tag closes in order and text has no raw < or &', () => {
    const stack: string[] = [];
    for (const match of svg.matchAll(/<(\/?)([A-Za-z]+)(?:\s[^<>]*?)?(\/?)>/g)) {
      const [, closing, name = '', selfClosing] = match;
      if (selfClosing) continue;
      if (closing) expect(stack.pop()).toBe(name);
      else stack.push(name);
    }
    expect(stack).toEqual([]);
    const text = svg.replace(/<[^<>]*>/g, '');
    expect(text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;|#39;)/);
  });

  it('escapes text', () => {
    const odd = Metrics.from({
      job: { id: 'ftjob-<x>&"y"' },
      events: [
        { type: 'metrics', data: { step: 1, train_loss: 1 } },
        { type: 'metrics', data: { step: 2, train_loss: 0.5 } },
      ],
    });
    const text = odd.toSVG({ title: 'a <b> & "c"' });
    expect(text).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(text).not.toContain('<b>');
  });

  it('renders an empty chart when there are no metrics yet', () => {
    expect(Metrics.from({}).toSVG()).toContain('No metrics yet');
  });

  it('renders reinforcement panels, drawing one-point series as points', () => {
    const rft = Metrics.from({ events: [fixtureJson('rft-event-documented.json')] });
    const text = rft.toSVG();
    expect(text).toContain('>Reward</text>');
    expect(text).toContain('>Tokens per sample</text>');
    expect(text).toContain('<title>train_reward_mean 0.4215686274509804 at step 10</title>');
    expect(text).toContain('>reasoning tokens</text>');
    const spec = rft.toVegaLite() as { data: { values: { metric: string; sparse: boolean }[] } };
    expect(spec.data.values.find((row) => row.metric === 'train_reward_mean')?.sparse).toBe(true);
  });
});

describe('toTerminalChart', () => {
  it('draws braille with a y axis, epoch and checkpoint marks and a legend', () => {
    const chart = metrics.toTerminalChart({ width: 40, height: 8 });
    const lines = chart.split('\n');
    expect(lines[0]).toBe('ftjob-synthetic · gpt-4o-mini-2024-07-18 — Loss');
    expect(lines[1]).toBe('supervised · 3 epochs · batch size 4 · LR multiplier 1.8');
    // Title, subtitle, 8 rows, axis, checkpoint row, steps, legend, then the smoothing and
    // best-checkpoint notes on a line each.
    expect(lines).toHaveLength(2 + 8 + 6);
    expect(lines[14]).toMatch(/^ +lines: smoothed \(EMA/);
    expect(lines[15]).toMatch(/^ +★ best: step \d+/);
    expect(chart).toMatch(/[\u2801-\u28ff]/);
    expect(lines[10]).toMatch(/^ +└[─┼]+$/);
    expect(lines[11]).toContain('▲');
    expect(lines[12]).toContain('step 120');
    expect(lines[13]).toContain('train (smoothed)');
    expect(lines[13]).toContain('full valid');
    expect(chart).not.toContain('\u001b[');
  });

  it('has a plain ASCII mode for logs and a colour mode for TTYs', () => {
    const ascii = metrics.toTerminalChart({ ascii: true, width: 30, height: 6 });
    expect(ascii).toMatch(/^[\x20-\x7e\n·—]*$/);
    expect(ascii).toContain('*');
    expect(ascii).toContain('o');
    const colored = metrics.toTerminalChart({ color: true });
    expect(colored).toContain('\u001b[34m');
    expect(colored).toContain('\u001b[0m');
  });

  it('picks a panel and rejects bad sizes', () => {
    expect(metrics.toTerminalChart({ panel: 'accuracy' }).split('\n')[0]).toContain('Token accuracy');
    expect(() => metrics.toTerminalChart({ width: 3 })).toThrowError(
      expect.objectContaining({
        name: 'FinetuneKitUsageError',
        option: 'options.width',
        message: 'toTerminalChart: options.width must be an integer ≥ 10, got 3.',
      }),
    );
    expect(Metrics.from({}).toTerminalChart()).toContain('no metrics');
  });
});

describe('decimateMinMax', () => {
  const long = Array.from({ length: 10_000 }, (_, index) => ({
    step: index + 1,
    value: index === 4321 ? 50 : Math.sin(index / 100),
    epoch: null,
  }));

  it('bounds the number of points and keeps the first, the last and every spike', () => {
    const thin = decimateMinMax(long, 500);
    expect(thin.length).toBeLessThanOrEqual(500);
    expect(thin[0]).toBe(long[0]);
    expect(thin.at(-1)).toBe(long.at(-1));
    expect(thin.some((point) => point.value === 50)).toBe(true);
    expect(thin.map((point) => point.step)).toEqual(
      [...thin.map((point) => point.step)].sort((a, b) => a - b),
    );
    expect(Math.min(...thin.map((point) => point.value))).toBe(Math.min(...long.map((point) => point.value)));
  });

  it('returns short series unchanged and is applied by the charts', () => {
    expect(decimateMinMax(long.slice(0, 10), 500)).toEqual(long.slice(0, 10));
    const big = Metrics.from({
      events: long.map((point) => ({
        type: 'metrics',
        data: { step: point.step, train_loss: point.value + 2 },
      })),
    });
    const model = buildChartModel(big.data, { maxPoints: 300 });
    expect(model.panels[0]?.series[0]?.raw.length).toBeLessThanOrEqual(300);
    expect(model.panels[0]?.series[0]?.smoothed?.length).toBeLessThanOrEqual(300);
    expect((big.toSVG().match(/L/g) ?? []).length).toBeLessThan(4000);
  });
});
