/**
 * `finetune-kit/metrics`: typed training metrics from events, checkpoints and result files.
 * Never loads `openai` or a tokenizer.
 *
 * @module
 */
export {};
