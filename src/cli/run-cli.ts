/**
 * Runs one `finetune-kit` invocation: picks the command, parses its arguments, runs it, and turns
 * whatever it throws into one clear line and an exit code. Everything process-specific comes in
 * through {@link CliIO}, so tests can run commands in-process too.
 *
 * @module
 */
import { resolve } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { CliError, CliUsageError } from './cli-error.js';
import type { CliIO } from './cli-io.js';
import { type ClientHandle, type CreateClientOptions, createClient } from './client/create-client.js';
import type { RetryNotice } from './client/observe-retries.js';
import { cliRetryPolicy, describeCallRetry } from './client/retry-policy.js';
import type { CommandContext, CommandDefinition, OptionSpec } from './command.js';
import { CommandArgs } from './command-args.js';
import { COMMANDS } from './commands/index.js';
import { describeError } from './describe-error.js';
import { ExitCode } from './exit-codes.js';
import {
  API_OPTIONS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_SIMULATOR_SPEED,
  DEFAULT_TIMEOUT_SECONDS,
  GLOBAL_OPTIONS,
  takeSimulateDir,
} from './global-options.js';
import { renderCommandHelp, renderRootHelp } from './help.js';
import { closestMatch } from './suggest.js';
import { createColors, shouldUseColor } from './ui/colors.js';
import { formatDuration, formatWait } from './ui/format.js';
import { Ui } from './ui/ui.js';

/** The package version, shown by `--version` and in help. */
export const VERSION: string = packageJson.version;

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Aborted on Ctrl-C. @default a signal that never aborts */
  readonly signal?: AbortSignal;
  /** The commands to offer. @default every built-in command */
  readonly commands?: readonly CommandDefinition[];
  /**
   * Builds the API client (tests inject a simulator they control). It receives the options the CLI
   * derived from the environment and flags. @default createClient
   */
  readonly createClient?: (options: CreateClientOptions) => Promise<ClientHandle>;
}

/**
 * Runs the CLI with `argv` (the arguments after `finetune-kit`).
 *
 * @param argv - Command-line arguments.
 * @param io - Streams, environment, working directory.
 * @param options - Abort signal, command set.
 * @returns The exit code.
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), processIO());
 * ```
 */
export async function runCli(
  argv: readonly string[],
  io: CliIO,
  options: RunCliOptions = {},
): Promise<number> {
  const commands = options.commands ?? COMMANDS;
  const signal = options.signal ?? new AbortController().signal;
  const [first, ...rest] = argv;
  const colorFlag = argv.includes('--no-color') ? false : argv.includes('--color') ? true : undefined;
  const stdoutColors = createColors(shouldUseColor(io.env, io.stdout, colorFlag));

  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const command = topic === undefined ? undefined : commands.find((candidate) => candidate.name === topic);
    if (topic !== undefined && !command) return reportUsage(unknownCommand(topic, commands), io, argv);
    io.stdout.write(
      `${command ? renderCommandHelp(command, stdoutColors) : renderRootHelp(commands, VERSION, stdoutColors)}\n`,
    );
    return first === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.ok;
  }
  const named = commands.find((candidate) => candidate.name === first);
  if (!named) return reportUsage(unknownCommand(first, commands), io, argv);
  // A command with subcommands (`simulate reset`) hands the rest of the line to the one named next.
  const subcommand = named.subcommands?.find((candidate) => candidate.name === `${named.name} ${rest[0]}`);
  const command = subcommand ?? named;
  const commandArgv = subcommand ? rest.slice(1) : rest;
  const beforeSeparator = commandArgv.includes('--')
    ? commandArgv.slice(0, commandArgv.indexOf('--'))
    : commandArgv;
  if (beforeSeparator.includes('--help') || beforeSeparator.includes('-h')) {
    io.stdout.write(`${renderCommandHelp(command, stdoutColors)}\n`);
    return ExitCode.ok;
  }

  const accepted: Record<string, OptionSpec> = {
    ...command.options,
    ...GLOBAL_OPTIONS,
    ...(command.usesApi ? API_OPTIONS : {}),
  };
  let args: CommandArgs;
  let simulateDir: string | undefined;
  try {
    const taken = command.usesApi
      ? takeSimulateDir(commandArgv)
      : { argv: commandArgv, simulateDir: undefined };
    simulateDir = taken.simulateDir === undefined ? undefined : resolve(io.cwd, taken.simulateDir);
    args = CommandArgs.parse(command.name, taken.argv, accepted, command.positionals);
  } catch (error) {
    return reportUsage(error, io, argv);
  }
  if (args.flag('quiet') && args.flag('verbose')) {
    return reportUsage(args.usageError('--quiet and --verbose cannot be combined.'), io, argv);
  }
  const ui = new Ui(io, {
    json: args.flag('json'),
    quiet: args.flag('quiet'),
    verbose: args.flag('verbose'),
    ...(colorFlag === undefined ? {} : { color: colorFlag }),
  });
  const started = performance.now();
  const azure = command.usesApi && args.flag('azure');
  let handle: ClientHandle | undefined;
  let pending: Promise<ClientHandle> | undefined;
  const context: CommandContext = {
    args,
    ui,
    io,
    signal,
    resolvePath: (path) => resolve(io.cwd, path),
    commands,
    client: () => {
      pending ??= openClient(args, io, ui, azure, options.createClient ?? createClient, simulateDir).then(
        (created) => {
          handle = created;
          return created;
        },
      );
      return pending;
    },
  };
  try {
    const code = await command.run(context);
    return code ?? ExitCode.ok;
  } catch (error) {
    const description = describeError(error, { azure, ...(handle ? { baseURL: handle.baseURL } : {}) });
    ui.closeRegion(true);
    if (ui.json) {
      ui.printJson({
        ok: false,
        error: { code: description.code, message: description.message, hint: description.hint ?? null },
      });
    }
    const styles = ui.errorColors;
    io.stderr.write(`${styles.error('Error:')} ${description.message}\n`);
    if (description.hint) io.stderr.write(`${styles.muted(description.hint)}\n`);
    if ((io.env.FINETUNE_KIT_DEBUG || ui.verbose) && error instanceof Error && error.stack)
      io.stderr.write(`${error.stack}\n`);
    return description.exitCode;
  } finally {
    ui.closeRegion(true);
    await handle?.close();
    ui.debug(`${command.name} finished in ${formatWait(performance.now() - started)}`);
  }
}

