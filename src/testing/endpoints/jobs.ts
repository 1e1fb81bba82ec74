/**
 * `/fine_tuning/jobs`: create (with the server's checks), retrieve, list, cancel, pause, resume,
 * events and checkpoints.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../../errors.js';
import { modelDeprecationStatus, safeResolveModel } from '../../models/index.js';
import { invalidRequest, missingParameter, notFound, SimulatedApiError } from '../api-error.js';
import type { Route, RouteRequest, SimulatorContext } from '../context.js';
import { datasetValidator } from '../dataset-validator.js';
import { addJobEvent } from '../job-history.js';
import {
  cancelJob,
  pauseJob,
  planJob,
  resumeJob,
  successError,
  TERMINAL_STATUSES,
} from '../job-lifecycle.js';
import { applyScenario } from '../job-scenario.js';
import { paginate, readLimit } from '../pagination.js';
import {
  createTrainingFileCheck,
  type TrainingFileCheck,
  type TrainingFileVerdict,
} from '../server-validation.js';
import type { FileRecord, JobRecord } from '../store.js';
import { validateJobRequest } from '../validate-job-request.js';
import type { SimulatedHyperparameters, SimulatedJob, SimulatedMethod } from '../wire-types.js';

/** Reads a JSON body or answers 400 as the API does for unparsable JSON. */
export function requireJson(request: RouteRequest): unknown {
  if (request.body.kind === 'json') return request.body.value;
  throw invalidRequest(
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
  );
}

/** The job with `id`, or a 404. */
export function requireJob(context: SimulatorContext, jobId: string): JobRecord {
  const record = context.store.jobs.get(jobId);
  if (!record)
    throw notFound(`Fine-tuning job ${jobId} not found.`, 'fine_tuning_job_id', 'fine_tuning_job_not_found');
  return record;
}

/** A file given as `training_file` / `validation_file`, checked as the server does at create time. */
function requireTrainingFile(
  context: SimulatorContext,
  fileId: string,
  role: TrainingFileCheck['role'],
): FileRecord {
  const record = context.store.files.get(fileId);
  if (!record) throw invalidRequest(`invalid ${role}: ${fileId}`, role);
  if (record.file.purpose !== 'fine-tune') {
    throw invalidRequest(
      `File ${fileId} has purpose '${record.file.purpose}', but fine-tuning files must be uploaded with purpose 'fine-tune'.`,
      role,
    );
  }
  if (record.file.status === 'error') {
    throw invalidRequest(
      `File ${fileId} failed processing and cannot be used for fine-tuning: ${record.file.status_details ?? 'unknown error'}`,
      role,
    );
  }
  if (record.file.status !== 'processed') {
    throw invalidRequest(`File ${fileId} is not ready. Wait until it has been processed, then retry.`, role);
  }
  return record;
}

/**
 * Resolves the model to fine-tune: a table model or a fine-tuned model of this simulator. On the
 * OpenAI path the model table's dates apply: a model past its shutdown on the simulated date does not
 * exist any more (unless `allowShutDownModels`), and with `enforceModelDates` one past its
 * job-creation cut-off is refused. The dates are OpenAI's, so the Azure path ignores them.
 */
function resolveJobModel(context: SimulatorContext, model: string, methodType: string, azure: boolean) {
  const unavailable = () =>
    invalidRequest(
      `Model ${model} is not available for fine-tuning or does not exist.`,
      'model',
      'model_not_available',
    );
  const resolved = safeResolveModel(
    model,
    context.options.models === undefined ? {} : { models: context.options.models },
  );
  if (!resolved) throw unavailable();
  const dates = modelDeprecationStatus(resolved, new Date(context.clock.now()));
  if (!azure && dates.shutDown && !context.options.allowShutDownModels) throw unavailable();
  if (resolved.fineTuned) {
    const known = context.store.models.get(model);
    if (!known || known.deleted) throw unavailable();
  }
  if (!(resolved.methods as readonly string[]).includes(methodType)) {
    throw invalidRequest(
      `Model ${model} does not support the '${methodType}' fine-tuning method.`,
      'method.type',
      'unsupported_method',
    );
  }
  if (!azure && context.options.enforceModelDates && dates.jobCreationEnded) {
    throw new SimulatedApiError(
      403,
      'OpenAI is winding down the fine-tuning platform and your organization is no longer able to create new fine-tuning training jobs.',
      { code: 'training_not_available' },
    );
  }
  return { jobModel: resolved.fineTuned ? model : resolved.snapshot, snapshot: resolved.snapshot };
}

