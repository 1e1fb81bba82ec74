/**
 * `finetune-kit/testing`: an in-memory simulator of the OpenAI fine-tuning API (files, uploads,
 * fine-tuning jobs, models, and chat completions for the models it trains), faithful to the
 * official spec, on a controllable clock, with fault injection. Serve it to the `openai` SDK as a
 * `fetch` function, as msw handlers (`await sim.handlers()`, msw loaded only then), or on a
 * loopback HTTP server (`await sim.listen()`).
 *
 * @module
 */

export type { ApiErrorBody } from './api-error.js';
export {
  SimulatorClock,
  type SimulatorClockMode,
  type SimulatorClockOptions,
} from './clock.js';
export { datasetValidator } from './dataset-validator.js';
export type {
  DropFault,
  ErrorFault,
  FaultAction,
  FaultDecision,
  FaultHandle,
  FaultInjector,
  FaultRequestInfo,
  FaultRule,
  FaultScope,
  HangFault,
  LatencyFault,
  RequestMatcher,
  ScriptStep,
} from './faults.js';
export type { FileProcessingCheck, FileProcessingHook } from './file-processing.js';
export type { JobFailure } from './job-lifecycle.js';
export type { JobScenario, JobScenarioHook } from './job-scenario.js';
export type { ListenOptions, LoopbackServer } from './loopback-server.js';
export type { MswHandlerOptions } from './msw-handlers.js';
export {
  type ResolvedSimulatorOptions,
  SIMULATOR_DEFAULTS,
  type SimulatorLimits,
  type SimulatorOptions,
  type SimulatorQuirks,
  type SimulatorTiming,
  type SimulatorTraining,
} from './options.js';
export type { RecordedRequest } from './request-log.js';
export { REWARD_CURVE_PRESETS, type RewardCurvePreset } from './reward-curves.js';
export {
  type AcceptedTrainingFile,
  createTrainingFileCheck,
  type DatasetIssueLike,
  type DatasetReportLike,
  type RejectedTrainingFile,
  type TrainingFileCheck,
  type TrainingFileValidator,
  type TrainingFileVerdict,
  verdictFromReport,
} from './server-validation.js';
export {
  type AddFileInput,
  type AdvanceJobOptions,
  createSimulator,
  FineTuningSimulator,
  type SimulatorOutcome,
} from './simulator.js';
export {
  assertSnapshot,
  type BlobStore,
  type FileSnapshot,
  type JobSnapshot,
  type ModelSnapshot,
  memoryBlobStore,
  type RestoreOptions,
  restoreSimulator,
  type SimulatorSnapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  SnapshotFormatError,
  snapshotSimulator,
  type UploadSnapshot,
} from './snapshot.js';
export type {
  SimulatedWebhookAttempt,
  SimulatedWebhookDelivery,
  SimulatedWebhookEvent,
  SimulatedWebhookEventType,
  SimulatorWebhookOptions,
  SimulatorWebhooks,
} from './webhooks.js';
export type {
  SimulatedCheckpoint,
  SimulatedCheckpointMetrics,
  SimulatedFile,
  SimulatedGraderEntry,
  SimulatedGraderScore,
  SimulatedHyperparameters,
  SimulatedJob,
  SimulatedJobError,
  SimulatedJobEvent,
  SimulatedJobStatus,
  SimulatedListPage,
  SimulatedMethod,
  SimulatedModel,
  SimulatedRewardMetrics,
  SimulatedStepMetrics,
  SimulatedUpload,
  SimulatedUploadPart,
} from './wire-types.js';
