/**
 * Options every command accepts, and those every API command accepts.
 *
 * @module
 */
import type { OptionSpec } from './command.js';

/** Accepted by every command. */
export const GLOBAL_OPTIONS = {
  json: { type: 'boolean', description: 'Print machine-readable JSON on stdout (notices go to stderr)' },
  color: {
    type: 'boolean',
    description: 'Colour on (--no-color: off); default: on a terminal unless NO_COLOR is set',
  },
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
} as const satisfies Record<string, OptionSpec>;

/** Speed-up of the simulator clock when `--speed` is not given. */
export const DEFAULT_SIMULATOR_SPEED = 100;

/** Accepted by commands that call the API. */
export const API_OPTIONS = {
  simulate: {
    type: 'boolean',
    description: 'Run against the built-in simulator: no API key, nothing leaves this machine',
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
} as const satisfies Record<string, OptionSpec>;
