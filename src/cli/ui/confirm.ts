/**
 * Asking the person at the terminal to confirm something that cannot be undone, the way gh and
 * huggingface-cli do: a `[y/N]` question on stderr, one line read from standard input.
 *
 * @module
 */
import type { CliIO } from '../cli-io.js';

/**
 * True when a person can answer: standard input and standard error are both terminals. In scripts
 * and CI (a pipe, `< /dev/null`) nobody can, and commands ask for `--yes` instead.
 */
export function canAsk(io: CliIO): boolean {
  // process.stdin carries `isTTY`; CliIO types stdin as a plain byte source, so it is read loosely.
  return (io.stdin as { readonly isTTY?: boolean } | undefined)?.isTTY === true && io.stderr.isTTY === true;
}

/**
 * Writes `question [y/N] ` to stderr and reads one line from standard input.
 *
 * @param io - The streams.
 * @param question - The question, without the `[y/N]`.
 * @param signal - Ctrl-C: stops waiting for an answer.
 * @returns True for `y` or `yes` (any case); false for anything else, an empty line or end of input.
 * @throws The signal's reason when it aborts first.
 */
export async function confirm(io: CliIO, question: string, signal?: AbortSignal): Promise<boolean> {
  io.stderr.write(`${question} [y/N] `);
  if (!io.stdin) return false;
  const answer = readLine(io.stdin);
  const aborted = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  const line = await Promise.race([answer, aborted]);
  return /^\s*y(es)?\s*$/i.test(line);
}

/** The first line of `input` (without its newline), or what there was at its end. */
async function readLine(input: AsyncIterable<Uint8Array | string>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const end = text.indexOf('\n');
    if (end !== -1) return text.slice(0, end);
  }
  return text;
}
