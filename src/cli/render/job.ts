/**
 * Terminal renderings of jobs, events and checkpoints, shared by `status`, `list`, `events`,
 * `checkpoints`, `watch` and `run`. Every value from the API goes through `terminalSafe` here, where
 * it enters the output, so a hostile id, model name or message cannot steer the terminal.
 *
 * @module
 */
import type { FineTuneJobCheckpoint, FineTuneJobEvent, FineTuneJobSnapshot } from '../../job/normalize.js';
import type { Colors, Style } from '../ui/colors.js';
import { formatDecimal, formatDuration, formatInteger, formatTimestamp } from '../ui/format.js';
import { renderTable } from '../ui/table.js';
import { terminalSafe as safe } from '../ui/terminal-text.js';

/** The colour of a status: green for success, red for failure, cyan while it moves. */
export function statusStyle(status: string, colors: Colors): Style {
  switch (status) {
    case 'succeeded':
      return colors.success;
    case 'failed':
      return colors.error;
    case 'cancelled':
    case 'paused':
    case 'pausing':
      return colors.warning;
    case 'running':
    case 'resuming':
      return colors.info;
    default:
      return colors.muted;
  }
}

/** `supervised (n_epochs 3, batch_size 1, learning_rate_multiplier 1.8)`. */
export function describeMethod(job: FineTuneJobSnapshot): string {
  const method = job.method as { type?: string; [key: string]: unknown } | undefined;
  const type = safe(String(method?.type ?? 'supervised'));
  const settings = method?.[type] as { hyperparameters?: Record<string, unknown> } | undefined;
  const hyperparameters = settings?.hyperparameters ?? job.hyperparameters ?? {};
  const parts = Object.entries(hyperparameters)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(
      ([key, value]) =>
        `${safe(key)} ${typeof value === 'number' ? formatDecimal(value, 4) : safe(String(value))}`,
    );
  return parts.length > 0 ? `${type} (${parts.join(', ')})` : type;
}

/**
 * The full picture of one job, as `status` prints it.
 *
 * @param job - A normalised job.
 * @param colors - Styles.
 * @returns Lines.
 */
export function renderJobDetails(job: FineTuneJobSnapshot, colors: Colors): string[] {
  const rows: [string, string][] = [
    ['model', safe(job.model)],
    [
      'fine-tuned model',
      job.fine_tuned_model ? colors.accent(safe(job.fine_tuned_model)) : colors.muted('—'),
    ],
    ['method', describeMethod(job)],
    ['training file', safe(job.training_file)],
    ['validation file', job.validation_file ? safe(job.validation_file) : colors.muted('—')],
    ['created', formatTimestamp(job.created_at)],
  ];
  if (job.finished_at !== null) {
    rows.push([
      'finished',
      `${formatTimestamp(job.finished_at)} (${formatDuration((job.finished_at - job.created_at) * 1000)})`,
    ]);
  } else if (job.estimated_finish !== null) {
    rows.push(['estimated finish', formatTimestamp(job.estimated_finish)]);
  }
  if (job.trained_tokens !== null) rows.push(['trained tokens', formatInteger(job.trained_tokens)]);
  const suffix = (job as { user_provided_suffix?: unknown }).user_provided_suffix;
  if (typeof suffix === 'string' && suffix) rows.push(['suffix', safe(suffix)]);
  rows.push(['seed', String(job.seed)]);
  if (job.metadata && Object.keys(job.metadata).length > 0) {
    rows.push([
      'metadata',
      Object.entries(job.metadata)
        .map(([key, value]) => `${safe(key)}=${safe(String(value))}`)
        .join(', '),
    ]);
  }
  if (job.result_files.length > 0) rows.push(['result files', safe(job.result_files.join(', '))]);
  if (job.error) {
    const { code, message, param } = job.error;
    rows.push([
      'error',
      colors.error(
        safe(`${code ?? 'error'}: ${message ?? 'no reason given'}${param ? ` (param: ${param})` : ''}`),
      ),
    ]);
  }
  return [
    `${colors.bold(safe(job.id))}  ${statusStyle(job.status, colors)(safe(job.status))}`,
    ...renderTable(
      null,
      rows.map(([label, value]) => [colors.muted(label), value]),
    ),
  ];
}

/** One line per job: id, status, model, fine-tuned model, created. */
export function renderJobTable(jobs: readonly FineTuneJobSnapshot[], colors: Colors): string[] {
  return renderTable(
    ['job', 'status', 'model', 'fine-tuned model', 'created'],
    jobs.map((job) => [
      safe(job.id),
      statusStyle(job.status, colors)(safe(job.status)),
      safe(job.model),
      job.fine_tuned_model ? safe(job.fine_tuned_model) : colors.muted('—'),
      formatTimestamp(job.created_at),
    ]),
    { headerStyle: colors.bold, indent: 0 },
  );
}

/** `09:00:05  info   Fine-tuning job started`, coloured by level. */
export function renderEvent(event: FineTuneJobEvent, colors: Colors): string {
  const time = formatTimestamp(event.created_at).slice(11, 19);
  const level =
    event.level === 'error'
      ? colors.error('error')
      : event.level === 'warn'
        ? colors.warning('warn ')
        : colors.muted(safe(event.level).padEnd(5));
  return `${colors.muted(time)}  ${level}  ${safe(event.message)}`;
}

/** Checkpoints by step, with their losses and the model name to use them by. */
export function renderCheckpointTable(
  checkpoints: readonly FineTuneJobCheckpoint[],
  colors: Colors,
  best?: string | null,
): string[] {
  const value = (number: number | undefined) =>
    number === undefined ? colors.muted('—') : formatDecimal(number, 4);
  const sorted = [...checkpoints].sort((a, b) => a.step_number - b.step_number);
  return renderTable(
    ['step', 'train loss', 'valid loss', 'full valid loss', 'model'],
    sorted.map((checkpoint) => [
      String(checkpoint.step_number),
      value(checkpoint.metrics.train_loss),
      value(checkpoint.metrics.valid_loss),
      value(checkpoint.metrics.full_valid_loss),
      checkpoint.fine_tuned_model_checkpoint === best
        ? `${colors.success(safe(checkpoint.fine_tuned_model_checkpoint))} ${colors.success('← best')}`
        : safe(checkpoint.fine_tuned_model_checkpoint),
    ]),
    { headerStyle: colors.bold, indent: 0, align: ['right', 'right', 'right', 'right', 'left'] },
  );
}
