/**
 * `finetune-kit run <file>`: the whole workflow in one go — validate and estimate, upload, create,
 * watch, metrics, a first answer from the model, and the reports written to a directory.
 *
 * @module
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetReport } from '../../dataset/index.js';
import type { EvalGrader, EvaluationResult } from '../../evaluate/index.js';
import type { FineTuneJobCreateParams } from '../../job/index.js';
import { computeBilledCost, ESTIMATE_METADATA_KEY } from '../../metrics/billed-cost.js';
import { CliError } from '../cli-error.js';
import type { CommandContext, CommandDefinition } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { cliCommand, dashboardLine, shellQuote } from '../hints.js';
import { noteFilesForReport, watchToEnd } from '../job-commands.js';
import { INTERVAL_OPTION } from '../job-options.js';
import { loadMetrics } from '../library.js';
import { renderJobDetails } from '../render/job.js';
import { renderMetricsSummary } from '../render/metrics-summary.js';
import { renderValidationReport } from '../render/validation-report.js';
import { terminalSafe } from '../ui/terminal-text.js';
import type { Ui } from '../ui/ui.js';
import { createJob, JOB_PARAMETER_OPTIONS, readJobParameters } from './create.js';
import {
  EVAL_GRADER_OPTION,
  EVAL_OPTIONS,
  evaluateWithProgress,
  printEvaluation,
  writeEvaluation,
} from './eval.js';
import { printWritten, writeMetricsExports } from './metrics.js';
import { validateWithProgress } from './validate.js';

/** A chat turn to try the model with. */
interface Probe {
  readonly system: string | null;
  readonly user: string;
  /** The answer in the data, when the probe comes from an example. */
  readonly expected: string | null;
}

/** The first example with a user message, from the validation file (held out) or else the training file. */
async function probeFromData(path: string): Promise<Probe | null> {
  const text = await readFile(path, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    try {
      const example = JSON.parse(line) as { messages?: { role?: string; content?: unknown }[] };
      const messages = example.messages ?? [];
      const user = messages.find((message) => message.role === 'user' && typeof message.content === 'string');
      if (!user) continue;
      const system = messages.find(
        (message) => message.role === 'system' && typeof message.content === 'string',
      );
      const answer = messages.find(
        (message) => message.role === 'assistant' && typeof message.content === 'string',
      );
      return {
        system: (system?.content as string | undefined) ?? null,
        user: user.content as string,
        expected: (answer?.content as string | undefined) ?? null,
      };
    } catch {
      // Not a JSON line: try the next one.
    }
  }
  return null;
}

function heading(ui: Ui, step: number, title: string): void {
  if (ui.json) return;
  ui.print(
    '',
    ui.colors.bold(ui.colors.accent(`━━ ${step}. ${title} ${'━'.repeat(Math.max(3, 60 - title.length))}`)),
  );
}

