/**
 * The CLI's output: results on stdout, everything else (progress, notices, the simulator banner,
 * errors) on stderr, so `finetune-kit … --json | jq` always sees clean JSON. Whatever is written
 * passes through the secret redaction and the control-character safety net (docs/security.md).
 *
 * @module
 */
import { redactSecrets } from '../../internal/redact-secrets.js';
import { type CliIO, type CliStream, rememberEnvironmentSecrets } from '../cli-io.js';
import { type Colors, createColors, shouldUseColor } from './colors.js';
import { LiveRegion } from './live-region.js';
import { ProgressBar, type ProgressOptions } from './progress-bar.js';
import { neutralizeControls, terminalSafeJson } from './terminal-text.js';

/** How a {@link Ui} behaves. */
export interface UiOptions {
  /** Print machine-readable JSON on stdout instead of the human report. @default false */
  readonly json?: boolean;
  /** `--color` / `--no-color`, when given. */
  readonly color?: boolean;
  /** Milliseconds now; injectable for tests. @default Date.now */
  readonly now?: () => number;
  /** `--quiet`: no notices, progress or live display; results and errors only. @default false */
  readonly quiet?: boolean;
  /** `--verbose`: {@link Ui.debug} lines are shown. @default false */
  readonly verbose?: boolean;
}

/** Terminal output for one command run. */
export class Ui {
  /** True with `--json`: stdout carries only JSON. */
  readonly json: boolean;
  /** Styles for stdout. */
  readonly colors: Colors;
  /** Styles for stderr (it may be a terminal when stdout is piped, or the reverse). */
  readonly errorColors: Colors;
  /** True when stderr is a terminal (and not `--quiet`): progress is drawn in place. */
  readonly interactive: boolean;
  /** True with `--quiet`: notices are dropped. */
  readonly quiet: boolean;
  /** True with `--verbose`: debug lines are shown. */
  readonly verbose: boolean;
  readonly now: () => number;
  readonly #io: CliIO;
  #region: LiveRegion | null = null;

  /**
   * @param io - The process streams and environment.
   * @param options - JSON mode, colour flag.
   */
  constructor(io: CliIO, options: UiOptions = {}) {
    this.#io = io;
    rememberEnvironmentSecrets(io.env);
    this.json = options.json ?? false;
    this.colors = createColors(shouldUseColor(io.env, io.stdout, options.color));
    this.errorColors = createColors(shouldUseColor(io.env, io.stderr, options.color));
    this.quiet = options.quiet ?? false;
    this.verbose = options.verbose ?? false;
    this.interactive = io.stderr.isTTY === true && io.env.TERM !== 'dumb' && !this.quiet;
    this.now = options.now ?? Date.now;
  }

  /** Terminal width for layout, 80 when unknown. */
  get columns(): number {
    return this.#io.stdout.columns ?? this.#io.stderr.columns ?? 80;
  }

  /** Writes result lines to stdout (above any live region). */
  print(...lines: string[]): void {
    this.#write(this.#io.stdout, lines.join('\n'));
  }

  /** Writes a notice to stderr (progress messages, banners, waiting for a rate limit); none with `--quiet`. */
  notice(...lines: string[]): void {
    if (this.quiet) return;
    this.#write(this.#io.stderr, lines.join('\n'));
  }

  /** With `--verbose`: writes a debug line to stderr (`debug:` prefixed, so it reads apart from notices). */
  debug(line: string): void {
    if (!this.verbose) return;
    this.#write(this.#io.stderr, this.errorColors.muted(`debug: ${line}`));
  }

  /** Writes `value` as pretty JSON to stdout. */
  printJson(value: unknown): void {
    this.#write(this.#io.stdout, terminalSafeJson(JSON.stringify(value, null, 2)));
  }

  /** Writes `value` as one line of JSON to stdout (newline-delimited JSON streams). */
  printJsonLine(value: unknown): void {
    this.#write(this.#io.stdout, terminalSafeJson(JSON.stringify(value)));
  }

  /**
   * Starts a progress bar: drawn in place on a terminal, plain lines on stderr otherwise.
   * Only one bar or live region is active at a time; starting another ends the previous one.
   */
  progress(options: ProgressOptions): ProgressBar {
    const region = this.interactive ? this.openRegion() : null;
    return new ProgressBar(
      {
        colors: this.errorColors,
        columns: this.columns,
        region,
        writeLine: (text) => this.notice(text),
        release: () => {
          if (this.#region === region) this.#region = null;
        },
        now: this.now,
      },
      options,
    );
  }

  /**
   * Opens a live region on stderr (terminal only). Lines printed through this `Ui` go above it.
   *
   * @returns The region; close it when done.
   */
  openRegion(): LiveRegion {
    this.#region?.close(true);
    this.#region = new LiveRegion(this.#io.stderr);
    return this.#region;
  }

  /** Closes the live region, if any, leaving its last frame on screen. */
  closeRegion(keep = true): void {
    this.#region?.close(keep);
    this.#region = null;
  }

  /**
   * Every line goes through the safety nets: no known key or key-shaped text is printed (the
   * replacement keeps JSON valid), and while renderers escape the external values they show,
   * anything they missed still cannot move the cursor, retitle or clear the terminal.
   */
  #write(stream: CliStream, text: string): void {
    const safe = neutralizeControls(redactSecrets(text));
    if (this.#region) this.#region.log(safe, stream);
    else stream.write(`${safe}\n`);
  }
}
