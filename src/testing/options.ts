/**
 * Options of the fine-tuning simulator, their defaults (in one frozen object) and their
 * normalisation. Bad options are a `FinetuneKitUsageError` whose `option` names the option.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import type { ModelTableOverrides } from '../models/index.js';
import type { SimulatorClockMode } from './clock.js';
import type { FileProcessingHook } from './file-processing.js';
import type { JobScenarioHook } from './job-scenario.js';
import { REWARD_CURVE_PRESETS, type RewardCurvePreset } from './reward-curves.js';
import type { TrainingFileValidator } from './server-validation.js';
import { resolveWebhookOptions, type SimulatorWebhookOptions } from './webhooks.js';
import type { SimulatedJob } from './wire-types.js';

/** Durations of the simulated lifecycle, in simulated milliseconds. */
export interface SimulatorTiming {
  /** From file upload to `status: 'processed'`. @default 2000 */
  readonly fileProcessingMs?: number;
  /** Time spent in `validating_files`. @default 20000 */
  readonly validationMs?: number;
  /** Time spent in `queued`. @default 30000 */
  readonly queueMs?: number;
  /** Duration of one training step. @default 2000 */
  readonly stepMs?: number;
  /** From the last step to `succeeded` (checkpoints, model creation). @default 20000 */
  readonly finalizeMs?: number;
  /**
   * How long before the status flips to `succeeded` the `fine_tuned_model` is already set (the real
   * API sets it a few seconds early). @default 3000
   */
  readonly modelReadyBeforeSuccessMs?: number;
  /** Duration of Azure's transient `pending`, `pausing` and `resuming` statuses. @default 5000 */
  readonly transitionMs?: number;
  /** Lifetime of an Upload before it expires. @default 3600000 (1 hour, as documented) */
  readonly uploadExpiryMs?: number;
}

/**
 * Wire quirks seen on the real API, to test that a client reads responses leniently
 * (docs/internals/api-behaviour.md#objects-on-the-wire).
 */
export interface SimulatorQuirks {
  /**
   * What `error` looks like on jobs that did not fail: `null` (spec), `{}` or
   * `{ code: null, message: null, param: null }` (both observed). @default 'null'
   */
  readonly errorOnSuccess?: 'null' | 'empty-object' | 'null-fields';
  /** Send `hyperparameters: null` on DPO jobs (observed). @default false */
  readonly nullHyperparametersForDpo?: boolean;
  /** Keep `estimated_finish: null` even while running (often observed). @default false */
  readonly nullEstimatedFinish?: boolean;
  /** Leave `finished_at: null` on failed jobs (observed). @default false */
  readonly nullFinishedAtOnFailure?: boolean;
  /**
   * Status names: `openai`, or `azure` which adds `pending` before validation and the transient
   * `pausing` / `resuming` around a pause. @default 'openai'
   */
  readonly statusStyle?: 'openai' | 'azure';
  /**
   * Result file variant (docs/internals/metrics-formats.md#column-sets): `openai` (base64 body, 5 decimals, `train_accuracy`)
   * or `azure` (plain text, full precision, `train_mean_token_accuracy` and `full_valid_*`).
   * @default 'openai'
   */
  readonly resultFile?: 'openai' | 'azure';
}

/** Shape of the simulated training. */
export interface SimulatorTraining {
  /** Emit a metrics event every N steps (the last step always has one). @default 1 */
  readonly metricsEvery?: number;
  /** With a validation file, add `valid_*` every N steps. @default 1 */
  readonly validationEvery?: number;
  /** Fewest examples a training file may have. @default 10 */
  readonly minExamples?: number;
  /**
   * Checkpoints kept: supervised and DPO jobs keep one per epoch for the last N epochs; reinforcement
   * jobs keep the N validation checkpoints with the highest `valid_reward_mean` (plus the final model).
   * @default 3
   */
  readonly checkpointsKept?: number;
  /**
   * How the rewards of reinforcement jobs evolve: `learning`, `reward_hacking` (train reward climbs,
   * validation reward stays flat, outputs grow long) or `learned_nothing` (every reward 0). A
   * `scenario` can choose per job. @default 'learning'
   */
  readonly rewardCurve?: RewardCurvePreset;
  /** `learning_rate_multiplier` chosen for `'auto'`. @default 1.8 */
  readonly autoLearningRateMultiplier?: number;
}

/** Size limits the simulator enforces, with the documented values as defaults. */
export interface SimulatorLimits {
  /** Largest file for `POST /files`. @default 536870912 (512 MB) */
  readonly maxFileBytes?: number;
  /** Largest Upload. @default 8589934592 (8 GB) */
  readonly maxUploadBytes?: number;
  /** Largest Upload part. @default 67108864 (64 MB) */
  readonly maxPartBytes?: number;
  /** Jobs that may be active (not terminal) at once; more get a 429. @default Infinity */
  readonly maxActiveJobs?: number;
}

