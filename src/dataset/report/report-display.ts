/**
 * How a validation report shows itself when it is left as a notebook cell's value: an HTML table
 * for Jupyter front-ends and a short text form for the rest, through the `Symbol.for('Jupyter.display')`
 * protocol of the Deno kernel (the one `Metrics` uses for its chart). Without it the kernel prints
 * the whole object, issues and limits included, as kilobytes of ANSI-coloured text.
 *
 * @module
 */
import type { DatasetReportData } from '../dataset-report.js';
import type { DatasetIssueCode, IssueSeverity } from '../issue-codes.js';
import type { DatasetIssue } from '../types.js';
import { formatBytes, formatInteger, formatUsd } from './format-number.js';

/** The key Jupyter kernels (Deno's among them) call to get an object's rich display. */
export const JUPYTER_DISPLAY = Symbol.for('Jupyter.display');

/** The MIME bundle of a report. */
export interface ReportDisplay {
  readonly 'text/html': string;
  readonly 'text/plain': string;
}

/** Info codes that summarise the whole file; the display shows them as its token and estimate rows. */
const SUMMARY_CODES: ReadonlySet<DatasetIssueCode> = new Set([
  'token_stats',
  'epoch_estimate',
  'cost_estimate',
]);
const SEVERITY_ORDER: readonly IssueSeverity[] = ['error', 'warning', 'info'];
const SEVERITY_COLOR: Readonly<Record<IssueSeverity, string>> = {
  error: '#b42318',
  warning: '#b54708',
  info: '#475467',
};

/** One row of the issue table: a code, its severity, its exact count and its first stored issue. */
interface CodeRow {
  readonly code: DatasetIssueCode;
  readonly severity: IssueSeverity;
  readonly count: number;
  readonly first: DatasetIssue | undefined;
}

/**
 * The MIME bundle of a report: `text/html` (summary, issue counts per code with their severity,
 * tokens, estimate, then the validation file's report) and `text/plain` (the same, shorter).
 *
 * @param report - A report from `Dataset.validate()`.
 * @returns The bundle a Jupyter kernel displays.
 */
export function reportDisplay(report: DatasetReportData): ReportDisplay {
  return { 'text/html': reportToHtml(report), 'text/plain': reportToText(report) };
}

/**
 * The report as an HTML fragment. Every value taken from the data (file name, messages, notes) is
 * escaped, so a hostile file name or message cannot inject markup into the notebook.
 *
 * @param report - A report from `Dataset.validate()`.
 * @returns A `<div>` with tables.
 */
export function reportToHtml(report: DatasetReportData): string {
  const parts = [fileHtml(report, 'Training file')];
  if (report.validation) parts.push(fileHtml(report.validation, 'Validation file'));
  return `<div class="finetune-kit-report">${parts.join('')}</div>`;
}

/**
 * The report as a few lines of plain text.
 *
 * @param report - A report from `Dataset.validate()`.
 * @returns Lines joined with `\n`.
 */
export function reportToText(report: DatasetReportData): string {
  const lines = fileText(report, 'Training file');
  if (report.validation) lines.push('', ...fileText(report.validation, 'Validation file'));
  return lines.join('\n');
}

function fileHtml(report: DatasetReportData, role: string): string {
  const ok = verdict(report);
  const rows = codeRows(report);
  const facts: [string, string][] = [
    ['format', report.format],
    ['examples', formatInteger(report.examples)],
    ['lines', formatInteger(report.lines)],
    ['size', formatBytes(report.bytes)],
    ...modelFacts(report),
  ];
  const issueTable =
    rows.length === 0
      ? '<p>No issues.</p>'
      : table(
          ['severity', 'code', 'count', 'first'],
          rows.map((row) => [
            `<span style="color:${SEVERITY_COLOR[row.severity]};font-weight:600">${row.severity}</span>`,
            `<code>${escapeHtml(row.code)}</code>`,
            formatInteger(row.count),
            row.first ? escapeHtml(describeIssue(row.first)) : '',
          ]),
          [false, false, true, false],
        );
  return [
    `<h4 style="margin:0.6em 0 0.3em">${escapeHtml(`${role}: ${report.name ?? '(unnamed)'}`)} <span style="color:${ok.error ? SEVERITY_COLOR.error : '#067647'}">${escapeHtml(ok.text)}</span></h4>`,
    table(
      null,
      facts.map(([label, value]) => [escapeHtml(label), escapeHtml(value)]),
    ),
    `<h5 style="margin:0.6em 0 0.3em">Issues</h5>${issueTable}`,
    `<h5 style="margin:0.6em 0 0.3em">Tokens</h5>${table(
      null,
      tokenFacts(report).map(([label, value]) => [escapeHtml(label), escapeHtml(value)]),
    )}`,
    `<h5 style="margin:0.6em 0 0.3em">Estimate</h5>${table(
      null,
      estimateFacts(report).map(([label, value]) => [escapeHtml(label), escapeHtml(value)]),
    )}`,
  ].join('');
}

