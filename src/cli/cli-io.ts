/**
 * The process seams of the CLI: output streams, environment, working directory. `main.ts` passes
 * the real ones; tests pass recorders, so every command can also run in-process.
 *
 * @module
 */
import { rememberSecret } from '../internal/redact-secrets.js';

/** A writable text stream, as much of `process.stdout` as the CLI needs. */
export interface CliStream {
  write(text: string): unknown;
  /** True when the stream is a terminal (progress bars, colour, in-place redraws). */
  readonly isTTY?: boolean;
  /** Terminal width in columns, when known. */
  readonly columns?: number;
}

/** Everything the CLI reads from or writes to its process. */
export interface CliIO {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** Environment variables (never logged: they may hold keys). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Standard input, for `validate -`; absent when the caller provides none. */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
}

/** Environment variables that hold keys: their values are redacted from everything the CLI prints. */
export const SECRET_VARIABLES = ['OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY', 'OPENAI_ADMIN_KEY'] as const;

/**
 * Remembers the keys set in `env` as known secrets (see docs/security.md), so that output never
 * shows them, even where a server echoes one in a form no pattern recognises.
 *
 * @param env - The environment the CLI runs with.
 */
export function rememberEnvironmentSecrets(env: CliIO['env']): void {
  for (const name of SECRET_VARIABLES) rememberSecret(env[name]);
}

/**
 * The real process streams and environment.
 *
 * @returns The IO of the current Node process.
 */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin,
  };
}
