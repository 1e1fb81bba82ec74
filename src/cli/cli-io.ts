/**
 * The process seams of the CLI: output streams, environment, working directory. `main.ts` passes
 * the real ones; tests pass recorders, so every command can also run in-process.
 *
 * @module
 */

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
