/**
 * A simulator served on a loopback port from the test process, so spawned CLI processes can be
 * pointed at it with OPENAI_BASE_URL / OPENAI_API_KEY while the test keeps direct control of its
 * state, clock and faults.
 */
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import type { ClientHandle } from '../../../src/cli/client/create-client.js';
import {
  type ExchangeNotice,
  observeRetries,
  type RetryNotice,
} from '../../../src/cli/client/observe-retries.js';
import { sleep } from '../../../src/job/clock.js';
import {
  createSimulator,
  type FineTuningSimulator,
  type SimulatorOptions,
} from '../../../src/testing/index.js';
import { REPO_ROOT } from './run-cli-process.js';

export const TEST_API_KEY = 'sk-test-cli-0123456789';

export interface SimulatorServer {
  readonly sim: FineTuningSimulator;
  /** A client in this process (through `sim.fetch`, no HTTP). */
  readonly client: OpenAI;
  /** Environment for a spawned CLI. */
  readonly env: Record<string, string>;
  readonly baseURL: string;
  close(): Promise<void>;
}

/**
 * Starts a simulator on a loopback port. By default the clock is manual and moves 5 simulated
 * seconds per request, so a CLI that polls drives jobs to their end without real waiting.
 */
export async function startSimulatorServer(options: SimulatorOptions = {}): Promise<SimulatorServer> {
  const sim = createSimulator({ clock: 'manual', apiKeys: [TEST_API_KEY], autoAdvanceMs: 5000, ...options });
  const server = await sim.listen();
  const client = new OpenAI({ apiKey: TEST_API_KEY, baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
  return {
    sim,
    client,
    baseURL: server.baseURL,
    env: { OPENAI_API_KEY: TEST_API_KEY, OPENAI_BASE_URL: server.baseURL },
    close: () => server.close(),
  };
}

/** Starts a job on the bundled support data (with its validation file); it is left where it is. */
export async function startJob(
  server: SimulatorServer,
  params: { suffix?: string; withValidation?: boolean } = {},
): Promise<string> {
  const { sim, client } = server;
  const training = sim.addFile({
    filename: 'chat-support.jsonl',
    content: readFileSync(`${REPO_ROOT}examples/data/chat-support.jsonl`),
    processed: true,
  });
  const validation =
    params.withValidation === false
      ? null
      : sim.addFile({
          filename: 'chat-support-validation.jsonl',
          content: readFileSync(`${REPO_ROOT}examples/data/chat-support-validation.jsonl`),
          processed: true,
        });
  const job = await client.fineTuning.jobs.create({
    model: 'gpt-4o-mini',
    training_file: training.id,
    ...(validation ? { validation_file: validation.id } : {}),
    suffix: params.suffix ?? 'support',
  });
  return job.id;
}

/** Starts a job and runs it to the end; returns its id and fine-tuned model. */
export async function completedJob(server: SimulatorServer): Promise<{ id: string; model: string }> {
  const id = await startJob(server);
  server.sim.advanceJob(id, { to: 'succeeded' });
  const job = server.sim.getJob(id);
  if (!job?.fine_tuned_model) throw new Error(`job ${id} did not succeed`);
  return { id, model: job.fine_tuned_model };
}

/**
 * A client handle for in-process runs (`runCli(…, { createClient })`): the simulator's fetch (with
 * the CLI's retry notices) and a job clock that sleeps `speed` times less than it is asked to, so
 * retries and polls are instant.
 */
export function simulatedHandle(
  sim: FineTuningSimulator,
  options: {
    speed?: number;
    onRetry?: ((notice: RetryNotice) => void) | undefined;
    onExchange?: ((notice: ExchangeNotice) => void) | undefined;
  } = {},
): ClientHandle {
  const speed = options.speed ?? 1_000_000;
  const fetch =
    options.onRetry || options.onExchange
      ? observeRetries(sim.fetch, options.onRetry ?? (() => {}), options.onExchange)
      : sim.fetch;
  return {
    client: new OpenAI({ apiKey: TEST_API_KEY, baseURL: sim.baseURL, fetch }),
    kind: 'simulator',
    baseURL: sim.baseURL,
    speed,
    clock: { now: () => sim.clock.now(), sleep: (ms, signal) => sleep(ms / speed, signal) },
    simulator: sim,
    close: async () => {},
  };
}
