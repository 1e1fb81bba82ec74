/**
 * Checks a model against its cut-off and shutdown dates before a job is created.
 *
 * @module
 */
import { type ModelTableOverrides, modelDeprecationStatus, safeResolveModel } from '../models/index.js';
import type { JobWarning } from './job-events.js';

/** How close to a date a warning starts, in days. */
const SOON_DAYS = 30;

/**
 * Warnings for creating a job on `model` on day `now`: past the job-creation cut-off, cut-off or
 * shutdown within 30 days, or a model the table does not know (no dates to check).
 *
 * @param model - The `model` of the job (alias, snapshot or `ft:` name).
 * @param now - The day to judge by.
 * @param models - Model-table overrides.
 * @returns Warnings, most serious first; empty when nothing is due.
 */
export function checkModelDates(model: string, now: Date, models?: ModelTableOverrides): JobWarning[] {
  const resolved = safeResolveModel(model, models === undefined ? {} : { models });
  if (!resolved) {
    return [
      {
        code: 'unknown_model',
        message: `Model "${model}" is not in the finetune-kit model table, so its cut-off dates were not checked.`,
        jobId: null,
        details: { model },
      },
    ];
  }
  const status = modelDeprecationStatus(resolved, now);
  const warnings: JobWarning[] = [];
  const details = {
    model,
    snapshot: resolved.snapshot,
    jobCreationEnds: resolved.jobCreationEnds,
    shutdown: resolved.shutdown,
    confirmed: resolved.confirmed,
  };
  if (status.jobCreationEnded) {
    warnings.push({
      code: 'model_job_creation_ended',
      message: `OpenAI stopped accepting fine-tuning jobs for ${resolved.snapshot} after ${resolved.jobCreationEnds}; the API will likely refuse this job.`,
      jobId: null,
      details,
    });
  } else if (status.daysUntilJobCreationEnds !== null && status.daysUntilJobCreationEnds <= SOON_DAYS) {
    warnings.push({
      code: 'model_job_creation_ending',
      message: `OpenAI stops accepting fine-tuning jobs for ${resolved.snapshot} after ${resolved.jobCreationEnds} (${status.daysUntilJobCreationEnds} days left).`,
      jobId: null,
      details,
    });
  }
  if (status.daysUntilShutdown !== null && status.daysUntilShutdown <= SOON_DAYS) {
    warnings.push({
      code: 'model_shutdown',
      message: status.shutDown
        ? `${resolved.snapshot} and its fine-tunes shut down on ${resolved.shutdown}.`
        : `${resolved.snapshot} and its fine-tunes shut down on ${resolved.shutdown} (${status.daysUntilShutdown} days left).`,
      jobId: null,
      details,
    });
  }
  return warnings;
}
