/**
 * `finetune-kit validate <file>`: every issue with its line, token statistics and the cost estimate.
 *
 * @module
 */
import { stat } from 'node:fs/promises';
import type {
  DatasetReport,
  ModerationHook,
  ValidateOptions,
  ValidationChecks,
} from '../../dataset/index.js';
import { CliUsageError } from '../cli-error.js';
import type { CommandContext, CommandDefinition } from '../command.js';
import type { CommandArgs } from '../command-args.js';
import { ExitCode } from '../exit-codes.js';
import { checkInputFile } from '../input-file.js';
import { loadDataset } from '../library.js';
import { requireModel } from '../model-names.js';
import { createModerationHook, MODERATION_MODEL } from '../moderation-hook.js';
import { derivedPath } from '../output-files.js';
import { renderValidationReport } from '../render/validation-report.js';
import { formatBytes } from '../ui/format.js';
import type { ProgressBar } from '../ui/progress-bar.js';

/** Files at least this large get a progress bar while they are read. */
export const PROGRESS_THRESHOLD_BYTES = 4 * 1024 * 1024;

/** The default model of the data commands. */
export const DEFAULT_MODEL = 'gpt-4o-mini';

/** The methods `--method` accepts. */
export const METHODS = ['supervised', 'dpo', 'reinforcement'] as const;

/** Options shared by the commands that validate data. */
export const DATA_OPTIONS = {
  model: {
    type: 'string',
    short: 'm',
    valueName: '<name>',
    description: 'model to check limits and prices against (alias, snapshot or ft: name)',
    defaultText: DEFAULT_MODEL,
  },
  method: {
    type: 'string',
    valueName: '<type>',
    description: 'training method: supervised, dpo or reinforcement (default: inferred from the data)',
  },
  'n-epochs': {
    type: 'string',
    valueName: '<n>',
    description: 'epochs for the estimate, 1–50 (default: auto)',
  },
  profile: {
    type: 'string',
    valueName: '<name>',
    description: 'rules of openai or azure',
    defaultText: 'openai',
  },
} as const;

/**
 * Reads the shared data options into `Dataset.validate()` options.
 *
 * @param args - The parsed arguments.
 * @param withModel - Read `--model` (single) too. @default true
 */
export function readValidateOptions(args: CommandArgs, withModel = true): ValidateOptions {
  const model = withModel ? requireModel(args.string('model') ?? DEFAULT_MODEL, args.command) : undefined;
  const method = args.choice('method', METHODS);
  const epochs = args.autoOrNumber('n-epochs', { min: 1, max: 50, integer: true });
  const profile = args.choice('profile', ['openai', 'azure'] as const);
  return {
    ...(model ? { model: model.requested } : {}),
    ...(method ? { method } : {}),
    ...(epochs === undefined ? {} : { hyperparameters: { n_epochs: epochs } }),
    ...(profile ? { profile } : {}),
  };
}

/**
 * Validates `path`, with a progress bar for large files (plain lines in pipes and CI).
 *
 * @param context - The command context (UI, signal).
 * @param path - The file, as typed.
 * @param options - Validation options.
 */
export async function validateWithProgress(
  context: Pick<CommandContext, 'ui' | 'signal' | 'resolvePath'>,
  path: string,
  options: ValidateOptions,
  stdin?: AsyncIterable<Uint8Array | string>,
): Promise<DatasetReport> {
  const { ui, signal } = context;
  const size = stdin
    ? 0
    : await stat(context.resolvePath(path)).then(
        (info) => info.size,
        () => 0,
      );
  let bar: ProgressBar | null = null;
  const { Dataset } = await loadDataset();
  // Standard input has no name, so the `.jsonl` extension check does not apply to it.
  const dataset = stdin ? Dataset.fromStream(stdin) : Dataset.fromFile(context.resolvePath(path));
  const report = await dataset.validate({
    ...options,
    signal,
    onProgress: (progress) => {
      const total = progress.totalBytes ?? size;
      if (total < PROGRESS_THRESHOLD_BYTES) return;
      const label = progress.file === 'validation' ? 'Validating the validation file' : `Validating ${path}`;
      bar ??= ui.progress({ label, total, format: formatBytes });
      bar.update(progress.bytesRead, { total, detail: `${progress.lines.toLocaleString('en-US')} lines` });
    },
  });
  (bar as ProgressBar | null)?.finish(`Validated ${path} (${formatBytes(report.bytes)})`);
  return report;
}

