/**
 * The per-example checks: the public names (re-exported by `finetune-kit/dataset`).
 *
 * @module
 */
export { analyzeExample } from '../analyze-example.js';
export { type DataUrlImageInfo, type ImageFormat, readDataUrlImage } from '../image-info.js';
export { detectExampleFormat, type FormatDetection } from './detect-format.js';
export { hashCanonicalJson, hashText } from './hash.js';
export {
  type CheckJsonSchemaOptions,
  checkJsonSchema,
  type SchemaProblem,
  type ValidateJsonSchemaOptions,
  validateJsonSchema,
} from './json-schema.js';
export {
  COMPLETION_STOP_OPTIONS,
  createPromptCompletionSummary,
  PROMPT_SEPARATOR_OPTIONS,
  type PromptCompletionSummary,
} from './prompt-completion-summary.js';
