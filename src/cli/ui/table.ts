/**
 * Plain aligned tables for the terminal: no box drawing, so output pastes cleanly into issues.
 *
 * @module
 */
import { stripAnsi } from './colors.js';

/** Alignment of one column. */
export type ColumnAlign = 'left' | 'right';

/** Options for {@link renderTable}. */
export interface TableOptions {
  /** Per-column alignment. @default every column left-aligned */
  readonly align?: readonly ColumnAlign[];
  /** Spaces before each row. @default 2 */
  readonly indent?: number;
  /** Styles the header row (e.g. bold). @default identity */
  readonly headerStyle?: (text: string) => string;
}

/**
 * Renders rows as aligned columns. Cells may contain ANSI colours: widths are measured without them.
 *
 * @param header - Column titles, or `null` for a table without a header row.
 * @param rows - Cell texts.
 * @param options - Alignment, indentation, header style.
 * @returns The lines of the table.
 */
export function renderTable(
  header: readonly string[] | null,
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string[] {
  const all = header ? [header, ...rows] : rows;
  const columns = Math.max(0, ...all.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(0, ...all.map((row) => stripAnsi(row[column] ?? '').length)),
  );
  const indent = ' '.repeat(options.indent ?? 2);
  const line = (row: readonly string[]) =>
    indent +
    row
      .map((cell, column) => {
        const padding = ' '.repeat((widths[column] ?? 0) - stripAnsi(cell).length);
        const last = column === row.length - 1;
        if (options.align?.[column] === 'right') return padding + cell;
        return last ? cell : cell + padding;
      })
      .join('  ');
  const lines: string[] = [];
  if (header) lines.push((options.headerStyle ?? ((text: string) => text))(line(header)));
  for (const row of rows) lines.push(line(row));
  return lines;
}
