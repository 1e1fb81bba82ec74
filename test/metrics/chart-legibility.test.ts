/**
 * What the charts must say and show (SVG, Vega-Lite, terminal): which line is raw and which is
 * smoothed and how, outliers left off the y axis marked and counted, the best checkpoint marked and
 * labelled, checkpoint markers clear of the epoch labels, distinct marks without colour, and the
 * job's model and hyperparameters.
 */
import { describe, expect, it } from 'vitest';
import { buildChartModel } from '../../src/metrics/chart-model.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { syntheticSftJob } from './synthetic-job.js';

const synthetic = syntheticSftJob();
const metrics = Metrics.from({
  job: synthetic.job,
  events: synthetic.events,
  checkpoints: synthetic.checkpoints,
});

/** 100 steps of train_loss near 1, with spikes of 5.2 and 4.9 at steps 30 and 70. */
function spiky(): Metrics {
  return Metrics.from({
    job: { id: 'ftjob-spiky', status: 'succeeded', model: 'gpt-4o-mini' },
    events: Array.from({ length: 100 }, (_, index) => {
      const step = index + 1;
      const train_loss = step === 30 ? 5.2 : step === 70 ? 4.9 : 1 + 0.2 * Math.sin(step);
      return { id: `ftevent-${step}`, type: 'metrics', data: { step, total_steps: 100, train_loss } };
    }),
  });
}

interface VegaLayer {
  readonly mark: { readonly type: string } | string;
  readonly data?: { readonly values: Record<string, unknown>[] };
  readonly encoding?: Record<string, { legend?: { title?: string } | null; scale?: { domain?: unknown[] } }>;
}
interface VegaSpec {
  readonly title: { text: string; subtitle?: string };
  readonly description: string;
  readonly vconcat: { layer: VegaLayer[] }[];
}

function markType(layer: VegaLayer): string {
  return typeof layer.mark === 'string' ? layer.mark : layer.mark.type;
}

describe('legend: faint = raw, bold = smoothed, and which smoothing', () => {
  it('says so in the SVG, with the smoothing weight used', () => {
    const svg = metrics.toSVG();
    expect(svg).toMatch(
      /data-legend="raw"><line [^>]*stroke-opacity="0.35"\/><text [^>]*>faint = raw<\/text>/,
    );
    expect(svg).toContain('>bold = smoothed (EMA 0.6; time-weighted for mini-batch valid)</text>');
    expect(metrics.toSVG({ smoothing: 0.85 })).toContain('bold = smoothed (EMA 0.85;');
    expect(metrics.toSVG({ smoothing: { method: 'gaussian', sigma: 3 } })).toContain(
      'bold = smoothed (Gaussian σ 3 steps)',
    );
    const unsmoothed = metrics.toSVG({ smoothing: false });
    expect(unsmoothed).toContain('>lines = raw values (no smoothing)</text>');
    expect(unsmoothed).not.toContain('bold = smoothed');
  });

  it('says so in Vega-Lite: a style legend on the raw and smoothed layers, and the description', () => {
    const spec = metrics.toVegaLite() as unknown as VegaSpec;
    const [raw, smoothed] = spec.vconcat[0]?.layer ?? [];
    for (const layer of [raw, smoothed]) {
      expect(layer?.encoding?.opacity?.legend?.title).toBe('faint = raw, bold = smoothed');
      expect(layer?.encoding?.opacity?.scale?.domain).toEqual([
        'raw',
        'smoothed (EMA 0.6; time-weighted for mini-batch valid)',
      ]);
    }
    expect(spec.description).toContain('faint = raw, bold = smoothed (EMA 0.6;');
  });

  it('says so in the terminal chart, which draws the smoothed lines only', () => {
    const chart = metrics.toTerminalChart({ width: 40, height: 8 });
    expect(chart).toContain(
      'lines: smoothed (EMA 0.6; time-weighted for mini-batch valid); raw values not drawn',
    );
  });
});

