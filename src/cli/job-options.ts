/**
 * How the CLI builds the job layer's options: the client's clock (scaled in simulation), the retry
 * policies from `--max-retries` / `--timeout`, and the polling interval from `--interval`.
 *
 * @module
 */
import type { FineTuneJobOptions } from '../job/index.js';
import type { ClientHandle } from './client/create-client.js';
import type { OptionSpec } from './command.js';
import type { CommandArgs } from './command-args.js';

/** `--interval`, for commands that follow a job. */
export const INTERVAL_OPTION = {
  interval: {
    type: 'string',
    valueName: '<seconds>',
    description: 'seconds between polls (in simulated time with --simulate)',
    defaultText: "the server's hint, else 5",
  },
} as const satisfies Record<string, OptionSpec>;

/**
 * Options for `FineTuneJob.create/attach/list`.
 *
 * @param handle - The client (its clock).
 * @param args - The arguments (`--interval` when the command has it).
 */
export function jobOptions(handle: ClientHandle, args?: CommandArgs): FineTuneJobOptions {
  // Single calls get the CLI's short budget; following a job keeps its own outage tolerance.
  const base: FineTuneJobOptions = {
    clock: handle.clock,
    ...(handle.retry ? { retry: handle.retry.call, watchRetry: handle.retry.watch } : {}),
  };
  const seconds = args?.number('interval', { min: 0, exclusiveMin: true, max: 3600 });
  if (seconds === undefined) return base;
  // A fixed interval: the server's poll hint is clamped to it from both sides.
  const ms = seconds * 1000;
  return { ...base, pollIntervalMs: ms, minPollIntervalMs: ms, maxPollIntervalMs: ms };
}
