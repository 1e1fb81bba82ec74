/**
 * `finetune-kit status <job>`: one job's state, model, hyperparameters, files and error, and once it
 * finished what it cost (next to the estimate `run` recorded before it started).
 *
 * @module
 */
import { computeBilledCost } from '../../metrics/billed-cost.js';
import type { CommandDefinition } from '../command.js';
import { attachJob, JOB_POSITIONAL } from '../job-commands.js';
import { renderJobDetails } from '../render/job.js';

/** The `status` command. */
export const statusCommand: CommandDefinition = {
  name: 'status',
  group: 'jobs',
  summary: 'Show a job: status, models, method and hyperparameters, files, error, and its cost once finished',
  description:
    "The cost of a finished job is its trained tokens × the model table's training price (reinforcement: the hourly price × the job's duration, an upper bound). `--json` adds it as `billed_cost` (null while the job runs).",
  usesApi: true,
  positionals: [JOB_POSITIONAL],
  examples: ['status ftjob-abc123', 'status ftjob-abc123 --json | jq -r .fine_tuned_model'],
  async run(context) {
    const { ui } = context;
    const { job } = await attachJob(context);
    const cost = computeBilledCost(job.job);
    if (ui.json) {
      ui.printJson({ ...job.job, billed_cost: cost });
      return undefined;
    }
    ui.print(...renderJobDetails(job.job, ui.colors));
    if (cost) ui.print(`  ${ui.colors.muted('cost')}  ${cost.note}`);
    return undefined;
  },
};
