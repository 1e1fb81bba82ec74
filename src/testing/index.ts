/**
 * `finetune-kit/testing`: an in-memory simulator of the OpenAI fine-tuning API.
 *
 * @module
 */
export {};
