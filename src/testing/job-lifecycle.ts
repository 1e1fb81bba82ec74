/**
 * The life of a simulated job: its planned future (statuses, events with the real messages in the
 * real order, metrics, checkpoints, the result file) and the state changes a client can ask for
 * (cancel, pause, resume). Nothing here starts a timer: the plan runs when the clock reaches it.
 *
 * @module
 */

import { createRandom, hashString } from '../internal/seeded-random.js';
import { invalidRequest } from './api-error.js';
import type { SimulatorContext } from './context.js';
import { storeFile } from './endpoints/files.js';
import { resolveHyperparameters } from './hyperparameters.js';
import { buildResultCsv, encodeBase64 } from './result-csv.js';
import type { JobRecord, PlannedStep } from './store.js';
import { generateTrainingCurve } from './training-curves.js';
import type {
  SimulatedJobError,
  SimulatedJobEvent,
  SimulatedJobStatus,
  SimulatedStepMetrics,
} from './wire-types.js';

/** Statuses after which nothing changes. */
export const TERMINAL_STATUSES: ReadonlySet<SimulatedJobStatus> = new Set([
  'succeeded',
  'failed',
  'cancelled',
]);

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Appends an event to a job. */
export function addJobEvent(
  context: SimulatorContext,
  record: JobRecord,
  time: number,
  message: string,
  details: {
    level?: SimulatedJobEvent['level'];
    type?: SimulatedJobEvent['type'];
    data?: SimulatedJobEvent['data'];
  } = {},
): SimulatedJobEvent {
  const event: SimulatedJobEvent = {
    object: 'fine_tuning.job.event',
    id: context.newId('ftevent-', 24),
    created_at: seconds(time),
    level: details.level ?? 'info',
    message,
    data: details.data === undefined ? {} : details.data,
    type: details.type ?? 'message',
  };
  record.events.push(event);
  return event;
}

/** The `Step N/M: ...` message, values with 2 decimals as the API prints them. */
export function metricsMessage(metrics: SimulatedStepMetrics, totalSteps: number): string {
  let message = `Step ${metrics.step}/${totalSteps}: training loss=${metrics.train_loss.toFixed(2)}`;
  if (metrics.valid_loss !== undefined) message += `, validation loss=${metrics.valid_loss.toFixed(2)}`;
  if (metrics.full_valid_loss !== undefined)
    message += `, full validation loss=${metrics.full_valid_loss.toFixed(2)}`;
  return message;
}

/** The job's requested hyperparameters (from `method`, else the deprecated top-level field). */
function requestedHyperparameters(record: JobRecord) {
  const method = record.job.method;
  return method[method.type]?.hyperparameters ?? record.job.hyperparameters ?? {};
}

