/**
 * `finetune-kit eval <job> --data valid.jsonl`: the job's checkpoints, final model and base model
 * answer the held-out prompts; the table says which answers best, by how much, and at what cost.
 * `run` ends with the same evaluation when it has a validation file.
 *
 * @module
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EvalGrader, EvaluateJobOptions, EvaluationResult } from '../../evaluate/index.js';
import { CliError } from '../cli-error.js';
import { defaultAccountDir } from '../client/account-dir.js';
import type { ClientHandle } from '../client/create-client.js';
import type { CommandContext, CommandDefinition, OptionSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { JOB_POSITIONAL } from '../job-commands.js';
import { loadEvaluate } from '../library.js';
import { terminalSafe } from '../ui/terminal-text.js';
import type { Ui } from '../ui/ui.js';
import { printWritten } from './metrics.js';

const PRESETS = ['exact', 'similarity', 'json', 'tool_calls'] as const;

/** `eval --grader` (`run` has its own `--grader`, the reinforcement grader: it takes `--eval-grader`). */
const GRADER_OPTION: OptionSpec = {
  type: 'string',
  multiple: true,
  valueName: '<name|file>',
  description: 'exact, similarity, json, tool_calls, or a JSON file with a grader object (or a list)',
  defaultText: 'exact',
};

/** `run --eval-grader`. */
export const EVAL_GRADER_OPTION: OptionSpec = {
  ...GRADER_OPTION,
  description: `how the evaluation grades answers: ${GRADER_OPTION.description}`,
  defaultText: "similarity and exact; a reinforcement job's own grader",
};

/** Options `eval` and `run` share. */
export const EVAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  limit: { type: 'string', valueName: '<n>', description: 'evaluate only the first n examples' },
  concurrency: {
    type: 'string',
    valueName: '<n>',
    description: 'requests in flight at once',
    defaultText: '4',
  },
  'cache-dir': {
    type: 'string',
    valueName: '<dir>',
    description: 'keep answers here; a re-run asks only for what is missing',
    defaultText: 'the state directory (with --simulate: the simulated account)',
  },
  cache: { type: 'boolean', negatable: true, description: 'ask every question again, keep nothing' },
};