/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
  /** Seed for ids, curves and jitter: the same seed gives the same run. @default 1 */
  readonly seed?: number;
  /**
   * How simulated time moves: `'auto'` runs by itself (a job ends within a few polls of any client,
   * even one on the real clock), `'manual'` only when the test moves it (deterministic), `{ speed }`
   * follows scaled real time. See {@link SimulatorClockMode}. @default 'auto'
   */
  readonly clock?: SimulatorClockMode;
  /** Simulated time at creation (epoch ms). @default 2026-11-26T09:00:00Z in manual mode, now otherwise */
  readonly startTime?: number;
  /**
   * With the `'auto'` clock: how far simulated time jumps each time a client retrieves a job or a
   * file that is still in progress (`GET /fine_tuning/jobs/{id}`, `GET /files/{id}`), on top of the
   * clock's own pace. A jump stops early where the status changes, so a quick poller sees every
   * status. @default 60000
   */
  readonly pollJumpMs?: number;
  /**
   * Receives the simulator's one-line warnings, e.g. that a client keeps polling a job that cannot
   * move because the `'manual'` clock is never advanced. @default console.warn
   */
  readonly onWarning?: (message: string) => void;
  /**
   * Move the clock forward by this much after every request, so a client that polls in a loop
   * drives jobs to the end without anyone calling `clock.advance`. @default 0
   */
  readonly autoAdvanceMs?: number;
  /** The base URL to give clients (`sim.baseURL`); any host and `/v1` or `/openai` path is served. @default 'https://api.openai.com/v1' */
  readonly baseURL?: string;
  /** API keys accepted (`Authorization: Bearer` or Azure `api-key`); any non-empty key when absent. */
  readonly apiKeys?: readonly string[];
  /** `organization_id` of jobs. @default 'org-simulator' */
  readonly organizationId?: string;
  /** The organisation segment of `ft:` model names. @default 'sim-org' */
  readonly organizationSlug?: string;
  /**
   * Value of the `openai-poll-after-ms` header on retrieves of active jobs; 0 omits it.
   * @default 500 with the `'auto'` clock (finetune-kit raises it to its `minPollIntervalMs`, 1 s), 5000 otherwise
   */
  readonly pollAfterMs?: number;
  readonly timing?: SimulatorTiming;
  readonly quirks?: SimulatorQuirks;
  readonly training?: SimulatorTraining;
  readonly limits?: SimulatorLimits;
  /** Extra or overriding model-table entries (e.g. a model the built-in table lacks). */
  readonly models?: ModelTableOverrides;
  /** Refuse jobs for models past their job-creation cut-off on the simulated date (HTTP 403). @default false */
  readonly enforceModelDates?: boolean;
  /**
   * Accept jobs for models the model table says are shut down on the simulated date (such as
   * `o4-mini`, the reinforcement fine-tuning model, shut down on OpenAI on 2026-10-23). Without it
   * they answer 400 `model_not_available` on the OpenAI path, as a model that no longer exists; the
   * Azure path ignores OpenAI's dates. @default false
   */
  readonly allowShutDownModels?: boolean;
  /**
   * Validates training and validation files when a job leaves `validating_files`. Defaults to the
   * finetune-kit Dataset validator; replace it to simulate other server rules.
   */
  readonly validator?: TrainingFileValidator;
  /**
   * Decides which uploaded files fail processing (`status: 'error'` with `status_details`); every
   * file is `processed` when absent. See {@link FileProcessingHook}.
   */
  readonly fileProcessing?: FileProcessingHook;
  /**
   * Eventual consistency of `GET /fine_tuning/jobs`: a new job is missing from job lists (with or
   * without a `metadata` filter) for this many simulated ms after its creation, while
   * `GET /fine_tuning/jobs/{id}` finds it at once. A function gives each job its own lag (called
   * once, at creation). @default 0
   * @example
   * ```ts
   * createSimulator({ jobListLagMs: 3_000 });
   * createSimulator({ jobListLagMs: (job) => (job.metadata?.slow === 'yes' ? 60_000 : 0) });
   * ```
   */
  readonly jobListLagMs?: number | ((job: Readonly<SimulatedJob>) => number);
  /**
   * Decides, for each created job, what should happen to it beyond a normal run, e.g. a failure in
   * the middle of training. See {@link JobScenarioHook}; `sim.failJob(id, …)` does the same for a
   * job you hold the id of.
   */
  readonly scenario?: JobScenarioHook;
  /**
   * Send signed `fine_tuning.job.*` webhooks to this endpoint when jobs succeed, fail or are
   * cancelled, retried on failure (see {@link SimulatorWebhookOptions}; `sim.webhooks.configure`
   * sets it later). @default none
   */
  readonly webhooks?: SimulatorWebhookOptions;
}

