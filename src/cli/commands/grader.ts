/**
 * `finetune-kit grader validate grader.json` and `finetune-kit grader run grader.json --sample …
 * --item …`: check a reinforcement fine-tuning grader and try it on one sample before paying for a
 * job, on the graders API (or the simulator with `--simulate`), or locally with `--local` (the
 * grader core: `string_check`, `text_similarity` but `cosine`, `multi`; model and Python graders
 * need the API).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { checkGrader } from '../../graders/check-grader.js';
import type { GradeResult, Grader } from '../../graders/types.js';
import { isRecord } from '../../internal/is-record.js';
import { CliError } from '../cli-error.js';
import type { CommandContext, CommandDefinition, OptionSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { loadJob } from '../library.js';
import { closestMatch } from '../suggest.js';
import { terminalSafe } from '../ui/terminal-text.js';
import type { Ui } from '../ui/ui.js';

const LOCAL_OPTION = {
  local: {
    type: 'boolean',
    description: 'compute with the grader core on this machine, without the API',
  },
} as const satisfies Record<string, OptionSpec>;

const GRADER_POSITIONAL = { name: 'grader', description: 'a JSON file with one grader' };

/** Reads a file named on the command line, as a usage error when it cannot be read. */
async function readArgumentFile(context: CommandContext, path: string, what: string): Promise<string> {
  return readFile(context.resolvePath(path), 'utf8').catch((error: unknown) => {
    throw new CliError(
      `Cannot read the ${what} file ${terminalSafe(path)}: ${(error as Error).message}`,
      ExitCode.usage,
    );
  });
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${terminalSafe(where)} is not JSON: ${(error as Error).message}`, ExitCode.usage);
  }
}

async function readGrader(context: CommandContext): Promise<Grader> {
  const path = context.args.positional('grader');
  const value = parseJson(await readArgumentFile(context, path, 'grader'), path);
  if (!isRecord(value))
    throw new CliError(`${terminalSafe(path)} must hold one grader object (with a "type").`, ExitCode.usage);
  return value as unknown as Grader;
}

/** `--sample`: the text itself, or `@file` for a file's content (one final newline dropped). */
async function readSample(context: CommandContext): Promise<string> {
  const value = context.args.string('sample');
  if (value === undefined)
    throw context.args.usageError('grader run needs --sample (the model answer, or @file).');
  if (!value.startsWith('@')) return value;
  return (await readArgumentFile(context, value.slice(1), 'sample')).replace(/\r?\n$/, '');
}

/** `--item`: a JSON object, or `@file` holding one. */
async function readItem(context: CommandContext): Promise<Record<string, unknown>> {
  const value = context.args.string('item');
  if (value === undefined) return {};
  const text = value.startsWith('@') ? await readArgumentFile(context, value.slice(1), 'item') : value;
  const item = parseJson(text, value.startsWith('@') ? value.slice(1) : '--item');
  if (!isRecord(item)) throw context.args.usageError('--item must be a JSON object (the dataset item).');
  return item;
}

function graderLabel(grader: Grader): string {
  return `${terminalSafe(grader.name)} (${terminalSafe(grader.type)})`;
}

/** `grader validate`. */
export const graderValidateCommand: CommandDefinition = {
  name: 'grader validate',
  group: 'jobs',
  summary: 'Check a grader as the fine-tuning API does (POST /fine_tuning/alpha/graders/validate)',
  description:
    'Exits 1 when the grader is invalid, naming the field. --local checks with the same rules the simulator applies at job creation, without the API (and lists every problem, not only the first).',
  usesApi: true,
  positionals: [GRADER_POSITIONAL],
  options: LOCAL_OPTION,
  examples: ['grader validate grader.json', 'grader validate grader.json --local --json'],
  async run(context) {
    const { ui, args, signal } = context;
    const grader = await readGrader(context);
    if (args.flag('local')) {
      const problems = checkGrader(grader, 'grader');
      if (ui.json) ui.printJson({ valid: problems.length === 0, problems });
      else if (problems.length === 0) ui.print(`${ui.colors.success('✓')} ${graderLabel(grader)} is valid`);
      else
        ui.print(
          `${ui.colors.error('✗')} ${graderLabel(grader)} is invalid:`,
          ...problems.map((problem) => `  ${terminalSafe(problem.path)}: ${terminalSafe(problem.message)}`),
        );
      return problems.length === 0 ? undefined : ExitCode.failure;
    }
    const [handle, { validateGrader }] = await Promise.all([context.client(), loadJob()]);
    const validated = await validateGrader(handle.client, grader, { signal });
    if (ui.json) ui.printJson({ valid: true, grader: validated });
    else ui.print(`${ui.colors.success('✓')} ${graderLabel(validated)} is valid`);
    return undefined;
  },
};

const ERROR_NAMES: Record<string, string> = {
  formulaParseError: 'formula error',
  sampleParseError: 'sample parse error',
  truncatedObservationError: 'truncated observation',
  unresponsiveRewardError: 'unresponsive reward',
  invalidVariableError: 'invalid template variable',
  otherError: 'other error',
  pythonGraderServerError: 'python grader server error',
  pythonGraderRuntimeError: 'python grader runtime error',
  modelGraderServerError: 'model grader server error',
  modelGraderRefusalError: 'model grader refusal',
  modelGraderParseError: 'model grader parse error',
};

/** The flags set in a result, in words. */
export function raisedErrors(result: GradeResult): string[] {
  return Object.entries(ERROR_NAMES)
    .filter(([key]) => result.errors[key as keyof GradeResult['errors']] === true)
    .map(([, name]) => name);
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4).replace(/0+$/, '');
}

function printResult(ui: Ui, result: GradeResult): void {
  const { colors } = ui;
  const errors = raisedErrors(result);
  const lines = [
    `${colors.bold('reward')}  ${formatNumber(result.reward)}  ${colors.muted(`${terminalSafe(result.name)} (${terminalSafe(result.type)})`)}`,
  ];
  for (const [name, reward] of Object.entries(result.subRewards))
    lines.push(`  ${terminalSafe(name)}  ${formatNumber(reward)}`);
  if (errors.length > 0) {
    lines.push(`${colors.error('✗')} ${errors.join(', ')}`);
    if (result.errorMessage) lines.push(`  ${terminalSafe(result.errorMessage)}`);
  }
  if (result.tokenUsage)
    lines.push(
      colors.muted(
        `grading model ${terminalSafe(result.sampledModelName ?? '?')}: ${result.tokenUsage.totalTokens} tokens`,
      ),
    );
  ui.print(...lines);
}

/** `grader run`. */
export const graderRunCommand: CommandDefinition = {
  name: 'grader run',
  group: 'jobs',
  summary: 'Grade one sample with a grader (POST /fine_tuning/alpha/graders/run)',
  description:
    'Prints the reward, the sub-rewards of a multi grader and any error the grader raised on this sample (exit 1 then). --local computes string_check, text_similarity (but cosine) and multi graders on this machine; model and Python graders need the API.',
  usesApi: true,
  positionals: [GRADER_POSITIONAL],
  options: {
    sample: {
      type: 'string',
      valueName: '<text|@file>',
      description: 'the model answer to grade (the sample namespace; JSON fills output_json)',
    },
    item: {
      type: 'string',
      valueName: '<json|@file>',
      description: 'the dataset item, a JSON object (the item namespace)',
      defaultText: '{}',
    },
    ...LOCAL_OPTION,
  },
  examples: [
    'grader run grader.json --sample "Paris" --item \'{"reference_answer": "Paris"}\'',
    'grader run grader.json --sample @answer.txt --item @item.json --json',
    'grader run grader.json --sample "Paris" --item \'{"reference_answer": "Paris"}\' --local',
  ],
  async run(context) {
    const { ui, args, signal } = context;
    const grader = await readGrader(context);
    const sample = await readSample(context);
    const item = await readItem(context);
    let result: GradeResult;
    if (args.flag('local')) {
      const [{ gradeSample, sampleFromText }, { FinetuneKitUsageError }] = await Promise.all([
        import('../../graders/grade.js'),
        import('../../errors.js'),
      ]);
      try {
        result = await gradeSample(grader, { sample: sampleFromText(sample), item }, { signal });
      } catch (error) {
        if (FinetuneKitUsageError.isInstance(error))
          throw new CliError(
            `The grader is invalid: ${terminalSafe((error as Error).message)}`,
            ExitCode.failure,
          );
        throw error;
      }
    } else {
      const [handle, { runGrader }] = await Promise.all([context.client(), loadJob()]);
      result = await runGrader(handle.client, { grader, sample, item }, { signal });
    }
    if (ui.json) ui.printJson(result);
    else printResult(ui, result);
    return raisedErrors(result).length === 0 ? undefined : ExitCode.failure;
  },
};

const SUBCOMMANDS = [graderValidateCommand, graderRunCommand] as const;

/** The `grader` command: only a subcommand does something. */
export const graderCommand: CommandDefinition = {
  name: 'grader',
  group: 'jobs',
  summary: 'Check a reinforcement fine-tuning grader, or try it on a sample: validate, run',
  description:
    'Graders score the samples of a reinforcement job (string_check, text_similarity, python, score_model, label_model inside multi, multi). Help for one: finetune-kit grader <subcommand> --help. See docs/graders.md.',
  usesApi: false,
  positionals: [{ name: 'subcommand', description: 'validate or run' }],
  subcommands: SUBCOMMANDS,
  examples: [
    'grader validate grader.json',
    'grader run grader.json --sample "Paris" --item \'{"reference_answer": "Paris"}\'',
  ],
  async run(context) {
    const name = context.args.positional('subcommand');
    const names = SUBCOMMANDS.map((subcommand) => subcommand.name.split(' ')[1] as string);
    const suggestion = closestMatch(name, names);
    throw context.args.usageError(
      `Unknown subcommand "${name}" of grader: expected ${names.join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    );
  },
};