/** Reads `--grader` values: preset names or JSON files with a grader or a list of graders. */
async function readGraders(
  context: CommandContext,
  option: string,
  fallback: readonly EvalGrader[],
): Promise<EvalGrader[]> {
  const values = context.args.strings(option);
  if (values.length === 0) return [...fallback];
  const graders: EvalGrader[] = [];
  for (const value of values) {
    if ((PRESETS as readonly string[]).includes(value)) {
      graders.push(value as EvalGrader);
      continue;
    }
    if (!value.endsWith('.json')) {
      throw context.args.usageError(
        `--${option} must be one of ${PRESETS.join(', ')} or a .json file with a grader; got "${value}".`,
      );
    }
    const text = await readFile(context.resolvePath(value), 'utf8').catch((error: unknown) => {
      throw new CliError(`Cannot read the grader file ${value}: ${(error as Error).message}`, ExitCode.usage);
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new CliError(`${value} is not JSON: ${(error as Error).message}`, ExitCode.usage);
    }
    graders.push(...((Array.isArray(parsed) ? parsed : [parsed]) as EvalGrader[]));
  }
  return graders;
}

/** Where answers are cached: `--cache-dir`, none with `--no-cache`, else the state directory. */
function cacheDirOf(context: CommandContext, handle: ClientHandle): string | undefined {
  if (!context.args.flag('cache', true)) return undefined;
  const given = context.args.string('cache-dir');
  if (given) return context.resolvePath(given);
  if (handle.account) return join(handle.account.dir, 'eval-cache');
  // An in-process simulator (tests, the library's own) keeps nothing between runs.
  if (handle.kind === 'simulator') return undefined;
  return join(dirname(defaultAccountDir(context.io.env)), 'eval-cache');
}

/**
 * Evaluates a job with a progress bar on stderr.
 *
 * @param context - The command context (its `eval` options are read).
 * @param jobId - The job.
 * @param data - The resolved path of the examples.
 * @param extra - Models and baseline, when given.
 */
export async function evaluateWithProgress(
  context: CommandContext,
  jobId: string,
  data: string,
  extra: Pick<EvaluateJobOptions, 'models' | 'baseline' | 'limit'> & {
    /** Graders without `--grader`. @default ['exact'] */
    readonly graders?: readonly EvalGrader[];
    /** The option naming the graders. @default 'grader' */
    readonly graderOption?: string;
  } = {},
): Promise<EvaluationResult> {
  const { ui, args, signal } = context;
  const [handle, { evaluateJob }, graders] = await Promise.all([
    context.client(),
    loadEvaluate(),
    readGraders(context, extra.graderOption ?? 'grader', extra.graders ?? ['exact']),
  ]);
  const concurrency = args.number('concurrency', { min: 1, max: 64, integer: true });
  const limit = args.number('limit', { min: 1, integer: true }) ?? extra.limit;
  const cacheDir = cacheDirOf(context, handle);
  const bar = ui.json ? null : ui.progress({ label: 'Evaluating', unit: 'answers' });
  // The library knows the total once it has read the data; the examples in the file say it sooner.
  const examples = bar ? await countExamples(data, limit) : null;
  try {
    const result = await evaluateJob(handle.client, jobId, {
      data,
      graders,
      ...(extra.models ? { models: extra.models } : {}),
      ...(extra.baseline === undefined ? {} : { baseline: extra.baseline }),
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(limit === undefined ? {} : { limit }),
      ...(cacheDir ? { cacheDir } : {}),
      ...(handle.retry ? { retry: handle.retry.call } : {}),
      clock: handle.clock,
      signal,
      onProgress: (progress) =>
        bar?.update(progress.done, {
          total: progress.total ?? (examples === null ? null : examples * progress.models),
          detail: progress.cached > 0 ? `${progress.cached} from the cache` : '',
        }),
    });
    const answers = result.models.reduce((sum, model) => sum + model.examples, 0);
    const cached = result.models.reduce((sum, model) => sum + model.cachedAnswers, 0);
    bar?.finish(`Evaluated ${answers} answers${cached > 0 ? ` (${cached} from the cache)` : ''}`);
    return result;
  } catch (error) {
    bar?.fail();
    throw error;
  }
}

/**
 * Non-blank lines of a JSONL file (at most `limit`), or `null` when it cannot be read or is too
 * large to read twice (the bar then counts up without a total until the data is read).
 */
async function countExamples(path: string, limit: number | undefined): Promise<number | null> {
  const size = await stat(path).then(
    (info) => info.size,
    () => null,
  );
  if (size === null || size > 32 * 1024 * 1024) return null;
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return null;
  const lines = text.split('\n').filter((line) => line.trim() !== '').length;
  return Math.min(lines, limit ?? Number.POSITIVE_INFINITY);
}

/** Prints the evaluation: the table, the chart and the notes. */
export function printEvaluation(ui: Ui, result: EvaluationResult): void {
  const { colors } = ui;
  // Model ids and labels come from the API (and the user's files): printed through terminalSafe.
  const [title = '', , ...table] = result.toText().split('\n').map(terminalSafe);
  ui.print(colors.muted(title), '', ...table.map((line, index) => (index === 0 ? colors.bold(line) : line)));
  ui.print(
    '',
    ...result
      .toTerminalChart({ ascii: !colors.enabled, width: Math.min(ui.columns, 100) })
      .split('\n')
      .map(terminalSafe),
  );
}

/** Writes the evaluation's exports into `dir`. */
export async function writeEvaluation(
  dir: string,
  result: EvaluationResult,
): Promise<{ path: string; bytes: number }[]> {
  const files: [string, string][] = [
    ['evaluation.json', `${JSON.stringify(result, null, 2)}\n`],
    ['evaluation.csv', result.toCSV({ level: 'models' })],
    ['answers.csv', result.toCSV()],
    ['answers.jsonl', result.toJSONL()],
    ['evaluation.svg', result.toSVG()],
    ['evaluation.vl.json', `${JSON.stringify(result.toVegaLite(), null, 2)}\n`],
  ];
  await mkdir(dir, { recursive: true });
  const written: { path: string; bytes: number }[] = [];
  for (const [name, text] of files) {
    const path = join(dir, name);
    await writeFile(path, text);
    written.push({ path, bytes: Buffer.byteLength(text) });
  }
  return written;
}

/** The `eval` command. */
export const evalCommand: CommandDefinition = {
  name: 'eval',
  group: 'results',
  summary: "Compare a job's checkpoints and base model on held-out prompts",
  description:
    'Asks the base model, each kept checkpoint and the final model every prompt of --data (the messages before the last assistant message), grades the answers against that message, and prints the mean score per model with 95% bootstrap intervals, the difference to the baseline (the base model) with wins/ties/losses, latency, tokens and the cost. Answers are cached: a re-run pays only for what is missing.',
  usesApi: true,
  positionals: [JOB_POSITIONAL],
  options: {
    data: { type: 'string', valueName: '<file>', description: 'the held-out examples (chat .jsonl)' },
    grader: GRADER_OPTION,
    ...EVAL_OPTIONS,
    model: {
      type: 'string',
      multiple: true,
      valueName: '<model>',
      description: "evaluate these models instead of the job's",
    },
    baseline: {
      type: 'string',
      valueName: '<model>',
      description: 'compare the others with this model; none for no comparison',
      defaultText: "the job's base model",
    },
    out: {
      type: 'string',
      short: 'o',
      valueName: '<dir>',
      description: 'write JSON, CSV, JSONL and charts here',
    },
  },
  examples: [
    'eval ftjob-abc123 --data valid.jsonl',
    'eval ftjob-abc123 --data valid.jsonl --grader exact --grader similarity --out eval/',
    'eval ftjob-abc123 --data valid.jsonl --grader grader.json --model ft:gpt-4o-mini-2024-07-18:acme:support:9uJPavMj --baseline gpt-4o-mini',
  ],
  async run(context) {
    const { args, ui } = context;
    const jobId = args.positional('job');
    const data = args.string('data');
    if (!data) throw args.usageError('eval needs --data <file>: the held-out examples to ask.');
    const baseline = args.string('baseline');
    const models = args.strings('model');
    const result = await evaluateWithProgress(context, jobId, context.resolvePath(data), {
      ...(models.length > 0 ? { models } : {}),
      ...(baseline === undefined ? {} : { baseline: baseline === 'none' ? null : baseline }),
    });
    const out = args.string('out');
    const written = out ? await writeEvaluation(context.resolvePath(out), result) : [];
    if (ui.json) {
      ui.printJson({ ok: true, ...result.toJSON(), written: written.map((file) => file.path) });
      return undefined;
    }
    printEvaluation(ui, result);
    if (written.length > 0) {
      ui.print('');
      printWritten(ui, context.io.cwd, written);
    }
    return undefined;
  },
};
