/**
 * `finetune-kit convert <file>`: legacy prompt/completion data to chat messages.
 *
 * @module
 */

import type { ImportFormat } from '../../dataset/index.js';
import { CliUsageError } from '../cli-error.js';
import type { CommandContext, CommandDefinition } from '../command.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { loadDataset } from '../library.js';
import { checkInputAndOutput, checkOutputPaths, derivedPath } from '../output-files.js';
import { renderDroppedLines } from '../render/dropped-lines.js';
import { renderImportIssues } from '../render/import-issues.js';
import { formatBytes, plural } from '../ui/format.js';

const IMPORT_FORMATS: readonly ImportFormat[] = ['sharegpt', 'alpaca', 'trl', 'csv', 'tsv', 'json'];

/** The `convert` command. */
export const convertCommand: CommandDefinition = {
  name: 'convert',
  group: 'data',
  summary: 'Convert prompt/completion, ShareGPT, Alpaca, TRL, CSV or TSV data to OpenAI JSONL',
  description:
    'Without --from: each {"prompt", "completion"} line becomes {"messages": [system?, user, assistant]}; chat lines pass unchanged; blank and invalid lines are dropped and listed. Legacy separators can be stripped from prompts and completions. With --from: imports ShareGPT, Alpaca, TRL (preference data becomes DPO data), CSV/TSV (with a column mapping) or JSON (the shape of each record detected), streaming; records that cannot be converted are skipped and listed with their line in the source.',
  usesApi: false,
  positionals: [{ name: 'file', description: 'the file to convert (JSONL, a JSON array, CSV or TSV)' }],
  options: {
    from: {
      type: 'string',
      valueName: '<format>',
      description: 'import from sharegpt, alpaca, trl, csv, tsv or json (default: legacy prompt/completion)',
    },
    'prompt-column': {
      type: 'string',
      valueName: '<name>',
      description:
        'CSV/TSV: the column of the prompt (default: prompt, instruction, question, input or query)',
    },
    'response-column': {
      type: 'string',
      valueName: '<name>',
      description:
        'CSV/TSV: the column of the answer (default: completion, response, output, answer or target)',
    },
    'system-column': {
      type: 'string',
      valueName: '<name>',
      description: "CSV/TSV: a column with each row's system message",
    },
    out: {
      type: 'string',
      short: 'o',
      valueName: '<path>',
      description: 'output file',
      defaultText: '<file>.chat.jsonl, with --from <file>.openai.jsonl',
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
  examples: [
    'convert legacy.jsonl --system "Classify the sentiment." --prompt-suffix " ->"',
    'convert sharegpt.json --from sharegpt --out train.jsonl',
    'convert faq.csv --from csv --prompt-column question --response-column answer',
  ],
  async run(context) {
    const { args, ui, signal, resolvePath } = context;
    const from = args.string('from');
    if (from !== undefined) return runImport(context, from);
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

/** `convert --from <format>`: an import into OpenAI JSONL. */
async function runImport(
  { args, ui, signal, resolvePath }: CommandContext,
  from: string,
): Promise<ExitCodeValue | undefined> {
  const format = IMPORT_FORMATS.find((name) => name === from.toLowerCase());
  if (format === undefined) {
    throw new CliUsageError(
      `--from must be one of ${IMPORT_FORMATS.join(', ')}; got "${from}".`,
      args.command,
    );
  }
  for (const option of ['prompt-suffix', 'completion-suffix'] as const) {
    if (args.strings(option).length > 0) {
      throw new CliUsageError(
        `--${option} applies to legacy prompt/completion data, not to --from.`,
        args.command,
      );
    }
  }
  const file = args.positional('file');
  const out = args.string('out') ?? derivedPath(file.replace(/\.(csv|tsv|json)$/i, ''), 'openai');
  if (format === 'csv' || format === 'tsv') {
    // A CSV header is what the input check refuses for the other commands: check only the output.
    await checkOutputPaths(
      args.command,
      [{ shown: out, path: resolvePath(out), option: '--out' }],
      [resolvePath(file)],
      args.flag('force'),
    );
  } else {
    await checkInputAndOutput(args.command, file, out, resolvePath, args.flag('force'));
  }
  const system = args.string('system');
  const promptColumn = args.string('prompt-column');
  const responseColumn = args.string('response-column');
  const systemColumn = args.string('system-column');
  const { Dataset } = await loadDataset();
  const result = await Dataset.fromFile(resolvePath(file))
    .convertFrom(format, {
      ...(system ? { system } : {}),
      ...(promptColumn === undefined ? {} : { promptColumn }),
      ...(responseColumn === undefined ? {} : { responseColumn }),
      ...(systemColumn === undefined ? {} : { systemColumn }),
      signal,
    })
    .toFile(resolvePath(out), { signal });
  if (ui.json) {
    ui.printJson({ ok: result.written > 0, input: file, output: out, ...result });
    return result.written > 0 ? undefined : ExitCode.failure;
  }
  const { colors } = ui;
  const mark = result.written > 0 ? colors.success('✓') : colors.warning('!');
  ui.print(
    `${mark} Wrote ${colors.bold(out)}: ${plural(result.written, 'example')} from ${plural(result.read, `${format} record`)} (${formatBytes(result.bytesWritten)})`,
    ...renderImportIssues(result.issues, colors),
    colors.muted(`Next: finetune-kit validate ${out}`),
  );
  // Nothing converted is a failure (a wrong --from or column mapping), not an empty success.
  return result.written > 0 ? undefined : ExitCode.failure;
}

/** Reads `\n`, `\t`, `\r` and `\\` escapes, so separators with newlines can be typed in a shell. */
export function readEscaped(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.replace(/\\([ntr\\])/g, (_, letter: string) =>
    letter === 'n' ? '\n' : letter === 't' ? '\t' : letter === 'r' ? '\r' : '\\',
  );
}
