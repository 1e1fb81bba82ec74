/**
 * The registry of `finetune-kit` commands, in the order the help lists them.
 *
 * @module
 */
import type { CommandDefinition } from '../command.js';
import { chatCommand } from './chat.js';
import { convertCommand } from './convert.js';
import { estimateCommand } from './estimate.js';
import { fixCommand } from './fix.js';
import { splitCommand } from './split.js';
import { validateCommand } from './validate.js';

/** Every built-in command. */
export const COMMANDS: readonly CommandDefinition[] = [
  validateCommand,
  estimateCommand,
  fixCommand,
  convertCommand,
  splitCommand,
  chatCommand,
];