describe('y axes never cut points off silently', () => {
  const spikes = spiky();
  const model = buildChartModel(spikes.data);
  const loss = model.panels[0];

  it('lists the raw points above the axis and says how many and how high', () => {
    expect(loss?.y.domain[1]).toBeLessThan(4.9);
    expect(loss?.y.clippedAbove.map((point) => [point.step, point.value])).toEqual([
      [30, 5.2],
      [70, 4.9],
    ]);
    expect(loss?.y.clippedNote).toBe(`2 raw points above ${loss?.y.domain[1]} not shown (max 5.2)`);
    // Every raw point is either on the axis or listed.
    const [y0, y1] = loss?.y.domain ?? [0, 0];
    const listed = new Set(
      [...(loss?.y.clippedAbove ?? []), ...(loss?.y.clippedBelow ?? [])].map((p) => p.step),
    );
    for (const point of spikes.series('train_loss')) {
      expect(point.value <= y1 && point.value >= y0 ? !listed.has(point.step) : listed.has(point.step)).toBe(
        true,
      );
    }
  });

  it('marks them with arrows at the top edge and the note in the SVG', () => {
    const svg = spikes.toSVG();
    expect(svg.match(/data-role="clipped-above"/g)).toHaveLength(2);
    expect(svg).toContain(`>▲ 2 raw points above ${loss?.y.domain[1]} not shown (max 5.2)</text>`);
    expect(svg).toContain('<title>train_loss 5.2 at step 30 (above the axis)</title>');
  });

  it('marks them in Vega-Lite on the same domain', () => {
    const layers = (spikes.toVegaLite() as unknown as VegaSpec).vconcat[0]?.layer ?? [];
    expect(layers[0]?.encoding?.y?.scale?.domain).toEqual([...(loss?.y.domain ?? [])]);
    const arrows = layers.find((layer) => layer.encoding?.shape?.legend?.title === 'raw point off the axis');
    expect(arrows?.data?.values.map((row) => [row.step, row.value, row.side])).toEqual([
      [30, 5.2, 'above'],
      [70, 4.9, 'above'],
    ]);
    const note = layers.find(
      (layer) => markType(layer) === 'text' && layer.data?.values[0]?.note !== undefined,
    );
    expect(note?.data?.values[0]?.note).toBe(loss?.y.clippedNote);
  });

  it('shows every point when ignoreOutliers is off', () => {
    const full = buildChartModel(spikes.data, { ignoreOutliers: false }).panels[0];
    expect(full?.y.domain[1]).toBeGreaterThanOrEqual(5.2);
    expect(full?.y.clippedAbove).toEqual([]);
    expect(full?.y.clippedNote).toBeNull();
    expect(spikes.toSVG({ ignoreOutliers: false })).not.toContain('data-role="clipped');
  });
});

describe('the best checkpoint', () => {
  const best = metrics.bestCheckpoint().best;
  const label = `best: step ${best?.step} (epoch ${best?.epoch}), full_valid_loss ${Number(best?.value?.toPrecision(4))}`;

  it('is ringed on its curve and labelled in the SVG, and its marker is red', () => {
    const svg = metrics.toSVG();
    expect(svg.match(/data-role="best-checkpoint"/g)).toHaveLength(1);
    expect(svg).toContain(`>${label}</text>`);
    expect(svg.match(/fill="#d62728" data-role="checkpoint"><title>best checkpoint: /g)).toHaveLength(2);
  });

  it('is marked and labelled in Vega-Lite and the terminal chart', () => {
    const layers = (metrics.toVegaLite() as unknown as VegaSpec).vconcat[0]?.layer ?? [];
    const text = layers.find((layer) => markType(layer) === 'text');
    expect(text?.data?.values[0]).toMatchObject({ step: best?.step, label });
    const chart = metrics.toTerminalChart({ width: 40, height: 8 });
    expect(chart.split('\n').at(-1)).toContain(`★ ${label}`);
    expect(chart.split('\n').slice(2, 10).join('\n')).toContain('★');
    expect(metrics.toTerminalChart({ ascii: true })).toContain(`@ ${label}`);
  });
});

