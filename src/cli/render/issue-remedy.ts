/**
 * Issue remedies in the CLI's terms: the library names `dataset.fix()` or the `validationFile`
 * option, the terminal user needs `finetune-kit fix train.jsonl` or `--validation-file`. Rendered
 * from the issue's structured `remedy`, never by rewording the message.
 *
 * @module
 */
import type { CostEstimate, DatasetIssue, FixName, IssueRemedy } from '../../dataset/index.js';
import { derivedPath } from '../output-files.js';

/**
 * The flag of `finetune-kit fix` that turns each fix on; `''` for the fixes it applies by default
 * (see the `fix` command's options).
 */
export const FIX_FLAGS: Readonly<Record<FixName, string>> = {
  stripBom: '',
  normalizeLineEndings: '',
  jsonArrayToJsonl: '',
  dropBlankLines: '',
  dropInvalidLines: '',
  lowercaseKeys: '',
  dropExtraColumns: '',
  dedupe: '--dedupe',
  dropEmptyCompletions: '--drop-empty-completions',
  dropOverLimit: '--drop-over-limit',
  truncate: '--truncate',
  addPromptSeparator: '--add-prompt-separator',
  addCompletionStop: '--add-completion-stop',
  addLeadingSpace: '--add-leading-space',
  stripCommonPrefix: '--strip-common-prefix',
  redact: '--redact',
  dedupeNear: '--dedupe-near',
};

/** Fixes that leave the offending line out of the output. */
const LINE_DROPPING_FIXES: ReadonlySet<FixName> = new Set<FixName>([
  'dropBlankLines',
  'dropInvalidLines',
  'dedupe',
  'dropEmptyCompletions',
  'dropOverLimit',
  'dedupeNear',
]);

/** Where the remedy's commands point: the file as the user typed it, or none (standard input). */
export interface RemedyTarget {
  /** The file as typed, or `undefined` when the data came from standard input. */
  readonly file: string | undefined;
}

/**
 * The remedy as one CLI sentence, naming the command or flag that applies it.
 *
 * @param remedy - The issue's remedy.
 * @param target - The file the commands work on.
 * @returns One sentence ending with a full stop.
 */
export function describeCliRemedy(remedy: IssueRemedy, target: RemedyTarget): string {
  const file = target.file === undefined ? '<file>' : shellWord(target.file);
  switch (remedy.kind) {
    case 'fix': {
      const flag = FIX_FLAGS[remedy.fix];
      const command = `\`finetune-kit fix ${file}${flag ? ` ${flag}` : ''}\``;
      // Say what happens to the data: these fixes remove the line rather than mend it.
      return LINE_DROPPING_FIXES.has(remedy.fix)
        ? `Leave such lines out with ${command}.`
        : `Repair with ${command}.`;
    }
    case 'conversion':
      return remedy.conversion === 'convertFrom'
        ? `Convert with \`finetune-kit convert ${file} --from ${remedy.format}\`.`
        : `Convert with \`finetune-kit convert ${file}\`.`;
    case 'split': {
      if (target.file === undefined) {
        return 'Split with `finetune-kit split <file>` and train on its two outputs (`--validation-file`).';
      }
      const train = shellWord(derivedPath(target.file, 'train'));
      const validation = shellWord(derivedPath(target.file, 'validation'));
      return `Split with \`finetune-kit split ${file}\` and train on ${train} with \`--validation-file ${validation}\`.`;
    }
    case 'option':
      switch (remedy.option) {
        case 'model':
          return 'Name the model with `--model <name>`.';
        case 'models':
          return 'Choose a model finetune-kit knows with `--model <name>`.';
        case 'validationFile':
          return 'Pass a validation file with `--validation-file <path>`.';
      }
  }
}

/**
 * The issue's message without the library's remedy sentence (the report appends it to the
 * message of an issue whose check gave a remedy), so the CLI can put its own in place.
 *
 * @param issue - An issue of a report.
 * @param libraryRemedy - The library's sentence for the issue's remedy (`describeRemedy`).
 */
export function problemOf(issue: DatasetIssue, libraryRemedy: string | undefined): string {
  if (libraryRemedy === undefined) return issue.message;
  const suffix = ` ${libraryRemedy}`;
  return issue.message.endsWith(suffix) ? issue.message.slice(0, -suffix.length) : issue.message;
}

/**
 * The cost note of an estimate in the CLI's terms: the library's notes name its `model` and
 * `models` options.
 *
 * @param estimate - The report's estimate.
 * @param model - The model shown, for the unknown-price note.
 */
export function describeCliCostNote(estimate: CostEstimate, model: string | undefined): string {
  switch (estimate.costUnavailable) {
    case 'no_model':
      return 'No model given: pass `--model <name>` to price the job.';
    case 'unknown_model':
    case 'unknown_price':
      return `The training price of ${model ?? 'this model'} is not in finetune-kit's model table, so the job cannot be priced.`;
    default:
      return estimate.note;
  }
}

/** Quotes a path for a shell when it holds anything but the usual path characters. */
function shellWord(text: string): string {
  return /^[\w./@:+,=-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
