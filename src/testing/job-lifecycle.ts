/**
 * The life of a simulated job: its planned future (statuses, events with the real messages in the
 * real order, metrics, checkpoints, the result file) and the state changes a client can ask for
 * (cancel, pause, resume). Nothing here starts a timer: the plan runs when the clock reaches it.
 *
 * @module
 */

import { FinetuneKitUsageError } from '../errors.js';
import { TERMINAL_JOB_STATUSES } from '../internal/terminal-job-statuses.js';
import { invalidRequest } from './api-error.js';
import type { SimulatorContext } from './context.js';
import { storeFile } from './endpoints/files.js';
import { addCheckpoint, addJobEvent, checkpointName, seconds } from './job-history.js';
import { reinforcementRun } from './reinforcement-run.js';
import { encodeBase64 } from './result-csv.js';
import type { AcceptedTrainingFile } from './server-validation.js';
import type { JobRecord, PlannedStep } from './store.js';
import { supervisedRun } from './supervised-run.js';
import type { TrainingRun } from './training-run.js';
import type { SimulatedJobError, SimulatedJobStatus } from './wire-types.js';

/** Statuses after which nothing changes (the library's one list). */
export const TERMINAL_STATUSES: ReadonlySet<SimulatedJobStatus> = new Set(TERMINAL_JOB_STATUSES);

/** The hyperparameters every method has, and the only ones the deprecated top-level field shows. */
const TOP_LEVEL_HYPERPARAMETERS = ['n_epochs', 'batch_size', 'learning_rate_multiplier'] as const;

/** Writes resolved hyperparameters into `method` and (unless the DPO quirk says null) the top level. */
function applyResolvedHyperparameters(record: JobRecord, values: Readonly<Record<string, number | string>>) {
  const { job } = record;
  const section = job.method[job.method.type];
  if (section) section.hyperparameters = { ...values };
  if (job.hyperparameters === null) return;
  const topLevel: Record<string, number | string> = {};
  for (const key of TOP_LEVEL_HYPERPARAMETERS) if (values[key] !== undefined) topLevel[key] = values[key];
  job.hyperparameters = topLevel;
}

/** Sets `error` on a job that did not fail, as the `errorOnSuccess` quirk asks. */
export function successError(context: SimulatorContext): JobRecord['job']['error'] {
  switch (context.options.quirks.errorOnSuccess) {
    case 'empty-object':
      return {};
    case 'null-fields':
      return { code: null, message: null, param: null };
    default:
      return null;
  }
}

/**
 * Builds a job's plan from its creation to its end. Offsets are relative to `record.anchor`.
 *
 * @param context - The simulator.
 * @param record - A freshly created job.
 */
export function planJob(context: SimulatorContext, record: JobRecord): PlannedStep[] {
  const { timing, quirks } = context.options;
  const { job } = record;
  const plan: PlannedStep[] = [];
  let at = 0;
  if (quirks.statusStyle === 'azure') {
    at += timing.transitionMs;
    plan.push({ at, label: 'validating_files', run: () => (job.status = 'validating_files') });
  }
  at += timing.validationMs;
  const failure = !record.trainingVerdict.ok
    ? record.trainingVerdict.error
    : record.validationVerdict && !record.validationVerdict.ok
      ? record.validationVerdict.error
      : null;
  if (failure) {
    plan.push({ at, label: 'failed', run: (time) => failJob(context, record, time, failure) });
    return plan;
  }
  const verdict = record.trainingVerdict as AcceptedTrainingFile;
  const run: TrainingRun =
    job.method.type === 'reinforcement'
      ? reinforcementRun(context, record, verdict)
      : supervisedRun(context, record, verdict);
  record.run = run;
  record.totalSteps = run.totalSteps;
  plan.push({
    at,
    label: 'queued',
    run: (time) => {
      addJobEvent(context, record, time, 'Files validated, moving job to queued state');
      job.status = 'queued';
    },
  });
  at += timing.queueMs;
  const trainingStart = at;
  plan.push({
    at,
    label: 'running',
    run: (time) => {
      addJobEvent(context, record, time, 'Fine-tuning job started', { data: null });
      job.status = 'running';
      applyResolvedHyperparameters(record, run.hyperparameters);
      run.start(time);
      updateEstimatedFinish(context, record, time);
    },
  });
  for (let step = 1; step <= run.totalSteps; step++) {
    at = trainingStart + step * timing.stepMs;
    plan.push({
      at,
      label: `step ${step}`,
      run: (time) => {
        record.currentStep = step;
        run.step(step, time);
      },
    });
  }
  const end = at + timing.finalizeMs;
  plan.push({
    at: Math.max(at, end - timing.modelReadyBeforeSuccessMs),
    label: 'model created',
    run: (time) => {
      run.finish(time);
      addJobEvent(context, record, time, `New fine-tuned model created: ${record.fineTunedModelName}`);
      job.fine_tuned_model = record.fineTunedModelName;
    },
  });
  plan.push({
    at: end,
    label: 'succeeded',
    run: (time) => {
      const csv = run.resultCsv();
      const result = storeFile(context, {
        filename: 'step_metrics.csv',
        purpose: 'fine-tune-results',
        chunks: [new TextEncoder().encode(quirks.resultFile === 'openai' ? encodeBase64(csv) : csv)],
        processed: true,
        fromSimulator: true,
      });
      addJobEvent(context, record, time, 'The job has successfully completed');
      job.status = 'succeeded';
      job.finished_at = seconds(time);
      job.trained_tokens = run.trainedTokens;
      job.result_files = [result.file.id];
      job.estimated_finish = null;
      context.webhooks?.jobEnded(job.id, 'succeeded', time);
    },
  });
  return plan;
}

