/**
 * The list of lines a fix, conversion or split left out.
 *
 * @module
 */
import type { DroppedLine } from '../../dataset/index.js';
import type { Colors } from '../ui/colors.js';
import { formatInteger } from '../ui/format.js';
import { renderTable } from '../ui/table.js';

/**
 * @param dropped - The dropped lines, in input order.
 * @param colors - Styles.
 * @param max - Lines listed before "… and N more". @default 10
 */
export function renderDroppedLines(dropped: readonly DroppedLine[], colors: Colors, max = 10): string[] {
  if (dropped.length === 0) return [];
  const lines = [
    `${colors.warning('Dropped')} ${colors.muted(`(${formatInteger(dropped.length)})`)}`,
    ...renderTable(
      null,
      dropped.slice(0, max).map((line) => [colors.muted(`line ${line.line}`), line.code, line.reason]),
    ),
  ];
  if (dropped.length > max)
    lines.push(colors.muted(`  … and ${formatInteger(dropped.length - max)} more (see --json)`));
  return lines;
}
