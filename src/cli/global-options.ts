/**
 * Options every command accepts, and those every API command accepts.
 *
 * @module
 */
import { CliUsageError } from './cli-error.js';
import type { OptionSpec } from './command.js';

/** Accepted by every command. */
export const GLOBAL_OPTIONS = {
  json: { type: 'boolean', description: 'Print machine-readable JSON on stdout (notices go to stderr)' },
  color: {
    type: 'boolean',
    description: 'Colour on (--no-color: off); default: on a terminal unless NO_COLOR is set',
  },
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
  quiet: {
    type: 'boolean',
    short: 'q',
    description: 'Only results and errors: no progress, notices, warnings or retry messages',
  },
  verbose: {
    type: 'boolean',
    description: 'Debug output on stderr: each API request with its status and timing, every retry',
  },
} as const satisfies Record<string, OptionSpec>;

/** How long an API call keeps being retried when `--timeout` is not given, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** Retries of a failing API call when `--max-retries` is not given (the job layer's default). */
export const DEFAULT_MAX_RETRIES = 8;

/** Speed-up of the simulator clock when `--speed` is not given. */
export const DEFAULT_SIMULATOR_SPEED = 100;

/** Accepted by commands that call the API. */
export const API_OPTIONS = {
  simulate: {
    type: 'boolean',
    description:
      'Run against the simulated account, kept between commands (--simulate=DIR: the one in DIR); no API key, nothing leaves this machine',
  },
  speed: {
    type: 'string',
    valueName: '<factor>',
    description: 'With --simulate: how much faster than real time the simulated clock runs',
    defaultText: String(DEFAULT_SIMULATOR_SPEED),
  },
  azure: {
    type: 'boolean',
    description: 'Use Azure OpenAI (AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION)',
  },
  'max-retries': {
    type: 'string',
    valueName: '<n>',
    description: 'Retries of a failing API call (unreachable, 429, 5xx) before giving up',
    defaultText: String(DEFAULT_MAX_RETRIES),
  },
  timeout: {
    type: 'string',
    valueName: '<seconds>',
    description:
      'Stop retrying an API call (or reading its answer) after this long; watching a job rides out outages of up to 30 min unless given',
    defaultText: String(DEFAULT_TIMEOUT_SECONDS),
  },
} as const satisfies Record<string, OptionSpec>;

/**
 * Takes `--simulate=DIR` out of a command line: `node:util` `parseArgs` has no option that is a flag
 * and optionally takes a value, so the form with a directory becomes a plain `--simulate` and the
 * directory is returned beside it. Arguments after `--` are left alone.
 *
 * @param argv - The command's arguments.
 * @returns The arguments with `--simulate=DIR` replaced by `--simulate`, and `DIR` (the last one
 *   given), or `undefined` when there was none.
 * @throws {CliUsageError} For `--simulate=` with an empty directory.
 */
export function takeSimulateDir(argv: readonly string[]): {
  argv: string[];
  simulateDir: string | undefined;
} {
  const separator = argv.indexOf('--');
  const end = separator === -1 ? argv.length : separator;
  let simulateDir: string | undefined;
  const result = argv.map((argument, index) => {
    if (index >= end || !argument.startsWith('--simulate=')) return argument;
    const dir = argument.slice('--simulate='.length);
    if (dir.trim() === '')
      throw new CliUsageError('--simulate= needs a directory (or use --simulate alone).');
    simulateDir = dir;
    return '--simulate';
  });
  return { argv: result, simulateDir };
}