/** The error of a job that fails during training, as the real API reports it (docs/internals/api-behaviour.md#job-failure-codes). */
export const INTERNAL_JOB_ERROR: Readonly<SimulatedJobError> = Object.freeze({
  code: 'server_error',
  message: 'The job failed due to an internal error',
  param: null,
});

/**
 * Fails a job at `time`: an error event mirroring the error (`data: { error_code, error_param }`),
 * `status: 'failed'`, `error` set, and nothing more planned. What was emitted so far (metrics events,
 * checkpoints) stays; there is no result file and no `trained_tokens`.
 */
export function failJob(
  context: SimulatorContext,
  record: JobRecord,
  time: number,
  error: SimulatedJobError,
): void {
  const { job } = record;
  addJobEvent(context, record, time, error.message, {
    level: 'error',
    data: { error_code: error.code, error_param: error.param },
  });
  job.status = 'failed';
  job.error = { ...error };
  job.finished_at = context.options.quirks.nullFinishedAtOnFailure ? null : seconds(time);
  job.estimated_finish = null;
  record.next = record.plan.length;
  record.pausedAt = null;
  record.pendingStatus = null;
  context.webhooks?.jobEnded(job.id, 'failed', time);
}

/** How and when a job should fail during training (see `sim.failJob` and the `scenario` option). */
export interface JobFailure {
  /**
   * Fail right after this training step (its metrics event is still emitted); `0` fails as soon as
   * training starts. Without it, the job fails at once.
   */
  readonly atStep?: number;
  /** `job.error.code`. @default 'server_error' */
  readonly code?: string;
  /** `job.error.message` and the error event's text. @default 'The job failed due to an internal error' */
  readonly message?: string;
  /** `job.error.param`. @default null */
  readonly param?: string | null;
}

/**
 * Makes a job fail: at once, or right after a future training step.
 *
 * @throws {Error} When the job has ended, will not train (it fails validation), has no such step, or
 *   is already past it.
 */
export function scheduleFailure(
  context: SimulatorContext,
  record: JobRecord,
  failure: JobFailure,
  now: number,
): void {
  const { job } = record;
  const error: SimulatedJobError = {
    code: failure.code ?? INTERNAL_JOB_ERROR.code,
    message: failure.message ?? INTERNAL_JOB_ERROR.message,
    param: failure.param ?? null,
  };
  const cannot = (reason: string) => new Error(`failJob: job ${job.id} ${reason}.`);
  if (TERMINAL_STATUSES.has(job.status)) throw cannot(`has already ended ('${job.status}')`);
  if (failure.atStep === undefined) {
    failJob(context, record, now, error);
    return;
  }
  const { atStep } = failure;
  if (!Number.isInteger(atStep) || atStep < 0) {
    throw new FinetuneKitUsageError(
      `failJob: atStep must be an integer ≥ 0, got ${String(atStep)}.`,
      'failure.atStep',
    );
  }
  const label = atStep === 0 ? 'running' : `step ${atStep}`;
  const index = record.plan.findIndex((step) => step.label === label);
  if (index === -1) {
    throw cannot(
      record.totalSteps === 0
        ? 'will not train (its files fail validation)'
        : `has no step ${atStep} (it trains ${record.totalSteps} steps)`,
    );
  }
  if (index < record.next) throw cannot(`is already past step ${atStep}`);
  const at = (record.plan[index] as PlannedStep).at;
  record.plan.splice(index + 1, 0, {
    at,
    label: 'failed',
    run: (time) => failJob(context, record, time, error),
    failure: error,
  });
}

