/**
 * Input files of the data commands, checked before reading: a directory or a CSV/TSV file is a
 * wrong argument, answered with one line, not a validation report full of consequences.
 *
 * @module
 */
import { open, stat } from 'node:fs/promises';
import { CliUsageError } from './cli-error.js';

/** Bytes read to look at the first line: a header row is short. */
const HEAD_BYTES = 4096;

/** A column name of a header row: a word, possibly quoted, with spaces, dots or dashes inside. */
const COLUMN_NAME = /^"?[A-Za-z_][\w .-]{0,63}"?$/;

/**
 * Refuses an input that cannot be JSONL: a directory, or a file whose first line is a CSV or TSV
 * header (`prompt,completion`). A missing file is left to the command, which reports it as data.
 *
 * @param command - The command, for the hint.
 * @param shown - The path as the user typed it.
 * @param path - The resolved path.
 * @param option - The option that named the file (`--validation-file`), or none for the argument.
 * @throws {CliUsageError} For a directory or a CSV/TSV file.
 */
export async function checkInputFile(
  command: string,
  shown: string,
  path: string,
  option?: string,
): Promise<void> {
  const label = option ? `${option} ${shown}` : shown;
  const info = await stat(path).catch(() => null);
  if (info === null) return;
  if (info.isDirectory()) {
    throw new CliUsageError(`${label} is a directory, not a JSONL file.`, command);
  }
  if (!info.isFile()) return;
  const line = await firstLine(path);
  const separator = tabularSeparator(line);
  if (separator !== null) {
    const kind = separator === '\t' ? 'TSV' : 'CSV';
    const header = line
      .replace(/^\uFEFF/, '')
      .trim()
      .split(separator)
      .map((field) => field.trim());
    const shownHeader = header.length > 6 ? `${header.slice(0, 6).join(', ')}, …` : header.join(', ');
    throw new CliUsageError(
      `${label} looks like ${kind} (header: ${shownHeader}), not JSONL; convert it to JSONL first: finetune-kit convert ${shown} --from ${kind.toLowerCase()}`,
      command,
      'Each line of a JSONL training file is one example, such as {"messages": [...]}.',
    );
  }
}

/**
 * The separator of a CSV or TSV header row, or `null` when the line is not one: at least two
 * fields, each a column name, never JSON.
 *
 * @param line - The first line of a file, without its terminator.
 */
export function tabularSeparator(line: string): ',' | '\t' | null {
  const text = line.replace(/^\uFEFF/, '').trim();
  if (text === '' || text.startsWith('{') || text.startsWith('[')) return null;
  const separator = text.includes('\t') ? '\t' : ',';
  const fields = text.split(separator).map((field) => field.trim());
  if (fields.length < 2 || !fields.every((field) => COLUMN_NAME.test(field))) return null;
  return separator;
}

/** The first line of a file (up to {@link HEAD_BYTES} bytes). */
async function firstLine(path: string): Promise<string> {
  const handle = await open(path, 'r').catch(() => null);
  if (handle === null) return '';
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const text = new TextDecoder().decode(buffer.subarray(0, bytesRead));
    return text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  } finally {
    await handle.close();
  }
}
