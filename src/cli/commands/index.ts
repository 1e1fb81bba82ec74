/**
 * The registry of `finetune-kit` commands, in the order the help lists them.
 *
 * @module
 */
import type { CommandDefinition } from '../command.js';

/** Every built-in command. */
export const COMMANDS: readonly CommandDefinition[] = [];
