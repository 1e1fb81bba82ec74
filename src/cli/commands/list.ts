/**
 * `finetune-kit list`: recent jobs, newest first.
 *
 * @module
 */
import type { FineTuneJobSnapshot } from '../../job/index.js';
import type { CommandDefinition } from '../command.js';
import { jobOptions } from '../job-options.js';
import { loadJob } from '../library.js';
import { renderJobTable } from '../render/job.js';

/** The `list` command. */
export const listCommand: CommandDefinition = {
  name: 'list',
  group: 'jobs',
  summary: 'List recent jobs, newest first',
  usesApi: true,
  options: {
    limit: { type: 'string', short: 'n', valueName: '<n>', description: 'jobs to show', defaultText: '20' },
    status: {
      type: 'string',
      valueName: '<status>',
      description: 'only jobs with this status (e.g. running)',
    },
    metadata: {
      type: 'string',
      multiple: true,
      valueName: '<key=value>',
      description: 'only jobs with this metadata pair',
    },
  },
  examples: ['list', 'list --status running', 'list --metadata team=support --json'],
  async run({ args, ui, signal, client }) {
    const limit = args.number('limit', { min: 1, max: 10_000, integer: true }) ?? 20;
    const status = args.string('status');
    const metadata = args.keyValues('metadata');
    const [handle, { FineTuneJob }] = await Promise.all([client(), loadJob()]);
    const jobs: FineTuneJobSnapshot[] = [];
    for await (const job of FineTuneJob.list(handle.client, {
      ...jobOptions(handle),
      signal,
      pageSize: Math.min(100, limit),
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
      // With a status filter, keep paging until enough jobs match (at most 10 pages' worth).
      max: status ? limit * 10 : limit,
    })) {
      if (status && job.status !== status) continue;
      jobs.push(job.job);
      if (jobs.length >= limit) break;
    }
    if (ui.json) {
      ui.printJson(jobs);
      return undefined;
    }
    if (jobs.length === 0) {
      ui.print(ui.colors.muted(status ? `No ${status} jobs.` : 'No fine-tuning jobs yet.'));
      return undefined;
    }
    ui.print(...renderJobTable(jobs, ui.colors));
    return undefined;
  },
};