/** The `run` command. */
export const runCommand: CommandDefinition = {
  name: 'run',
  group: 'jobs',
  summary: 'Validate → upload → create → watch → metrics → try the model, in one go',
  description:
    'Stops before uploading when the data has errors (--force goes on). With --out, writes report.svg, metrics.json, metrics.csv and metrics.vl.json there. With --simulate, everything runs against the in-process simulator: no key, no cost.',
  usesApi: true,
  positionals: [{ name: 'file', description: 'the training file (.jsonl)' }],
  options: {
    ...JOB_PARAMETER_OPTIONS,
    out: { type: 'string', short: 'o', valueName: '<dir>', description: 'write the charts and metrics here' },
    prompt: {
      type: 'string',
      valueName: '<text>',
      description: 'what to ask the fine-tuned model',
      defaultText: 'the first user message of the validation (else training) file',
    },
    chat: {
      type: 'boolean',
      negatable: true,
      description: 'do not ask the model anything (no evaluation, no question)',
    },
    'eval-data': {
      type: 'string',
      valueName: '<path>',
      description:
        'evaluate on this chat JSONL instead of the validation file (which still gives the validation loss)',
      defaultText: 'the validation file',
    },
    ...EVAL_OPTIONS,
    'eval-grader': EVAL_GRADER_OPTION,
    chart: { type: 'boolean', negatable: true, description: 'no live chart while watching' },
    ...INTERVAL_OPTION,
  },
  examples: [
    'run examples/data/chat-support.jsonl --simulate',
    'run train.jsonl --validation-file valid.jsonl --model gpt-4.1-mini --suffix support --out reports/',
    'run examples/data/chat-support.jsonl --validation-file examples/data/chat-support-validation.jsonl --eval-data examples/data/chat-support-paraphrases.jsonl --simulate',
  ],
  exitCodes:
    '0 the job succeeded, 1 invalid data or the job failed or was cancelled, 2 usage error, 3 no or refused API key, 4 API unavailable, 130 stopped watching (the job keeps running)',
  async run(context) {
    const { args, ui, signal } = context;
    const file = args.positional('file');
    const params = await readJobParameters(args, file, context.resolvePath, (line) =>
      ui.notice(ui.errorColors.muted(line)),
    );
    const validationFile = args.string('validation-file');
    const evalData = args.string('eval-data');
    if (evalData !== undefined && args.has('prompt')) {
      throw new CliError(
        '--eval-data and --prompt exclude each other: run either evaluates the model on a file or asks it one question.',
        ExitCode.usage,
      );
    }
    // Known before training starts, not after a paid job: the file must at least be readable.
    if (evalData !== undefined) {
      await access(context.resolvePath(evalData)).catch((error: Error) => {
        throw new CliError(
          `Cannot read the --eval-data file ${terminalSafe(evalData)}: ${terminalSafe(error.message)}`,
          ExitCode.usage,
        );
      });
    }
    // Fail fast on configuration (no key) before the long validation.
    const handle = await context.client();

    heading(ui, 1, 'Validate and estimate');
    const localValidationFile =
      validationFile && !validationFile.startsWith('file-') ? context.resolvePath(validationFile) : null;
    // The upload takes this report instead of validating the same files again (unless they change).
    const withReport = await noteFilesForReport(
      [file.startsWith('file-') ? null : context.resolvePath(file), localValidationFile].filter(
        (path): path is string => path !== null,
      ),
    );
    const report = await validateWithProgress(context, file, {
      model: params.model,
      method: params.method?.type ?? 'supervised',
      ...(localValidationFile ? { validationFile: localValidationFile } : {}),
      ...hyperparametersOf(params),
    });
    emit(ui, { type: 'validated', report: summarizeReport(report) });
    if (!ui.json) {
      ui.print(
        ...renderValidationReport(report, ui.colors, {
          maxPerCode: 3,
          names: { training: file, ...(validationFile ? { validation: validationFile } : {}) },
        }),
      );
    }
    if (!report.ok && !args.flag('force')) {
      throw new CliError(
        `${file} has ${report.countsBySeverity.error} error(s): nothing was uploaded.`,
        ExitCode.failure,
        'Fix them (`finetune-kit fix` repairs the mechanical ones) and run again, or add --force.',
      );
    }

    heading(ui, 2, 'Upload and create the job');
    const job = await createJob(context, withEstimate(params, report), withReport(report));
    emit(ui, { type: 'created', job: job.job });
    if (!ui.json) {
      ui.print(...renderJobDetails(job.job, ui.colors));
      const dashboard = dashboardLine(handle, job.id);
      if (dashboard) ui.print(ui.colors.muted(dashboard));
    }

    heading(ui, 3, 'Train');
    const followed = await watchToEnd(context, job);
    if (!followed) return ExitCode.interrupted;
    const billedCost = computeBilledCost(followed.job);
    if (billedCost && !ui.json) ui.print(`${ui.colors.muted('Cost:')} ${billedCost.note}`);

    heading(ui, 4, 'Metrics');
    const { Metrics } = await loadMetrics();
    const metrics = await Metrics.fromJob(handle.client, job.id, { signal });
    const best = metrics.bestCheckpoint();
    emit(ui, { type: 'analysis', findings: metrics.diagnose(), bestCheckpoint: best.best });
    if (!ui.json) {
      ui.print(
        ...renderMetricsSummary(metrics, ui.colors, { columns: ui.columns, ascii: !ui.colors.enabled }),
      );
    }

    const model = followed.job.fine_tuned_model;
    let answer: string | null = null;
    let lastQuestion = args.string('prompt');
    let evaluation: EvaluationResult | null = null;
    // A held-out file answers "which checkpoint?" better than one question: evaluate on it.
    const evalFile = evalData === undefined ? localValidationFile : context.resolvePath(evalData);
    if (args.flag('chat', true) && model && evalFile && !args.has('prompt')) {
      heading(ui, 5, 'Evaluate the checkpoints');
      evaluation = await evaluateWithProgress(context, job.id, evalFile, {
        limit: RUN_EVAL_LIMIT,
        graders: reinforcementGrader(params) ?? ['similarity', 'exact'],
        graderOption: 'eval-grader',
      });
      emit(ui, { type: 'evaluation', ...evaluationSummary(evaluation) });
      if (!ui.json) printEvaluation(ui, evaluation);
    } else if (args.flag('chat', true) && model) {
      heading(ui, 5, 'Try the model');
      const asked = await askModel(context, model, args.string('prompt'), validationFile ?? file);
      answer = asked.answer;
      lastQuestion = asked.question;
    }

    const out = args.string('out');
    let written: { format: string; path: string; bytes: number }[] = [];
    if (out) {
      heading(ui, 6, 'Reports');
      const dir = context.resolvePath(out);
      written = await writeMetricsExports(metrics, {
        svg: join(dir, 'report.svg'),
        'out-json': join(dir, 'metrics.json'),
        csv: join(dir, 'metrics.csv'),
        vega: join(dir, 'metrics.vl.json'),
      });
      if (evaluation) {
        for (const file of await writeEvaluation(join(dir, 'evaluation'), evaluation))
          written.push({ format: 'evaluation', ...file });
      }
      if (!ui.json) printWritten(ui, context.io.cwd, written);
    }
    emit(ui, { type: 'done', ok: true, job: followed.job, model, answer, written, billedCost });
    if (!ui.json) {
      // With --simulate, the next commands need it too to reach the same simulated account; typed
      // as this run was started (npx from the repository), each runs exactly as printed.
      const flag = (await context.client()).account?.flag ?? '';
      const cli = cliCommand(context.io.env);
      const question = shellQuote(lastQuestion ?? 'Hello!');
      ui.print(
        '',
        ui.colors.muted(
          evaluation
            ? `Next: ${cli} eval ${job.id} --data ${shellQuote(evalData ?? validationFile ?? '')} --grader similarity${flag}   ·   ${cli} chat ${model} ${question}${flag}   ·   ${cli} checkpoints ${job.id}${flag}`
            : `Next: ${cli} chat ${model} ${question}${flag}   ·   ${cli} metrics ${job.id}${flag}   ·   ${cli} checkpoints ${job.id}${flag}`,
        ),
      );
    }
    return undefined;
  },
};

