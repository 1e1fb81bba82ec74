/**
 * The registry of `finetune-kit` commands, in the order the help lists them.
 *
 * @module
 */
import type { CommandDefinition } from '../command.js';
import { chatCommand } from './chat.js';
import { estimateCommand } from './estimate.js';
import { validateCommand } from './validate.js';

/** Every built-in command. */
export const COMMANDS: readonly CommandDefinition[] = [validateCommand, estimateCommand, chatCommand];
