/**
 * `finetune-kit/job`: uploads and the `FineTuneJob` lifecycle on the user's `openai` client.
 *
 * @module
 */
export {};
