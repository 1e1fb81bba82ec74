/**
 * The registry of `finetune-kit` commands, in the order the help lists them.
 *
 * @module
 */
import type { CommandDefinition } from '../command.js';
import { archiveCommand } from './archive.js';
import { chatCommand } from './chat.js';
import { checkpointsCommand } from './checkpoints.js';
import { completionCommand } from './completion.js';
import { convertCommand } from './convert.js';
import { createCommand } from './create.js';
import { deleteModelCommand } from './delete-model.js';
import { estimateCommand } from './estimate.js';
import { evalCommand } from './eval.js';
import { eventsCommand } from './events.js';
import { fixCommand } from './fix.js';
import { graderCommand } from './grader.js';
import { cancelCommand, pauseCommand, resumeCommand } from './job-control.js';
import { listCommand } from './list.js';
import { metricsCommand } from './metrics.js';
import { runCommand } from './run.js';
import { simulateCommand } from './simulate.js';
import { splitCommand } from './split.js';
import { statusCommand } from './status.js';
import { uploadCommand } from './upload.js';
import { validateCommand } from './validate.js';
import { watchCommand } from './watch.js';

/** Every built-in command. */
export const COMMANDS: readonly CommandDefinition[] = [
  validateCommand,
  estimateCommand,
  fixCommand,
  convertCommand,
  splitCommand,
  graderCommand,
  runCommand,
  uploadCommand,
  createCommand,
  watchCommand,
  statusCommand,
  listCommand,
  eventsCommand,
  cancelCommand,
  pauseCommand,
  resumeCommand,
  metricsCommand,
  checkpointsCommand,
  evalCommand,
  chatCommand,
  archiveCommand,
  deleteModelCommand,
  simulateCommand,
  completionCommand,
];
