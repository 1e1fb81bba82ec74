/**
 * `finetune-kit estimate <file>`: tokens, epochs and cost for one or several models side by side.
 *
 * The file is validated once per tokenizer encoding (models that share an encoding count the same
 * tokens); a model with a smaller per-example limit than the longest example is validated on its own,
 * because truncation changes what it bills.
 *
 * @module
 */
import type { CostEstimate, DatasetReport } from '../../dataset/index.js';
import { MODEL_TABLE, modelDeprecationStatus, type ResolvedModel, resolveModel } from '../../models/index.js';
import type { CommandDefinition } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { checkInputFile } from '../input-file.js';
import { loadDataset } from '../library.js';
import { requireModel } from '../model-names.js';
import { describeCliCostNote } from '../render/issue-remedy.js';
import type { Colors } from '../ui/colors.js';
import { formatDecimal, formatInteger, formatUsd, plural } from '../ui/format.js';
import { renderTable } from '../ui/table.js';
import { DATA_OPTIONS, readValidateOptions, validateWithProgress } from './validate.js';

/** One model's estimate. */
export interface ModelEstimate {
  readonly model: string;
  readonly encoding: string;
  readonly tokenLimit: number;
  readonly examplesOverLimit: number;
  readonly estimate: CostEstimate;
  /** Last day OpenAI accepts new jobs for the model, or `null`. */
  readonly jobCreationEnds: string | null;
  readonly daysUntilJobCreationEnds: number | null;
}

/** Models the table says can still take new jobs, for `method`. */
function currentModels(method: string | undefined): ResolvedModel[] {
  return Object.values(MODEL_TABLE)
    .filter((model) => {
      const status = modelDeprecationStatus(model);
      return !status.jobCreationEnded && !status.shutDown;
    })
    .filter((model) => method === undefined || (model.methods as readonly string[]).includes(method))
    .map((model) => resolveModel(model.snapshot));
}

