/**
 * What repairs an issue, as data: a fix of `Dataset.fix()`, the prompt/completion → chat
 * conversion, a train/validation split, or a validation option. The library's message names the
 * function or option ({@link describeRemedy}); a front end such as the CLI renders the same remedy
 * in its own terms (a command or a flag) from this structure instead of parsing the message.
 *
 * @module
 */
import type { FixName } from '../fixes/fix-dataset.js';
import type { ImportFormat } from '../import/import-formats.js';
import type { DatasetIssueCode } from '../issue-codes.js';

/** The validation options a remedy can point to (names of `ValidateOptions`). */
export type RemedyOption = 'model' | 'models' | 'validationFile';

/** A structured remedy: what repairs an issue, independent of how a front end spells it. */
export type IssueRemedy =
  /** A fix of `Dataset.fix()` (the `fix` command of the CLI). */
  | { readonly kind: 'fix'; readonly fix: FixName }
  /** `Dataset.promptCompletionToChat()` (the `convert` command). */
  | { readonly kind: 'conversion'; readonly conversion: 'promptCompletionToChat' }
  /** `Dataset.convertFrom(format)` (the `convert --from <format>` command). */
  | { readonly kind: 'conversion'; readonly conversion: 'convertFrom'; readonly format: ImportFormat }
  /** `Dataset.split()`, then pass the held-out file as `validationFile` (the `split` command). */
  | { readonly kind: 'split' }
  /** A validation option to pass (`--model`, `--validation-file` on the command line). */
  | { readonly kind: 'option'; readonly option: RemedyOption };

/** Fixes that `Dataset.fix()` applies only when asked (`{ dedupe: true }`). */
const OPT_IN_FIXES: ReadonlySet<FixName> = new Set<FixName>([
  'dedupe',
  'dropEmptyCompletions',
  'dropOverLimit',
  'truncate',
  'addPromptSeparator',
  'addCompletionStop',
  'addLeadingSpace',
  'stripCommonPrefix',
  'redact',
  'dedupeNear',
]);

const OPTION_SENTENCES: Readonly<Record<RemedyOption, string>> = {
  model: 'Name the model with the `model` option.',
  models: 'Describe the model (limits, encoding, price) with the `models` option.',
  validationFile: 'Pass a validation file with the `validationFile` option.',
};

/**
 * The remedy every issue of a code has, when one exists. `train_validation_overlap` has none:
 * `dedupe` works inside one file, so it cannot remove an example shared by two files.
 */
const REMEDY_FOR_CODE: Readonly<Partial<Record<DatasetIssueCode, IssueRemedy>>> = Object.freeze({
  utf8_bom: { kind: 'fix', fix: 'stripBom' },
  crlf_line_endings: { kind: 'fix', fix: 'normalizeLineEndings' },
  blank_line: { kind: 'fix', fix: 'dropBlankLines' },
  json_array_file: { kind: 'fix', fix: 'jsonArrayToJsonl' },
  invalid_utf8: { kind: 'fix', fix: 'dropInvalidLines' },
  invalid_json: { kind: 'fix', fix: 'dropInvalidLines' },
  not_an_object: { kind: 'fix', fix: 'dropInvalidLines' },
  key_case_mismatch: { kind: 'fix', fix: 'lowercaseKeys' },
  extra_columns: { kind: 'fix', fix: 'dropExtraColumns' },
  empty_completion: { kind: 'fix', fix: 'dropEmptyCompletions' },
  missing_prompt_separator: { kind: 'fix', fix: 'addPromptSeparator' },
  missing_completion_stop: { kind: 'fix', fix: 'addCompletionStop' },
  completion_no_leading_space: { kind: 'fix', fix: 'addLeadingSpace' },
  common_prompt_prefix: { kind: 'fix', fix: 'stripCommonPrefix' },
  common_completion_prefix: { kind: 'fix', fix: 'stripCommonPrefix' },
  duplicate_example: { kind: 'fix', fix: 'dedupe' },
  near_duplicate_example: { kind: 'fix', fix: 'dedupeNear' },
  possible_secret: { kind: 'fix', fix: 'redact' },
  possible_pii: { kind: 'fix', fix: 'redact' },
  split_suggestion: { kind: 'split' },
});

/**
 * The default remedy of a code (a check may give a more specific one on the issue itself).
 *
 * @param code - An issue code.
 * @returns The remedy, or `undefined` when nothing repairs the code automatically.
 */
export function remedyForCode(code: DatasetIssueCode): IssueRemedy | undefined {
  return REMEDY_FOR_CODE[code];
}

/**
 * The remedy as one sentence in the library's terms, as issue messages end with it.
 *
 * @example
 * ```ts
 * describeRemedy({ kind: 'fix', fix: 'dedupe' }); // 'Repair: dataset.fix({ dedupe: true }).'
 * describeRemedy({ kind: 'conversion', conversion: 'promptCompletionToChat' }); // 'Convert: dataset.promptCompletionToChat().'
 * ```
 * @param remedy - The remedy.
 * @returns One sentence, ending with a full stop.
 */
export function describeRemedy(remedy: IssueRemedy): string {
  switch (remedy.kind) {
    case 'fix':
      return OPT_IN_FIXES.has(remedy.fix)
        ? `Repair: dataset.fix({ ${remedy.fix}: true }).`
        : `Repair: dataset.fix() (its ${remedy.fix} fix).`;
    case 'conversion':
      return remedy.conversion === 'convertFrom'
        ? `Convert: dataset.convertFrom('${remedy.format}').`
        : 'Convert: dataset.promptCompletionToChat().';
    case 'split':
      return 'Split: dataset.split(), then pass the held-out part as the `validationFile` option.';
    case 'option':
      return OPTION_SENTENCES[remedy.option];
  }
}

/**
 * True when a fix of `Dataset.fix()` runs only on request (`dedupe`, `dropEmptyCompletions`).
 *
 * @param fix - A fix name.
 */
export function isOptInFix(fix: FixName): boolean {
  return OPT_IN_FIXES.has(fix);
}