async function runValidator(
  context: SimulatorContext,
  check: TrainingFileCheck,
): Promise<TrainingFileVerdict> {
  const validator = context.options.validator ?? datasetValidator;
  try {
    return await validator(check);
  } catch (error) {
    // A broken validator is a bug in the test setup: say so loudly instead of failing the job.
    throw new SimulatedApiError(500, `Simulator validator threw for ${check.fileId}: ${String(error)}`, {
      code: 'simulator_validator_error',
    });
  }
}

async function createJob(context: SimulatorContext, request: RouteRequest) {
  const params = validateJobRequest(requireJson(request));
  const { jobModel, snapshot } = resolveJobModel(context, params.model, params.methodType, request.azure);
  // Azure documents a validation file as required for reinforcement fine-tuning (docs/internals/dataset-rules.md#profiles-openai-and-azure).
  if (request.azure && params.methodType === 'reinforcement' && params.validationFile === null) {
    throw missingParameter('validation_file');
  }
  const training = requireTrainingFile(context, params.trainingFile, 'training_file');
  const validation = params.validationFile
    ? requireTrainingFile(context, params.validationFile, 'validation_file')
    : null;
  const active = [...context.store.jobs.values()].filter(
    (record) => !TERMINAL_STATUSES.has(record.job.status),
  ).length;
  if (active >= context.options.limits.maxActiveJobs) {
    throw new SimulatedApiError(
      429,
      `You have reached the maximum number of active fine-tuning jobs (${context.options.limits.maxActiveJobs}). Wait for a job to finish, or cancel one, then retry.`,
      { code: 'rate_limit_exceeded', type: 'requests' },
    );
  }
  const check = {
    model: snapshot,
    method: params.methodType,
    minExamples: context.options.training.minExamples,
    ...(context.options.models === undefined ? {} : { models: context.options.models }),
    ...(params.grader === undefined ? {} : { grader: params.grader }),
  };
  const trainingVerdict = await runValidator(
    context,
    createTrainingFileCheck({
      ...check,
      chunks: training.chunks,
      fileId: training.file.id,
      filename: training.file.filename,
      role: 'training_file',
    }),
  );
  const validationVerdict = validation
    ? await runValidator(
        context,
        createTrainingFileCheck({
          ...check,
          chunks: validation.chunks,
          fileId: validation.file.id,
          filename: validation.file.filename,
          role: 'validation_file',
        }),
      )
    : null;
  const now = context.clock.now();
  const id = context.newId('ftjob-', 24);
  const method: SimulatedMethod = { type: params.methodType };
  if (params.methodType === 'supervised')
    method.supervised = { hyperparameters: { ...params.hyperparameters } };
  if (params.methodType === 'dpo') method.dpo = { hyperparameters: { ...params.hyperparameters } };
  if (params.methodType === 'reinforcement' && params.grader) {
    method.reinforcement = { grader: params.grader, hyperparameters: { ...params.hyperparameters } };
  }
  // The deprecated top-level field has only the hyperparameters every method shares.
  const topLevel: SimulatedHyperparameters = {};
  for (const key of ['n_epochs', 'batch_size', 'learning_rate_multiplier'] as const) {
    const value = params.hyperparameters[key];
    if (value !== undefined) topLevel[key] = value;
  }
  const job: SimulatedJob = {
    object: 'fine_tuning.job',
    id,
    model: jobModel,
    created_at: Math.floor(now / 1000),
    finished_at: null,
    fine_tuned_model: null,
    organization_id: context.options.organizationId,
    result_files: [],
    status: context.options.quirks.statusStyle === 'azure' ? 'pending' : 'validating_files',
    validation_file: validation?.file.id ?? null,
    training_file: training.file.id,
    hyperparameters:
      params.methodType === 'dpo' && context.options.quirks.nullHyperparametersForDpo ? null : topLevel,
    method,
    trained_tokens: null,
    error: successError(context),
    seed: params.seed ?? context.random.int(0, 2_147_483_647),
    estimated_finish: null,
    integrations: params.integrations ?? [],
    metadata: params.metadata,
    user_provided_suffix: params.suffix,
  };
  const record: JobRecord = {
    job,
    events: [],
    checkpoints: [],
    plan: [],
    next: 0,
    anchor: now,
    pausedAt: null,
    currentStep: 0,
    run: null,
    totalSteps: 0,
    rewardCurve: null,
    sequence: context.store.nextSequence(),
    listedFrom: now + listLag(context, job),
    trainingVerdict,
    validationVerdict,
    trainingChunks: training.chunks,
    fineTunedModelName: `ft:${snapshot}:${context.options.organizationSlug}:${params.suffix ?? ''}:${context.newId('', 8)}`,
    pendingStatus: null,
  };
  record.plan = planJob(context, record);
  applyScenario(context, record);
  context.store.jobs.set(id, record);
  addJobEvent(context, record, now, `Created fine-tuning job: ${id}`);
  addJobEvent(
    context,
    record,
    now,
    validation
      ? `Validating training file: ${training.file.id} and validation file: ${validation.file.id}`
      : `Validating training file: ${training.file.id}`,
  );
  return { json: job };
}