/** Options with every default filled in. */
export interface ResolvedSimulatorOptions {
  readonly seed: number;
  readonly clock: SimulatorClockMode;
  readonly startTime: number | undefined;
  readonly pollJumpMs: number;
  readonly onWarning: (message: string) => void;
  readonly autoAdvanceMs: number;
  readonly baseURL: string;
  readonly apiKeys: readonly string[] | undefined;
  readonly organizationId: string;
  readonly organizationSlug: string;
  readonly pollAfterMs: number;
  readonly timing: Required<SimulatorTiming>;
  readonly quirks: Required<SimulatorQuirks>;
  readonly training: Required<SimulatorTraining>;
  readonly limits: Required<SimulatorLimits>;
  readonly models: ModelTableOverrides | undefined;
  readonly enforceModelDates: boolean;
  readonly allowShutDownModels: boolean;
  readonly validator: TrainingFileValidator | undefined;
  readonly fileProcessing: FileProcessingHook | undefined;
  readonly jobListLagMs: number | ((job: Readonly<SimulatedJob>) => number);
  readonly scenario: JobScenarioHook | undefined;
  readonly webhooks: SimulatorWebhookOptions | undefined;
}

/** Every default in one place. */
export const SIMULATOR_DEFAULTS = Object.freeze({
  seed: 1,
  clock: 'auto' as SimulatorClockMode,
  pollJumpMs: 60_000,
  autoAdvanceMs: 0,
  baseURL: 'https://api.openai.com/v1',
  organizationId: 'org-simulator',
  organizationSlug: 'sim-org',
  pollAfterMs: 5000,
  /** `pollAfterMs` with the `'auto'` clock: short, so a client on the real clock polls often. */
  autoPollAfterMs: 500,
  enforceModelDates: false,
  allowShutDownModels: false,
  jobListLagMs: 0,
  timing: Object.freeze({
    fileProcessingMs: 2000,
    validationMs: 20_000,
    queueMs: 30_000,
    stepMs: 2000,
    finalizeMs: 20_000,
    modelReadyBeforeSuccessMs: 3000,
    transitionMs: 5000,
    uploadExpiryMs: 3_600_000,
  }),
  quirks: Object.freeze({
    errorOnSuccess: 'null',
    nullHyperparametersForDpo: false,
    nullEstimatedFinish: false,
    nullFinishedAtOnFailure: false,
    statusStyle: 'openai',
    resultFile: 'openai',
  } satisfies Required<SimulatorQuirks>),
  training: Object.freeze({
    metricsEvery: 1,
    validationEvery: 1,
    minExamples: 10,
    checkpointsKept: 3,
    autoLearningRateMultiplier: 1.8,
    rewardCurve: 'learning' as RewardCurvePreset,
  }),
  limits: Object.freeze({
    maxFileBytes: 512 * 1024 * 1024,
    maxUploadBytes: 8 * 1024 * 1024 * 1024,
    maxPartBytes: 64 * 1024 * 1024,
    maxActiveJobs: Number.POSITIVE_INFINITY,
  }),
});

function checkNumber(value: unknown, name: string, { min = 0, integer = false, allowInfinity = false } = {}) {
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (Number.isFinite(value) || (allowInfinity && value === Number.POSITIVE_INFINITY)) &&
    value >= min &&
    (!integer || !Number.isFinite(value) || Number.isInteger(value));
  if (!ok) {
    throw new FinetuneKitUsageError(
      `${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got ${JSON.stringify(value) ?? String(value)}.`,
      name,
    );
  }
}

function checkOneOf(value: unknown, name: string, allowed: readonly string[]) {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new FinetuneKitUsageError(
      `${name} must be one of ${allowed.map((item) => `'${item}'`).join(', ')}, got ${String(value)}.`,
      name,
    );
  }
}

/**
 * Fills in defaults and checks every option once, at the boundary.
 *
 * @throws {FinetuneKitUsageError} Naming the option that is wrong (in the message and in `option`).
 */
