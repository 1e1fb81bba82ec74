/**
 * A block of lines at the bottom of a terminal that is redrawn in place (progress, live chart),
 * while log lines scroll above it. Used only on a TTY; in pipes and CI the CLI prints plain lines.
 *
 * @module
 */
import { redactSecrets } from '../../internal/redact-secrets.js';
import type { CliStream } from '../cli-io.js';
import { stripAnsi } from './colors.js';
import { neutralizeControls } from './terminal-text.js';

const CLEAR_LINE_TO_END_OF_SCREEN = '\u001B[0J';
const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';

/** Shortens a possibly styled line to `width` visible characters so the terminal never wraps it. */
export function fitToWidth(line: string, width: number): string {
  if (stripAnsi(line).length <= width) return line;
  let visible = 0;
  let result = '';
  // Walk the string keeping escape sequences whole and counting only visible characters.
  for (const match of line.matchAll(/(\u001B\[[0-9;?]*[A-Za-z])|([\s\S])/g)) {
    if (match[1]) {
      result += match[1];
      continue;
    }
    if (visible >= width - 1) break;
    result += match[2];
    visible += 1;
  }
  // Reset styles in case the cut fell inside a coloured span.
  return `${result}…${line.includes('\u001B[') ? '\u001B[0m' : ''}`;
}

/** A redrawable block of lines on a terminal stream. */
export class LiveRegion {
  readonly #stream: CliStream;
  #lines: readonly string[] = [];
  #drawn = 0;
  #closed = false;

  /** @param stream - A TTY stream (usually stderr). */
  constructor(stream: CliStream) {
    this.#stream = stream;
    this.#stream.write(HIDE_CURSOR);
  }

  /**
   * Replaces the block's content and redraws it. Each entry is kept on one line whatever it holds
   * (a job's status or model from the server included): the erase step counts lines, and a stray
   * newline or cursor movement would make it erase the wrong ones.
   */
  render(lines: readonly string[]): void {
    if (this.#closed) return;
    this.#lines = lines.map((line) => neutralizeControls(redactSecrets(line)).replace(/\n/g, '\\n'));
    this.#erase();
    this.#draw();
  }

  /**
   * Writes `text` above the block (it scrolls away normally), then redraws the block under it.
   *
   * @param text - One or more lines, without the trailing newline.
   * @param stream - Where the text belongs (stdout for results); both must be the same terminal.
   */
  log(text: string, stream: CliStream = this.#stream): void {
    if (this.#closed) {
      stream.write(`${text}\n`);
      return;
    }
    this.#erase();
    stream.write(`${text}\n`);
    this.#draw();
  }

  /**
   * Stops redrawing. The block stays on screen when `keep` is true, otherwise it is erased.
   *
   * @param keep - Leave the last frame visible. @default true
   */
  close(keep = true): void {
    if (this.#closed) return;
    if (!keep) this.#erase();
    this.#closed = true;
    this.#stream.write(SHOW_CURSOR);
  }

  #width(): number {
    return Math.max(20, (this.#stream.columns ?? 80) - 1);
  }

  #erase(): void {
    if (this.#drawn === 0) return;
    // The cursor sits at the start of the line below the block: go up and clear everything under it.
    this.#stream.write(`\u001B[${this.#drawn}A\r${CLEAR_LINE_TO_END_OF_SCREEN}`);
    this.#drawn = 0;
  }

  #draw(): void {
    if (this.#lines.length === 0) return;
    const width = this.#width();
    this.#stream.write(`${this.#lines.map((line) => fitToWidth(line, width)).join('\n')}\n`);
    this.#drawn = this.#lines.length;
  }
}