function fileText(report: DatasetReportData, role: string): string[] {
  const lines = [
    `${role}: ${report.name ?? '(unnamed)'}  ${verdict(report).text}`,
    `  ${[report.format, plural(report.examples, 'example'), plural(report.lines, 'line'), formatBytes(report.bytes)].join(' · ')}`,
    ...modelFacts(report).map(([label, value]) => `  ${label}: ${value}`),
  ];
  const rows = codeRows(report);
  for (const severity of SEVERITY_ORDER) {
    const codes = rows.filter((row) => row.severity === severity);
    if (codes.length === 0) continue;
    lines.push(`  ${severity}: ${codes.map((row) => `${row.code} ×${formatInteger(row.count)}`).join(', ')}`);
  }
  lines.push(...tokenFacts(report).map(([label, value]) => `  ${label}: ${value}`));
  lines.push(...estimateFacts(report).map(([label, value]) => `  ${label}: ${value}`));
  return lines;
}

/** `✓ valid` or `✗ 3 errors`, plus warnings. */
function verdict(report: DatasetReportData): { text: string; error: boolean } {
  const { error, warning } = report.countsBySeverity;
  const head = error > 0 ? `✗ ${plural(error, 'error')}` : '✓ valid';
  return { text: warning > 0 ? `${head} · ${plural(warning, 'warning')}` : head, error: error > 0 };
}

function modelFacts(report: DatasetReportData): [string, string][] {
  const facts: [string, string][] = [];
  if (report.model) facts.push(['model', `${report.model.snapshot} (${report.model.encoding})`]);
  if (report.method) facts.push(['method', report.method]);
  facts.push(['profile', report.profile]);
  return facts;
}

/**
 * Every code with a count, errors first, then warnings and notes, most frequent first. The severity
 * is the one stored on the issues (a validation profile may change it).
 */
function codeRows(report: DatasetReportData): CodeRow[] {
  const rows: CodeRow[] = [];
  for (const [code, count] of Object.entries(report.countsByCode) as [DatasetIssueCode, number][]) {
    if (SUMMARY_CODES.has(code) || !count) continue;
    const first = report.issues.find((issue) => issue.code === code);
    rows.push({ code, count, first, severity: first?.severity ?? 'info' });
  }
  return rows.sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      b.count - a.count ||
      a.code.localeCompare(b.code),
  );
}

function describeIssue(issue: DatasetIssue): string {
  // Some messages already start with "Line N …"; don't say it twice.
  if (issue.line === undefined || issue.message.startsWith(`Line ${issue.line} `)) return issue.message;
  return `line ${issue.line}: ${issue.message}`;
}

function tokenFacts(report: DatasetReportData): [string, string][] {
  const { tokens, stats } = report;
  const facts: [string, string][] = [
    ['total', `${formatInteger(tokens.total)} (${tokens.encoding})`],
    ['assistant', formatInteger(tokens.assistant)],
    ['counted examples', formatInteger(tokens.countedExamples)],
  ];
  if (stats.totalTokens) {
    facts.push([
      'per example',
      `median ${formatInteger(stats.totalTokens.median)}, max ${formatInteger(stats.totalTokens.max)}`,
    ]);
  }
  if (stats.tokenLimit !== null) {
    facts.push([
      'over the limit',
      `${formatInteger(stats.examplesOverLimit)} of ${formatInteger(report.examples)} (limit ${formatInteger(stats.tokenLimit)} tokens)`,
    ]);
  }
  return facts;
}

function estimateFacts(report: DatasetReportData): [string, string][] {
  const { estimate } = report;
  const facts: [string, string][] = [];
  if (estimate.epochs !== null) {
    const source = estimate.epochsSource === 'heuristic' ? 'n_epochs "auto"' : 'n_epochs';
    facts.push(['epochs', `${estimate.epochs} (${source})`]);
  }
  if (estimate.billedTokens !== null) {
    const perEpoch =
      estimate.epochs === null ? '' : ` (${formatInteger(estimate.billablePerEpoch)} per epoch)`;
    facts.push(['billed tokens', `${formatInteger(estimate.billedTokens)}${perEpoch}`]);
  }
  facts.push(['cost', estimate.costUsd === null ? 'unknown' : formatUsd(estimate.costUsd)]);
  facts.push(['note', estimate.note]);
  return facts;
}

/** A table; cells are HTML already (callers escape data). `numeric` right-aligns columns. */
function table(
  head: readonly string[] | null,
  rows: readonly string[][],
  numeric: readonly boolean[] = [],
): string {
  const cell = (tag: 'td' | 'th', html: string, index: number): string =>
    `<${tag} style="text-align:${numeric[index] ? 'right' : 'left'};padding:2px 10px 2px 0">${html}</${tag}>`;
  const header = head ? `<thead><tr>${head.map((html, i) => cell('th', html, i)).join('')}</tr></thead>` : '';
  const body = rows.map((row) => `<tr>${row.map((html, i) => cell('td', html, i)).join('')}</tr>`).join('');
  return `<table style="border-collapse:collapse">${header}<tbody>${body}</tbody></table>`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );
}

function plural(count: number, noun: string): string {
  return `${formatInteger(count)} ${noun}${count === 1 ? '' : 's'}`;
}
