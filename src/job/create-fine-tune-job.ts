/**
 * What `FineTuneJob.create` does before there is a job object: check the parameters, apply the
 * deprecated-model policy, upload local files, and create the job idempotently (see `create-job.ts`).
 *
 * @module
 */
import type { JobCreateParams } from 'openai/resources/fine-tuning/jobs/jobs';
import { FinetuneKitUsageError } from '../errors.js';
import type { CallContext, FineTuningClient } from './client.js';
import { applyModelPolicy, createJobIdempotently, resolveIdempotencyOptions } from './create-job.js';
import type { DuplicateWatch } from './duplicate-watch.js';
import type { JobWarning } from './job-events.js';
import type { CreateJobOptions, FineTuneJobCreateParams, ResolvedJobOptions } from './job-options.js';
import type { FineTuneJobSnapshot } from './normalize.js';
import { REQUEST_TOKEN_METADATA_KEY, withRequestToken } from './request-token.js';
import { DEFAULT_RETRY, resolveRetryOptions } from './retry.js';
import type { TrainingFileInput } from './upload-source.js';
import { uploadTrainingFile } from './upload-training-file.js';

const FILE_ID = /^file-[A-Za-z0-9_-]+$/;

/** What {@link createFineTuneJob} hands to the new `FineTuneJob`. */
export interface CreatedFineTuneJob {
  /** The job created (or found by its token). */
  readonly snapshot: FineTuneJobSnapshot;
  /** The look for a late twin, for the job's watcher; `null` when none is possible. */
  readonly duplicateWatch: DuplicateWatch | null;
  /** Warnings raised while creating (model dates, duplicates), with the job id filled in. */
  readonly warnings: readonly JobWarning[];
}

/**
 * Checks that the parameters can describe a job at all (before the options are looked at).
 *
 * @param params - `FineTuneJob.create`'s parameters.
 * @throws {FinetuneKitUsageError} Naming the parameter.
 */
export function assertCreateParams(params: FineTuneJobCreateParams): void {
  if (typeof params !== 'object' || params === null)
    throw new FinetuneKitUsageError('params must be an object.', 'params');
  if (typeof params.model !== 'string' || params.model.length === 0) {
    throw new FinetuneKitUsageError('params.model must be a non-empty string.', 'params.model');
  }
  if (params.training_file === undefined || params.training_file === null) {
    throw new FinetuneKitUsageError(
      'params.training_file is required (a file id, path, JSONL text, bytes or Blob).',
      'params.training_file',
    );
  }
}

/**
 * Creates a job from `FineTuneJob.create`'s parameters: local files are validated and uploaded
 * first, then the job is created so that retries leave exactly one (see `createJobIdempotently`).
 *
 * @param client - The user's client (already checked).
 * @param params - The create parameters (already checked by {@link assertCreateParams}), files
 *   possibly local.
 * @param options - The caller's create options.
 * @param resolved - The resolved job options (clock, retry, request options).
 * @returns The job's snapshot, the duplicate watch and the warnings raised.
 * @throws As `FineTuneJob.create` documents.
 */
export async function createFineTuneJob(
  client: FineTuningClient,
  params: FineTuneJobCreateParams,
  options: CreateJobOptions,
  resolved: ResolvedJobOptions,
): Promise<CreatedFineTuneJob> {
  const warnings: JobWarning[] = [];
  const warn = (warning: JobWarning) => {
    warnings.push(warning);
    try {
      options.onWarning?.(warning);
    } catch {
      // A warning callback's bug must not stop creation.
    }
  };
  const now = new Date(resolved.clock.now());
  for (const warning of applyModelPolicy(
    params.model,
    options.deprecatedModels ?? 'warn',
    now,
    options.models,
  ))
    warn(warning);

  // The idempotency token and the metadata limits are checked before anything is uploaded.
  const token = options.requestToken ?? params.metadata?.[REQUEST_TOKEN_METADATA_KEY] ?? crypto.randomUUID();
  const tokenFromCaller =
    options.requestToken !== undefined || params.metadata?.[REQUEST_TOKEN_METADATA_KEY] !== undefined;
  const metadata = withRequestToken(params.metadata, token);
  const idempotency = resolveIdempotencyOptions(options.idempotency);

  const context: CallContext = {
    client,
    clock: resolved.clock,
    retry: resolved.callRetry,
    signal: options.signal,
    onRetry: options.onRetry,
    requestOptions: resolved.requestOptions,
  };
  const trainingFile = await uploadIfLocal(
    client,
    params,
    options,
    resolved,
    params.training_file,
    'params.training_file',
  );
  const validationFile =
    params.validation_file === undefined || params.validation_file === null
      ? params.validation_file
      : await uploadIfLocal(
          client,
          params,
          options,
          resolved,
          params.validation_file,
          'params.validation_file',
        );

  const { training_file: _training, validation_file: _validation, ...rest } = params;
  const body: JobCreateParams = { ...rest, training_file: trainingFile, metadata };
  if (validationFile !== undefined) body.validation_file = validationFile;
  const { job: snapshot, duplicateWatch } = await createJobIdempotently(context, body, {
    token,
    tokenFromCaller,
    retry: resolveRetryOptions(options.createRetry ?? options.retry, DEFAULT_RETRY),
    idempotency,
    cancelDuplicates: options.cancelDuplicates !== false,
    onWarning: warn,
    onRetry: options.onRetry,
  });
  return {
    snapshot,
    duplicateWatch,
    warnings: warnings.map((warning) =>
      warning.jobId === null ? { ...warning, jobId: snapshot.id } : warning,
    ),
  };
}

/**
 * Uploads a local training or validation file (a `file-…` id passes through), validated against the
 * job's whole request: model, method (with hyperparameters and grader) and suffix.
 *
 * @returns The file id.
 */
async function uploadIfLocal(
  client: FineTuningClient,
  params: FineTuneJobCreateParams,
  options: CreateJobOptions,
  resolved: ResolvedJobOptions,
  input: TrainingFileInput,
  option: string,
): Promise<string> {
  if (typeof input === 'string' && FILE_ID.test(input)) return input;
  const validation = {
    ...(params.suffix ? { suffix: params.suffix } : {}),
    ...(params.hyperparameters ? { hyperparameters: params.hyperparameters } : {}),
    ...(options.models ? { models: options.models } : {}),
    ...options.upload?.validation,
    // A validation file is held to the validation rules (no 10-example minimum), as the API holds it.
    ...(option === 'params.validation_file' ? { role: 'validation' as const } : {}),
  };
  try {
    const uploaded = await uploadTrainingFile(client, input, {
      ...options.upload,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.requestOptions === undefined ? {} : { requestOptions: options.requestOptions }),
      clock: resolved.clock,
      model: params.model,
      ...(params.method === undefined ? {} : { method: params.method }),
      validation,
    });
    return uploaded.id;
  } catch (error) {
    // The upload names its argument `input`; the caller knows it as `params.training_file` etc.
    if (error instanceof FinetuneKitUsageError && error.option === 'input') {
      throw new FinetuneKitUsageError(error.message.replace(/^input\b/, option), option, { cause: error });
    }
    throw error;
  }
}
