/**
 * Runs `runCli` in this process with recording streams: for the many small cases where spawning a
 * process (≈ 0.7 s each) would only slow the suite down. End-to-end behaviour is covered by the
 * spawned tests; these check the same code paths.
 */
import type { CreateClientOptions } from '../../../src/cli/client/create-client.js';
import { runCli } from '../../../src/cli/run-cli.js';
import type { FineTuningSimulator } from '../../../src/testing/index.js';
import { REPO_ROOT, TEST_STATE_DIR } from './run-cli-process.js';
import { simulatedHandle } from './simulator-server.js';

export interface InProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCliInProcess(
  argv: readonly string[],
  options: {
    env?: Record<string, string>;
    tty?: boolean;
    columns?: number;
    signal?: AbortSignal;
    /** A simulator the commands talk to (instead of a client built from the environment). */
    simulator?: FineTuningSimulator;
    /** What the command reads as standard input (`validate -`). */
    stdin?: AsyncIterable<Uint8Array | string>;
  } = {},
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const tty = options.tty ?? false;
  const code = await runCli(
    argv,
    {
      stdout: { write: (text: string) => (stdout += text), isTTY: tty, columns: options.columns ?? 100 },
      stderr: { write: (text: string) => (stderr += text), isTTY: tty, columns: options.columns ?? 100 },
      // --simulate without an injected simulator uses the worker's test account, never ~/.local/state.
      env: { FINETUNE_KIT_STATE_DIR: TEST_STATE_DIR, ...(options.env ?? { NO_COLOR: '1' }) },
      cwd: REPO_ROOT,
      ...(options.stdin ? { stdin: options.stdin } : {}),
    },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.simulator
        ? {
            createClient: async ({ onRetry, onExchange }: CreateClientOptions) =>
              simulatedHandle(options.simulator as FineTuningSimulator, { onRetry, onExchange }),
          }
        : {}),
    },
  );
  return { code, stdout, stderr };
}
