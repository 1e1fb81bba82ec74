/**
 * `finetune-kit fix <file>`: repairs what validation reports as fixable, into a new file.
 *
 * @module
 */
import type { FixOptions } from '../../dataset/index.js';
import type { CommandDefinition } from '../command.js';
import { loadDataset } from '../library.js';
import { checkInputAndOutput, derivedPath } from '../output-files.js';
import { renderDroppedLines } from '../render/dropped-lines.js';
import { formatBytes, formatInteger, plural } from '../ui/format.js';
import { renderTable } from '../ui/table.js';

/** The `fix` command. */
export const fixCommand: CommandDefinition = {
  name: 'fix',
  group: 'data',
  summary: 'Repair a JSONL file into a new one (BOM, blank and invalid lines, duplicates, …)',
  description:
    'Always: strips a BOM, writes \\n line endings, turns a JSON array file into JSONL. By default also drops blank and invalid lines, lower-cases legacy keys (Prompt → prompt) and drops extra prompt/completion columns. The input is never modified; every dropped line is listed.',
  usesApi: false,
  positionals: [{ name: 'file', description: 'the JSONL file to repair' }],
  options: {
    out: {
      type: 'string',
      short: 'o',
      valueName: '<path>',
      description: 'output file',
      defaultText: '<file>.fixed.jsonl',
    },
    dedupe: { type: 'boolean', description: 'drop exact duplicates of earlier examples' },
    'drop-empty-completions': {
      type: 'boolean',
      description: 'drop prompt/completion lines with an empty completion',
    },
    'keep-blank-lines': { type: 'boolean', description: 'keep whitespace-only lines' },
    'keep-invalid-lines': { type: 'boolean', description: 'keep lines that are not valid JSON objects' },
    'keep-key-case': { type: 'boolean', description: 'do not lower-case legacy keys' },
    'keep-extra-columns': { type: 'boolean', description: 'keep columns other than prompt/completion' },
    force: { type: 'boolean', short: 'f', description: 'replace the output file if it exists' },
  },
  examples: ['fix raw.jsonl', 'fix raw.jsonl --dedupe --out clean.jsonl'],
  async run({ args, ui, signal, resolvePath }) {
    const file = args.positional('file');
    const out = args.string('out') ?? derivedPath(file, 'fixed');
    await checkInputAndOutput(args.command, file, out, resolvePath, args.flag('force'));
    const options: FixOptions = {
      dedupe: args.flag('dedupe'),
      dropEmptyCompletions: args.flag('drop-empty-completions'),
      dropBlankLines: !args.flag('keep-blank-lines'),
      dropInvalidLines: !args.flag('keep-invalid-lines'),
      lowercaseKeys: !args.flag('keep-key-case'),
      dropExtraColumns: !args.flag('keep-extra-columns'),
      signal,
    };
    const { Dataset } = await loadDataset();
    const result = await Dataset.fromFile(resolvePath(file))
      .fix(options)
      .toFile(resolvePath(out), { signal });
    if (ui.json) {
      ui.printJson({ ok: true, input: file, output: out, ...result });
      return undefined;
    }
    const { colors } = ui;
    const applied = Object.entries(result.applied).filter(([, count]) => (count ?? 0) > 0);
    ui.print(
      `${colors.success('✓')} Wrote ${colors.bold(out)}: ${plural(result.written, 'line')} of ${formatInteger(result.read)} (${formatBytes(result.bytesWritten)})`,
    );
    if (applied.length > 0) {
      ui.print(
        colors.bold('Applied'),
        ...renderTable(
          null,
          applied.map(([fix, count]) => [fix, colors.muted(plural(count ?? 0, 'line'))]),
        ),
      );
    } else {
      ui.print(colors.muted('Nothing needed fixing; the output is a normalised copy.'));
    }
    ui.print(
      ...renderDroppedLines(result.dropped, colors),
      colors.muted(`Next: finetune-kit validate ${out}`),
    );
    return undefined;
  },
};
