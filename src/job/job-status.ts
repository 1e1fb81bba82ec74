/**
 * Fine-tuning job statuses: an open string type with the known values, and the terminal set.
 *
 * @module
 */
import { TERMINAL_JOB_STATUSES } from '../internal/terminal-job-statuses.js';

/**
 * Statuses the OpenAI and Azure OpenAI APIs are known to report. `paused` is Azure's wire value and
 * OpenAI's documented state; `pending`, `pausing` and `resuming` are Azure only.
 */
export const KNOWN_JOB_STATUSES = [
  'validating_files',
  'queued',
  'pending',
  'running',
  'pausing',
  'paused',
  'resuming',
  'succeeded',
  'failed',
  'cancelled',
] as const;

/** One of {@link KNOWN_JOB_STATUSES}. */
export type KnownJobStatus = (typeof KNOWN_JOB_STATUSES)[number];

/**
 * A job status. Open on purpose: a status the API adds tomorrow is carried through as a string and
 * never crashes a watcher; editors still complete the known values.
 */
export type FineTuneJobStatus = KnownJobStatus | (string & {});

/** Statuses after which a job never changes again (defined in `src/internal/`, shared by every layer). */
export { TERMINAL_JOB_STATUSES };

/** One of {@link TERMINAL_JOB_STATUSES}. */
export type TerminalJobStatus = (typeof TERMINAL_JOB_STATUSES)[number];

/**
 * True when `status` is `succeeded`, `failed` or `cancelled`.
 *
 * @param status - Any status string, known or not.
 * @returns Whether the job is finished for good.
 */
export function isTerminalJobStatus(status: string): status is TerminalJobStatus {
  return (TERMINAL_JOB_STATUSES as readonly string[]).includes(status);
}

/**
 * True when `status` is one of {@link KNOWN_JOB_STATUSES}.
 *
 * @param status - Any status string.
 */
export function isKnownJobStatus(status: string): status is KnownJobStatus {
  return (KNOWN_JOB_STATUSES as readonly string[]).includes(status);
}
