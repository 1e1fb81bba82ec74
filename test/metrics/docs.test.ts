import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as metricsModule from '../../src/metrics/index.js';
import { FINDING_CODES, METRIC_DEFINITIONS, METRICS_ISSUE_CODES } from '../../src/metrics/index.js';

const doc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');

describe('docs/metrics.md', () => {
  it('documents every metric name and alias', () => {
    for (const [name, definition] of Object.entries(METRIC_DEFINITIONS)) {
      expect(doc, name).toContain(`\`${name}\``);
      for (const alias of definition.aliases) expect(doc, alias).toContain(`\`${alias}\``);
    }
  });

  it('documents every finding code and every issue code', () => {
    for (const code of [...Object.keys(FINDING_CODES), ...Object.keys(METRICS_ISSUE_CODES)])
      expect(doc, code).toContain(`\`${code}\``);
  });

  it('lists every runtime export', () => {
    for (const name of Object.keys(metricsModule)) expect(doc, name).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('shows the chart produced by toSVG', () => {
    expect(doc).toContain('](./metrics-chart.svg)');
    const svg = readFileSync(new URL('../../docs/metrics-chart.svg', import.meta.url), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('finetune-kit API simulator');
  });
});
