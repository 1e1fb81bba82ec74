/**
 * `finetune-kit fix <file>`: repairs what validation reports as fixable, into a new file.
 *
 * @module
 */
import type { ChangedLine, FixOptions } from '../../dataset/index.js';
import type { CommandDefinition } from '../command.js';
import { loadDataset } from '../library.js';
import { checkInputAndOutput, derivedPath } from '../output-files.js';
import { renderDroppedLines } from '../render/dropped-lines.js';
import type { Colors } from '../ui/colors.js';
import { formatBytes, formatInteger, plural } from '../ui/format.js';
import { renderTable } from '../ui/table.js';
import { terminalSafe } from '../ui/terminal-text.js';
import { readEscaped } from './convert.js';

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
    'drop-over-limit': {
      type: 'boolean',
      description: "drop examples over the --model's token limit per example",
    },
    truncate: {
      type: 'boolean',
      description:
        "fit examples to the --model's token limit by removing trailing messages (never inside a tool call); drop those that cannot be",
    },
    model: {
      type: 'string',
      short: 'm',
      valueName: '<name>',
      description: 'the model whose token limit --drop-over-limit and --truncate use',
      defaultText: 'gpt-4o-mini',
    },
    'add-prompt-separator': {
      type: 'string',
      valueName: '<text>',
      description:
        'legacy data: end every prompt with this separator ("auto": the legacy tool\'s suggestion; \\n, \\t understood)',
    },
    'add-completion-stop': {
      type: 'string',
      valueName: '<text>',
      description:
        'legacy data: end every completion with this stop sequence ("auto": the legacy suggestion)',
    },
    'add-leading-space': { type: 'boolean', description: 'legacy data: start every completion with a space' },
    'strip-common-prefix': {
      type: 'boolean',
      description:
        'legacy data: remove the prefix all prompts (over 12 characters) or completions (5+) share',
    },
    redact: {
      type: 'boolean',
      description:
        'replace secrets and personal data with [SECRET], [PRIVATE_KEY], [PASSWORD], [EMAIL], [PHONE], [CARD], [IBAN], [NATIONAL_ID]',
    },
    'dedupe-near': {
      type: 'boolean',
      description: 'drop examples nearly the same as an earlier one (keeps the first of each group)',
    },
    'near-duplicate-threshold': {
      type: 'string',
      valueName: '<0-1>',
      description: 'estimated Jaccard similarity from which --dedupe-near drops',
      defaultText: '0.8',
    },
    'keep-blank-lines': { type: 'boolean', description: 'keep whitespace-only lines' },
    'keep-invalid-lines': { type: 'boolean', description: 'keep lines that are not valid JSON objects' },
    'keep-key-case': { type: 'boolean', description: 'do not lower-case legacy keys' },
    'keep-extra-columns': { type: 'boolean', description: 'keep columns other than prompt/completion' },
    force: { type: 'boolean', short: 'f', description: 'replace the output file if it exists' },
  },
  examples: [
    'fix raw.jsonl',
    'fix raw.jsonl --dedupe --out clean.jsonl',
    'fix long.jsonl --truncate --model gpt-4.1-mini',
    'fix legacy.jsonl --add-prompt-separator auto --add-completion-stop auto --add-leading-space',
  ],
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
      dropOverLimit: args.flag('drop-over-limit'),
      truncate: args.flag('truncate'),
      model: args.string('model') ?? 'gpt-4o-mini',
      addLeadingSpace: args.flag('add-leading-space'),
      stripCommonPrefix: args.flag('strip-common-prefix'),
      redact: args.flag('redact'),
      dedupeNear: args.flag('dedupe-near'),
      ...nearDuplicateThreshold(args.number('near-duplicate-threshold', { min: 0, max: 1 })),
      ...legacyText('addPromptSeparator', args.strings('add-prompt-separator')[0]),
      ...legacyText('addCompletionStop', args.strings('add-completion-stop')[0]),
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
    const redactions = Object.entries(result.redactions ?? {});
    if (redactions.length > 0) {
      ui.print(
        colors.bold('Redacted'),
        ...renderTable(
          null,
          redactions.map(([kind, count]) => [kind, colors.muted(String(count ?? 0))]),
        ),
      );
    }
    const legacy = Object.entries(result.legacy ?? {});
    if (legacy.length > 0) {
      ui.print(
        colors.bold('Legacy fixes'),
        ...renderTable(
          null,
          legacy.map(([name, text]) => [name, terminalSafe(JSON.stringify(text))]),
        ),
      );
    }
    ui.print(
      ...renderChangedLines(result.changed, colors),
      ...renderDroppedLines(result.dropped, colors),
      colors.muted(`Next: finetune-kit validate ${out}`),
    );
    return undefined;
  },
};

/** `--add-prompt-separator auto` asks for the legacy suggestion; other text is used as typed. */
function legacyText(
  name: 'addPromptSeparator' | 'addCompletionStop',
  text: string | undefined,
): Partial<FixOptions> {
  if (text === undefined) return {};
  return { [name]: text === 'auto' ? true : (readEscaped(text) ?? text) };
}

/** The lines a fix changed in place (truncated examples), listed like the dropped ones. */
function renderChangedLines(changed: readonly ChangedLine[], colors: Colors, max = 10): string[] {
  if (changed.length === 0) return [];
  return [
    `${colors.bold('Changed')} ${colors.muted(`(${formatInteger(changed.length)})`)}`,
    ...renderTable(
      null,
      changed.slice(0, max).map((line) => [colors.muted(`line ${line.line}`), line.fix, line.reason]),
    ),
    ...(changed.length > max
      ? [colors.muted(`  … and ${formatInteger(changed.length - max)} more (see --json)`)]
      : []),
  ];
}

/** The `nearDuplicateThreshold` option, only when the flag was given. */
function nearDuplicateThreshold(value: number | undefined): Pick<FixOptions, 'nearDuplicateThreshold'> {
  return value === undefined ? {} : { nearDuplicateThreshold: value };
}
