/**
 * Token counts for simulated chat completions (`usage`), with the model's encoding, loaded lazily
 * so that importing the simulator does not load a tokenizer.
 *
 * @module
 */
import { encodingForModel } from '../models/index.js';

type Counter = (text: string) => number;

const counters = new Map<string, Promise<Counter>>();

function loadCounter(encoding: 'o200k_base' | 'cl100k_base'): Promise<Counter> {
  let counter = counters.get(encoding);
  if (!counter) {
    const load =
      encoding === 'o200k_base'
        ? import('gpt-tokenizer/encoding/o200k_base')
        : import('gpt-tokenizer/encoding/cl100k_base');
    // Special-token look-alikes in user text count as plain text, as the API does.
    counter = load.then(
      (module) => (text: string) => module.countTokens(text, { disallowedSpecial: new Set() }),
    );
    counters.set(encoding, counter);
  }
  return counter;
}

/**
 * Counts the tokens of chat messages with the cookbook framing (3 per message plus its role and
 * content, 1 more per `name`, 3 for the reply priming), and of a reply.
 *
 * @param model - The model name (its encoding is used; o200k_base when unknown).
 */
export async function chatTokenCounter(model: string) {
  const count = await loadCounter(encodingForModel(model) ?? 'o200k_base');
  return {
    prompt(messages: readonly { role: string; content: string; name?: string }[]): number {
      let total = 3;
      for (const message of messages) {
        total +=
          3 + count(message.role) + count(message.content) + (message.name ? 1 + count(message.name) : 0);
      }
      return total;
    },
    text: count,
  };
}
