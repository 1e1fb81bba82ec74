import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/dataset/dataset.js';
import type { DatasetReport } from '../../../src/dataset/dataset-report.js';
import { escapeHtml, type ReportDisplay } from '../../../src/dataset/report/report-display.js';
import { chatLines, jsonl } from '../helpers/datasets.js';

// A fixed date: the model's deprecation warnings depend on it.
const now = new Date('2025-06-01T00:00:00Z');

/** What the Deno Jupyter kernel does with a cell's value: call `Symbol.for('Jupyter.display')`. */
function display(report: DatasetReport): ReportDisplay {
  const method = (report as unknown as Record<symbol, unknown>)[Symbol.for('Jupyter.display')];
  if (typeof method !== 'function') throw new Error('the report has no Jupyter display');
  return method.call(report) as ReportDisplay;
}

const hostileRole = JSON.stringify({
  messages: [
    { role: 'user', content: 'Hi' },
    { role: '<img src=x onerror=alert(1)>', content: 'Hello' },
  ],
});

describe('the Jupyter display of a dataset report', () => {
  it('renders the summary, the counts per code with their severity, tokens and estimate as HTML', async () => {
    const text = jsonl([...chatLines(12), '{"messages": [', ...chatLines(2, 12), chatLines(1)[0] as string]);
    const report = await Dataset.fromString(text, { name: 'support.jsonl' }).validate({
      model: 'gpt-4o-mini',
    });
    const html = display(report)['text/html'];
    expect(html.startsWith('<div class="finetune-kit-report">')).toBe(true);
    expect(html).toContain('Training file: support.jsonl');
    expect(html).toContain('✗ 1 error');
    // One row per code: severity, code, exact count, first issue with its line.
    expect(html).toMatch(
      />error<\/span><\/td><td[^>]*><code>invalid_json<\/code><\/td><td[^>]*>1<\/td><td[^>]*>Line 13 is not valid JSON/,
    );
    expect(html).toMatch(
      />warning<\/span><\/td><td[^>]*><code>duplicate_example<\/code><\/td><td[^>]*>1<\/td>/,
    );
    // The error rows come before the warning rows.
    expect(html.indexOf('<code>invalid_json</code>')).toBeLessThan(
      html.indexOf('<code>duplicate_example</code>'),
    );
    expect(html).toContain(
      `<td style="text-align:left;padding:2px 10px 2px 0">${report.tokens.total.toLocaleString('en-US')} (o200k_base)</td>`,
    );
    expect(html).toContain(escapeHtml(report.estimate.note));
    expect(report.estimate.note).toMatch(/\$/);
    // The summary codes are its own rows, not issues.
    expect(html).not.toContain('<code>token_stats</code>');
  });

  it('gives a short text form next to the HTML', async () => {
    const report = await Dataset.fromString(jsonl(chatLines(60)), { name: 'ok.jsonl' }).validate({
      model: 'gpt-4o-mini',
      hyperparameters: { n_epochs: 2 },
      now,
    });
    const plain = display(report)['text/plain'];
    const lines = plain.split('\n');
    expect(lines[0]).toBe('Training file: ok.jsonl  ✓ valid');
    expect(lines[1]).toMatch(/^ {2}chat · 60 examples · 60 lines · [\d.]+ kB$/);
    expect(lines).toContain('  epochs: 2 (n_epochs)');
    expect(lines).toContain(
      `  billed tokens: ${(report.tokens.billable * 2).toLocaleString('en-US')} (${report.tokens.billable.toLocaleString('en-US')} per epoch)`,
    );
    expect(plain.length).toBeLessThan(1500);
  });

  it('escapes file names and messages taken from the data', async () => {
    const report = await Dataset.fromString(jsonl([...chatLines(12), hostileRole]), {
      name: '<b>"train" & \'more\'</b>.jsonl',
    }).validate({ model: 'gpt-4o-mini', now });
    const html = display(report)['text/html'];
    expect(html).toContain('&lt;b&gt;&quot;train&quot; &amp; &#39;more&#39;&lt;/b&gt;.jsonl');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('shows the validation file after the training file', async () => {
    const validationFile = Dataset.fromString(jsonl(chatLines(5, 100)), { name: 'valid.jsonl' });
    const report = await Dataset.fromString(jsonl(chatLines(20)), { name: 'train.jsonl' }).validate({
      model: 'gpt-4o-mini',
      validationFile,
      now,
    });
    const { 'text/html': html, 'text/plain': plain } = display(report);
    expect(html.indexOf('Training file: train.jsonl')).toBeLessThan(
      html.indexOf('Validation file: valid.jsonl'),
    );
    expect(plain).toContain('\n\nValidation file: valid.jsonl  ✓ valid\n');
    expect(plain).toContain('  note: Validation files are not billed.');
  });

  it('stays out of the data: not enumerable, not serialised, not copied by a spread', async () => {
    const report = await Dataset.fromString(jsonl(chatLines(3))).validate();
    expect(Object.getOwnPropertySymbols(report)).toEqual([Symbol.for('Jupyter.display')]);
    expect(Object.keys(report)).not.toContain('Symbol(Jupyter.display)');
    expect(Object.getOwnPropertySymbols({ ...report })).toEqual([]);
    expect(JSON.stringify(report)).toBe(JSON.stringify(report.toJSON()));
    expect(Object.isFrozen(report)).toBe(true);
  });
});
