/**
 * `watchInNotebook(job)`: the notebook counterpart of the CLI's live panel. `await job.wait()` in a
 * cell shows nothing until the job ends; this follows the job through its public events and keeps
 * one output of the cell up to date: status, step, ETA, the latest losses and the loss chart.
 *
 * In Deno's kernel, tslab and ijavascript the output is replaced in place (Jupyter's
 * `update_display_data`). Without a kernel (a script, CI, a REPL) it prints progress lines: one on
 * every status change and at most one progress line per `intervalMs`.
 *
 * @module
 */
import {
  detectKernel,
  type KernelDisplay,
  type KernelDisplayHandle,
  type MimeBundle,
} from '../internal/jupyter-kernel.js';
import type { FineTuneJob } from './fine-tune-job.js';
import type { FineTuneJobUpdate } from './job-events.js';
import type { JobMetricsPoint } from './metrics-point.js';
import type { FineTuneJobCheckpoint, FineTuneJobEvent, FineTuneJobSnapshot } from './normalize.js';

/** Options of {@link watchInNotebook}. */
export interface WatchInNotebookOptions {
  /** Stops watching (not the job) with a `FinetuneKitAbortError`. */
  readonly signal?: AbortSignal;
  /** Draw the loss chart in the panel. @default true */
  readonly chart?: boolean;
  /**
   * Without a kernel: at most one progress line per this many milliseconds (status changes always
   * print). In a kernel: the panel is redrawn at most this often, and on every status change.
   * @default 5000 without a kernel, 500 in a kernel
   */
  readonly intervalMs?: number;
  /** `'auto'` (default) uses the notebook kernel when there is one; `'text'` always prints lines. */
  readonly output?: 'auto' | 'text';
  /** Wall-clock milliseconds, for the redraw rate (tests pass a manual clock). @default Date.now */
  readonly now?: () => number;
  /** Where progress lines go without a kernel. @default console.log */
  readonly log?: (line: string) => void;
}

/** Chart rebuilds (every point is re-plotted) happen at most this often, however fast events come. */
const CHART_INTERVAL_FACTOR = 2;
const CHART_OPTIONS = { width: 640, panelHeight: 150 } as const;

/**
 * Follows `job` to its end and shows it live in the notebook: a panel (status, step of total with
 * a progress bar, ETA, latest training and validation loss, checkpoints, the loss chart) replaced
 * in place as events arrive. Without a notebook kernel it prints progress lines instead.
 *
 * @param job - A job from `FineTuneJob.create` or `FineTuneJob.attach`.
 * @param options - Abort signal, chart on/off, rates, text-only output.
 * @returns The final snapshot (as `job.wait()` does).
 * @throws {JobFailedError} When the job failed (after the panel showed it).
 * @throws {JobCancelledError} When it was cancelled.
 * @throws {FinetuneKitAbortError} When `signal` aborts (the job keeps running).
 *
 * @example
 * ```ts
 * import { watchInNotebook } from 'finetune-kit/job';
 *
 * const finished = await watchInNotebook(job);
 * ```
 */
export async function watchInNotebook(
  job: FineTuneJob,
  options: WatchInNotebookOptions = {},
): Promise<FineTuneJobSnapshot> {
  const kernel = options.output === 'text' ? null : detectKernel();
  const now = options.now ?? Date.now;
  const view = new WatchView(job.job, options.chart !== false && kernel !== null);
  const sink = kernel ? new PanelSink(kernel, view, now, options.intervalMs ?? 500) : null;
  const lines = kernel
    ? null
    : new LineSink(view, now, options.intervalMs ?? 5000, options.log ?? console.log);
  await sink?.start();
  lines?.start();
  try {
    for await (const update of job.events(options.signal ? { signal: options.signal } : {})) {
      const statusChanged = view.apply(update);
      await sink?.refresh(statusChanged);
      lines?.refresh(statusChanged);
      if (update.type === 'failed' || update.type === 'cancelled') throw update.error;
    }
  } finally {
    await sink?.refresh(true, true);
  }
  return view.snapshot;
}

