/**
 * `finetune-kit checkpoints <job>`: the kept checkpoints, their losses, and which one is best; and
 * `checkpoints share|permissions|revoke`: which projects of the organization may use a fine-tuned
 * model or checkpoint (OpenAI's checkpoint permissions, admin key only).
 *
 * @module
 */
import type { CheckpointPermission } from '../../job/checkpoint-permissions.js';
import { CliError } from '../cli-error.js';
import type { CommandContext, CommandDefinition } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { attachJob, JOB_POSITIONAL } from '../job-commands.js';
import { jobOptions } from '../job-options.js';
import { loadJob, loadMetrics } from '../library.js';
import { renderCheckpointTable } from '../render/job.js';
import { renderTable } from '../ui/table.js';
import { terminalSafe } from '../ui/terminal-text.js';

const CHECKPOINT_POSITIONAL = {
  name: 'checkpoint',
  description: 'a fine-tuned model or checkpoint name (ft:…, e.g. ft:…:ckpt-step-84)',
} as const;

/**
 * The sharing calls of the checkpoint named on the command line, on a client that sends the admin
 * key. The simulator accepts any key, so a simulated client without one uses its API key.
 *
 * @throws {CliError} Exit 3 without OPENAI_ADMIN_KEY, exit 2 on Azure or for a name that is not `ft:…`.
 */
async function checkpointSharing(context: CommandContext) {
  const { args } = context;
  const checkpoint = args.positional('checkpoint');
  if (!checkpoint.startsWith('ft:')) {
    throw args.usageError(
      `"${checkpoint}" is not a fine-tuned model or checkpoint name (ft:…); \`finetune-kit checkpoints <job>\` lists them.`,
    );
  }
  const [handle, { FineTuneJob }] = await Promise.all([context.client(), loadJob()]);
  if (handle.kind === 'azure')
    throw args.usageError(
      'Checkpoint permissions are an OpenAI admin API: Azure OpenAI does not document them.',
    );
  let client = handle.client;
  if (client.adminAPIKey == null) {
    if (handle.kind !== 'simulator') {
      throw new CliError(
        'Checkpoint permissions need an admin API key, and OPENAI_ADMIN_KEY is not set.',
        ExitCode.auth,
        'Set OPENAI_ADMIN_KEY to an admin key of the organization (an owner creates one in the platform settings), or add --simulate to try it.',
      );
    }
    client = client.withOptions({ adminAPIKey: client.apiKey });
  }
  const { clock, retry } = jobOptions(handle);
  return FineTuneJob.checkpointPermissions(client, checkpoint, {
    ...(clock ? { clock } : {}),
    ...(retry ? { retry } : {}),
  });
}

function permissionRows(permissions: readonly CheckpointPermission[]): string[][] {
  return permissions.map((permission) => [
    terminalSafe(permission.project_id),
    terminalSafe(permission.id),
    new Date(permission.created_at * 1000).toISOString().replace('T', ' ').slice(0, 16),
  ]);
}

/** `checkpoints share`. */
export const checkpointsShareCommand: CommandDefinition = {
  name: 'checkpoints share',
  group: 'results',
  summary: 'Share a fine-tuned model or checkpoint with other projects of the organization (admin key)',
  description:
    'Needs OPENAI_ADMIN_KEY (an admin API key). The projects can then call the model with their own keys. A project that already has access is refused (nothing is granted then).',
  usesApi: true,
  positionals: [CHECKPOINT_POSITIONAL],
  options: {
    project: {
      type: 'string',
      multiple: true,
      valueName: '<proj_…>',
      description: 'a project to share with; repeat it or separate ids with commas',
    },
  },
  examples: [
    'checkpoints share ft:gpt-4o-mini-2024-07-18:acme:support:9uJPavMj --project proj_abGMw1llN8IrBb6SvvY5A1iH',
    'checkpoints share ft:gpt-4o-mini-2024-07-18:acme:support:9uJPavMj:ckpt-step-84 --project proj_a…,proj_b…',
  ],
  async run(context) {
    const { ui, args, signal } = context;
    const projectIds = args
      .strings('project')
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value.length > 0);
    if (projectIds.length === 0) throw args.usageError('Name at least one project: --project proj_….');
    const sharing = await checkpointSharing(context);
    const permissions = await sharing.share(projectIds, { signal });
    if (ui.json) {
      ui.printJson({ checkpoint: sharing.checkpoint, permissions });
      return undefined;
    }
    ui.print(
      `${ui.colors.success('✓')} shared ${terminalSafe(sharing.checkpoint)} with ${permissions.length === 1 ? 'a project' : `${permissions.length} projects`}`,
      ...renderTable(['PROJECT', 'PERMISSION', 'CREATED (UTC)'], permissionRows(permissions)),
    );
    return undefined;
  },
};