/** Writes resolved hyperparameters into `method` and (unless the DPO quirk says null) the top level. */
function applyResolvedHyperparameters(record: JobRecord, values: Record<string, number>) {
  const { job } = record;
  const section = job.method[job.method.type];
  if (section) section.hyperparameters = { ...values };
  const topLevel = { ...values };
  delete topLevel.beta;
  if (job.hyperparameters !== null) job.hyperparameters = topLevel;
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
  const { timing, quirks, training } = context.options;
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
  const verdict = record.trainingVerdict as Extract<typeof record.trainingVerdict, { ok: true }>;
  const resolved = resolveHyperparameters(
    requestedHyperparameters(record),
    job.method.type,
    verdict.examples,
    training.autoLearningRateMultiplier,
  );
  const stepsPerEpoch = Math.ceil(verdict.examples / resolved.batch_size);
  const totalSteps = stepsPerEpoch * resolved.n_epochs;
  record.totalSteps = totalSteps;
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
      applyResolvedHyperparameters(record, { ...resolved });
      record.curve = generateTrainingCurve({
        random: createRandom(hashString(job.id, context.options.seed + job.seed)),
        totalSteps,
        stepsPerEpoch,
        batchSize: resolved.batch_size,
        hasValidation: job.validation_file !== null,
        validationEvery: training.validationEvery,
      });
      updateEstimatedFinish(context, record, time);
    },
  });
  for (let step = 1; step <= totalSteps; step++) {
    at = trainingStart + step * timing.stepMs;
    plan.push({
      at,
      label: `step ${step}`,
      run: (time) => {
        record.currentStep = step;
        const metrics = record.curve[step - 1];
        if (!metrics) return;
        if (step % training.metricsEvery === 0 || step === totalSteps) {
          addJobEvent(context, record, time, metricsMessage(metrics, totalSteps), {
            type: 'metrics',
            data: { ...metrics, total_steps: totalSteps },
          });
        }
      },
    });
  }
  const end = at + timing.finalizeMs;
  const modelReady = Math.max(at, end - timing.modelReadyBeforeSuccessMs);
  plan.push({
    at: modelReady,
    label: 'model created',
    run: (time) => createFinalModels(context, record, time, stepsPerEpoch, resolved.n_epochs),
  });
  plan.push({
    at: end,
    label: 'succeeded',
    run: (time) => {
      const csv = buildResultCsv(record.curve, quirks.resultFile);
      const body = quirks.resultFile === 'openai' ? encodeBase64(csv) : csv;
      const result = storeFile(context, {
        filename: 'step_metrics.csv',
        purpose: 'fine-tune-results',
        chunks: [new TextEncoder().encode(body)],
        processed: true,
        fromSimulator: true,
      });
      addJobEvent(context, record, time, 'The job has successfully completed');
      job.status = 'succeeded';
      job.finished_at = seconds(time);
      job.trained_tokens = verdict.tokensPerEpoch * resolved.n_epochs;
      job.result_files = [result.file.id];
      job.estimated_finish = null;
    },
  });
  return plan;
}

/** The error of a job that fails during training, as the real API reports it (OPENAI_API_FACTS §8). */
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
    throw new TypeError(`failJob: atStep must be an integer ≥ 0, got ${String(atStep)}.`);
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
  });
}

/** Registers the checkpoints of the last epochs and the final model, with their events. */
function createFinalModels(
  context: SimulatorContext,
  record: JobRecord,
  time: number,
  stepsPerEpoch: number,
  epochs: number,
) {
  const kept = Math.min(context.options.training.checkpointsKept, epochs);
  const steps: number[] = [];
  for (let epoch = epochs - kept + 1; epoch <= epochs; epoch++) steps.push(epoch * stepsPerEpoch);
  for (const step of steps) {
    const final = step === record.totalSteps;
    const name = final ? record.fineTunedModelName : `${record.fineTunedModelName}:ckpt-step-${step}`;
    addCheckpoint(context, record, time, step, name);
    if (!final)
      addJobEvent(context, record, time, `Checkpoint created at step ${step} with Snapshot ID: ${name}`);
  }
  addJobEvent(context, record, time, `New fine-tuned model created: ${record.fineTunedModelName}`);
  record.job.fine_tuned_model = record.fineTunedModelName;
}

/** Adds a checkpoint object and registers its model for inference. */
function addCheckpoint(
  context: SimulatorContext,
  record: JobRecord,
  time: number,
  step: number,
  name: string,
) {
  if (context.store.models.has(name)) return;
  const metrics = record.curve[step - 1];
  record.checkpoints.push({
    object: 'fine_tuning.job.checkpoint',
    id: context.newId('ftckpt_', 24),
    created_at: seconds(time),
    fine_tuned_model_checkpoint: name,
    fine_tuning_job_id: record.job.id,
    metrics: metrics ? { ...metrics } : { step },
    step_number: step,
  });
  context.store.models.set(name, {
    model: { id: name, object: 'model', created: seconds(time), owned_by: context.options.organizationId },
    jobId: record.job.id,
    step,
    deleted: false,
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
export function cancelJob(_context: SimulatorContext, record: JobRecord, now: number): void {
  if (TERMINAL_STATUSES.has(record.job.status)) throw stateError(record, 'cancel', 'active');
  record.job.status = 'cancelled';
  record.job.finished_at = seconds(now);
  record.job.estimated_finish = null;
  record.next = record.plan.length;
  record.pausedAt = null;
  record.pendingStatus = null;
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
      `${record.fineTunedModelName}:ckpt-step-${record.currentStep}`,
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
