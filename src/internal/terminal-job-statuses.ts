/**
 * The one list of terminal fine-tuning job statuses, here so that every layer can use it: the job
 * layer (which exports it), the metrics layer and the simulator, which must not import the job layer.
 *
 * @module
 */

/** Statuses after which a job never changes again. */
export const TERMINAL_JOB_STATUSES = ['succeeded', 'failed', 'cancelled'] as const;