/** `checkpoints permissions`. */
export const checkpointsPermissionsCommand: CommandDefinition = {
  name: 'checkpoints permissions',
  group: 'results',
  summary: 'List the projects a fine-tuned model or checkpoint is shared with (admin key)',
  description: 'Needs OPENAI_ADMIN_KEY. Newest grant first.',
  usesApi: true,
  positionals: [CHECKPOINT_POSITIONAL],
  options: {
    project: { type: 'string', valueName: '<proj_…>', description: 'only the grant of this project' },
  },
  examples: ['checkpoints permissions ft:gpt-4o-mini-2024-07-18:acme:support:9uJPavMj --json'],
  async run(context) {
    const { ui, args, signal } = context;
    const projectId = args.string('project');
    const sharing = await checkpointSharing(context);
    const permissions = await sharing.list({ signal, ...(projectId === undefined ? {} : { projectId }) });
    if (ui.json) {
      ui.printJson({ checkpoint: sharing.checkpoint, permissions });
      return undefined;
    }
    if (permissions.length === 0) {
      ui.print(
        ui.colors.muted(
          `${terminalSafe(sharing.checkpoint)} is not shared with ${projectId === undefined ? 'any project' : terminalSafe(projectId)}.`,
        ),
      );
      return undefined;
    }
    ui.print(...renderTable(['PROJECT', 'PERMISSION', 'CREATED (UTC)'], permissionRows(permissions)));
    return undefined;
  },
};

/** `checkpoints revoke`. */
export const checkpointsRevokeCommand: CommandDefinition = {
  name: 'checkpoints revoke',
  group: 'results',
  summary: 'Revoke a permission: the project can no longer use the model (admin key)',
  description:
    'Needs OPENAI_ADMIN_KEY. The permission id (cp_…) is in the output of `checkpoints permissions`; share again to undo.',
  usesApi: true,
  positionals: [CHECKPOINT_POSITIONAL, { name: 'permission', description: 'the permission id (cp_…)' }],
  examples: [
    'checkpoints revoke ft:gpt-4o-mini-2024-07-18:acme:support:9uJPavMj cp_zc4Q7MP6XxulcVzj4MZdwsAB',
  ],
  async run(context) {
    const { ui, args, signal } = context;
    const permissionId = args.positional('permission');
    const sharing = await checkpointSharing(context);
    const result = await sharing.revoke(permissionId, { signal });
    if (ui.json) ui.printJson({ checkpoint: sharing.checkpoint, ...result });
    else if (result.deleted)
      ui.print(
        `${ui.colors.success('✓')} revoked ${terminalSafe(result.id)} on ${terminalSafe(sharing.checkpoint)}`,
      );
    else ui.print(`${ui.colors.warning('!')} the API did not confirm revoking ${terminalSafe(result.id)}`);
    return result.deleted ? undefined : ExitCode.failure;
  },
};

/** The `checkpoints` command. */
export const checkpointsCommand: CommandDefinition = {
  name: 'checkpoints',
  group: 'results',
  summary: 'List checkpoints with their losses and the best one to use',
  description:
    'Each checkpoint is a model you can call (`finetune-kit chat <model> …`). The best is ranked by full validation loss when there is one. The subcommands share a model or checkpoint with other projects of the organization (admin key).',
  usesApi: true,
  positionals: [JOB_POSITIONAL],
  examples: [
    'checkpoints ftjob-abc123',
    'checkpoints share ft:gpt-4o-mini-2024-07-18:acme:support:9uJPavMj --project proj_abGMw1llN8IrBb6SvvY5A1iH',
  ],
  subcommands: [checkpointsShareCommand, checkpointsPermissionsCommand, checkpointsRevokeCommand],
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
