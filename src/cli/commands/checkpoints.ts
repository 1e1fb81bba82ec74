/**
 * `finetune-kit checkpoints <job>`: the kept checkpoints, their losses, and which one is best.
 *
 * @module
 */
import type { CommandDefinition } from '../command.js';
import { attachJob, JOB_POSITIONAL } from '../job-commands.js';
import { loadMetrics } from '../library.js';
import { renderCheckpointTable } from '../render/job.js';

/** The `checkpoints` command. */
export const checkpointsCommand: CommandDefinition = {
  name: 'checkpoints',
  group: 'results',
  summary: 'List checkpoints with their losses and the best one to use',
  description:
    'Each checkpoint is a model you can call (`finetune-kit chat <model> …`). The best is ranked by full validation loss when there is one.',
  usesApi: true,
  positionals: [JOB_POSITIONAL],
  examples: ['checkpoints ftjob-abc123'],
  async run(context) {
    const { ui, signal } = context;
    const { job } = await attachJob(context);
    const checkpoints = await job.checkpoints({ signal });
    const { Metrics } = await loadMetrics();
    const best = Metrics.from({ job: job.job, checkpoints }).bestCheckpoint();
    if (ui.json) {
      ui.printJson({ checkpoints, best: best.best, notes: best.notes });
      return undefined;
    }
    if (checkpoints.length === 0) {
      ui.print(ui.colors.muted(`${job.id} has no checkpoints yet (status: ${job.status}).`));
      return undefined;
    }
    ui.print(...renderCheckpointTable(checkpoints, ui.colors, best.best?.model ?? null));
    for (const note of best.notes) ui.print(ui.colors.muted(note));
    return undefined;
  },
};
