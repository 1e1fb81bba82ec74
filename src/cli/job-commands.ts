/**
 * Helpers shared by the commands that work on one job: attaching, the refusal of invalid data,
 * following a job to its end, and the one-line outcome of a finished job.
 *
 * @module
 */

import type { DatasetReport } from '../dataset/index.js';
import { DatasetError } from '../errors.js';
import type { FineTuneJob, FineTuneJobSnapshot, PrevalidatedFile } from '../job/index.js';
import { CliError } from './cli-error.js';
import type { ClientHandle } from './client/create-client.js';
import type { CommandContext } from './command.js';
import { ExitCode } from './exit-codes.js';
import { type FollowJobResult, followJob } from './follow-job.js';
import { cliCommand } from './hints.js';
import { jobOptions } from './job-options.js';
import { loadJob } from './library.js';
import { renderValidationReport } from './render/validation-report.js';
import { formatDuration, formatInteger } from './ui/format.js';
import type { Ui } from './ui/ui.js';

/**
 * Notes the size and modification time of local files just before they are validated, so that the
 * upload can take that validation's report instead of reading the files again. A file that changes
 * in between no longer matches and is validated again by the upload; one that cannot be read is left
 * out (validation reports it).
 *
 * @param paths - Absolute paths of the files about to be validated.
 * @returns Pairs each file with the report once validation has made it.
 */
export async function noteFilesForReport(
  paths: readonly string[],
): Promise<(report: DatasetReport) => PrevalidatedFile[]> {
  const { stat } = await import('node:fs/promises');
  const noted = await Promise.all(
    paths.map((path) =>
      stat(path).then(
        (info) => ({ path, size: info.size, mtimeMs: info.mtimeMs }),
        () => null,
      ),
    ),
  );
  const files = noted.filter((file) => file !== null);
  return (report) => files.map((file) => ({ ...file, report }));
}

/** A job id argument, as every job command takes it. */
export const JOB_POSITIONAL = { name: 'job', description: 'the job id (ftjob-…)' } as const;

/**
 * Attaches to a job by id (one retrieve; nothing is followed yet).
 *
 * @param context - The command context.
 * @param from - Where event delivery starts when the job is followed. @default 'beginning'
 */
export async function attachJob(
  context: CommandContext,
  from: 'beginning' | 'now' = 'beginning',
): Promise<{ job: FineTuneJob; handle: ClientHandle }> {
  const id = context.args.positional('job');
  const [handle, { FineTuneJob }] = await Promise.all([context.client(), loadJob()]);
  const job = await FineTuneJob.attach(handle.client, id, {
    ...jobOptions(handle, context.args),
    from,
    signal: context.signal,
  });
  return { job, handle };
}

/**
 * Runs `action`; when it refuses a file whose validation found errors, prints the report and
 * turns the refusal into a clear CLI error (exit 1).
 *
 * @param ui - Where to print the report.
 * @param action - An upload or a job creation.
 * @param names - Display names of resolved paths (as the user typed them).
 * @param role - Whether the file refused is a training or a validation file (the report's heading).
 */
export async function withValidationRefusal<T>(
  ui: Ui,
  action: () => Promise<T>,
  names: Readonly<Record<string, string>> = {},
  role: 'training' | 'validation' = 'training',
): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!DatasetError.isInstance(error) || error.code !== 'dataset_invalid') throw error;
    const refusal = error as DatasetError;
    if (!refusal.report) throw error;
    const report = refusal.report as DatasetReport;
    ui.closeRegion(true);
    const name = names[refusal.source ?? ''];
    if (!ui.json) {
      ui.print(
        ...renderValidationReport(report, ui.colors, {
          sections: false,
          role,
          ...(name ? { names: { training: name } } : {}),
        }),
      );
    }
    const errors = report.countsBySeverity.error;
    throw new CliError(
      `Refusing to upload ${role === 'validation' ? 'validation file ' : ''}${names[refusal.source ?? ''] ?? refusal.source ?? 'the file'}: validation found ${errors} error${errors === 1 ? '' : 's'}.`,
      ExitCode.failure,
      'Fix them (see above; `finetune-kit fix` repairs the mechanical ones), or add --force to upload anyway.',
      { cause: error },
    );
  }
}

/**
 * Follows a job to its end as `watch`, `create --watch` and `run` do: the live display, then the
 * outcome. Ctrl-C stops watching, not the job: a notice says how to resume watching or cancel it.
 *
 * @param context - The command context (output, `--chart`, the Ctrl-C signal).
 * @param job - The job to follow.
 * @returns What following saw, or `undefined` when the user stopped watching (exit with
 * `ExitCode.interrupted`).
 * @throws {CliError} Exit code 1 when the job ended other than succeeded.
 * @throws {JobFailedError} When the job failed; {@link JobCancelledError} when it was cancelled.
 */
export async function watchToEnd(
  context: CommandContext,
  job: FineTuneJob,
): Promise<FollowJobResult | undefined> {
  const { args, ui, signal } = context;
  let followed: FollowJobResult;
  try {
    followed = await followJob(ui, job, { chart: args.flag('chart', true), signal });
  } catch (error) {
    if (!signal.aborted) throw error;
    // With --simulate the job lives in the persisted simulated account, where time moves on too.
    const { account } = await context.client();
    const where = account ? `in the simulated account (${account.dir})` : 'on the server';
    const flag = account?.flag ?? '';
    const cli = cliCommand(context.io.env);
    ui.notice(
      ui.errorColors.warning(`Stopped watching. ${job.id} is not cancelled: it goes on ${where}.`),
      ui.errorColors.muted(
        `Resume with: ${cli} watch ${job.id}${flag}   Stop the job: ${cli} cancel ${job.id}${flag}`,
      ),
    );
    return undefined;
  }
  if (!ui.json) ui.print(...renderOutcome(ui, followed.job));
  if (followed.job.status !== 'succeeded') {
    throw new CliError(`Job ${job.id} ended as ${followed.job.status}.`, ExitCode.failure);
  }
  return followed;
}

/** `✓ ftjob-… succeeded in 7m 10s: ft:…` and the trained tokens. */
export function renderOutcome(ui: Ui, job: FineTuneJobSnapshot): string[] {
  const { colors } = ui;
  const took =
    job.finished_at === null ? '' : ` in ${formatDuration((job.finished_at - job.created_at) * 1000)}`;
  if (job.status === 'succeeded') {
    return [
      `${colors.success('✓')} ${colors.bold(job.id)} succeeded${took}`,
      `  fine-tuned model  ${colors.accent(job.fine_tuned_model ?? '(not reported)')}`,
      ...(job.trained_tokens === null ? [] : [`  trained tokens    ${formatInteger(job.trained_tokens)}`]),
    ];
  }
  return [`${colors.warning('●')} ${colors.bold(job.id)} is ${job.status}`];
}
