/**
 * Output paths of the commands that write files (`fix`, `convert`, `split`, `metrics --svg`, …):
 * derived names next to the input, never the input itself, and no silent overwrite.
 *
 * @module
 */
import { access } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { CliUsageError } from './cli-error.js';

/**
 * `data/train.jsonl` + `fixed` → `data/train.fixed.jsonl`.
 *
 * @param input - The input path as typed.
 * @param tag - The word to insert before the extension.
 */
export function derivedPath(input: string, tag: string): string {
  const name = basename(input).replace(/\.jsonl?$/i, '');
  return join(dirname(input), `${name}.${tag}.jsonl`);
}

/**
 * Checks that `output` may be written: it is not the input, and it does not exist unless `force`.
 *
 * @param command - The command, for the hint.
 * @param output - The output path (resolved).
 * @param inputs - Paths that must not be overwritten (resolved).
 * @param force - Allow replacing an existing file.
 * @throws {CliUsageError} When the path is an input or exists without `force`.
 */
export async function checkOutputPath(
  command: string,
  output: string,
  inputs: readonly string[],
  force: boolean,
): Promise<void> {
  if (inputs.some((input) => resolve(input) === resolve(output))) {
    throw new CliUsageError(
      `The output ${output} is an input file; ${command} never modifies its input.`,
      command,
    );
  }
  if (force) return;
  const exists = await access(output).then(
    () => true,
    () => false,
  );
  if (exists) {
    throw new CliUsageError(
      `${output} already exists.`,
      command,
      'Choose another path with --out, or add --force to replace it.',
    );
  }
}

/**
 * A path for messages: relative to `cwd` when it is inside it (as the user typed it), else absolute.
 *
 * @param cwd - The working directory.
 * @param path - An absolute path.
 */
export function displayPath(cwd: string, path: string): string {
  const shown = relative(cwd, path);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
