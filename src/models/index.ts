/**
 * The model table and model-name resolution.
 *
 * @module
 */
export {
  type EncodingName,
  type FineTuningMethod,
  type InferencePrice,
  type KnownModelSnapshot,
  MODEL_TABLE,
  type ModelInfo,
  OPENAI_JOB_CREATION_CUTOFF,
} from './model-table.js';
export {
  encodingForModel,
  type FineTunedModelName,
  type ModelDeprecationStatus,
  type ModelTableOverrides,
  modelDeprecationStatus,
  modelTable,
  parseFineTunedModelName,
  type ResolvedModel,
  type ResolveModelOptions,
  resolveModel,
  safeResolveModel,
} from './resolve-model.js';
