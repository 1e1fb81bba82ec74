/**
 * What a job leaves behind as it runs: events (newest last here, newest first on the wire) and
 * checkpoints, each checkpoint also a model that answers chat completions.
 *
 * @module
 */
import type { SimulatorContext } from './context.js';
import type { JobRecord } from './store.js';
import type { SimulatedCheckpointMetrics, SimulatedJobEvent } from './wire-types.js';

/** Unix seconds of a simulated time in ms, as every `created_at` is. */
export const seconds = (ms: number): number => Math.floor(ms / 1000);

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

/** The name of the checkpoint taken at `step` before the end: `<fine-tuned model>:ckpt-step-<step>`. */
export function checkpointName(record: JobRecord, step: number): string {
  return `${record.fineTunedModelName}:ckpt-step-${step}`;
}

/**
 * Adds the checkpoint of a training step before the last, with its `Checkpoint created at step N
 * with Snapshot ID: …` event.
 *
 * @returns The checkpoint's model name.
 */
export function addStepCheckpoint(
  context: SimulatorContext,
  record: JobRecord,
  time: number,
  step: number,
  metrics: SimulatedCheckpointMetrics,
): string {
  const name = checkpointName(record, step);
  addCheckpoint(context, record, time, step, name, metrics);
  addJobEvent(context, record, time, `Checkpoint created at step ${step} with Snapshot ID: ${name}`);
  return name;
}

/** Adds a checkpoint object and registers its model for inference (once per name). */
export function addCheckpoint(
  context: SimulatorContext,
  record: JobRecord,
  time: number,
  step: number,
  name: string,
  metrics: SimulatedCheckpointMetrics,
): void {
  if (context.store.models.has(name)) return;
  record.checkpoints.push({
    object: 'fine_tuning.job.checkpoint',
    id: context.newId('ftckpt_', 24),
    created_at: seconds(time),
    fine_tuned_model_checkpoint: name,
    fine_tuning_job_id: record.job.id,
    metrics,
    step_number: step,
  });
  context.store.models.set(name, {
    model: { id: name, object: 'model', created: seconds(time), owned_by: context.options.organizationId },
    jobId: record.job.id,
    step,
    deleted: false,
  });
}

/** Removes a checkpoint that is not kept: it leaves the checkpoint list and its model disappears. */
export function removeCheckpoint(context: SimulatorContext, record: JobRecord, name: string): void {
  const index = record.checkpoints.findIndex((checkpoint) => checkpoint.fine_tuned_model_checkpoint === name);
  if (index !== -1) record.checkpoints.splice(index, 1);
  context.store.models.delete(name);
}