/** What the panel shows, collected from the job's updates. */
class WatchView {
  snapshot: FineTuneJobSnapshot;
  readonly events: FineTuneJobEvent[] = [];
  readonly checkpoints: FineTuneJobCheckpoint[] = [];
  first: JobMetricsPoint | null = null;
  point: JobMetricsPoint | null = null;
  lastMessage: string | null = null;

  constructor(
    snapshot: FineTuneJobSnapshot,
    readonly chart: boolean,
  ) {
    this.snapshot = snapshot;
  }

  /** Applies one update; `true` when the status changed. */
  apply(update: FineTuneJobUpdate): boolean {
    switch (update.type) {
      case 'status':
        this.snapshot = update.change.job;
        return true;
      case 'event':
        this.events.push(update.event);
        if (update.event.type !== 'metrics') this.lastMessage = update.event.message;
        return false;
      case 'metrics':
        this.first ??= update.point;
        this.point = update.point;
        return false;
      case 'checkpoint':
        this.checkpoints.push(update.checkpoint);
        return false;
      case 'succeeded':
      case 'failed':
      case 'cancelled':
        this.snapshot = update.job;
        return true;
      default:
        return false; // retries and warnings: the panel shows no transient noise
    }
  }

  /** Remaining seconds: the job's own estimate, else the step rate seen so far; `null` when unknown. */
  etaSeconds(): number | null {
    const { point, first } = this;
    if (!point || isTerminal(this.snapshot)) return null;
    if (this.snapshot.estimated_finish !== null)
      return Math.max(0, this.snapshot.estimated_finish - point.createdAt);
    if (!first || point.totalSteps === null || point.step <= first.step) return null;
    const perStep = (point.createdAt - first.createdAt) / (point.step - first.step);
    return Math.max(0, Math.round(perStep * (point.totalSteps - point.step)));
  }

  /** `step 12 / 60 (20%)`, or `null` before the first step. */
  stepText(): string | null {
    const { point } = this;
    if (!point) return null;
    if (point.totalSteps === null) return `step ${point.step}`;
    return `step ${point.step} / ${point.totalSteps} (${Math.floor((100 * point.step) / point.totalSteps)}%)`;
  }

  lossText(): string | null {
    const { point } = this;
    if (!point) return null;
    const parts: string[] = [];
    if (point.train_loss !== null) parts.push(`train loss ${point.train_loss.toFixed(4)}`);
    const valid = point.full_valid_loss ?? point.valid_loss;
    if (valid !== null)
      parts.push(`${point.full_valid_loss !== null ? 'full valid' : 'valid'} loss ${valid.toFixed(4)}`);
    if (point.train_reward_mean !== null) parts.push(`reward ${point.train_reward_mean.toFixed(4)}`);
    return parts.length > 0 ? parts.join(' · ') : null;
  }

  /** One line: `job ftjob-1 · running · step 12 / 60 (20%) · ETA 3m 10s · train loss 1.2345`. */
  line(): string {
    const eta = this.etaSeconds();
    return [
      `job ${this.snapshot.id}`,
      this.snapshot.status,
      this.stepText(),
      eta === null ? null : `ETA ${formatSeconds(eta)}`,
      this.lossText(),
      this.snapshot.fine_tuned_model ? `model ${this.snapshot.fine_tuned_model}` : null,
    ]
      .filter((part): part is string => part !== null)
      .join(' · ');
  }
}

/** The in-place panel of a kernel. */
class PanelSink {
  #handle: KernelDisplayHandle | null = null;
  #lastDraw = Number.NEGATIVE_INFINITY;
  #lastChart = Number.NEGATIVE_INFINITY;
  #chartSvg = '';

  constructor(
    readonly kernel: KernelDisplay,
    readonly view: WatchView,
    readonly now: () => number,
    readonly intervalMs: number,
  ) {}

  async start(): Promise<void> {
    this.#handle = await this.kernel.open(await this.#bundle(true));
    this.#lastDraw = this.now();
  }