/** The `validate` command. */
export const validateCommand: CommandDefinition = {
  name: 'validate',
  group: 'data',
  summary: 'Check a JSONL file: every issue with its line, token stats and the cost',
  description:
    "Runs every check OpenAI applies (and more: tools, images, preference and reinforcement data, duplicates), counts tokens exactly with the model's encoding, and estimates epochs and cost. Nothing is uploaded.",
  // Validation itself never needs the API; --moderate does, and takes the API options like every
  // API command (--simulate for the simulated account, --azure, --base-url). The client is only
  // built when --moderate asks for it.
  usesApi: true,
  positionals: [{ name: 'file', description: 'the training file (.jsonl), or - for standard input' }],
  options: {
    ...DATA_OPTIONS,
    'validation-file': {
      type: 'string',
      valueName: '<path>',
      description: 'a validation file to check too (and for overlap with the training file)',
    },
    'max-issues': {
      type: 'string',
      valueName: '<n>',
      description: 'issues listed per code in the report',
      defaultText: '5',
    },
    moderate: {
      type: 'boolean',
      description: `run every example through the Moderation API (${MODERATION_MODEL}); flagged lines are reported as moderation_risk`,
    },
    'moderation-cache': {
      type: 'string',
      valueName: '<path>',
      description: 'where --moderate keeps its answers by content hash, so an interrupted run resumes',
      defaultText: '<file>.moderation.jsonl',
    },
    'sensitive-data': {
      type: 'boolean',
      description:
        'look for secrets and personal data (possible_secret, possible_pii); redact them with fix --redact',
    },
    'near-duplicates': {
      type: 'boolean',
      description: 'look for near-duplicate examples (in the file and across --validation-file)',
    },
    'near-duplicate-threshold': {
      type: 'string',
      valueName: '<0-1>',
      description:
        'estimated Jaccard similarity from which examples are near-duplicates (implies --near-duplicates)',
      defaultText: '0.8',
    },
  },
  examples: [
    'validate train.jsonl',
    'validate train.jsonl --model gpt-4.1-mini --validation-file valid.jsonl',
    'validate prefs.jsonl --method dpo --json | jq .countsByCode',
    'validate - < train.jsonl',
  ],
  exitCodes: '0 the data has no errors (warnings allowed), 1 errors found, 2 usage error',
  async run(context) {
    const { args, ui } = context;
    const file = args.positional('file');
    const options: ValidateOptions = {
      ...readValidateOptions(args),
      checks: readChecks(args),
      ...(args.flag('moderate') ? { moderation: await moderationHook(context, file) } : {}),
    };
    const maxPerCode = args.number('max-issues', { min: 0, integer: true }) ?? 5;
    const validationFile = args.string('validation-file');
    let stdin: AsyncIterable<Uint8Array | string> | undefined;
    if (file === '-') {
      if (!context.io.stdin)
        throw new CliUsageError('validate -: this process has no standard input to read.', 'validate');
      stdin = context.io.stdin;
      // Nothing piped in: the terminal itself is the input, which would look like a hang.
      if ((stdin as { readonly isTTY?: boolean }).isTTY === true) {
        ui.notice('Reading JSONL from standard input; end with Ctrl-D, or pass a file.');
      }
    } else {
      await checkInputFile(args.command, file, context.resolvePath(file));
    }
    if (validationFile) {
      await checkInputFile(
        args.command,
        validationFile,
        context.resolvePath(validationFile),
        '--validation-file',
      );
    }
    // On Ctrl-C the validation settles, but a read still waiting on the terminal or an open pipe
    // would keep the process alive until a second Ctrl-C: close standard input too.
    const release = () => (stdin as { destroy?: () => void } | undefined)?.destroy?.();
    if (stdin) context.signal.addEventListener('abort', release, { once: true });
    let report: DatasetReport;
    try {
      report = await validateWithProgress(
        context,
        file,
        { ...options, ...(validationFile ? { validationFile: context.resolvePath(validationFile) } : {}) },
        stdin,
      );
    } finally {
      context.signal.removeEventListener('abort', release);
    }
    if (ui.json) ui.printJson(report);
    else {
      ui.print(
        ...renderValidationReport(report, ui.colors, {
          maxPerCode,
          names: {
            training: file === '-' ? 'standard input' : file,
            ...(validationFile ? { validation: validationFile } : {}),
          },
          // Remedies name commands that take a file: standard input has none to name.
          ...(file === '-' ? { commandFiles: { training: null } } : {}),
        }),
      );
    }
    return report.ok ? ExitCode.ok : ExitCode.failure;
  },
};

/** `--sensitive-data`, `--near-duplicates` and `--near-duplicate-threshold` as `checks`. */
function readChecks(args: CommandArgs): ValidationChecks {
  const threshold = args.number('near-duplicate-threshold', { min: 0, max: 1 });
  return {
    sensitiveData: args.flag('sensitive-data'),
    nearDuplicates: args.flag('near-duplicates') || threshold !== undefined,
    ...(threshold === undefined ? {} : { nearDuplicateThreshold: threshold }),
  };
}

/** The `--moderate` hook over the command's client, with its cache file. */
async function moderationHook(context: CommandContext, file: string): Promise<ModerationHook> {
  const { args, ui } = context;
  const cache =
    args.string('moderation-cache') ?? (file === '-' ? undefined : derivedPath(file, 'moderation'));
  const { client } = await context.client();
  return createModerationHook({
    client,
    cacheFile: cache === undefined ? undefined : context.resolvePath(cache),
    onProgress: ({ requested, cached }) =>
      ui.debug(`moderation: ${requested} example(s) sent, ${cached} answered from the cache`),
  });
}
