import type OpenAI from 'openai';
import type { AzureOpenAI } from 'openai';
import type { JobCreateParams } from 'openai/resources/fine-tuning/jobs/jobs';
import { describe, expectTypeOf, it } from 'vitest';
import type { JobCancelledError, JobFailedError } from '../../src/errors.js';
import {
  type EventCursor,
  FineTuneJob,
  type FineTuneJobCheckpoint,
  type FineTuneJobCreateParams,
  type FineTuneJobEvent,
  type FineTuneJobSnapshot,
  type FineTuneJobStatus,
  type FineTuningClient,
  type JobMetricsPoint,
  type JobStatusChange,
  type RetryContext,
  uploadTrainingFile,
} from '../../src/job/index.js';

declare const job: FineTuneJob;

describe('FineTuneJob types', () => {
  it('types each listener by event name', () => {
    job.on('metrics', (point, event) => {
      expectTypeOf(point).toEqualTypeOf<JobMetricsPoint>();
      expectTypeOf(point.train_loss).toEqualTypeOf<number | null>();
      expectTypeOf(event).toEqualTypeOf<FineTuneJobEvent>();
    });
    job.on('status', (change) => expectTypeOf(change).toEqualTypeOf<JobStatusChange>());
    job.on('checkpoint', (checkpoint) => expectTypeOf(checkpoint.step_number).toEqualTypeOf<number>());
    job.on('failed', (snapshot, error) => {
      expectTypeOf(snapshot).toEqualTypeOf<FineTuneJobSnapshot>();
      expectTypeOf(error).toEqualTypeOf<JobFailedError>();
    });
    job.on('cancelled', (_snapshot, error) => expectTypeOf(error).toEqualTypeOf<JobCancelledError>());
    job.on('retry', (retry) => expectTypeOf(retry).toEqualTypeOf<RetryContext>());
    job.on('error', (error) => expectTypeOf(error).toEqualTypeOf<Error>());
    // @ts-expect-error: no such event
    job.on('progress', () => {});
    // @ts-expect-error: a status listener gets one change object, not a string
    job.on('status', (status: string) => status);
  });

  it('narrows updates from events() by type', async () => {
    for await (const update of job.events()) {
      if (update.type === 'metrics') expectTypeOf(update.point).toEqualTypeOf<JobMetricsPoint>();
      if (update.type === 'checkpoint')
        expectTypeOf(update.checkpoint).toEqualTypeOf<FineTuneJobCheckpoint>();
      if (update.type === 'failed') expectTypeOf(update.error).toEqualTypeOf<JobFailedError>();
    }
  });

  it('keeps statuses open but completes the known ones', () => {
    expectTypeOf<'paused'>().toExtend<FineTuneJobStatus>();
    expectTypeOf<'some_future_status'>().toExtend<FineTuneJobStatus>();
    expectTypeOf(job.status).toEqualTypeOf<FineTuneJobStatus>();
    expectTypeOf(job.cursor).toEqualTypeOf<EventCursor | null>();
    expectTypeOf(job.wait()).resolves.toEqualTypeOf<FineTuneJobSnapshot>();
  });

  it('accepts the SDK’s JobCreateParams and local files', () => {
    expectTypeOf<JobCreateParams>().toExtend<FineTuneJobCreateParams>();
    expectTypeOf<{ model: string; training_file: Blob }>().toExtend<FineTuneJobCreateParams>();
    expectTypeOf<{
      model: string;
      training_file: Uint8Array;
      validation_file: string;
    }>().toExtend<FineTuneJobCreateParams>();
    // @ts-expect-error: model is required
    expectTypeOf<{ training_file: string }>().toExtend<FineTuneJobCreateParams>();
  });

  it('takes OpenAI and AzureOpenAI clients', () => {
    expectTypeOf<OpenAI>().toExtend<FineTuningClient>();
    expectTypeOf<AzureOpenAI>().toExtend<FineTuningClient>();
    expectTypeOf(FineTuneJob.attach).parameter(0).toEqualTypeOf<FineTuningClient>();
    expectTypeOf(uploadTrainingFile).parameter(0).toEqualTypeOf<FineTuningClient>();
  });
});
