/**
 * `finetune-kit cancel|pause|resume <job>`.
 *
 * @module
 */
import type { CommandDefinition } from '../command.js';
import { attachJob, JOB_POSITIONAL } from '../job-commands.js';
import { statusStyle } from '../render/job.js';

function controlCommand(
  action: 'cancel' | 'pause' | 'resume',
  summary: string,
  description: string,
): CommandDefinition {
  return {
    name: action,
    group: 'jobs',
    summary,
    description,
    usesApi: true,
    positionals: [JOB_POSITIONAL],
    examples: [`${action} ftjob-abc123`],
    async run(context) {
      const { ui, signal } = context;
      const { job } = await attachJob(context);
      const before = job.status;
      const after = await job[action]({ signal });
      if (ui.json) {
        ui.printJson(after);
        return undefined;
      }
      const { colors } = ui;
      ui.print(`${colors.bold(after.id)}: ${before} → ${statusStyle(after.status, colors)(after.status)}`);
      if (action === 'pause') {
        const flag = (await context.client()).account?.flag ?? '';
        ui.print(colors.muted(`Resume it with: finetune-kit resume ${after.id}${flag}`));
      }
      return undefined;
    },
  };
}

/** The `cancel` command. */
export const cancelCommand = controlCommand(
  'cancel',
  'Cancel a job',
  'Stops the job for good. Checkpoints already created stay usable.',
);

/** The `pause` command. */
export const pauseCommand = controlCommand(
  'pause',
  'Pause a running job (it keeps a checkpoint)',
  'The job stops training and can be resumed later from where it stopped.',
);

/** The `resume` command. */
export const resumeCommand = controlCommand(
  'resume',
  'Resume a paused job',
  'Training continues from the pause.',
);
