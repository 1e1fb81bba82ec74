/**
 * Progress for long operations. On a terminal: a bar redrawn in place with count, percentage and
 * ETA. Elsewhere (pipes, CI logs): one plain line each time another tenth is done, so logs stay
 * short and readable.
 *
 * @module
 */
import type { Colors } from './colors.js';
import { formatDuration, formatInteger, formatPercent } from './format.js';
import type { LiveRegion } from './live-region.js';

/**
 * Draws a bar of `width` cells for `ratio` (0–1), with eighth-cell resolution on a terminal.
 *
 * @param ratio - Fraction done; clamped to 0–1.
 * @param width - Cells.
 * @param unicode - Use block characters; plain `#`/`-` otherwise.
 */
export function drawBar(ratio: number, width: number, unicode = true): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(ratio) ? ratio : 0));
  if (!unicode) {
    const filled = Math.round(clamped * width);
    return '#'.repeat(filled) + '-'.repeat(width - filled);
  }
  const eighths = Math.round(clamped * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = eighths % 8;
  const partials = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  const head = full < width ? (partials[partial] ?? '') : '';
  return '█'.repeat(full) + head + '░'.repeat(width - full - (head ? 1 : 0));
}

/**
 * Estimates time remaining from the observed rate. Uses the rate since the first sample, which is
 * stable for the steady work the CLI tracks (bytes uploaded, training steps).
 */
export class RateEstimator {
  #first: { value: number; at: number } | null = null;
  #last: { value: number; at: number } | null = null;

  /** Records that `value` units were done at time `at` (ms). */
  sample(value: number, at: number): void {
    if (!this.#first || value < this.#first.value) this.#first = { value, at };
    this.#last = { value, at };
  }

  /**
   * @param total - Units when done.
   * @returns Milliseconds left, or `null` before the rate is known.
   */
  remaining(total: number): number | null {
    if (!this.#first || !this.#last) return null;
    const units = this.#last.value - this.#first.value;
    const elapsed = this.#last.at - this.#first.at;
    if (units <= 0 || elapsed <= 0) return null;
    return Math.max(0, ((total - this.#last.value) * elapsed) / units);
  }
}

/** Options for a {@link ProgressBar}. */
export interface ProgressOptions {
  /** What is progressing, e.g. `Uploading train.jsonl`. */
  readonly label: string;
  /** Units when done; `null` when unknown (a counter instead of a bar). @default null */
  readonly total?: number | null;
  /** Formats a count of units (e.g. as bytes). @default formatInteger */
  readonly format?: (value: number) => string;
  /** Unit name after the counts, e.g. `steps`. @default '' */
  readonly unit?: string;
  /** In plain mode, print a line each time this many percent more are done. @default 10 */
  readonly plainEvery?: number;
}

/** Where a bar draws: a live region on a terminal, or plain lines. */
export interface ProgressSink {
  readonly colors: Colors;
  /** Terminal width, when drawing in place. */
  readonly columns: number;
  /** A live region to redraw in, or `null` to print plain lines. */
  readonly region: LiveRegion | null;
  /** Writes one plain line (stderr). */
  writeLine(text: string): void;
  /** Called when the bar is done, so the owner can release the region. */
  release(): void;
  now(): number;
}

/** A progress bar; see the module description for terminal versus plain behaviour. */
export class ProgressBar {
  readonly #options: Required<Omit<ProgressOptions, 'total'>> & { total: number | null };
  readonly #sink: ProgressSink;
  readonly #rate = new RateEstimator();
  #current = 0;
  #detail = '';
  #lastDraw = 0;
  #lastPlainBucket = -1;
  #finished = false;

  /**
   * @param sink - Where to draw (see `Ui.progress`, which builds it).
   * @param options - Label, total, formatting.
   */
  constructor(sink: ProgressSink, options: ProgressOptions) {
    this.#sink = sink;
    this.#options = {
      label: options.label,
      total: options.total ?? null,
      format: options.format ?? formatInteger,
      unit: options.unit ?? '',
      plainEvery: options.plainEvery ?? 10,
    };
    this.#rate.sample(0, sink.now());
    this.#draw(true);
  }

  /**
   * Moves the bar.
   *
   * @param current - Units done so far.
   * @param update - A new total (when it becomes known) and a short detail shown after the counts.
   */
  update(current: number, update: { total?: number | null; detail?: string } = {}): void {
    if (this.#finished) return;
    if (update.total !== undefined) this.#options.total = update.total;
    if (update.detail !== undefined) this.#detail = update.detail;
    this.#current = current;
    this.#rate.sample(current, this.#sink.now());
    this.#draw(false);
  }

  /** Ends the bar with a final line (✓ on a terminal). */
  finish(message?: string): void {
    this.#end(`${this.#sink.colors.success('✓')} ${message ?? this.#options.label}`, message);
  }

  /** Ends the bar after a failure, leaving a ✗ line. */
  fail(message?: string): void {
    this.#end(`${this.#sink.colors.error('✗')} ${message ?? `${this.#options.label} failed`}`, message);
  }

  /** The current line as drawn on a terminal (exposed for the watch dashboard and tests). */
  line(width: number): string {
    const { label, total, format, unit } = this.#options;
    const { colors } = this.#sink;
    const counts = total === null ? format(this.#current) : `${format(this.#current)}/${format(total)}`;
    const parts = [colors.bold(label)];
    if (total !== null && total > 0) {
      const ratio = this.#current / total;
      const eta = this.#rate.remaining(total);
      const tail = [
        formatPercent(ratio, 0).padStart(4),
        `${counts}${unit ? ` ${unit}` : ''}`,
        eta === null || ratio >= 1 ? '' : colors.muted(`ETA ${formatDuration(eta)}`),
        this.#detail,
      ].filter(Boolean);
      const barWidth = Math.max(10, Math.min(40, width - label.length - tail.join('  ').length - 6));
      parts.push(colors.info(drawBar(ratio, barWidth)), ...tail);
    } else {
      parts.push(`${counts}${unit ? ` ${unit}` : ''}`);
      if (this.#detail) parts.push(this.#detail);
    }
    return parts.join('  ');
  }

  #draw(force: boolean): void {
    const { region } = this.#sink;
    const now = this.#sink.now();
    if (region) {
      // ~20 redraws per second is smooth and keeps terminal output cheap on fast loops.
      if (!force && now - this.#lastDraw < 50) return;
      this.#lastDraw = now;
      region.render([this.line(this.#sink.columns)]);
      return;
    }
    const { total, plainEvery, label, format, unit } = this.#options;
    if (total === null || total <= 0) return;
    const percent = Math.floor((this.#current / total) * 100);
    const bucket = Math.floor(percent / plainEvery);
    if (bucket === this.#lastPlainBucket || percent >= 100) return;
    this.#lastPlainBucket = bucket;
    const detail = this.#detail ? `, ${this.#detail}` : '';
    this.#sink.writeLine(
      `${label}: ${percent}% (${format(this.#current)}/${format(total)}${unit ? ` ${unit}` : ''}${detail})`,
    );
  }

  #end(terminalLine: string, plainMessage: string | undefined): void {
    if (this.#finished) return;
    this.#finished = true;
    const { region } = this.#sink;
    if (region) {
      region.render([terminalLine]);
      region.close(true);
    } else {
      this.#sink.writeLine(plainMessage ?? `${this.#options.label}: done`);
    }
    this.#sink.release();
  }
}
