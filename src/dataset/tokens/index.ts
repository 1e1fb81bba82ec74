/**
 * Exact, count-only token counting for `o200k_base` and `cl100k_base` (equal to tiktoken), and the
 * cookbook framing of fine-tuning examples.
 *
 * @module
 */
export {
  BpeTokenCounter,
  type BpeTokenCounterOptions,
  type TokenCounterStats,
} from './bpe-token-counter.js';
export {
  type CountExampleTokensOptions,
  countExampleTokenDetails,
  countExampleTokens,
  countTokens,
  normalizeFraming,
  resolveTokenCounter,
  type TokenizerSelector,
} from './count-tokens.js';
export { DEFAULT_TOKEN_FRAMING, exampleTokenCounts, type ImageTokenOptions } from './example-tokens.js';
export { countImagePartTokens, highDetailImageTokens, LOW_DETAIL_IMAGE_TOKENS } from './image-tokens.js';
export {
  type LoadTokenCounterOptions,
  loadedTokenCounter,
  loadTokenCounter,
  tokenCounterSync,
} from './load-token-counter.js';
export type { PieceCacheStats } from './piece-cache.js';
export {
  CL100K_TOOL_DEFINITION_CONSTANTS,
  countToolDefinitionTokens,
  O200K_TOOL_DEFINITION_CONSTANTS,
  type ToolDefinitionConstants,
  toolDefinitionConstants,
} from './tool-definition-tokens.js';
