/**
 * `finetune-kit watch <job>`: follow a job live until it ends. Ctrl-C stops watching, never the job.
 *
 * @module
 */
import type { CommandDefinition } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { attachJob, JOB_POSITIONAL, watchToEnd } from '../job-commands.js';
import { INTERVAL_OPTION } from '../job-options.js';

/** The `watch` command. */
export const watchCommand: CommandDefinition = {
  name: 'watch',
  group: 'jobs',
  summary: 'Follow a job live: progress, ETA, losses, a loss chart, events and checkpoints',
  description:
    "Replays the job's events from the beginning (--from now: only new ones), then follows it until it succeeds, fails or is cancelled. Every event is shown exactly once. Ctrl-C stops watching; the job keeps running. With --json, prints one JSON object per update.",
  usesApi: true,
  positionals: [JOB_POSITIONAL],
  options: {
    from: { type: 'string', valueName: '<where>', description: 'beginning or now', defaultText: 'beginning' },
    chart: { type: 'boolean', negatable: true, description: 'no live chart' },
    ...INTERVAL_OPTION,
  },
  examples: ['watch ftjob-abc123', 'watch ftjob-abc123 --from now --json | jq -c .type'],
  exitCodes:
    '0 the job succeeded, 1 it failed or was cancelled, 2 usage error, 3 no or refused API key, 4 API unavailable, 130 stopped with Ctrl-C (the job keeps running)',
  async run(context) {
    const from = context.args.choice('from', ['beginning', 'now'] as const) ?? 'beginning';
    const { job } = await attachJob(context, from);
    return (await watchToEnd(context, job)) ? undefined : ExitCode.interrupted;
  },
};
