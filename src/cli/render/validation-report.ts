/**
 * The human-readable validation report: a verdict, the issues grouped by severity and code with
 * their line numbers, token statistics and the cost estimate.
 *
 * @module
 */
import type { DatasetIssue, DatasetIssueCode, DatasetReport, IssueSeverity } from '../../dataset/index.js';
// The module itself, not the dataset index: rendering a report must not load the validator.
import { describeRemedy } from '../../dataset/report/issue-remedy.js';
import type { Colors, Style } from '../ui/colors.js';
import { formatBytes, formatDecimal, formatInteger, formatUsd, plural } from '../ui/format.js';
import { renderTable } from '../ui/table.js';
import { describeCliCostNote, describeCliRemedy, problemOf, type RemedyTarget } from './issue-remedy.js';

/** Codes that summarise the whole file; the report shows them as its own sections instead. */
const SECTION_CODES: ReadonlySet<string> = new Set(['token_stats', 'epoch_estimate', 'cost_estimate']);

const SEVERITY_ORDER: readonly IssueSeverity[] = ['error', 'warning', 'info'];

/** Options of {@link renderValidationReport}. */
export interface RenderReportOptions {
  /** Issues listed per code for errors and warnings (infos show one). @default 5 */
  readonly maxPerCode?: number;
  /** Show the token and estimate sections. @default true */
  readonly sections?: boolean;
  /** File names to show (as the user typed them) instead of the resolved paths. */
  readonly names?: { readonly training?: string; readonly validation?: string };
  /**
   * The files remedies name in their commands (`finetune-kit fix <file>`); defaults to `names`.
   * `null` for data read from standard input (the commands then say `<file>`).
   */
  readonly commandFiles?: { readonly training?: string | null; readonly validation?: string | null };
  /**
   * What the report's own file is: a job's validation file checked alone (`upload --validation`)
   * is headed "Validation file". @default 'training'
   */
  readonly role?: 'training' | 'validation';
}

/**
 * Renders a report (and its validation file's report) as lines.
 *
 * @param report - From `Dataset.validate()`.
 * @param colors - Styles.
 * @param options - How many issues to list per code.
 * @returns The lines to print.
 */
export function renderValidationReport(
  report: DatasetReport,
  colors: Colors,
  options: RenderReportOptions = {},
): string[] {
  const maxPerCode = options.maxPerCode ?? 5;
  const lines = [
    ...renderHeader(
      report,
      options.role === 'validation' ? 'Validation file' : 'Training file',
      options.names?.training,
      colors,
    ),
    ...renderIssues(report, colors, maxPerCode, remedyTarget(options, 'training')),
  ];
  if (options.sections !== false) {
    lines.push('', ...renderTokens(report, colors), '', ...renderEstimate(report, colors));
  }
  if (report.validation) {
    lines.push(
      '',
      ...renderHeader(report.validation, 'Validation file', options.names?.validation, colors),
      ...renderIssues(report.validation, colors, maxPerCode, remedyTarget(options, 'validation')),
    );
  }
  return lines;
}

/** The file the remedies of one file's issues work on. */
function remedyTarget(options: RenderReportOptions, role: 'training' | 'validation'): RemedyTarget {
  const file = options.commandFiles?.[role];
  return { file: file === null ? undefined : (file ?? options.names?.[role]) };
}

/** The one-line verdict and the facts about the file. */
function renderHeader(
  report: DatasetReport,
  role: string,
  name: string | undefined,
  colors: Colors,
): string[] {
  const { error, warning } = report.countsBySeverity;
  let info = report.countsBySeverity.info;
  for (const code of SECTION_CODES) info -= report.countsByCode[code as DatasetIssueCode] ?? 0;
  const verdict = error > 0 ? colors.error(`✗ ${plural(error, 'error')}`) : colors.success('✓ valid');
  const others = [
    warning > 0 ? colors.warning(plural(warning, 'warning')) : '',
    info > 0 ? plural(info, 'note') : '',
  ]
    .filter(Boolean)
    .join(', ');
  const facts = [
    report.format === 'unknown' ? 'format unknown' : report.format.replace('_', '/'),
    plural(report.examples, 'example'),
    plural(report.lines, 'line'),
    formatBytes(report.bytes),
  ];
  const model = report.model
    ? `${report.model.snapshot} (${report.model.encoding}, up to ${formatInteger(report.model.maxTokensPerExample)} tokens per example)`
    : null;
  return [
    `${colors.bold(`${role}: ${name ?? report.name ?? '(unnamed)'}`)}  ${verdict}${others ? colors.muted(` · ${others}`) : ''}`,
    ...renderTable(null, [
      [colors.muted('data'), facts.join(' · ')],
      ...(model ? [[colors.muted('model'), model]] : []),
      ...(report.method ? [[colors.muted('method'), report.method]] : []),
    ]),
  ];
}

/**
 * Issues by severity, then by code (most frequent first), with sample lines. A remedy shared by a
 * code's issues is said once, after them; otherwise each issue ends with its own.
 */
