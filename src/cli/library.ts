/**
 * The library layers, loaded on first use. Commands import them through these functions (types
 * are imported statically), so `finetune-kit --help` loads no layer, `validate` never loads
 * `openai`, the job layer or the metrics layer, and the built CLI splits into chunks along the
 * same lines.
 *
 * @module
 */

/** `finetune-kit/dataset`: reading, validation, tokens, fixes. */
export const loadDataset = () => import('../dataset/index.js');

/** `finetune-kit/job`: uploads and `FineTuneJob`. */
export const loadJob = () => import('../job/index.js');

/** `finetune-kit/evaluate`: `evaluate`, `evaluateJob`. */
export const loadEvaluate = () => import('../evaluate/index.js');

/** `finetune-kit/metrics`: `Metrics`, charts, archives. */
export const loadMetrics = () => import('../metrics/index.js');
