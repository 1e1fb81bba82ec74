/**
 * Test harness: a simulator, an `openai` client on its `fetch`, and a job clock tied to the
 * simulator's clock (a sleep moves simulated time at once, so nothing waits for real).
 */
import OpenAI from 'openai';
import { FinetuneKitAbortError } from '../../../src/errors.js';
import type { JobClock } from '../../../src/job/clock.js';
import { type CreateJobOptions, FineTuneJob } from '../../../src/job/fine-tune-job.js';
import {
  createSimulator,
  type FineTuningSimulator,
  type SimulatorOptions,
} from '../../../src/testing/index.js';

/** A key-shaped string: tests check it never leaks into messages, events or JSON. */
export const SECRET_KEY = 'sk-proj-Zq8LrT2mWv9XcB4nKd7HsJ3fGy6PaE1u';

/** A job clock on the simulator's clock: `sleep(ms)` advances simulated time by `ms`. */
export class SimJobClock implements JobClock {
  readonly sleeps: number[] = [];
  readonly #sim: FineTuningSimulator;

  constructor(sim: FineTuningSimulator) {
    this.#sim = sim;
  }

  now(): number {
    return this.#sim.clock.now();
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new FinetuneKitAbortError('The wait was aborted.', { cause: signal.reason });
    this.sleeps.push(ms);
    this.#sim.clock.advance(ms);
    // Yield a macrotask, as a real timer would, so listeners and other tasks run between polls.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw new FinetuneKitAbortError('The wait was aborted.', { cause: signal.reason });
  }

  /** Total simulated time slept. */
  get slept(): number {
    return this.sleeps.reduce((sum, ms) => sum + ms, 0);
  }
}

/** Chat examples in the cookbook's format. */
export function chatJsonl(count: number, offset = 0): string {
  return Array.from({ length: count }, (_, index) =>
    JSON.stringify({
      messages: [
        { role: 'system', content: 'You are a concise support assistant for Acme routers.' },
        { role: 'user', content: `How do I reset router model R${index + offset}?` },
        {
          role: 'assistant',
          content: `Hold the reset button of the R${index + offset} for 10 seconds, then wait for the light.`,
        },
      ],
    }),
  ).join('\n');
}

export interface Harness {
  readonly sim: FineTuningSimulator;
  readonly client: OpenAI;
  readonly clock: SimJobClock;
  /** A processed training file with `examples` chat examples. */
  addTrainingFile(examples?: number): string;
  /**
   * Creates a `gpt-4o-mini` job on a new training file of `examples` chat examples, polled with the
   * harness clock (`options` are added to it).
   */
  createJob(examples?: number, options?: Omit<CreateJobOptions, 'clock'>): Promise<FineTuneJob>;
}

/** A simulator plus a client and clock on it. */
export function harness(
  options: SimulatorOptions = {},
  client: { apiKey?: string; fetch?: typeof fetch } = {},
): Harness {
  const sim = createSimulator({ clock: 'manual', pollAfterMs: 0, ...options });
  const openai = new OpenAI({
    apiKey: client.apiKey ?? SECRET_KEY,
    baseURL: sim.baseURL,
    fetch: client.fetch ?? sim.fetch,
    maxRetries: 0,
  });
  const clock = new SimJobClock(sim);
  const addTrainingFile = (examples = 12) =>
    sim.addFile({ filename: 'train.jsonl', content: chatJsonl(examples) }).id;
  return {
    sim,
    client: openai,
    clock,
    addTrainingFile,
    createJob: (examples = 12, options = {}) =>
      FineTuneJob.create(
        openai,
        { model: 'gpt-4o-mini', training_file: addTrainingFile(examples) },
        { ...options, clock },
      ),
  };
}
