/**
 * ANSI colours that switch off cleanly. Colour is used only on a terminal, and the user decides:
 * `--color`/`--no-color` first, then `FORCE_COLOR` (as Node itself does, it overrides `NO_COLOR`),
 * then `NO_COLOR` (https://no-color.org), then whether the stream is a TTY.
 *
 * @module
 */
import type { CliStream } from '../cli-io.js';

/** A styling function: returns the text wrapped in escape codes, or unchanged when colour is off. */
export type Style = (text: string) => string;

/** The palette the CLI draws with. Names say what they mean, not which colour they are. */
export interface Colors {
  readonly enabled: boolean;
  readonly bold: Style;
  readonly dim: Style;
  readonly error: Style;
  readonly warning: Style;
  readonly success: Style;
  readonly info: Style;
  readonly accent: Style;
  readonly muted: Style;
}

const wrap =
  (enabled: boolean, open: number, close: number): Style =>
  (text) =>
    enabled ? `\u001B[${open}m${text}\u001B[${close}m` : text;

/**
 * Builds the palette.
 *
 * @param enabled - Whether to emit escape codes at all.
 * @returns Styling functions; identity functions when `enabled` is false.
 */
export function createColors(enabled: boolean): Colors {
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    error: wrap(enabled, 31, 39),
    warning: wrap(enabled, 33, 39),
    success: wrap(enabled, 32, 39),
    info: wrap(enabled, 36, 39),
    accent: wrap(enabled, 35, 39),
    muted: wrap(enabled, 90, 39),
  };
}

/**
 * Decides whether to colour output written to `stream`.
 *
 * @param env - The environment (`FORCE_COLOR`, `NO_COLOR`, `TERM`).
 * @param stream - The stream the colours would be written to.
 * @param flag - `--color` (true) or `--no-color` (false), when given.
 * @returns True when escape codes should be written.
 */
export function shouldUseColor(
  env: Readonly<Record<string, string | undefined>>,
  stream: CliStream,
  flag?: boolean,
): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  // no-color.org: "when present and not an empty string".
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Removes ANSI escape sequences, to measure the visible width of styled text. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
}
