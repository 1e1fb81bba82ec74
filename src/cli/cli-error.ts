import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * An error the CLI reports as one line (plus an optional hint line) and a chosen exit code.
 * Library errors are translated into this shape by `describeError`.
 */
export class CliError extends Error {
  /** The process exit code this error ends the command with. */
  readonly exitCode: ExitCodeValue;
  /** What the user can do about it, shown on a second line. */
  readonly hint: string | undefined;

  /**
   * @param message - One line: what failed and why.
   * @param exitCode - The exit code. @default ExitCode.failure
   * @param hint - What to do about it.
   */
  constructor(
    message: string,
    exitCode: ExitCodeValue = ExitCode.failure,
    hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** A wrong command line (exit code 2): the message names the argument or option. */
export class CliUsageError extends CliError {
  /** The command whose `--help` the hint points to, when known. */
  readonly command: string | undefined;

  /**
   * @param message - What is wrong, naming the argument or option.
   * @param command - The command, for the `--help` hint.
   * @param hint - A more specific hint than "run --help".
   */
  constructor(message: string, command?: string, hint?: string) {
    super(
      message,
      ExitCode.usage,
      hint ??
        (command
          ? `Run \`finetune-kit ${command} --help\` for usage.`
          : 'Run `finetune-kit --help` for usage.'),
    );
    this.name = 'CliUsageError';
    this.command = command;
  }
}
