import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as metricsModule from '../../src/metrics/index.js';
import { FINDING_CODES, METRICS_ISSUE_CODES } from '../../src/metrics/index.js';
import { METRIC_DEFINITIONS } from '../../src/metrics/metric-names.js';

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

  it('lists every runtime export, and nothing else, under "Export list"', () => {
    const section = doc.slice(
      doc.indexOf('## Export list'),
      doc.indexOf('\nTypes:', doc.indexOf('## Export list')),
    );
    const listed = [...section.matchAll(/`([A-Za-z_]+)`/g)].map((match) => match[1]);
    expect(listed.sort()).toEqual(Object.keys(metricsModule).sort());
  });

  it('shows the chart produced by toSVG', () => {
    expect(doc).toContain('](./metrics-chart.svg)');
    const svg = readFileSync(new URL('../../docs/metrics-chart.svg', import.meta.url), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('finetune-kit API simulator');
  });
});
