/**
 * `finetune-kit split <file>`: a deterministic training/validation split.
 *
 * @module
 */
import type { SplitOptions } from '../../dataset/index.js';
import type { CommandDefinition } from '../command.js';
import { checkInputFile } from '../input-file.js';
import { loadDataset } from '../library.js';
import { checkOutputPaths, derivedPath } from '../output-files.js';
import { renderDroppedLines } from '../render/dropped-lines.js';
import { plural } from '../ui/format.js';

/** The `split` command. */
export const splitCommand: CommandDefinition = {
  name: 'split',
  group: 'data',
  summary: 'Split a file into training and validation files, reproducibly by seed',
  description:
    'Holds out min(1000, 20 %) of the examples by default, like the legacy OpenAI CLI, chosen pseudo-randomly from the seed: the same seed always gives the same split.',
  usesApi: false,
  positionals: [{ name: 'file', description: 'the JSONL file to split' }],
  options: {
    seed: {
      type: 'string',
      valueName: '<n>',
      description: 'seed of the choice (an integer or any text)',
      defaultText: '42',
    },
    'validation-size': {
      type: 'string',
      valueName: '<n>',
      description: 'exact number of validation examples',
    },
    'validation-fraction': {
      type: 'string',
      valueName: '<f>',
      description: 'share held out, 0 to 1',
      defaultText: '0.2',
    },
    'max-validation': {
      type: 'string',
      valueName: '<n>',
      description: 'cap on held-out examples with the fraction',
      defaultText: '1000',
    },
    'train-out': {
      type: 'string',
      valueName: '<path>',
      description: 'training output',
      defaultText: '<file>.train.jsonl',
    },
    'validation-out': {
      type: 'string',
      valueName: '<path>',
      description: 'validation output',
      defaultText: '<file>.validation.jsonl',
    },
    force: { type: 'boolean', short: 'f', description: 'replace output files that exist' },
  },
  examples: ['split all.jsonl', 'split all.jsonl --seed 7 --validation-size 50'],
  async run({ args, ui, signal, resolvePath }) {
    const file = args.positional('file');
    const trainOut = args.string('train-out') ?? derivedPath(file, 'train');
    const validationOut = args.string('validation-out') ?? derivedPath(file, 'validation');
    const seedText = args.string('seed');
    const seed = seedText === undefined ? undefined : /^-?\d+$/.test(seedText) ? Number(seedText) : seedText;
    const size = args.number('validation-size', { min: 0, integer: true });
    const fraction = args.number('validation-fraction', { min: 0, max: 1 });
    const cap = args.number('max-validation', { min: 0, integer: true });
    const options: SplitOptions = {
      ...(seed === undefined ? {} : { seed }),
      ...(size === undefined ? {} : { validationSize: size }),
      ...(fraction === undefined ? {} : { validationFraction: fraction }),
      ...(cap === undefined ? {} : { maxValidationExamples: cap }),
      signal,
    };
    await checkInputFile(args.command, file, resolvePath(file));
    // Both outputs are checked before either is written: a refused one leaves nothing behind.
    await checkOutputPaths(
      args.command,
      [
        { shown: trainOut, path: resolvePath(trainOut), option: '--train-out' },
        { shown: validationOut, path: resolvePath(validationOut), option: '--validation-out' },
      ],
      [resolvePath(file)],
      args.flag('force'),
    );
    const { Dataset } = await loadDataset();
    const result = await Dataset.fromFile(resolvePath(file))
      .split(options)
      .toFiles(resolvePath(trainOut), resolvePath(validationOut), { signal });
    if (ui.json) {
      ui.printJson({ ok: true, input: file, trainFile: trainOut, validationFile: validationOut, ...result });
      return undefined;
    }
    const { colors } = ui;
    ui.print(
      `${colors.success('✓')} ${colors.bold(trainOut)}: ${plural(result.train, 'example')}`,
      `${colors.success('✓')} ${colors.bold(validationOut)}: ${plural(result.validation, 'example')} ${colors.muted(`(seed ${result.seed})`)}`,
      ...renderDroppedLines(result.dropped, colors),
      colors.muted(`Next: finetune-kit validate ${trainOut} --validation-file ${validationOut}`),
    );
    return undefined;
  },
};
