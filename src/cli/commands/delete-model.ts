/**
 * `finetune-kit delete-model <model|job>`: delete a fine-tuned model, after a `[y/N]` question on a
 * terminal, or with `--yes` in scripts.
 *
 * @module
 */
import { CliError } from '../cli-error.js';
import type { CommandDefinition } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { jobOptions } from '../job-options.js';
import { loadJob } from '../library.js';
import { canAsk, confirm } from '../ui/confirm.js';

/** The `delete-model` command. */
export const deleteModelCommand: CommandDefinition = {
  name: 'delete-model',
  group: 'results',
  summary: 'Delete a fine-tuned model (by name, or by the job that made it)',
  description:
    'Deletion cannot be undone: on a terminal it asks first; scripts (no terminal on standard input) must add --yes. Needs the Owner role in the organisation. A retry after a lost response counts a 404 as deleted.',
  usesApi: true,
  positionals: [
    { name: 'model', description: 'an ft:… model name, or the job id (ftjob-…) that produced it' },
  ],
  options: {
    yes: { type: 'boolean', short: 'y', description: 'delete without asking (needed without a terminal)' },
  },
  examples: [
    'delete-model ft:gpt-4o-mini-2024-07-18:acme:support:9uJPavMj --yes',
    'delete-model ftjob-abc123 --yes',
  ],
  async run({ args, ui, io, signal, client }) {
    const target = args.positional('model');
    if (!target.startsWith('ft:') && !target.startsWith('ftjob-')) {
      throw args.usageError(`"${target}" is neither a fine-tuned model (ft:…) nor a job id (ftjob-…).`);
    }
    if (!args.flag('yes')) {
      if (!canAsk(io)) {
        throw args.usageError(
          `Deleting ${target} cannot be undone, and there is no terminal to ask: add --yes to confirm.`,
        );
      }
      const what = target.startsWith('ftjob-') ? `the model made by ${target}` : target;
      if (!(await confirm(io, `Delete ${what}? This cannot be undone.`, signal))) {
        throw new CliError(`Not deleted: ${target} is untouched.`, ExitCode.failure);
      }
    }
    const [handle, { FineTuneJob }] = await Promise.all([client(), loadJob()]);
    const result = target.startsWith('ftjob-')
      ? await (
          await FineTuneJob.attach(handle.client, target, { ...jobOptions(handle), signal })
        ).deleteModel({ signal })
      : await handle.client.models
          .delete(target, { signal })
          .then((deleted) => ({ id: deleted.id, deleted: deleted.deleted }));
    if (ui.json) ui.printJson(result);
    else if (result.deleted) ui.print(`${ui.colors.success('✓')} deleted ${result.id}`);
    else ui.print(`${ui.colors.warning('!')} the API did not confirm the deletion of ${result.id}`);
    return result.deleted ? undefined : 1;
  },
};
