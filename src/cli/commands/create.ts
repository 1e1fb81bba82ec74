/**
 * `finetune-kit create <training-file>`: start a fine-tuning job with every parameter of the API;
 * local files are validated and uploaded first. `--watch` follows it to the end.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { FineTuneJob, FineTuneJobCreateParams, PrevalidatedFile } from '../../job/index.js';
import type { CommandContext, CommandDefinition, OptionSpec } from '../command.js';
import type { CommandArgs } from '../command-args.js';
import { ExitCode } from '../exit-codes.js';
import { cliCommand, dashboardLine } from '../hints.js';
import { inferMethodFromFile, requireModelForMethod } from '../infer-method.js';
import { watchToEnd, withValidationRefusal } from '../job-commands.js';
import { INTERVAL_OPTION, jobOptions } from '../job-options.js';
import { loadJob } from '../library.js';
import { requireModel } from '../model-names.js';
import { renderJobDetails } from '../render/job.js';
import { uploadProgress } from './upload.js';
import { DEFAULT_MODEL, METHODS } from './validate.js';

const FILE_ID = /^file-[A-Za-z0-9_-]+$/;

/** Every job parameter, shared by `create` and `run`. */
export const JOB_PARAMETER_OPTIONS = {
  model: {
    type: 'string',
    short: 'm',
    valueName: '<name>',
    description: 'base model (or an ft: model to continue from)',
    defaultText: DEFAULT_MODEL,
  },
  'validation-file': {
    type: 'string',
    valueName: '<id|path>',
    description: 'validation file: a file id or a local path',
  },
  method: {
    type: 'string',
    valueName: '<type>',
    description: 'supervised, dpo or reinforcement',
    defaultText: 'inferred from a local training file, else supervised',
  },
  'n-epochs': { type: 'string', valueName: '<n|auto>', description: 'epochs, 1–50' },
  'batch-size': { type: 'string', valueName: '<n|auto>', description: 'batch size, 1–256' },
  'learning-rate-multiplier': {
    type: 'string',
    valueName: '<x|auto>',
    description: 'learning rate multiplier, > 0',
  },
  beta: { type: 'string', valueName: '<x|auto>', description: 'DPO: beta, in (0, 2]' },
  grader: {
    type: 'string',
    valueName: '<file.json>',
    description: 'reinforcement: the grader, as a JSON file',
  },
  'reasoning-effort': {
    type: 'string',
    valueName: '<level>',
    description: 'reinforcement: default, low, medium or high',
  },
  'compute-multiplier': {
    type: 'string',
    valueName: '<x|auto>',
    description: 'reinforcement: compute multiplier',
  },
  'eval-interval': {
    type: 'string',
    valueName: '<n|auto>',
    description: 'reinforcement: steps between evaluations',
  },
  'eval-samples': {
    type: 'string',
    valueName: '<n|auto>',
    description: 'reinforcement: samples per evaluation',
  },
  suffix: {
    type: 'string',
    valueName: '<text>',
    description: 'up to 64 characters in the model name (ft:…:<suffix>:…)',
  },
  seed: { type: 'string', valueName: '<n>', description: 'seed for reproducibility' },
  metadata: { type: 'string', multiple: true, valueName: '<key=value>', description: 'metadata pair' },
  'wandb-project': {
    type: 'string',
    valueName: '<name>',
    description: 'report to this Weights & Biases project',
  },
  'request-token': {
    type: 'string',
    valueName: '<token>',
    description: 'idempotency token: re-running with the same token never creates a second job',
  },
  force: { type: 'boolean', short: 'f', description: 'upload local files even when validation finds errors' },
} as const satisfies Record<string, OptionSpec>;

/**
 * Reads the job parameters. `training` is a file id or a local path (resolved). Without `--method`,
 * the method is inferred from a local training file (told through `notice`), else `supervised`.
 *
 * @param notice - Told `Method: dpo (inferred from the data)` when the method was inferred.
 * @throws {CliUsageError} On a bad value, naming the option; when the model cannot be trained with
 *   the method, naming one that can.
 */