/**
 * The job's parameters with the estimated cost in its metadata, so `status` and archives can show
 * it next to the billed cost later. Left out when there is no estimate, or no room: OpenAI allows 16
 * metadata pairs and the job layer adds its request token.
 */
function withEstimate(params: FineTuneJobCreateParams, report: DatasetReport): FineTuneJobCreateParams {
  const usd = report.estimate.costUsd;
  const metadata = params.metadata ?? {};
  if (usd === null || ESTIMATE_METADATA_KEY in metadata || Object.keys(metadata).length >= 15) return params;
  return { ...params, metadata: { ...metadata, [ESTIMATE_METADATA_KEY]: String(usd) } };
}

/** The grader a reinforcement job trains with: the evaluation grades with it too. */
function reinforcementGrader(params: FineTuneJobCreateParams): EvalGrader[] | null {
  const method = params.method as { type?: string; reinforcement?: { grader?: unknown } } | undefined;
  const grader = method?.type === 'reinforcement' ? method.reinforcement?.grader : undefined;
  return grader && typeof grader === 'object' ? [grader as EvalGrader] : null;
}

/** `run` evaluates at most this many examples of the evaluation file (`eval` evaluates them all). */
const RUN_EVAL_LIMIT = 50;

/** The evaluation in `run --json`: per model, without the per-example answers. */
function evaluationSummary(evaluation: EvaluationResult): Record<string, unknown> {
  const { examples: _examples, ...summary } = evaluation.toJSON();
  return { ...summary, examples: evaluation.examples.length };
}

/** One line of `run --json` output (newline-delimited, like `watch --json`). */
function emit(ui: Ui, value: Record<string, unknown>): void {
  if (ui.json) ui.printJsonLine(value);
}

function summarizeReport(report: DatasetReport): Record<string, unknown> {
  return {
    ok: report.ok,
    format: report.format,
    examples: report.examples,
    countsBySeverity: report.countsBySeverity,
    countsByCode: report.countsByCode,
    tokens: report.tokens,
    estimate: report.estimate,
  };
}

function hyperparametersOf(params: Awaited<ReturnType<typeof readJobParameters>>): {
  hyperparameters?: { n_epochs: number | 'auto' };
} {
  const method = params.method as { type: string; [key: string]: unknown } | undefined;
  const settings = method?.[method.type] as { hyperparameters?: { n_epochs?: number | 'auto' } } | undefined;
  const epochs = settings?.hyperparameters?.n_epochs;
  return epochs === undefined ? {} : { hyperparameters: { n_epochs: epochs } };
}

async function askModel(
  context: CommandContext,
  model: string,
  prompt: string | undefined,
  dataFile: string,
): Promise<{ question: string; answer: string }> {
  const { ui, signal } = context;
  const probe: Probe | null = prompt
    ? { system: null, user: prompt, expected: null }
    : dataFile.startsWith('file-')
      ? null
      : await probeFromData(context.resolvePath(dataFile));
  const question = probe ?? { system: null, user: 'Hello! What can you help me with?', expected: null };
  const { client, kind } = await context.client();
  const simulated = kind === 'simulator';
  const completion = await client.chat.completions.create(
    {
      model,
      messages: [
        ...(question.system ? [{ role: 'system' as const, content: question.system }] : []),
        { role: 'user' as const, content: question.user },
      ],
    },
    { signal },
  );
  const answer = completion.choices[0]?.message.content ?? '';
  emit(ui, { type: 'chat', model, question: question.user, answer });
  if (!ui.json) {
    const { colors } = ui;
    ui.print(`${colors.muted('you ›')} ${question.user}`, `${colors.accent('model ›')} ${answer}`);
    if (question.expected && !prompt) ui.print(colors.muted(`(the data's answer: ${question.expected})`));
    if (simulated) {
      ui.print(colors.muted('(a simulated model answers with the training example closest to the question)'));
    }
  }
  return { question: question.user, answer };
}
