/**
 * Model names given on the command line: checked against the model table up front, so a typo is a
 * usage error that lists the known models instead of a failed job later.
 *
 * @module
 */
import { MODEL_TABLE, type ResolvedModel, safeResolveModel } from '../models/index.js';
import { CliUsageError } from './cli-error.js';

/** The names a user would type: each model's alias, or its snapshot when it has none. */
export function knownModelNames(): string[] {
  return Object.values(MODEL_TABLE).map((model) => model.aliases[0] ?? model.snapshot);
}

/**
 * Resolves `name` (alias, snapshot or `ft:` name) or fails with a usage error listing the known
 * models.
 *
 * @param name - The model as typed.
 * @param command - The command, for the `--help` hint.
 * @throws {CliUsageError} When the model is not in the table.
 */
export function requireModel(name: string, command: string): ResolvedModel {
  const model = safeResolveModel(name);
  if (model) return model;
  throw new CliUsageError(
    `Unknown model "${name}".`,
    command,
    `Known models: ${knownModelNames().join(', ')} (or one of their dated snapshots).`,
  );
}