export async function readJobParameters(
  args: CommandArgs,
  training: string,
  resolvePath: (path: string) => string,
  notice: (line: string) => void = () => {},
): Promise<FineTuneJobCreateParams> {
  const model = requireModel(args.string('model') ?? DEFAULT_MODEL, args.command);
  const given = args.choice('method', METHODS);
  const inferred =
    given === undefined && !FILE_ID.test(training) ? await inferMethodFromFile(resolvePath(training)) : null;
  const type = given ?? inferred ?? 'supervised';
  if (inferred) notice(`Method: ${inferred} (inferred from the data)`);
  requireModelForMethod(
    model,
    type,
    given ? `--method ${given}` : inferred ? 'inferred from the data' : 'the default method',
    args.command,
  );
  const hyperparameters: Record<string, number | string> = {};
  const set = (key: string, value: number | string | undefined) => {
    if (value !== undefined) hyperparameters[key] = value;
  };
  set('n_epochs', args.autoOrNumber('n-epochs', { min: 1, max: 50, integer: true }));
  set('batch_size', args.autoOrNumber('batch-size', { min: 1, max: 256, integer: true }));
  set(
    'learning_rate_multiplier',
    args.autoOrNumber('learning-rate-multiplier', { min: 0, exclusiveMin: true }),
  );
  const onlyFor = (option: string, method: string) => {
    if (args.has(option) && type !== method)
      throw args.usageError(`--${option} applies to --method ${method} only.`);
  };
  onlyFor('beta', 'dpo');
  set('beta', args.autoOrNumber('beta', { min: 0, exclusiveMin: true, max: 2 }));
  for (const option of [
    'grader',
    'reasoning-effort',
    'compute-multiplier',
    'eval-interval',
    'eval-samples',
  ]) {
    onlyFor(option, 'reinforcement');
  }
  set('reasoning_effort', args.choice('reasoning-effort', ['default', 'low', 'medium', 'high'] as const));
  set('compute_multiplier', args.autoOrNumber('compute-multiplier', { min: 0, exclusiveMin: true }));
  set('eval_interval', args.autoOrNumber('eval-interval', { min: 1, integer: true }));
  set('eval_samples', args.autoOrNumber('eval-samples', { min: 1, integer: true }));
  let grader: unknown;
  const graderFile = args.string('grader');
  if (graderFile) {
    const text = await readFile(resolvePath(graderFile), 'utf8').catch((error: unknown) => {
      throw args.usageError(`--grader: cannot read ${graderFile} (${(error as Error).message}).`);
    });
    try {
      grader = JSON.parse(text);
    } catch (error) {
      throw args.usageError(`--grader: ${graderFile} is not valid JSON (${(error as Error).message}).`);
    }
  } else if (type === 'reinforcement') {
    throw args.usageError(
      given
        ? '--method reinforcement needs --grader <file.json>.'
        : 'Reinforcement data (inferred from the data) needs --grader <file.json>.',
    );
  }
  const settings: Record<string, unknown> =
    Object.keys(hyperparameters).length > 0 ? { hyperparameters } : {};
  if (grader !== undefined) settings.grader = grader;
  const validation = args.string('validation-file');
  const seed = args.number('seed', { integer: true, min: 0, max: 2_147_483_647 });
  const suffix = args.string('suffix');
  if (suffix !== undefined && suffix.length > 64)
    throw args.usageError('--suffix must be at most 64 characters.');
  const metadata = args.keyValues('metadata');
  const wandb = args.string('wandb-project');
  const asFile = (value: string) => (FILE_ID.test(value) ? value : resolvePath(value));
  return {
    model: model.requested,
    training_file: asFile(training),
    ...(validation ? { validation_file: asFile(validation) } : {}),
    method: { type, [type]: settings } as NonNullable<FineTuneJobCreateParams['method']>,
    ...(suffix ? { suffix } : {}),
    ...(seed === undefined ? {} : { seed }),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    ...(wandb ? { integrations: [{ type: 'wandb' as const, wandb: { project: wandb } }] } : {}),
  };
}