export function resolveSimulatorOptions(options: SimulatorOptions = {}): ResolvedSimulatorOptions {
  if (typeof options !== 'object' || options === null)
    throw new FinetuneKitUsageError('options must be an object.', 'options');
  const timing = { ...SIMULATOR_DEFAULTS.timing, ...options.timing };
  for (const [key, value] of Object.entries(timing)) checkNumber(value, `options.timing.${key}`);
  const quirks = { ...SIMULATOR_DEFAULTS.quirks, ...options.quirks };
  checkOneOf(quirks.errorOnSuccess, 'options.quirks.errorOnSuccess', ['null', 'empty-object', 'null-fields']);
  checkOneOf(quirks.statusStyle, 'options.quirks.statusStyle', ['openai', 'azure']);
  checkOneOf(quirks.resultFile, 'options.quirks.resultFile', ['openai', 'azure']);
  const training = { ...SIMULATOR_DEFAULTS.training, ...options.training };
  checkNumber(training.metricsEvery, 'options.training.metricsEvery', { min: 1, integer: true });
  checkNumber(training.validationEvery, 'options.training.validationEvery', { min: 1, integer: true });
  checkNumber(training.minExamples, 'options.training.minExamples', { integer: true });
  checkNumber(training.checkpointsKept, 'options.training.checkpointsKept', { min: 1, integer: true });
  checkNumber(training.autoLearningRateMultiplier, 'options.training.autoLearningRateMultiplier');
  checkOneOf(training.rewardCurve, 'options.training.rewardCurve', REWARD_CURVE_PRESETS);
  const limits = { ...SIMULATOR_DEFAULTS.limits, ...options.limits };
  for (const [key, value] of Object.entries(limits)) {
    checkNumber(value, `options.limits.${key}`, { min: 1, allowInfinity: key === 'maxActiveJobs' });
  }
  const seed = options.seed ?? SIMULATOR_DEFAULTS.seed;
  checkNumber(seed, 'options.seed', { integer: true });
  const autoAdvanceMs = options.autoAdvanceMs ?? SIMULATOR_DEFAULTS.autoAdvanceMs;
  checkNumber(autoAdvanceMs, 'options.autoAdvanceMs');
  const clock = options.clock ?? SIMULATOR_DEFAULTS.clock;
  const pollAfterMs =
    options.pollAfterMs ??
    (clock === 'auto' ? SIMULATOR_DEFAULTS.autoPollAfterMs : SIMULATOR_DEFAULTS.pollAfterMs);
  checkNumber(pollAfterMs, 'options.pollAfterMs', { integer: true });
  const pollJumpMs = options.pollJumpMs ?? SIMULATOR_DEFAULTS.pollJumpMs;
  checkNumber(pollJumpMs, 'options.pollJumpMs');
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') {
    throw new FinetuneKitUsageError('options.onWarning must be a function.', 'options.onWarning');
  }
  const baseURL = options.baseURL ?? SIMULATOR_DEFAULTS.baseURL;
  try {
    new URL(baseURL);
  } catch {
    throw new FinetuneKitUsageError(
      `options.baseURL must be an absolute URL, got ${JSON.stringify(baseURL)}.`,
      'options.baseURL',
    );
  }
  if (options.apiKeys !== undefined) {
    if (
      !Array.isArray(options.apiKeys) ||
      options.apiKeys.some((key) => typeof key !== 'string' || key === '')
    ) {
      throw new FinetuneKitUsageError(
        'options.apiKeys must be an array of non-empty strings.',
        'options.apiKeys',
      );
    }
  }
  if (options.validator !== undefined && typeof options.validator !== 'function') {
    throw new FinetuneKitUsageError('options.validator must be a function.', 'options.validator');
  }
  if (options.fileProcessing !== undefined && typeof options.fileProcessing !== 'function') {
    throw new FinetuneKitUsageError('options.fileProcessing must be a function.', 'options.fileProcessing');
  }
  if (options.scenario !== undefined && typeof options.scenario !== 'function') {
    throw new FinetuneKitUsageError('options.scenario must be a function.', 'options.scenario');
  }
  const jobListLagMs = options.jobListLagMs ?? SIMULATOR_DEFAULTS.jobListLagMs;
  if (typeof jobListLagMs !== 'function') checkNumber(jobListLagMs, 'options.jobListLagMs');
  if (options.startTime !== undefined) checkNumber(options.startTime, 'options.startTime');
  // Checked here so a bad endpoint fails at creation, naming the option.
  if (options.webhooks !== undefined) resolveWebhookOptions(options.webhooks);
  return {
    seed,
    clock,
    startTime: options.startTime,
    pollJumpMs,
    // Looked up at each call, so a test's spy on console.warn sees the warning.
    onWarning: options.onWarning ?? ((message) => console.warn(message)),
    autoAdvanceMs,
    baseURL: baseURL.replace(/\/+$/, ''),
    apiKeys: options.apiKeys,
    organizationId: options.organizationId ?? SIMULATOR_DEFAULTS.organizationId,
    organizationSlug: options.organizationSlug ?? SIMULATOR_DEFAULTS.organizationSlug,
    pollAfterMs,
    timing,
    quirks,
    training,
    limits,
    models: options.models,
    enforceModelDates: options.enforceModelDates ?? SIMULATOR_DEFAULTS.enforceModelDates,
    allowShutDownModels: options.allowShutDownModels ?? SIMULATOR_DEFAULTS.allowShutDownModels,
    validator: options.validator,
    fileProcessing: options.fileProcessing,
    jobListLagMs,
    scenario: options.scenario,
    webhooks: options.webhooks,
  };
}
