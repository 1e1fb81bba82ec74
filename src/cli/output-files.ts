/**
 * Output paths of the commands that write files (`fix`, `convert`, `split`): derived names next to
 * the input, never the input itself (nor a link to it), and no silent overwrite.
 *
 * @module
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { CliUsageError } from './cli-error.js';
import { checkInputFile } from './input-file.js';

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

/** One output of a command, as {@link checkOutputPaths} checks it. */
export interface OutputPath {
  /** The path as the user typed it (or as derived from the input), for messages. */
  readonly shown: string;
  /** The resolved path. */
  readonly path: string;
  /** The option that names it, for the hint: `--out`, `--train-out`, `--validation-out`. */
  readonly option: string;
}

/**
 * Checks every output of a command before anything is written, so a refused output never leaves
 * another one behind: none is an input (also through a hard or symbolic link) or another output,
 * none is a directory, each one's directory exists, and none exists unless `force`.
 *
 * @param command - The command, for the hint.
 * @param outputs - The outputs.
 * @param inputs - Paths that must not be overwritten (resolved).
 * @param force - Allow replacing existing files.
 * @throws {CliUsageError} On the first output that may not be written.
 */
export async function checkOutputPaths(
  command: string,
  outputs: readonly OutputPath[],
  inputs: readonly string[],
  force: boolean,
): Promise<void> {
  const inputIds = (await Promise.all(inputs.map((input) => fileIdentity(input)))).filter(
    (id): id is string => id !== null,
  );
  const seen: (OutputPath & { readonly id: string | null })[] = [];
  for (const output of outputs) {
    const info = await stat(output.path).catch(() => null);
    const id = info ? `${info.dev}:${info.ino}` : null;
    const samePath = inputs.some((input) => resolve(input) === output.path);
    if (samePath || (id !== null && inputIds.includes(id))) {
      throw new CliUsageError(
        `The output ${output.shown} is the input file${samePath ? '' : ' (a link to it)'}; ${command} never modifies its input.`,
        command,
        `Choose another path with ${output.option}.`,
      );
    }
    const twin = seen.find((other) => other.path === output.path || (id !== null && other.id === id));
    if (twin) {
      throw new CliUsageError(`${twin.option} and ${output.option} must be different files.`, command);
    }
    seen.push({ ...output, id });
    if (info?.isDirectory()) {
      throw new CliUsageError(
        `The output ${output.shown} is a directory, not a file.`,
        command,
        `Choose a file path with ${output.option}.`,
      );
    }
    const parent = await stat(dirname(output.path)).catch(() => null);
    if (!parent?.isDirectory()) {
      throw new CliUsageError(
        `The output ${output.shown} cannot be written: the directory ${dirname(output.shown)} does not exist.`,
        command,
        `Create it first, or choose another path with ${output.option}.`,
      );
    }
    if (info && !force) {
      throw new CliUsageError(
        `${output.shown} already exists.`,
        command,
        `Choose another path with ${output.option}, or add --force to replace it.`,
      );
    }
  }
}

/** `dev:ino` of an existing file (links followed), or `null`. */
async function fileIdentity(path: string): Promise<string | null> {
  const info = await stat(path).catch(() => null);
  return info ? `${info.dev}:${info.ino}` : null;
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

/**
 * Checks the input file and the one `--out` file of a command that writes a new file from its
 * input (`fix`, `convert`), before anything is read or written.
 *
 * @param command - The command, for the hints.
 * @param file - The input as the user typed it.
 * @param out - The output as the user typed it (or derived from the input).
 * @param resolvePath - Resolves a typed path against the working directory.
 * @param force - Allow replacing an existing output.
 * @throws {CliUsageError} For an unusable input or output.
 */
export async function checkInputAndOutput(
  command: string,
  file: string,
  out: string,
  resolvePath: (path: string) => string,
  force: boolean,
): Promise<void> {
  await checkInputFile(command, file, resolvePath(file));
  await checkOutputPaths(
    command,
    [{ shown: out, path: resolvePath(out), option: '--out' }],
    [resolvePath(file)],
    force,
  );
}
