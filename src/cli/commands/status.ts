/**
 * `finetune-kit status <job>`: one job's state, model, hyperparameters, files and error.
 *
 * @module
 */
import type { CommandDefinition } from '../command.js';
import { attachJob, JOB_POSITIONAL } from '../job-commands.js';
import { renderJobDetails } from '../render/job.js';

/** The `status` command. */
export const statusCommand: CommandDefinition = {
  name: 'status',
  group: 'jobs',
  summary: 'Show a job: status, models, method and hyperparameters, files, error',
  usesApi: true,
  positionals: [JOB_POSITIONAL],
  examples: ['status ftjob-abc123', 'status ftjob-abc123 --json | jq -r .fine_tuned_model'],
  async run(context) {
    const { ui } = context;
    const { job } = await attachJob(context);
    if (ui.json) ui.printJson(job.job);
    else ui.print(...renderJobDetails(job.job, ui.colors));
    return undefined;
  },
};