/**
 * Creates the job, uploading local files first with a progress bar.
 *
 * @param context - The command context.
 * @param params - From {@link readJobParameters}.
 * @param validated - Reports already made for the local files (`run` validates first), so the
 *   upload does not validate them again while they are unchanged.
 */
export async function createJob(
  context: CommandContext,
  params: FineTuneJobCreateParams,
  validated: readonly PrevalidatedFile[] = [],
): Promise<FineTuneJob> {
  const { args, ui, signal } = context;
  const [handle, { FineTuneJob }] = await Promise.all([context.client(), loadJob()]);
  const requestToken = args.string('request-token');
  const job = await withValidationRefusal(
    ui,
    () =>
      FineTuneJob.create(handle.client, params, {
        ...jobOptions(handle, args),
        signal,
        ...(requestToken ? { requestToken } : {}),
        onWarning: (warning) => {
          if (!ui.json) ui.notice(ui.errorColors.warning(`! ${warning.message}`));
        },
        upload: {
          force: args.flag('force'),
          onProgress: uploadProgress(ui, 'Uploading'),
          ...(validated.length > 0 ? { validated } : {}),
        },
      }),
    Object.fromEntries(
      [args.positional(args.command === 'run' ? 'file' : 'training-file'), args.string('validation-file')]
        .filter((path): path is string => path !== undefined)
        .map((path) => [context.resolvePath(path), path]),
    ),
  );
  return job;
}

/** The `create` command. */
export const createCommand: CommandDefinition = {
  name: 'create',
  group: 'jobs',
  summary: 'Start a fine-tuning job (local files are validated and uploaded first)',
  description:
    'Takes every job parameter of the API. Creation is idempotent: a retried request never creates a second job. With --watch, follows the job to the end like `finetune-kit watch`.',
  usesApi: true,
  positionals: [{ name: 'training-file', description: 'a file id (file-…) or a local JSONL path' }],
  options: {
    ...JOB_PARAMETER_OPTIONS,
    watch: { type: 'boolean', short: 'w', description: 'follow the job until it ends' },
    chart: { type: 'boolean', negatable: true, description: 'with --watch: no live chart' },
    ...INTERVAL_OPTION,
  },
  examples: [
    'create train.jsonl --model gpt-4o-mini --suffix support --n-epochs 3 --watch',
    'create file-abc123 --validation-file file-def456 --metadata team=support',
    'create prefs.jsonl --method dpo --beta 0.1',
    'create tasks.jsonl --model o4-mini --method reinforcement --grader grader.json',
  ],
  exitCodes:
    '0 created (with --watch: succeeded), 1 invalid data or the job failed or was cancelled, 2 usage error, 3 no or refused API key, 4 API unavailable, 130 stopped watching',
  async run(context) {
    const { args, ui } = context;
    const params = await readJobParameters(
      args,
      args.positional('training-file'),
      context.resolvePath,
      (line) => ui.notice(ui.errorColors.muted(line)),
    );
    const job = await createJob(context, params);
    const handle = await context.client();
    const dashboard = ui.json ? null : dashboardLine(handle, job.id);
    if (!args.flag('watch')) {
      if (ui.json) ui.printJson(job.job);
      else
        ui.print(
          ...renderJobDetails(job.job, ui.colors),
          ...(dashboard ? [ui.colors.muted(dashboard)] : []),
          ui.colors.muted(
            `Follow it: ${cliCommand(context.io.env)} watch ${job.id}${handle.account?.flag ?? ''}`,
          ),
        );
      return undefined;
    }
    if (dashboard) ui.notice(ui.errorColors.muted(dashboard));
    return (await watchToEnd(context, job)) ? undefined : ExitCode.interrupted;
  },
};
