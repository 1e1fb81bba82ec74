/**
 * Follows a job to its end in the terminal, for `watch`, `create --watch` and `run`.
 *
 * - On a terminal: a live block (status, progress bar with step/total and ETA, latest losses, a loss
 *   chart redrawn as points arrive) under the scrolling log of events and checkpoints.
 * - In pipes and CI: the same events and checkpoints as plain lines, plus one progress line per
 *   tenth of the steps.
 * - With `--json`: one JSON object per update (newline-delimited), nothing else on stdout.
 *
 * Ctrl-C aborts `signal`: following stops, the job keeps running on the server (with `--simulate`,
 * in the persisted simulated account).
 *
 * @module
 */
import type {
  FineTuneJob,
  FineTuneJobCheckpoint,
  FineTuneJobEvent,
  FineTuneJobSnapshot,
  FineTuneJobUpdate,
  JobMetricsPoint,
} from '../job/index.js';
import type { Metrics } from '../metrics/index.js';
import { loadMetrics } from './library.js';
import { renderEvent, statusStyle } from './render/job.js';
import { chartWidth } from './render/metrics-summary.js';
import { formatDecimal, formatDuration, formatInteger } from './ui/format.js';
import type { LiveRegion } from './ui/live-region.js';
import { drawBar, RateEstimator } from './ui/progress-bar.js';
import { terminalSafe as safe } from './ui/terminal-text.js';
import type { Ui } from './ui/ui.js';

/** Options of {@link followJob}. */
export interface FollowJobOptions {
  /** Draw the live loss chart on a terminal. @default true */
  readonly chart?: boolean;
  /** Stops following (not the job). */
  readonly signal?: AbortSignal;
}

/** What following saw. */
export interface FollowJobResult {
  /** The last snapshot (terminal unless following stopped early). */
  readonly job: FineTuneJobSnapshot;
  /** Every event delivered, oldest first. */
  readonly events: readonly FineTuneJobEvent[];
  readonly checkpoints: readonly FineTuneJobCheckpoint[];
}

/** Redraws of the live block at most this often (ms of real time). */
const REDRAW_INTERVAL_MS = 100;
/** The chart is rebuilt from all points, so at most this often. */
const CHART_INTERVAL_MS = 400;
const LIVE_CHART_HEIGHT = 8;

/**
 * Follows `job` until it succeeds, fails or is cancelled, rendering as it goes.
 *
 * @param ui - The output.
 * @param job - A job from `FineTuneJob.create` or `attach`.
 * @param options - Chart on/off, abort signal.
 * @returns The final snapshot, events and checkpoints.
 * @throws {JobFailedError} When the job failed (after showing its error).
 * @throws {JobCancelledError} When it was cancelled.
 * @throws {FinetuneKitAbortError} When `signal` aborts (the job keeps running).
 */
export async function followJob(
  ui: Ui,
  job: FineTuneJob,
  options: FollowJobOptions = {},
): Promise<FollowJobResult> {
  const { Metrics: metrics } = await loadMetrics();
  const view = new JobView(ui, job.job, options.chart !== false, metrics);
  try {
    for await (const update of job.events(options.signal ? { signal: options.signal } : {})) {
      view.apply(update);
      if (update.type === 'failed' || update.type === 'cancelled') throw update.error;
    }
  } finally {
    view.close();
  }
  return { job: view.snapshot, events: view.events, checkpoints: view.checkpoints };
}

/** The state of a followed job and how it is drawn. */
class JobView {
  readonly events: FineTuneJobEvent[] = [];
  readonly checkpoints: FineTuneJobCheckpoint[] = [];
  snapshot: FineTuneJobSnapshot;
  readonly #ui: Ui;
  readonly #chart: boolean;
  readonly #metrics: typeof Metrics;
  readonly #region: LiveRegion | null;
  readonly #rate = new RateEstimator();
  readonly #startedAt: number;
  #point: JobMetricsPoint | null = null;
  #lastDraw = 0;
  #lastChart = 0;
  #chartLines: string[] = [];
  #plainBucket = -1;

  constructor(ui: Ui, snapshot: FineTuneJobSnapshot, chart: boolean, metrics: typeof Metrics) {
    this.#ui = ui;
    this.#metrics = metrics;
    this.snapshot = snapshot;
    this.#chart = chart;
    this.#startedAt = ui.now();
    this.#region = ui.json || !ui.interactive ? null : ui.openRegion();
    if (!ui.json) this.#log(this.#headline());
    this.#draw(true);
  }

