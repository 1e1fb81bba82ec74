/**
 * `finetune-kit delete-model <model|job> --yes`: delete a fine-tuned model.
 *
 * @module
 */
import type { CommandDefinition } from '../command.js';
import { jobOptions } from '../job-options.js';
import { loadJob } from '../library.js';

/** The `delete-model` command. */
export const deleteModelCommand: CommandDefinition = {
  name: 'delete-model',
  group: 'results',
  summary: 'Delete a fine-tuned model (by name, or by the job that made it)',
  description:
    'Deletion cannot be undone, so --yes is required. Needs the Owner role in the organisation. A retry after a lost response counts a 404 as deleted.',
  usesApi: true,
  positionals: [
    { name: 'model', description: 'an ft:… model name, or the job id (ftjob-…) that produced it' },
  ],
  options: { yes: { type: 'boolean', short: 'y', description: 'confirm the deletion' } },
  examples: [
    'delete-model ft:gpt-4o-mini-2024-07-18:acme:support:9uJPavMj --yes',
    'delete-model ftjob-abc123 --yes',
  ],
  async run({ args, ui, signal, client }) {
    const target = args.positional('model');
    if (!target.startsWith('ft:') && !target.startsWith('ftjob-')) {
      throw args.usageError(`"${target}" is neither a fine-tuned model (ft:…) nor a job id (ftjob-…).`);
    }
    if (!args.flag('yes')) {
      throw args.usageError(`Deleting ${target} cannot be undone: add --yes to confirm.`);
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
