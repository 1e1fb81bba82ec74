/**
 * One issue as one printable line, compiler style: `train.jsonl:12:5: error invalid_json: …` for
 * an issue of a line, `train.jsonl: error too_few_examples: …` for one of the whole file.
 *
 * @module
 */
import type { DatasetIssue } from '../types.js';

/** Options of {@link formatIssue}. */
export interface FormatIssueOptions {
  /** The file name to put first, as editors and terminals link `file:line:column`. */
  readonly file?: string;
}

/**
 * Formats an issue as one line. File-level issues (no `line`) get no line number instead of
 * `line undefined`; a column is added when the issue has one (`invalid_json`).
 *
 * @example
 * ```ts
 * for (const issue of report.issues) console.error(formatIssue(issue, { file: 'train.jsonl' }));
 * // train.jsonl:3:1: error invalid_json: Line 3 is not valid JSON: Expecting value: line 1 column 1 (char 0).
 * // train.jsonl: error too_few_examples: Training file has 3 example(s), but must have at least 10 examples
 * ```
 * @param issue - An issue of a report.
 * @param options - The file name to show.
 * @returns The line, without a trailing newline.
 */
export function formatIssue(issue: DatasetIssue, options: FormatIssueOptions = {}): string {
  const column = issue.code === 'invalid_json' ? issue.details.column : undefined;
  const place = [
    ...(options.file === undefined ? [] : [options.file]),
    ...(issue.line === undefined ? [] : [`${issue.line}`]),
    ...(issue.line === undefined || column === undefined ? [] : [`${column}`]),
  ];
  // Without a file name a bare number would be unreadable: say "line N".
  const where =
    options.file === undefined && issue.line !== undefined
      ? `line ${place.join(':')}: `
      : place.length > 0
        ? `${place.join(':')}: `
        : '';
  return `${where}${issue.severity} ${issue.code}: ${issue.message}`;
}
