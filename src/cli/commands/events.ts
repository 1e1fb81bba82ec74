/**
 * `finetune-kit events <job>`: the job's event log, oldest first.
 *
 * @module
 */
import type { FineTuneJobEvent } from '../../job/index.js';
import { CliError } from '../cli-error.js';
import type { CommandDefinition } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { JOB_POSITIONAL } from '../job-commands.js';
import { renderEvent } from '../render/job.js';

/** Normalises one listed event; an item that is no event object is the server's fault (exit 4). */
function readEvent(raw: unknown, normalize: (raw: unknown) => FineTuneJobEvent): FineTuneJobEvent {
  try {
    return normalize(raw);
  } catch (error) {
    throw new CliError(
      `The API listed something that is not a job event: ${(error as Error).message}`,
      ExitCode.unavailable,
      'This is on the server side (or a proxy); try again later.',
      { cause: error },
    );
  }
}

/** The `events` command. */
export const eventsCommand: CommandDefinition = {
  name: 'events',
  group: 'jobs',
  summary: "Print a job's event log, oldest first",
  description:
    'Pages through the whole log (the API lists newest first) and prints it in order. Metrics events are included unless --no-metrics. To follow a running job, use `finetune-kit watch`.',
  usesApi: true,
  positionals: [JOB_POSITIONAL],
  options: {
    limit: { type: 'string', short: 'n', valueName: '<n>', description: 'only the last n events' },
    metrics: { type: 'boolean', negatable: true, description: 'leave out the per-step metrics events' },
  },
  examples: ['events ftjob-abc123 --no-metrics', 'events ftjob-abc123 --json | jq -r ".[].message"'],
  async run({ args, ui, signal, client }) {
    const id = args.positional('job');
    const limit = args.number('limit', { min: 1, integer: true });
    const [handle, { normalizeEvent }] = await Promise.all([client(), import('../../job/normalize.js')]);
    const newestFirst: FineTuneJobEvent[] = [];
    const seen = new Set<string>();
    const page = handle.client.fineTuning.jobs.listEvents(id, { limit: 100 }, { signal });
    for await (const raw of page) {
      const event = readEvent(raw, normalizeEvent);
      // The SDK pages while the server says has_more; one that repeats its events would never end.
      if (seen.has(event.id)) {
        throw new CliError(
          `The API repeated event ${event.id} of ${id} while paging (has_more stayed true); stopped after ${seen.size} events.`,
          ExitCode.unavailable,
          'This is on the server side (or a proxy); try again later.',
        );
      }
      seen.add(event.id);
      if (!args.flag('metrics', true) && event.type === 'metrics') continue;
      newestFirst.push(event);
      if (limit !== undefined && newestFirst.length >= limit) break;
    }
    const events = newestFirst.reverse();
    if (ui.json) ui.printJson(events);
    else if (events.length === 0) ui.print(ui.colors.muted('No events.'));
    else ui.print(...events.map((event) => renderEvent(event, ui.colors)));
    return undefined;
  },
};
