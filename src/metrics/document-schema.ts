/**
 * What the two versioned JSON documents of the metrics layer (the JSON form of `Metrics` and the
 * job archive) share: the schema of a stored issue, and how a failed parse is turned into a
 * message that names the first wrong field.
 *
 * @module
 */
import { z } from 'zod';
import { METRICS_ISSUE_CODES, type MetricsIssueCode } from './issue-codes.js';

/** Zod schema of a stored `MetricsIssue`. */
export const metricsIssueSchema = z.object({
  code: z.enum(Object.keys(METRICS_ISSUE_CODES) as [MetricsIssueCode, ...MetricsIssueCode[]]),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  row: z.number().optional(),
  line: z.number().optional(),
  column: z.string().optional(),
  step: z.number().optional(),
  id: z.string().optional(),
});

/** The first problem found in a document that failed its schema. */
export interface DocumentProblem {
  /** Where, as a JSON path (`points[3].values.train_loss`; empty for the document itself). */
  readonly path: string;
  /** What is wrong, in zod's words. */
  readonly message: string;
  /** The document's `version` when it is a number other than the one this code reads. */
  readonly otherVersion: number | undefined;
}

/**
 * Describes why `value` failed its schema: the first issue's path and message, and the document's
 * version when it differs from the supported one (the likely reason).
 *
 * @param error - The error of a failed `safeParse`.
 * @param value - The value that was parsed.
 * @param supportedVersion - The version this code reads.
 * @returns The problem.
 */
export function documentProblem(
  error: z.ZodError,
  value: unknown,
  supportedVersion: number,
): DocumentProblem {
  const issue = error.issues[0];
  const path = (issue?.path ?? [])
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
  const version = (value as { version?: unknown } | null)?.version;
  return {
    path,
    message: issue?.message ?? 'unknown problem',
    otherVersion: typeof version === 'number' && version !== supportedVersion ? version : undefined,
  };
}