  async refresh(force: boolean, final = false): Promise<void> {
    const time = this.now();
    if (!this.#handle || (!force && time - this.#lastDraw < this.intervalMs)) return;
    this.#lastDraw = time;
    const chart = final || force || time - this.#lastChart >= this.intervalMs * CHART_INTERVAL_FACTOR;
    await this.#handle.update(await this.#bundle(chart));
  }

  async #bundle(rebuildChart: boolean): Promise<MimeBundle> {
    const { view } = this;
    if (view.chart && rebuildChart && view.events.some((event) => event.type === 'metrics')) {
      // Loaded on first use: following a job without a panel loads no chart code.
      const { Metrics } = await import('../metrics/metrics.js');
      this.#chartSvg = Metrics.from({
        job: view.snapshot,
        events: view.events,
        checkpoints: view.checkpoints,
      }).toSVG(CHART_OPTIONS);
      this.#lastChart = this.now();
    }
    return { 'text/html': panelHtml(view, this.#chartSvg), 'text/plain': view.line() };
  }
}

/** Progress lines without a kernel. */
class LineSink {
  #lastLine = Number.NEGATIVE_INFINITY;
  #lastText = '';

  constructor(
    readonly view: WatchView,
    readonly now: () => number,
    readonly intervalMs: number,
    readonly log: (line: string) => void,
  ) {}

  start(): void {
    this.#print(this.now());
  }

  refresh(statusChanged: boolean): void {
    const time = this.now();
    if (statusChanged || time - this.#lastLine >= this.intervalMs) this.#print(time);
  }

  #print(time: number): void {
    const text = this.view.line();
    if (text === this.#lastText) return; // nothing new since the last line
    this.#lastText = text;
    this.#lastLine = time;
    this.log(text);
  }
}

const STATUS_COLOR: Readonly<Record<string, string>> = {
  succeeded: '#067647',
  failed: '#b42318',
  cancelled: '#b54708',
};

function panelHtml(view: WatchView, chartSvg: string): string {
  const { snapshot, point } = view;
  const eta = view.etaSeconds();
  const ratio = point?.totalSteps
    ? Math.min(1, point.step / point.totalSteps)
    : snapshot.status === 'succeeded'
      ? 1
      : 0;
  const rows: [string, string | null][] = [
    ['step', view.stepText()],
    ['ETA', eta === null ? null : formatSeconds(eta)],
    ['losses', view.lossText()],
    ['checkpoints', view.checkpoints.length > 0 ? String(view.checkpoints.length) : null],
    ['model', snapshot.fine_tuned_model],
    ['error', snapshot.error?.message ?? null],
    ['last event', view.lastMessage],
  ];
  const table = rows
    .filter((row): row is [string, string] => row[1] !== null)
    .map(
      ([label, value]) =>
        `<tr><td style="padding:1px 12px 1px 0;color:#475467">${label}</td><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const color = STATUS_COLOR[snapshot.status] ?? '#175cd3';
  return [
    '<div class="finetune-kit-job-panel">',
    `<div style="font-weight:600">Fine-tuning job ${escapeHtml(snapshot.id)} <span style="color:${color}">${escapeHtml(snapshot.status)}</span> · ${escapeHtml(snapshot.model)}</div>`,
    `<div style="width:320px;height:8px;background:#eaecf0;border-radius:4px;margin:4px 0"><div style="width:${(ratio * 100).toFixed(1)}%;height:8px;background:${color};border-radius:4px"></div></div>`,
    `<table style="border-collapse:collapse">${table}</table>`,
    chartSvg,
    '</div>',
  ].join('');
}

function isTerminal(snapshot: FineTuneJobSnapshot): boolean {
  return snapshot.status === 'succeeded' || snapshot.status === 'failed' || snapshot.status === 'cancelled';
}

/** `45s`, `3m 10s`, `2h 05m`. */
export function formatSeconds(seconds: number): string {
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  if (total < 3600) return `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s`;
  return `${Math.floor(total / 3600)}h ${String(Math.floor((total % 3600) / 60)).padStart(2, '0')}m`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );
}
