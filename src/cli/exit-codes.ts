/**
 * Exit codes of `finetune-kit`, stable and documented in docs/cli.md.
 *
 * @module
 */
export const ExitCode = {
  /** The command did what it was asked; for `validate`, the file has no errors. */
  ok: 0,
  /** Invalid data (validation errors), a failed or cancelled job, a missing resource, any other failure. */
  failure: 1,
  /** Wrong command line: unknown command or option, missing argument, bad option value, unknown model. */
  usage: 2,
  /** Credentials: no API key configured, or the API refused it (401/403). */
  auth: 3,
  /** The API could not be used: network error, rate limit or server error that outlasted the retries. */
  unavailable: 4,
  /** Interrupted with Ctrl-C (SIGINT); a job being watched keeps running. */
  interrupted: 130,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
