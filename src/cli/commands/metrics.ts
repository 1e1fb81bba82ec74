/**
 * `finetune-kit metrics <job|archive.json>`: the loss chart, diagnostics and the best checkpoint;
 * exports to SVG, Vega-Lite, CSV and JSON.
 *
 * @module
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Metrics } from '../../metrics/index.js';
import { CliError } from '../cli-error.js';
import type { CommandContext, CommandDefinition } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { loadMetrics } from '../library.js';
import { displayPath } from '../output-files.js';
import { renderMetricsSummary } from '../render/metrics-summary.js';
import { formatBytes } from '../ui/format.js';
import type { Ui } from '../ui/ui.js';

/** The export formats and their file writers. */
const EXPORTS = {
  svg: (metrics: Metrics) => metrics.toSVG(),
  vega: (metrics: Metrics) => `${JSON.stringify(metrics.toVegaLite(), null, 2)}\n`,
  csv: (metrics: Metrics) => metrics.toCSV(),
  'out-json': (metrics: Metrics) => `${JSON.stringify(metrics.toJSON(), null, 2)}\n`,
} as const;

/** An export format of {@link EXPORTS}. */
export type MetricsExport = keyof typeof EXPORTS;

/**
 * Writes `metrics` in the given formats (directories are created; existing files are replaced,
 * since exports are derived and can be written again).
 *
 * @returns The paths written with their sizes.
 */
export async function writeMetricsExports(
  metrics: Metrics,
  targets: Partial<Record<MetricsExport, string>>,
): Promise<{ format: MetricsExport; path: string; bytes: number }[]> {
  const written: { format: MetricsExport; path: string; bytes: number }[] = [];
  for (const [format, path] of Object.entries(targets) as [MetricsExport, string][]) {
    const text = EXPORTS[format](metrics);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    written.push({ format, path, bytes: Buffer.byteLength(text) });
  }
  return written;
}

/** Prints the written files (paths relative to `cwd` when inside it). */
export function printWritten(ui: Ui, cwd: string, written: readonly { path: string; bytes: number }[]): void {
  for (const file of written) {
    ui.print(
      `${ui.colors.success('✓')} wrote ${displayPath(cwd, file.path)} ${ui.colors.muted(`(${formatBytes(file.bytes)})`)}`,
    );
  }
}

async function isFile(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The default of `--max-result-mb`: the library's 64 MiB. */
const DEFAULT_MAX_RESULT_MIB = 64;

/**
 * Loads metrics from an archive file or from the API. A result file above `--max-result-mb` stops
 * the command with a hint naming the option (the library's message names its own option).
 */
async function readMetrics(context: CommandContext, source: string): Promise<Metrics> {
  const { Metrics, MetricsFormatError } = await loadMetrics();
  if (source.endsWith('.json') && (await isFile(context.resolvePath(source)))) {
    return Metrics.fromArchive(context.resolvePath(source));
  }
  const maxMiB =
    context.args.number('max-result-mb', { min: 1, max: 4096, integer: true }) ?? DEFAULT_MAX_RESULT_MIB;
  const handle = await context.client();
  try {
    return await Metrics.fromJob(handle.client, source, {
      signal: context.signal,
      maxResultFileBytes: maxMiB * 1024 * 1024,
    });
  } catch (error) {
    if (MetricsFormatError.isInstance(error) && error.code === 'result_file_too_large') {
      throw new CliError(
        error.message,
        ExitCode.failure,
        `Raise the limit with --max-result-mb <MiB> (now ${maxMiB}) if the file is really a result file.`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** The `metrics` command. */
export const metricsCommand: CommandDefinition = {
  name: 'metrics',
  group: 'results',
  summary: 'Loss chart, diagnostics and best checkpoint; export SVG, Vega-Lite, CSV, JSON',
  description:
    "Merges the job's metrics events (full precision), checkpoints and result file by step. Works on running, finished and failed jobs, and offline on an archive written by `finetune-kit archive`.",
  usesApi: true,
  positionals: [{ name: 'job', description: 'a job id (ftjob-…) or an archive file (ftjob-….json)' }],
  options: {
    svg: { type: 'string', valueName: '<path>', description: 'write the charts as SVG' },
    vega: { type: 'string', valueName: '<path>', description: 'write a Vega-Lite specification (JSON)' },
    csv: { type: 'string', valueName: '<path>', description: 'write one row per step (CSV)' },
    'out-json': { type: 'string', valueName: '<path>', description: 'write the merged metrics (JSON)' },
    'max-result-mb': {
      type: 'string',
      valueName: '<MiB>',
      description: `largest result file read, decoded (default ${DEFAULT_MAX_RESULT_MIB})`,
    },
  },
  examples: [
    'metrics ftjob-abc123',
    'metrics ftjob-abc123 --svg loss.svg --csv steps.csv',
    'metrics archive/ftjob-abc123.json',
  ],
  async run(context) {
    const { args, ui } = context;
    const metrics = await readMetrics(context, args.positional('job'));
    const targets: Partial<Record<MetricsExport, string>> = {};
    for (const format of Object.keys(EXPORTS) as MetricsExport[]) {
      const path = args.string(format);
      if (path) targets[format] = context.resolvePath(path);
    }
    const written = await writeMetricsExports(metrics, targets);
    if (ui.json) {
      const best = metrics.bestCheckpoint();
      ui.printJson({
        job: metrics.job,
        findings: metrics.diagnose(),
        bestCheckpoint: best,
        written,
        metrics: metrics.toJSON(),
      });
      return undefined;
    }
    ui.print(...renderMetricsSummary(metrics, ui.colors, { columns: ui.columns, ascii: !ui.colors.enabled }));
    if (written.length > 0) ui.print('');
    printWritten(ui, context.io.cwd, written);
    return undefined;
  },
};