describe('checkpoint markers and epoch labels', () => {
  it('never overlap in the SVG (checkpoints sit above the plot, labels inside it)', () => {
    const svg = metrics.toSVG();
    const markers = [
      ...svg.matchAll(
        /<path d="M([\d.]+),([\d.]+) L([\d.]+),[\d.]+ L[\d.]+,([\d.]+) Z"[^>]*data-role="checkpoint"/g,
      ),
    ].map((match) => ({
      x0: Number(match[1]),
      x1: Number(match[3]),
      y0: Number(match[2]),
      y1: Number(match[4]),
    }));
    const labels = [
      ...svg.matchAll(
        /<text x="([\d.]+)" y="([\d.]+)" dx="3" font-size="10"[^>]*data-role="epoch-label">([^<]*)</g,
      ),
    ].map((match) => {
      const x = Number(match[1]) + 3;
      const y = Number(match[2]);
      return { x0: x, x1: x + (match[3] ?? '').length * 6, y0: y - 10, y1: y + 2 };
    });
    expect(markers).toHaveLength(6);
    expect(labels).toHaveLength(4);
    for (const marker of markers) {
      for (const label of labels) {
        const apart =
          marker.x1 < label.x0 || label.x1 < marker.x0 || marker.y1 < label.y0 || label.y1 < marker.y0;
        expect(apart, `${JSON.stringify(marker)} overlaps ${JSON.stringify(label)}`).toBe(true);
      }
    }
  });

  it('sit on separate rows in the terminal chart', () => {
    const lines = metrics.toTerminalChart({ width: 40, height: 8 }).split('\n');
    expect(lines[10]).toContain('┼');
    expect(lines[10]).not.toContain('▲');
    expect(lines[11]?.trim()).toMatch(/^▲ +▲ +★$|^▲ +★ +▲$|^★ +▲ +▲$/);
  });
});

describe('without colour, the terminal chart tells the series apart', () => {
  it('draws each series with its own mark and shows the marks in the legend (braille)', () => {
    const lines = metrics.toTerminalChart({ width: 40, height: 8, color: false }).split('\n');
    const plot = lines.slice(2, 10).join('\n');
    expect(plot).toMatch(/[\u2801-\u28ff]/);
    expect(plot).toContain('+');
    expect(plot).toContain('●');
    expect(lines[13]).toContain('⣿ train (smoothed)');
    expect(lines[13]).toContain('+ valid (mini-batch) (smoothed)');
    expect(lines[13]).toContain('● full valid');
  });

  it('uses *, + and o in ASCII mode, and braille for every series with colour', () => {
    const ascii = metrics.toTerminalChart({ ascii: true, width: 40, height: 8 }).split('\n');
    const plot = ascii.slice(2, 10).join('\n');
    for (const mark of ['*', '+', 'o']) expect(plot).toContain(mark);
    expect(ascii[13]).toMatch(/\* train \(smoothed\) +\+ valid \(mini-batch\) \(smoothed\) +o full valid/);
    const colored = metrics.toTerminalChart({ color: true, width: 40, height: 8 });
    expect(colored).not.toContain('●');
    expect(colored).toContain('\u001b[33m⣿\u001b[0m valid (mini-batch)');
  });
});

describe('model and hyperparameters', () => {
  it('are in the subtitle of every chart when known', () => {
    const subtitle = 'supervised · 3 epochs · batch size 4 · LR multiplier 1.8';
    expect(metrics.toSVG()).toContain(`data-role="subtitle">${subtitle}</text>`);
    expect((metrics.toVegaLite() as unknown as VegaSpec).title).toEqual({
      text: 'ftjob-synthetic · gpt-4o-mini-2024-07-18',
      anchor: 'start',
      subtitle,
    });
    // A custom title keeps the model in the subtitle.
    expect(metrics.toSVG({ title: 'My run' })).toContain(`>gpt-4o-mini-2024-07-18 · ${subtitle}</text>`);
  });

  it('include beta for DPO jobs, and are left out when unknown', () => {
    const dpo = Metrics.from({
      job: {
        id: 'ftjob-dpo',
        model: 'gpt-4.1-mini',
        status: 'succeeded',
        method: {
          type: 'dpo',
          dpo: { hyperparameters: { n_epochs: 2, batch_size: 8, learning_rate_multiplier: 0.5, beta: 0.1 } },
        },
      },
      events: [1, 2, 3].map((step) => ({ type: 'metrics', data: { step, train_loss: 1 / step } })),
    });
    expect(buildChartModel(dpo.data).subtitle).toBe(
      'dpo · 2 epochs · batch size 8 · LR multiplier 0.5 · β 0.1',
    );
    expect(dpo.toTerminalChart().split('\n')[1]).toBe(
      'dpo · 2 epochs · batch size 8 · LR multiplier 0.5 · β 0.1',
    );
    const bare = Metrics.fromResultFile('step,train_loss\n1,1\n2,0.5\n3,0.4\n');
    expect(buildChartModel(bare.data).subtitle).toBeNull();
    expect(bare.toSVG()).not.toContain('data-role="subtitle"');
  });
});