async function openClient(
  args: CommandArgs,
  io: CliIO,
  ui: Ui,
  azure: boolean,
  factory: (options: CreateClientOptions) => Promise<ClientHandle>,
  simulatorDir: string | undefined,
): Promise<ClientHandle> {
  const simulate = args.flag('simulate');
  if (args.has('speed') && !simulate) throw args.usageError('--speed only applies with --simulate.');
  if (simulate && azure) throw args.usageError('--simulate and --azure cannot be combined.');
  const speed =
    args.number('speed', { min: 0, exclusiveMin: true, max: 1_000_000 }) ?? DEFAULT_SIMULATOR_SPEED;
  const maxRetries = args.number('max-retries', { min: 0, max: 100, integer: true });
  const timeoutSeconds = args.number('timeout', { min: 0, exclusiveMin: true, max: 86_400 });
  const created = await factory({
    env: io.env,
    azure,
    simulate,
    ...(simulatorDir === undefined ? {} : { simulatorDir }),
    speed,
    onRetry: (notice) => ui.notice(ui.errorColors.warning(describeRetry(notice, speed, simulate))),
    ...(ui.verbose
      ? {
          onExchange: (exchange) =>
            ui.debug(
              `${exchange.request} → ${exchange.status ?? exchange.failure} in ${formatWait(exchange.durationMs)}${
                exchange.requestId ? ` (${exchange.requestId})` : ''
              }`,
            ),
        }
      : {}),
    ...(maxRetries === undefined ? {} : { maxRetries }),
    // The same budget as the call policy below: it also bounds reading each answer's body.
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  });
  const retry = cliRetryPolicy(
    { maxRetries, timeoutSeconds },
    {
      defaultTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
      speed: created.speed,
      onRetry: (context) => {
        const line = describeCallRetry(context, { baseURL: created.baseURL, speed: created.speed });
        // 429s and 5xx are announced as they arrive (with Retry-After); say the rest here.
        if (context.status === null) ui.notice(ui.errorColors.warning(line));
        else ui.debug(line);
      },
    },
  );
  const handle: ClientHandle = { ...created, retry };
  ui.debug(
    `API: ${handle.kind} at ${handle.baseURL}; a call gives up after ${maxRetries ?? DEFAULT_MAX_RETRIES} retries or ${formatDuration((timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000)}`,
  );
  if (simulate) {
    const styles = ui.errorColors;
    ui.notice(
      `${styles.accent(styles.bold(' SIMULATOR '))} ${styles.muted(
        created.account
          ? `Nothing leaves this machine: the simulated account in ${created.account.dir} keeps files, jobs and models between commands. Clock ×${speed}.`
          : `Nothing leaves this machine: files, jobs and models live in memory until exit. Clock ×${speed}.`,
      )}`,
    );
  }
  return handle;
}

/** The line shown when the API asks us to wait. */
export function describeRetry(notice: RetryNotice, speed = 1, simulated = false): string {
  const what = notice.status === 429 ? 'Rate limited by the API (429)' : `The API answered ${notice.status}`;
  if (notice.waitMs === null) return `${what} on ${notice.request}: retrying with backoff…`;
  const wait = formatWait(notice.waitMs);
  const real = simulated && speed !== 1 ? ` (simulated; ${formatWait(notice.waitMs / speed)} real)` : '';
  return `${what} on ${notice.request}: waiting ${wait}${real} before retrying, as Retry-After asks…`;
}

function unknownCommand(name: string, commands: readonly CommandDefinition[]): CliUsageError {
  if (name.startsWith('-'))
    return new CliUsageError(`Unknown option ${name}: put options after the command.`);
  const suggestion = closestMatch(
    name,
    commands.map((command) => command.name),
  );
  return new CliUsageError(`Unknown command "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`);
}

function reportUsage(error: unknown, io: CliIO, argv: readonly string[]): number {
  const colorFlag = argv.includes('--no-color') ? false : argv.includes('--color') ? true : undefined;
  const styles = createColors(shouldUseColor(io.env, io.stderr, colorFlag));
  const description = describeError(error);
  if (argv.includes('--json')) {
    io.stdout.write(
      `${JSON.stringify({ ok: false, error: { code: 'usage', message: description.message, hint: description.hint ?? null } }, null, 2)}\n`,
    );
  }
  io.stderr.write(`${styles.error('Error:')} ${description.message}\n`);
  if (description.hint) io.stderr.write(`${styles.muted(description.hint)}\n`);
  return error instanceof CliError ? error.exitCode : ExitCode.usage;
}
