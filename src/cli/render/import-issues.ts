/**
 * The problems an import (`convert --from`) found in its source, by line.
 *
 * @module
 */
import type { ImportIssue } from '../../dataset/index.js';
import type { Colors } from '../ui/colors.js';
import { formatInteger } from '../ui/format.js';
import { renderTable } from '../ui/table.js';
import { terminalSafe } from '../ui/terminal-text.js';

/**
 * @param issues - The import's issues, in source order.
 * @param colors - Styles.
 * @param max - Issues listed before "… and N more". @default 10
 */
export function renderImportIssues(issues: readonly ImportIssue[], colors: Colors, max = 10): string[] {
  if (issues.length === 0) return [];
  const skipped = issues.filter((issue) => issue.skipped).length;
  const lines = [
    `${colors.warning('Source problems')} ${colors.muted(`(${formatInteger(skipped)} skipped, ${formatInteger(issues.length - skipped)} worked around)`)}`,
    ...renderTable(
      null,
      issues.slice(0, max).map((issue) => [
        colors.muted(`line ${issue.line}${issue.column === undefined ? '' : `:${issue.column}`}`),
        issue.skipped ? 'skipped' : 'kept',
        // Messages quote field values and column names from the source file.
        terminalSafe(issue.message),
      ]),
    ),
  ];
  if (issues.length > max)
    lines.push(colors.muted(`  … and ${formatInteger(issues.length - max)} more (see --json)`));
  return lines;
}
