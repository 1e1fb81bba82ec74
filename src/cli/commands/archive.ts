/**
 * `finetune-kit archive [job...] | --all`: save jobs (job, events, checkpoints, result files) as
 * JSON files to analyse offline, e.g. before OpenAI's fine-tuning shutdown.
 *
 * @module
 */
import type { ArchiveJobResult, ArchiveProgress } from '../../metrics/index.js';
import { CliError } from '../cli-error.js';
import type { CommandDefinition } from '../command.js';
import { describeError } from '../describe-error.js';
import { ExitCode } from '../exit-codes.js';
import { loadMetrics } from '../library.js';
import { displayPath } from '../output-files.js';
import { plural } from '../ui/format.js';
import { terminalSafe } from '../ui/terminal-text.js';
import type { Ui } from '../ui/ui.js';

function describeResult(ui: Ui, result: ArchiveJobResult, cwd: string): string {
  const { colors } = ui;
  // Job ids come from the server's listing with --all.
  const jobId = terminalSafe(result.jobId);
  const shown = terminalSafe(displayPath(cwd, result.path));
  const counts = `${plural(result.events, 'event')}, ${plural(result.checkpoints, 'checkpoint')}, ${plural(result.resultFiles, 'result file')}`;
  if (result.state === 'skipped')
    return `${colors.muted('=')} ${jobId} ${colors.muted(`already archived: ${shown}`)}`;
  const status = terminalSafe(String(result.status));
  return `${colors.success('✓')} ${jobId} → ${shown} ${colors.muted(`(${counts}${result.complete ? '' : `; ${status}, archive again when it ends`})`)}`;
}

/** The `archive` command. */
export const archiveCommand: CommandDefinition = {
  name: 'archive',
  group: 'results',
  summary: 'Save jobs with their events, checkpoints and result files as JSON',
  description:
    "Writes <dir>/<job>.json per job. A finished job's complete archive is skipped next time (--refresh rewrites it). Read one back with `finetune-kit metrics <dir>/<job>.json`.",
  usesApi: true,
  positionals: [{ name: 'job', description: 'job ids to archive', required: false, variadic: true }],
  options: {
    all: { type: 'boolean', description: 'archive every job of the account' },
    dir: {
      type: 'string',
      short: 'd',
      valueName: '<dir>',
      description: 'where to write',
      defaultText: 'finetune-archive',
    },
    'include-files': { type: 'boolean', description: 'also store the training and validation files' },
    refresh: { type: 'boolean', description: 'rewrite archives that are already complete' },
    limit: { type: 'string', valueName: '<n>', description: 'with --all: at most n jobs, newest first' },
    metadata: {
      type: 'string',
      multiple: true,
      valueName: '<key=value>',
      description: 'with --all: only these jobs',
    },
  },
  examples: ['archive ftjob-abc123', 'archive --all --dir backups/fine-tuning --include-files'],
  exitCodes: '0 all archived, 1 some failed, 2 usage error, 3 no or refused API key, 4 API unavailable',
  async run({ args, ui, io, signal, client, resolvePath }) {
    const ids = args.rest('job');
    const all = args.flag('all');
    if (all === ids.length > 0) throw args.usageError('Give job ids or --all (one of the two).');
    if (!all && (args.has('limit') || args.has('metadata')))
      throw args.usageError('--limit and --metadata apply to --all.');
    const dir = resolvePath(args.string('dir') ?? 'finetune-archive');
    const common = {
      dir,
      includeFiles: args.flag('include-files'),
      refresh: args.flag('refresh'),
      signal,
    };
    const onProgress = (progress: ArchiveProgress) => {
      if (ui.json) return;
      if (progress.phase === 'listing')
        ui.notice(ui.errorColors.muted(`Found ${plural(progress.jobsFound, 'job')}…`));
    };
    const [{ client: openai }, { archiveAll, archiveJob }] = await Promise.all([client(), loadMetrics()]);
    const archived: ArchiveJobResult[] = [];
    const failed: { jobId: string; error: string }[] = [];
    if (all) {
      const limit = args.number('limit', { min: 1, integer: true });
      const metadata = args.keyValues('metadata');
      const result = await archiveAll(openai, {
        ...common,
        ...(limit === undefined ? {} : { limit }),
        ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
        onProgress: (progress) => {
          onProgress(progress);
          if (!ui.json && progress.phase === 'job' && progress.state === 'started') {
            ui.notice(
              ui.errorColors.muted(`[${progress.index}/${progress.total}] ${terminalSafe(progress.jobId)}`),
            );
          }
        },
      });
      archived.push(...result.archived);
      failed.push(
        ...result.failed.map((entry) => ({ jobId: entry.jobId, error: describeError(entry.error).message })),
      );
    } else {
      for (const id of ids) {
        try {
          archived.push(await archiveJob(openai, id, common));
        } catch (error) {
          if (signal.aborted) throw error;
          failed.push({ jobId: id, error: describeError(error).message });
        }
      }
    }
    if (ui.json) {
      ui.printJson({ ok: failed.length === 0, dir, archived, failed });
      return failed.length === 0 ? ExitCode.ok : ExitCode.failure;
    }
    for (const result of archived) ui.print(describeResult(ui, result, io.cwd));
    for (const failure of failed)
      ui.print(`${ui.colors.error('✗')} ${terminalSafe(failure.jobId)}: ${failure.error}`);
    if (archived.length === 0 && failed.length === 0) ui.print(ui.colors.muted('No jobs to archive.'));
    if (failed.length > 0) {
      throw new CliError(`${plural(failed.length, 'job')} could not be archived.`, ExitCode.failure);
    }
    return undefined;
  },
};