/** The `estimate` command. */
export const estimateCommand: CommandDefinition = {
  name: 'estimate',
  group: 'data',
  summary: 'Tokens, epochs and cost of a file for several models side by side',
  description:
    "Counts the file's tokens exactly with each model's encoding and prices a training job. Without --model it compares every model that still takes new jobs for the file's method.",
  usesApi: false,
  positionals: [{ name: 'file', description: 'the training file (.jsonl)' }],
  options: {
    model: {
      ...DATA_OPTIONS.model,
      multiple: true,
      description: 'a model to price (repeat to compare)',
      defaultText: 'every model still taking jobs',
    },
    method: DATA_OPTIONS.method,
    'n-epochs': DATA_OPTIONS['n-epochs'],
    all: { type: 'boolean', description: 'include every model of the table, also retired ones' },
  },
  examples: [
    'estimate train.jsonl',
    'estimate train.jsonl --model gpt-4o-mini --model gpt-4.1-mini --n-epochs 2',
  ],
  exitCodes: '0 ok, 1 the data has errors (the estimate is still printed), 2 usage error',
  async run(context) {
    const { args, ui } = context;
    const file = args.positional('file');
    await checkInputFile(args.command, file, context.resolvePath(file));
    const names = args.strings('model');
    if (names.length > 0 && args.flag('all')) throw args.usageError('--all and --model cannot be combined.');
    const base = readValidateOptions(args, false);
    const method = args.choice('method', ['supervised', 'dpo', 'reinforcement'] as const);
    const models = names.length
      ? names.map((name) => requireModel(name, args.command))
      : args.flag('all')
        ? Object.values(MODEL_TABLE).map((model) => resolveModel(model.snapshot))
        : currentModels(method);

    // One validation per encoding, with its most generous model, so tokens are counted once.
    const reports = new Map<string, DatasetReport>();
    const byEncoding = new Map<string, ResolvedModel>();
    for (const model of models) {
      const current = byEncoding.get(model.encoding);
      if (!current || model.maxTokensPerExample > current.maxTokensPerExample)
        byEncoding.set(model.encoding, model);
    }
    for (const [encoding, model] of byEncoding) {
      reports.set(encoding, await validateWithProgress(context, file, { ...base, model: model.requested }));
    }
    const { estimateCost } = await loadDataset();
    const rows: ModelEstimate[] = [];
    for (const model of models) {
      let report = reports.get(model.encoding) as DatasetReport;
      const longest = report.stats.totalTokens?.max ?? 0;
      if (longest > model.maxTokensPerExample && byEncoding.get(model.encoding) !== model) {
        report = await validateWithProgress(context, file, { ...base, model: model.requested });
      }
      const overLimit = longest > model.maxTokensPerExample ? report.stats.examplesOverLimit : 0;
      const reference = report.estimate;
      const estimate =
        byEncoding.get(model.encoding) === model || overLimit > 0
          ? reference
          : {
              ...estimateCost({
                examples: report.examples,
                billablePerEpoch: report.tokens.billable,
                nEpochs: reference.epochs ?? undefined,
                model,
                modelName: model.requested,
                method: report.method,
              }),
              epochsSource: reference.epochsSource,
            };
      const status = modelDeprecationStatus(model);
      rows.push({
        model: model.snapshot,
        encoding: model.encoding,
        tokenLimit: model.maxTokensPerExample,
        examplesOverLimit: overLimit,
        estimate,
        jobCreationEnds: model.jobCreationEnds,
        daysUntilJobCreationEnds: status.daysUntilJobCreationEnds,
      });
    }
    const first = reports.values().next().value as DatasetReport;
    const errors = first.countsBySeverity.error;
    if (ui.json) {
      ui.printJson({
        ok: errors === 0,
        file,
        examples: first.examples,
        format: first.format,
        errors,
        models: rows,
      });
      return errors === 0 ? ExitCode.ok : ExitCode.failure;
    }
    const { colors } = ui;
    const epochs = first.estimate.epochs;
    ui.print(
      `${colors.bold(file)}: ${plural(first.examples, `${first.format.replace('_', '/')} example`)}, ${
        epochs === null
          ? 'no epochs (no examples)'
          : `${plural(epochs, 'epoch')} ${colors.muted(
              first.estimate.epochsSource === 'heuristic'
                ? '(n_epochs "auto", cookbook heuristic)'
                : '(--n-epochs)',
            )}`
      }`,
      '',
      ...renderTable(
        ['model', 'encoding', 'limit', 'over', 'tokens/epoch', 'billed tokens', 'cost', 'new jobs until'],
        rows.map((row) => [
          row.model,
          row.encoding,
          formatInteger(row.tokenLimit),
          row.examplesOverLimit > 0 ? colors.warning(formatInteger(row.examplesOverLimit)) : '0',
          formatInteger(row.estimate.billablePerEpoch),
          row.estimate.billedTokens === null ? '—' : formatInteger(row.estimate.billedTokens),
          row.estimate.costUsd === null ? colors.muted('n/a') : colors.bold(formatUsd(row.estimate.costUsd)),
          describeCutoff(row, colors),
        ]),
        {
          headerStyle: colors.muted,
          align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
        },
      ),
    );
    const notes = rows.filter((row) => row.estimate.costUsd === null);
    for (const row of notes)
      ui.print(colors.muted(`  ${row.model}: ${describeCliCostNote(row.estimate, row.model)}`));
    const priced = rows.find((row) => row.estimate.pricePer1M !== null);
    if (priced) {
      ui.print(
        colors.muted(
          `  cost = billed tokens × training price per 1M tokens (e.g. $${formatDecimal(priced.estimate.pricePer1M ?? 0, 2)} for ${priced.model}); validation files are free.`,
        ),
      );
    }
    if (errors > 0) {
      ui.print(
        '',
        colors.error(
          `The file has ${plural(errors, 'error')}: run \`finetune-kit validate ${file}\` to see them.`,
        ),
      );
      return ExitCode.failure;
    }
    return ExitCode.ok;
  },
};

function describeCutoff(row: ModelEstimate, colors: Colors): string {
  if (row.jobCreationEnds === null || row.daysUntilJobCreationEnds === null) return colors.muted('—');
  const days = row.daysUntilJobCreationEnds;
  if (days < 0) return colors.error(`${row.jobCreationEnds} (ended)`);
  const text = `${row.jobCreationEnds} (${plural(days, 'day')})`;
  return days <= 90 ? colors.warning(text) : text;
}