function renderIssues(
  report: DatasetReport,
  colors: Colors,
  maxPerCode: number,
  target: RemedyTarget,
): string[] {
  const bySeverity = new Map<IssueSeverity, Map<DatasetIssueCode, DatasetIssue[]>>();
  for (const issue of report.issues) {
    if (SECTION_CODES.has(issue.code)) continue;
    const codes = bySeverity.get(issue.severity) ?? new Map<DatasetIssueCode, DatasetIssue[]>();
    bySeverity.set(issue.severity, codes);
    const list = codes.get(issue.code) ?? [];
    list.push(issue);
    codes.set(issue.code, list);
  }
  const lines: string[] = [];
  for (const severity of SEVERITY_ORDER) {
    const codes = bySeverity.get(severity);
    if (!codes) continue;
    const style = severityStyle(severity, colors);
    const title = severity === 'error' ? 'Errors' : severity === 'warning' ? 'Warnings' : 'Notes';
    lines.push('', colors.bold(style(title)));
    const ordered = [...codes.entries()].sort(
      ([a, first], [b, second]) =>
        (report.countsByCode[b] ?? second.length) - (report.countsByCode[a] ?? first.length) ||
        a.localeCompare(b),
    );
    for (const [code, issues] of ordered) {
      const count = report.countsByCode[code] ?? issues.length;
      const shown = severity === 'info' ? issues.slice(0, 1) : issues.slice(0, maxPerCode);
      const located = shown.some((issue) => issue.line !== undefined);
      const remedies = new Set(issues.map((issue) => cliRemedyOf(issue, target)));
      const shared = remedies.size === 1 ? [...remedies][0] : undefined;
      const text = (issue: DatasetIssue) => {
        const own = shared === undefined ? cliRemedyOf(issue, target) : '';
        return `${problemOf(issue, issue.remedy && describeRemedy(issue.remedy))}${own ? ` ${own}` : ''}`;
      };
      if (!located && shown.length === 1 && count === 1) {
        const first = shown[0] as DatasetIssue;
        lines.push(`  ${style(code)}  ${text(first)}${shared ? ` ${shared}` : ''}`);
        continue;
      }
      lines.push(`  ${style(code)} ${colors.muted(`×${formatInteger(count)}`)}`);
      for (const issue of shown) lines.push(`    ${describeLocation(issue, colors)}${text(issue)}`);
      const hidden = count - shown.length;
      if (hidden > 0) {
        lines.push(colors.muted(`    … and ${formatInteger(hidden)} more (see --json)`));
      }
      if (shared) lines.push(`    ${shared}`);
    }
  }
  return lines;
}

/** The issue's remedy as a CLI sentence, or `''`. */
function cliRemedyOf(issue: DatasetIssue, target: RemedyTarget): string {
  return issue.remedy ? describeCliRemedy(issue.remedy, target) : '';
}

function describeLocation(issue: DatasetIssue, colors: Colors): string {
  // Some messages already start with "Line N …"; don't say it twice.
  if (issue.line === undefined || issue.message.startsWith(`Line ${issue.line} `)) return '';
  const column =
    issue.code === 'invalid_json' && issue.details.column !== undefined ? `:${issue.details.column}` : '';
  return colors.muted(`line ${issue.line}${column}: `);
}

function severityStyle(severity: IssueSeverity, colors: Colors): Style {
  return severity === 'error' ? colors.error : severity === 'warning' ? colors.warning : colors.info;
}

/** The per-example distributions and the limit. */
function renderTokens(report: DatasetReport, colors: Colors): string[] {
  const { stats, tokens } = report;
  const rows: string[][] = [];
  const add = (label: string, summary: typeof stats.totalTokens) => {
    if (!summary) return;
    rows.push([
      label,
      ...[summary.min, summary.p5, summary.median, summary.mean, summary.p95, summary.max].map((value) =>
        formatInteger(Math.round(value)),
      ),
    ]);
  };
  add('tokens', stats.totalTokens);
  add('assistant tokens', stats.assistantTokens);
  add('messages', stats.messages);
  if (rows.length === 0) return [colors.bold('Tokens'), colors.muted('  No example could be counted.')];
  const lines = [
    `${colors.bold('Tokens per example')} ${colors.muted(`(${tokens.encoding})`)}`,
    ...renderTable(['', 'min', 'p5', 'median', 'mean', 'p95', 'max'], rows, {
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
      headerStyle: colors.muted,
    }),
  ];
  const total = `  total ${formatInteger(tokens.total)} tokens in ${plural(tokens.countedExamples, 'example')}`;
  if (stats.tokenLimit === null) {
    lines.push(total);
  } else {
    const over = stats.examplesOverLimit;
    lines.push(
      `${total}; ${
        over > 0
          ? colors.warning(
              `${plural(over, 'example')} over the ${formatInteger(stats.tokenLimit)}-token limit (truncated when training)`,
            )
          : `none over the ${formatInteger(stats.tokenLimit)}-token limit`
      }`,
    );
  }
  return lines;
}

/** Epochs, billed tokens and cost, or why there is no cost. */
function renderEstimate(report: DatasetReport, colors: Colors): string[] {
  const { estimate } = report;
  const lines = [colors.bold('Estimate')];
  const note = describeCliCostNote(estimate, report.model?.snapshot ?? undefined);
  if (estimate.epochs === null) return [...lines, colors.muted(`  ${note}`)];
  const epochsNote =
    estimate.epochsSource === 'heuristic'
      ? `n_epochs "auto": the cookbook heuristic for ${plural(report.examples, 'example')}; --n-epochs overrides`
      : 'from --n-epochs';
  const rows: string[][] = [
    ['epochs', `${estimate.epochs} ${colors.muted(`(${epochsNote})`)}`],
    [
      'billed tokens',
      `${formatInteger(estimate.billedTokens ?? 0)} ${colors.muted(
        `(${formatInteger(estimate.billablePerEpoch)} per epoch × ${estimate.epochs})`,
      )}`,
    ],
  ];
  if (estimate.costUsd === null) {
    rows.push(['cost', colors.muted(note)]);
  } else {
    rows.push([
      'cost',
      `${colors.bold(formatUsd(estimate.costUsd))} ${colors.muted(
        `at $${formatDecimal(estimate.pricePer1M ?? 0, 2)} per 1M training tokens`,
      )}`,
    ]);
  }
  return [
    ...lines,
    ...renderTable(
      null,
      rows.map(([label, value]) => [colors.muted(label ?? ''), value ?? '']),
    ),
  ];
}
