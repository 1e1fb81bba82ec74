/**
 * `finetune-kit convert <file>`: legacy prompt/completion data to chat messages.
 *
 * @module
 */

import type { CommandDefinition } from '../command.js';
import { loadDataset } from '../library.js';
import { checkInputAndOutput, derivedPath } from '../output-files.js';
import { renderDroppedLines } from '../render/dropped-lines.js';
import { formatBytes, plural } from '../ui/format.js';

/** The `convert` command. */
export const convertCommand: CommandDefinition = {
  name: 'convert',
  group: 'data',
  summary: 'Convert prompt/completion data to chat messages',
  description:
    'Each {"prompt", "completion"} line becomes {"messages": [system?, user, assistant]}; chat lines pass unchanged; blank and invalid lines are dropped and listed. Legacy separators can be stripped from prompts and completions.',
  usesApi: false,
  positionals: [{ name: 'file', description: 'the prompt/completion JSONL file' }],
  options: {
    out: {
      type: 'string',
      short: 'o',
      valueName: '<path>',
      description: 'output file',
      defaultText: '<file>.chat.jsonl',
    },
    system: {
      type: 'string',
      valueName: '<text>',
      description: 'a system message to put first in every example',
    },
    'prompt-suffix': {
      type: 'string',
      valueName: '<text>',
      description:
        'a separator to remove from the end of prompts, e.g. " ->" or "\\n\\n###\\n\\n" (\\n, \\t understood)',
    },
    'completion-suffix': {
      type: 'string',
      valueName: '<text>',
      description: 'a stop sequence to remove from the end of completions, e.g. " END" or "\\n"',
    },
    trim: { type: 'boolean', negatable: true, description: 'keep whitespace around prompts and completions' },
    force: { type: 'boolean', short: 'f', description: 'replace the output file if it exists' },
  },
  examples: ['convert legacy.jsonl --system "Classify the sentiment." --prompt-suffix " ->"'],
  async run({ args, ui, signal, resolvePath }) {
    const file = args.positional('file');
    const out = args.string('out') ?? derivedPath(file, 'chat');
    await checkInputAndOutput(args.command, file, out, resolvePath, args.flag('force'));
    const system = args.string('system');
    // Separators are often whitespace (" ->", "\n\n###\n\n"): read raw, with \n and \t escapes.
    const promptSuffix = readEscaped(args.strings('prompt-suffix')[0]);
    const completionSuffix = readEscaped(args.strings('completion-suffix')[0]);
    const { Dataset } = await loadDataset();
    const result = await Dataset.fromFile(resolvePath(file))
      .promptCompletionToChat({
        ...(system ? { systemPrompt: system } : {}),
        ...(promptSuffix === undefined ? {} : { promptSuffix }),
        ...(completionSuffix === undefined ? {} : { completionSuffix }),
        trim: args.flag('trim', true),
        signal,
      })
      .toFile(resolvePath(out), { signal });
    if (ui.json) {
      ui.printJson({ ok: true, input: file, output: out, ...result });
      return undefined;
    }
    const { colors } = ui;
    ui.print(
      `${colors.success('✓')} Wrote ${colors.bold(out)}: ${plural(result.converted, 'example')} converted to chat, ${plural(result.kept, 'chat example')} kept (${formatBytes(result.bytesWritten)})`,
      ...renderDroppedLines(result.dropped, colors),
      colors.muted(`Next: finetune-kit validate ${out}`),
    );
    return undefined;
  },
};

/** Reads `\n`, `\t`, `\r` and `\\` escapes, so separators with newlines can be typed in a shell. */
export function readEscaped(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.replace(/\\([ntr\\])/g, (_, letter: string) =>
    letter === 'n' ? '\n' : letter === 't' ? '\t' : letter === 'r' ? '\r' : '\\',
  );
}
