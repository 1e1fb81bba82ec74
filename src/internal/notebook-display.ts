/**
 * `display(value)`: one way to show finetune-kit's results in any notebook kernel. Deno's kernel
 * renders a cell's last value through `Symbol.for('Jupyter.display')` by itself; tslab and
 * ijavascript do not, and a value displayed in the middle of a cell is not rendered by any of them.
 * `display` asks the value for its MIME bundle and hands it to the kernel in use, or prints the
 * text form when there is no kernel (a script, a test, a REPL).
 *
 * @module
 */
import { detectKernel, type KernelDisplay, type MimeBundle, mimeBundleOf } from './jupyter-kernel.js';

/**
 * Shows a value as a notebook output: a dataset report as HTML tables, `Metrics` as a chart, any
 * other value that answers `Symbol.for('Jupyter.display')` with its own bundle. Works in Deno's
 * kernel, tslab and ijavascript; other values show as text (strings as they are, other values as
 * JSON when they have a JSON form). Outside a notebook it prints the text form with
 * `console.log`, so the same code runs as a script.
 *
 * @param value - What to show.
 * @returns When the kernel took the output.
 *
 * @example
 * ```ts
 * import { display } from 'finetune-kit';
 *
 * const report = await Dataset.fromFile('data/chat-support.jsonl').validate({ model: 'gpt-4o-mini' });
 * await display(report);              // HTML tables in the notebook
 * await display(await job.metrics()); // the loss chart
 * ```
 */
export async function display(value: unknown): Promise<void> {
  await showValue(value, detectKernel());
}

/**
 * {@link display} with the kernel given: `null` prints with `log`.
 *
 * @param value - What to show.
 * @param kernel - The kernel's display, or `null` outside a notebook.
 * @param log - Where text goes without a kernel.
 */
export async function showValue(
  value: unknown,
  kernel: KernelDisplay | null,
  log: (text: string) => void = console.log,
): Promise<void> {
  const bundle = (await mimeBundleOf(value)) ?? { 'text/plain': plainText(value) };
  if (kernel) await kernel.show(bundle);
  else log(textOf(bundle));
}

/** The `text/plain` of a bundle (every kernel bundle should carry one), or a note that it has none. */
export function textOf(bundle: MimeBundle): string {
  const text = bundle['text/plain'];
  if (typeof text === 'string') return text;
  return `(no text form; the output has ${Object.keys(bundle).join(', ') || 'no data'})`;
}

function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    try {
      const json = JSON.stringify(value, null, 2);
      if (json !== undefined) return json;
    } catch {
      // Cycles or BigInt: fall through to String().
    }
  }
  return String(value);
}