/** How long a new job stays out of job lists (option `jobListLagMs`). */
function listLag(context: SimulatorContext, job: SimulatedJob): number {
  const option = context.options.jobListLagMs;
  const lag = typeof option === 'function' ? option(job) : option;
  if (typeof lag !== 'number' || !Number.isFinite(lag) || lag < 0) {
    throw new FinetuneKitUsageError(
      `options.jobListLagMs must give a number ≥ 0, got ${String(lag)} for ${job.id}.`,
      'options.jobListLagMs',
    );
  }
  return lag;
}

function listJobs(context: SimulatorContext, request: RouteRequest) {
  const limit = readLimit(request.query, 20, 100);
  const filters: [string, string][] = [];
  let withoutMetadata = false;
  for (const [key, value] of request.query) {
    const match = /^metadata\[(.+)\]$/.exec(key);
    if (match?.[1]) filters.push([match[1], value]);
    // The spec: "set `metadata=null` to indicate no metadata". The official SDK sends
    // `jobs.list({ metadata: null })` as `?metadata=` (its query encoder writes null as empty).
    else if (key === 'metadata' && (value === 'null' || value === '')) withoutMetadata = true;
  }
  const now = context.clock.now();
  const jobs = [...context.store.jobs.values()]
    // An eventually consistent index: a new job shows up in lists only after its lag.
    .filter((record) => record.listedFrom <= now)
    .filter(({ job }) => {
      if (withoutMetadata) return job.metadata === null || Object.keys(job.metadata).length === 0;
      return filters.every(([key, value]) => job.metadata?.[key] === value);
    })
    .sort((a, b) => b.job.created_at - a.job.created_at || b.sequence - a.sequence)
    .map((record) => record.job);
  return { json: paginate(jobs, { after: request.query.get('after'), limit, withIds: false }) };
}

function retrieveJob(context: SimulatorContext, request: RouteRequest) {
  const record = requireJob(context, request.params.job_id ?? '');
  const headers: Record<string, string> = {};
  if (context.options.pollAfterMs > 0 && !TERMINAL_STATUSES.has(record.job.status)) {
    headers['openai-poll-after-ms'] = String(context.options.pollAfterMs);
  }
  return { json: record.job, headers };
}

function listEvents(context: SimulatorContext, request: RouteRequest) {
  const record = requireJob(context, request.params.job_id ?? '');
  const limit = readLimit(request.query, 20, 100);
  const newestFirst = [...record.events].reverse();
  return { json: paginate(newestFirst, { after: request.query.get('after'), limit, withIds: false }) };
}

function listCheckpoints(context: SimulatorContext, request: RouteRequest) {
  const record = requireJob(context, request.params.job_id ?? '');
  const limit = readLimit(request.query, 10, 100);
  const newestFirst = [...record.checkpoints].sort(
    (a, b) => b.step_number - a.step_number || b.created_at - a.created_at,
  );
  return { json: paginate(newestFirst, { after: request.query.get('after'), limit, withIds: true }) };
}

function action(change: (context: SimulatorContext, record: JobRecord, now: number) => void) {
  return (context: SimulatorContext, request: RouteRequest) => {
    const record = requireJob(context, request.params.job_id ?? '');
    change(context, record, context.clock.now());
    return { json: record.job };
  };
}

/** The `/fine_tuning/jobs` routes. */
export const jobRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/fine_tuning/jobs', handle: createJob },
  { method: 'GET', pattern: '/fine_tuning/jobs', handle: listJobs },
  { method: 'GET', pattern: '/fine_tuning/jobs/:job_id', handle: retrieveJob },
  { method: 'POST', pattern: '/fine_tuning/jobs/:job_id/cancel', handle: action(cancelJob) },
  { method: 'POST', pattern: '/fine_tuning/jobs/:job_id/pause', handle: action(pauseJob) },
  { method: 'POST', pattern: '/fine_tuning/jobs/:job_id/resume', handle: action(resumeJob) },
  { method: 'GET', pattern: '/fine_tuning/jobs/:job_id/events', handle: listEvents },
  { method: 'GET', pattern: '/fine_tuning/jobs/:job_id/checkpoints', handle: listCheckpoints },
];
