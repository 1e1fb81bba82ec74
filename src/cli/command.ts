/**
 * What a command is: its name, help text, options and positional arguments, and the function that
 * runs it. Commands are plain objects so the registry can render help without running anything.
 *
 * @module
 */

import type { CliIO } from './cli-io.js';
import type { ClientHandle } from './client/create-client.js';
import type { CommandArgs } from './command-args.js';
import type { ExitCodeValue } from './exit-codes.js';
import type { Ui } from './ui/ui.js';

/** One option of a command, as `node:util` `parseArgs` knows it plus help text. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** One-letter alias. */
  readonly short?: string;
  /** May be given several times (values collected in order). */
  readonly multiple?: boolean;
  /** Help text, one line. */
  readonly description: string;
  /** Placeholder in help, e.g. `<name>`. @default '<value>' */
  readonly valueName?: string;
  /** Default shown in help (the command applies it). */
  readonly defaultText?: string;
  /**
   * A boolean that is on by default and turned off with `--no-<name>`; help shows `--no-<name>` and
   * the description says what turning it off does.
   */
  readonly negatable?: boolean;
}

/** A positional argument. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  /** @default true */
  readonly required?: boolean;
  /** Takes all remaining positionals. @default false */
  readonly variadic?: boolean;
}

/** Help-screen sections of the command list. */
export type CommandGroup = 'data' | 'jobs' | 'results' | 'shell';

/** Everything a running command may use. */
export interface CommandContext {
  /** Parsed options and positionals with typed, validated accessors. */
  readonly args: CommandArgs;
  readonly ui: Ui;
  readonly io: CliIO;
  /** Aborted on Ctrl-C: long operations stop, and `watch` leaves the job running. */
  readonly signal: AbortSignal;
  /**
   * The API client: from the environment, Azure's variables with `--azure`, or the in-process
   * simulator with `--simulate`. Created once per run and shared by every step.
   *
   * @throws {CliError} With exit code 3 when no key is configured.
   */
  client(): Promise<ClientHandle>;
  /** Resolves a path against the working directory. */
  resolvePath(path: string): string;
  /** Every command of this CLI (for `completion`, which generates its scripts from them). */
  readonly commands: readonly CommandDefinition[];
}

/** A command of `finetune-kit`. */
export interface CommandDefinition {
  readonly name: string;
  readonly group: CommandGroup;
  /** One line for the command list. */
  readonly summary: string;
  /** A few more sentences for `--help`. */
  readonly description?: string;
  readonly positionals?: readonly PositionalSpec[];
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** Example invocations shown in `--help` (without the `finetune-kit` prefix). */
  readonly examples?: readonly string[];
  /** What the exit codes mean for this command, when more specific than the general list. */
  readonly exitCodes?: string;
  /** True when the command talks to the API (it then accepts `--simulate`, `--azure`). */
  readonly usesApi: boolean;
  /**
   * Subcommands, named `<command> <subcommand>` (e.g. `simulate reset`): the word after the command
   * picks one, which then parses the rest of the line and has its own `--help`.
   */
  readonly subcommands?: readonly CommandDefinition[];
  /** Runs the command; resolves to its exit code (`undefined` means success). */
  run(context: CommandContext): Promise<ExitCodeValue | undefined>;
}
