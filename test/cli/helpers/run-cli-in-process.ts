/**
 * Runs `runCli` in this process with recording streams: for the many small cases where spawning a
 * process (≈ 0.7 s each) would only slow the suite down. End-to-end behaviour is covered by the
 * spawned tests; these check the same code paths.
 */
import type { ClientHandle } from '../../../src/cli/client/create-client.js';
import { runCli } from '../../../src/cli/run-cli.js';
import { REPO_ROOT } from './run-cli-process.js';

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
    /** The API client the commands get (instead of one built from the environment). */
    client?: ClientHandle;
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
      env: options.env ?? { NO_COLOR: '1' },
      cwd: REPO_ROOT,
    },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.client ? { createClient: async () => options.client as ClientHandle } : {}),
    },
  );
  return { code, stdout, stderr };
}
