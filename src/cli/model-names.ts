/**
 * Model names given on the command line: checked against the model table up front, so a typo is a
 * usage error that lists the known models instead of a failed job later.
 *
 * @module
 */
import { MODEL_TABLE, type ResolvedModel, safeResolveModel } from '../models/index.js';
import { CliUsageError } from './cli-error.js';
import { closestMatch } from './suggest.js';

/** The names a user would type: each model's alias, or its snapshot when it has none. */
export function knownModelNames(): string[] {
  return Object.values(MODEL_TABLE).map((model) => model.aliases[0] ?? model.snapshot);
}

/**
 * Resolves `name` (alias, snapshot or `ft:` name) or fails with a usage error that suggests the
 * closest known name (a likely typo) and lists the known models.
 *
 * @param name - The model as typed.
 * @param command - The command, for the `--help` hint.
 * @throws {CliUsageError} When the model is not in the table.
 */
export function requireModel(name: string, command: string): ResolvedModel {
  const model = safeResolveModel(name);
  if (model) return model;
  // Aliases first, so `gpt4o-mini` suggests the name people type, not a dated snapshot. Only names
  // with the same digits (in any order, for a swapped date): `gpt-5` is another model, not a typo of `gpt-4`.
  const digits = (text: string) => [...text.replace(/\D/g, '')].sort().join('');
  const names = Object.values(MODEL_TABLE)
    .flatMap((entry) => [...entry.aliases, entry.snapshot])
    .filter((candidate) => digits(candidate) === digits(name));
  const suggestion = closestMatch(name, names);
  throw new CliUsageError(
    `Unknown model "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    command,
    `Known models: ${knownModelNames().join(', ')} (or one of their dated snapshots).`,
  );
}
