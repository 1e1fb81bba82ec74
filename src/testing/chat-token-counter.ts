/**
 * Token counts for simulated chat completions (`usage`): finetune-kit's own exact counter (equal to
 * tiktoken) and the cookbook framing, so the simulator bills what the dataset module estimates. The
 * encoding loads on the first completion, so importing the simulator loads no tokenizer.
 *
 * @module
 */
import { countExampleTokens, loadTokenCounter } from '../dataset/tokens/index.js';
import { encodingForModel } from '../models/index.js';

/**
 * Counts the tokens of chat messages with the cookbook framing (3 per message plus its role and
 * content, 1 more per `name`, 3 for the reply priming), and of a reply.
 *
 * @param model - The model name (its encoding is used; o200k_base when unknown).
 */
export async function chatTokenCounter(model: string) {
  const counter = await loadTokenCounter(encodingForModel(model) ?? 'o200k_base');
  return {
    prompt(messages: readonly { role: string; content: string; name?: string }[]): number {
      return countExampleTokens({ messages }, { counter, framing: { countToolDefinitions: false } });
    },
    text: (text: string) => counter.count(text),
  };
}