  apply(update: FineTuneJobUpdate): void {
    if (this.#ui.json) {
      this.#ui.printJsonLine(toJsonLine(update));
      this.#record(update);
      return;
    }
    this.#record(update);
    const colors = this.#ui.colors;
    switch (update.type) {
      case 'event':
        // Metrics events are shown by the progress line and the chart, not one line each.
        if (update.event.type !== 'metrics') this.#log(renderEvent(update.event, colors));
        break;
      case 'metrics':
        this.#plainProgress();
        break;
      case 'checkpoint': {
        const { step_number: step, metrics, fine_tuned_model_checkpoint: model } = update.checkpoint;
        const loss = metrics.full_valid_loss ?? metrics.valid_loss ?? metrics.train_loss;
        this.#log(
          `${colors.accent('◆ checkpoint')} step ${step}${loss === undefined ? '' : ` (loss ${formatDecimal(loss, 4)})`}: ${safe(model)}`,
        );
        break;
      }
      case 'status':
        this.#log(
          `${colors.muted('status')} ${safe(update.change.previous)} → ${statusStyle(update.change.status, colors)(safe(update.change.status))}`,
        );
        break;
      case 'warning':
        this.#log(colors.warning(`! ${safe(update.warning.message)}`));
        break;
      case 'retry':
        // 429s and 5xx are announced by the client's retry notice; say the rest here.
        if (update.retry.status === null) {
          this.#log(
            colors.warning(
              `! Connection problem (${update.retry.reason}); retrying in ${formatDuration(update.retry.delayMs)} (attempt ${update.retry.attempt + 1})…`,
            ),
          );
        }
        break;
      default:
        break;
    }
    this.#draw(update.type !== 'metrics' && update.type !== 'event');
  }

  close(): void {
    if (this.#region) {
      this.#chartLines = this.#chart ? this.#buildChart() : [];
      this.#region.render(this.#lines());
      this.#ui.closeRegion(true);
    }
  }

  #record(update: FineTuneJobUpdate): void {
    switch (update.type) {
      case 'event':
        this.events.push(update.event);
        break;
      case 'metrics':
        this.#point = update.point;
        this.#rate.sample(update.point.step, this.#ui.now());
        break;
      case 'checkpoint':
        this.checkpoints.push(update.checkpoint);
        break;
      case 'status':
        this.snapshot = update.change.job;
        break;
      case 'succeeded':
      case 'failed':
      case 'cancelled':
        this.snapshot = update.job;
        break;
      default:
        break;
    }
  }

  #log(text: string): void {
    if (this.#ui.json) return;
    // The job's log is the command's output (stdout, so `watch … > log.txt` keeps it); the live
    // block is drawn on stderr and stays out of files and pipes.
    this.#ui.print(text);
  }

  #headline(): string {
    const colors = this.#ui.colors;
    return `${colors.bold('Following')} ${safe(this.snapshot.id)} ${colors.muted(`(${safe(this.snapshot.model)})`)}`;
  }

  /** In pipes and CI: one line per tenth of the steps, with the losses. */
  #plainProgress(): void {
    if (this.#region || !this.#point?.totalSteps) return;
    const { step, totalSteps: total } = this.#point;
    const bucket = Math.floor((step / total) * 10);
    if (bucket === this.#plainBucket) return;
    this.#plainBucket = bucket;
    this.#log(`step ${step}/${total} (${Math.floor((step / total) * 100)}%)  ${this.#losses(false)}`);
  }

  #losses(styled: boolean): string {
    const colors = this.#ui.errorColors;
    const point = this.#point;
    if (!point) return styled ? colors.muted('no metrics yet') : 'no metrics yet';
    const parts: string[] = [];
    const add = (label: string, value: number | null) => {
      if (value !== null)
        parts.push(`${label} ${styled ? colors.bold(formatDecimal(value, 4)) : formatDecimal(value, 4)}`);
    };
    add('train loss', point.train_loss);
    add('valid loss', point.valid_loss);
    add('full valid loss', point.full_valid_loss);
    add('train reward', point.train_reward_mean);
    add('valid reward', point.valid_reward_mean);
    return parts.join('  ');
  }

  #draw(force: boolean): void {
    if (!this.#region) return;
    const now = this.#ui.now();
    if (!force && now - this.#lastDraw < REDRAW_INTERVAL_MS) return;
    this.#lastDraw = now;
    if (this.#chart && this.#point && (force || now - this.#lastChart >= CHART_INTERVAL_MS)) {
      this.#lastChart = now;
      this.#chartLines = this.#buildChart();
    }
    this.#region.render(this.#lines());
  }

  #lines(): string[] {
    const colors = this.#ui.errorColors;
    const { status } = this.snapshot;
    const elapsed = formatDuration(this.#ui.now() - this.#startedAt);
    const lines = [
      `${statusStyle(status, colors)('●')} ${colors.bold(this.snapshot.id)} ${colors.muted('·')} ${statusStyle(status, colors)(status)} ${colors.muted(`· ${elapsed}`)}`,
    ];
    const point = this.#point;
    if (point?.totalSteps) {
      const ratio = point.step / point.totalSteps;
      const eta = ratio >= 1 ? null : this.#rate.remaining(point.totalSteps);
      const barWidth = Math.max(10, Math.min(40, this.#ui.columns - 50));
      lines.push(
        `  ${colors.info(drawBar(ratio, barWidth))} ${`${Math.floor(ratio * 100)}%`.padStart(4)}  step ${formatInteger(point.step)}/${formatInteger(point.totalSteps)}${
          eta === null ? '' : colors.muted(`  ETA ${formatDuration(eta)}`)
        }`,
      );
    }
    lines.push(`  ${this.#losses(true)}`);
    if (this.#chartLines.length > 0) lines.push(...this.#chartLines);
    return lines;
  }

  #buildChart(): string[] {
    if (!this.#point) return [];
    const metrics = this.#metrics.from({
      job: this.snapshot,
      events: this.events,
      checkpoints: this.checkpoints,
    });
    return metrics
      .toTerminalChart({
        width: chartWidth(this.#ui.columns),
        height: LIVE_CHART_HEIGHT,
        color: this.#ui.errorColors.enabled,
      })
      .split('\n')
      .slice(1); // the title repeats the headline
  }
}

/** One `--json` line per update: the update without the duplicated event of `metrics`. */
function toJsonLine(update: FineTuneJobUpdate): Record<string, unknown> {
  switch (update.type) {
    case 'status':
      return {
        type: 'status',
        previous: update.change.previous,
        status: update.change.status,
        job: update.change.job,
      };
    case 'metrics':
      return { type: 'metrics', point: update.point };
    case 'failed':
    case 'cancelled':
      return {
        type: update.type,
        job: update.job,
        error: { code: update.error.code, message: update.error.message },
      };
    case 'retry': {
      const { error: _error, ...retry } = update.retry;
      return { type: 'retry', retry };
    }
    default:
      return { ...update };
  }
}