/** Recomputes `estimated_finish` from the remaining plan (unless the quirk keeps it null). */
function updateEstimatedFinish(context: SimulatorContext, record: JobRecord, now: number) {
  if (context.options.quirks.nullEstimatedFinish) return;
  const last = record.plan[record.plan.length - 1];
  record.job.estimated_finish = last ? seconds(Math.max(now, record.anchor + last.at)) : null;
}

/**
 * Runs every planned step that is due at `now`, and applies transient statuses that have ended.
 *
 * @param record - The job.
 * @param now - Simulated ms.
 */
export function syncJob(record: JobRecord, now: number): void {
  if (record.pendingStatus && record.pendingStatus.at <= now) {
    record.job.status = record.pendingStatus.status;
    record.pendingStatus = null;
  }
  if (record.pausedAt !== null) return;
  while (record.next < record.plan.length) {
    const step = record.plan[record.next];
    if (!step || record.anchor + step.at > now) break;
    record.next += 1;
    step.run(record.anchor + step.at);
  }
}

/** The simulated time of the job's next change, or `null` when it will not change by itself. */
export function nextChangeAt(record: JobRecord): number | null {
  const candidates: number[] = [];
  if (record.pendingStatus) candidates.push(record.pendingStatus.at);
  if (record.pausedAt === null) {
    const step = record.plan[record.next];
    if (step) candidates.push(record.anchor + step.at);
  }
  return candidates.length === 0 ? null : Math.min(...candidates);
}

function stateError(record: JobRecord, action: string, allowed: string) {
  return invalidRequest(
    `Cannot ${action} job ${record.job.id} with status '${record.job.status}'. Only ${allowed} jobs can be ${action === 'cancel' ? 'cancelled' : `${action}d`}.`,
    null,
    'invalid_job_status',
  );
}

/**
 * Cancels an active job at `now`.
 *
 * @throws {SimulatedApiError} 400 when the job already ended.
 */
export function cancelJob(context: SimulatorContext, record: JobRecord, now: number): void {
  if (TERMINAL_STATUSES.has(record.job.status)) throw stateError(record, 'cancel', 'active');
  record.job.status = 'cancelled';
  record.job.finished_at = seconds(now);
  record.job.estimated_finish = null;
  record.next = record.plan.length;
  record.pausedAt = null;
  record.pendingStatus = null;
  context.webhooks?.jobEnded(record.job.id, 'cancelled', now);
}

/**
 * Pauses a running job at `now`: training stops, a checkpoint of the current step is saved, and the
 * status becomes `paused` (Azure style: `pausing` first).
 *
 * @throws {SimulatedApiError} 400 unless the job is `running`.
 */
export function pauseJob(context: SimulatorContext, record: JobRecord, now: number): void {
  if (record.job.status !== 'running') throw stateError(record, 'pause', 'running');
  record.pausedAt = now;
  record.job.estimated_finish = null;
  addJobEvent(context, record, now, 'Fine-tuning job paused');
  if (record.currentStep > 0) {
    addCheckpoint(
      context,
      record,
      now,
      record.currentStep,
      checkpointName(record, record.currentStep),
      record.run?.checkpointMetrics(record.currentStep) ?? { step: record.currentStep },
    );
  }
  if (context.options.quirks.statusStyle === 'azure') {
    record.job.status = 'pausing';
    record.pendingStatus = { at: now + context.options.timing.transitionMs, status: 'paused' };
  } else {
    record.job.status = 'paused';
  }
}

/**
 * Resumes a paused job at `now`: the rest of the plan shifts by the length of the pause.
 *
 * @throws {SimulatedApiError} 400 unless the job is `paused`.
 */
export function resumeJob(context: SimulatorContext, record: JobRecord, now: number): void {
  if (record.job.status !== 'paused' || record.pausedAt === null)
    throw stateError(record, 'resume', 'paused');
  const azure = context.options.quirks.statusStyle === 'azure';
  const restart = azure ? now + context.options.timing.transitionMs : now;
  record.anchor += restart - record.pausedAt;
  record.pausedAt = null;
  addJobEvent(context, record, now, 'Fine-tuning job resumed');
  if (azure) {
    record.job.status = 'resuming';
    record.pendingStatus = { at: restart, status: 'running' };
  } else {
    record.job.status = 'running';
  }
  updateEstimatedFinish(context, record, now);
}
