import { describe, expect, it } from 'vitest';
import { createColors, stripAnsi } from '../../../src/cli/ui/colors.js';
import { LiveRegion } from '../../../src/cli/ui/live-region.js';
import { drawBar, ProgressBar, RateEstimator } from '../../../src/cli/ui/progress-bar.js';

function plainSink(now: { value: number }) {
  const lines: string[] = [];
  return {
    lines,
    sink: {
      colors: createColors(false),
      columns: 80,
      region: null,
      writeLine: (text: string) => lines.push(text),
      release: () => {},
      now: () => now.value,
    },
  };
}

describe('drawBar', () => {
  it('fills proportionally with eighth-cell precision and clamps', () => {
    expect(drawBar(0, 4)).toBe('░░░░');
    expect(drawBar(0.5, 4)).toBe('██░░');
    expect(drawBar(1, 4)).toBe('████');
    expect(drawBar(2, 4)).toBe('████');
    expect(drawBar(0.0625, 4)).toBe('▎░░░');
    expect(drawBar(0.125, 4)).toBe('▌░░░');
    expect(drawBar(0.5, 4, false)).toBe('##--');
    expect(drawBar(Number.NaN, 3)).toBe('░░░');
  });
});

describe('RateEstimator', () => {
  it('extrapolates the remaining time from the observed rate', () => {
    const rate = new RateEstimator();
    expect(rate.remaining(100)).toBeNull();
    rate.sample(0, 0);
    rate.sample(25, 10_000);
    expect(rate.remaining(100)).toBe(30_000);
  });
});

describe('ProgressBar in plain mode', () => {
  it('prints one line per tenth, then the final message', () => {
    const now = { value: 0 };
    const { lines, sink } = plainSink(now);
    const bar = new ProgressBar(sink, { label: 'Training', total: 30, unit: 'steps' });
    for (let step = 1; step <= 30; step += 1) {
      now.value += 1000;
      bar.update(step);
    }
    bar.finish('Trained 30 steps');
    expect(lines[0]).toBe('Training: 0% (0/30 steps)');
    expect(lines).toContain('Training: 50% (15/30 steps)');
    expect(lines.at(-1)).toBe('Trained 30 steps');
    // 0%, 10% … 90%, and the final line: never one line per update.
    expect(lines).toHaveLength(11);
  });

  it('ignores updates after the end', () => {
    const { lines, sink } = plainSink({ value: 0 });
    const bar = new ProgressBar(sink, { label: 'Upload', total: 10 });
    bar.fail('Upload failed');
    bar.update(5);
    expect(lines).toEqual(['Upload: 0% (0/10)', 'Upload failed']);
  });
});

describe('ProgressBar on a terminal', () => {
  it('redraws in place with percentage, counts and ETA, and ends with a tick', () => {
    let output = '';
    const stream = { write: (text: string) => (output += text), isTTY: true, columns: 80 };
    const now = { value: 0 };
    const region = new LiveRegion(stream);
    const bar = new ProgressBar(
      {
        colors: createColors(false),
        columns: 80,
        region,
        writeLine: () => {},
        release: () => {},
        now: () => now.value,
      },
      { label: 'Training', total: 100, unit: 'steps' },
    );
    now.value = 10_000;
    bar.update(25);
    expect(bar.line(80)).toMatch(/^Training {2}[█▏▎▍▌▋▊▉]+░+ +25% {2}25\/100 steps {2}ETA 30s$/);
    bar.finish('Done');
    const visible = stripAnsi(output);
    expect(visible).toContain('25/100 steps');
    expect(visible.trimEnd().endsWith('✓ Done')).toBe(true);
    // Redraws move the cursor up over the previous frame.
    expect(output).toContain('\u001B[1A');
  });
});
