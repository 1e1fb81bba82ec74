/**
 * Turns issue drafts into report issues (line, example, final severity, aliases, fix id, remedy) and keeps
 * exact counts per code and per severity with a bounded sample of issues per code, so a file with
 * a million bad lines still gives a small report.
 *
 * @module
 */
import { DATASET_ISSUE_CODES, type DatasetIssueCode, type IssueSeverity } from '../issue-codes.js';
import type { DatasetIssue, DatasetIssueBase, IssueDraft } from '../types.js';
import { describeRemedy, remedyForCode } from './issue-remedy.js';

/** The fix (see `Dataset.fix`) that repairs each fixable code. */
export const FIX_FOR_CODE: Readonly<Partial<Record<DatasetIssueCode, string>>> = Object.freeze({
  utf8_bom: 'stripBom',
  crlf_line_endings: 'normalizeLineEndings',
  blank_line: 'dropBlankLines',
  json_array_file: 'jsonArrayToJsonl',
  invalid_utf8: 'dropInvalidLines',
  invalid_json: 'dropInvalidLines',
  not_an_object: 'dropInvalidLines',
  key_case_mismatch: 'lowercaseKeys',
  extra_columns: 'dropExtraColumns',
  empty_completion: 'dropEmptyCompletions',
  missing_prompt_separator: 'addPromptSeparator',
  missing_completion_stop: 'addCompletionStop',
  completion_no_leading_space: 'addLeadingSpace',
  common_prompt_prefix: 'stripCommonPrefix',
  common_completion_prefix: 'stripCommonPrefix',
  duplicate_example: 'dedupe',
  near_duplicate_example: 'dedupeNear',
  possible_secret: 'redact',
  possible_pii: 'redact',
  train_validation_overlap: 'dedupe',
  split_suggestion: 'split',
});

/** Where an issue belongs. */
export interface IssuePlace {
  readonly line?: number;
  readonly example?: number;
}

/** Options of {@link IssueCollector}. */
export interface IssueCollectorOptions {
  /** Stored issues per code (counts stay exact). @default 100 */
  readonly maxIssuesPerCode?: number;
  /** Severity changes of the profile. */
  readonly profileSeverities?: Readonly<Partial<Record<DatasetIssueCode, IssueSeverity>>>;
  /** Severity changes asked by the caller; they win over everything else. */
  readonly severityOverrides?: Readonly<Partial<Record<DatasetIssueCode, IssueSeverity>>>;
}

/**
 * Collects issues. Severity precedence: caller override, then the draft's own severity (e.g. an
 * empty assistant answer is an error while other empty content is a warning), then the profile,
 * then the catalogue default.
 */
export class IssueCollector {
  readonly #max: number;
  readonly #profile: Readonly<Partial<Record<DatasetIssueCode, IssueSeverity>>>;
  readonly #overrides: Readonly<Partial<Record<DatasetIssueCode, IssueSeverity>>>;
  /** Stored samples per code, each with its sequence number (the order in which it was found). */
  readonly #samples = new Map<
    DatasetIssueCode,
    { readonly sequence: number; readonly issue: DatasetIssue }[]
  >();
  #sequence = 0;
  readonly #countsByCode: Partial<Record<DatasetIssueCode, number>> = {};
  readonly #countsBySeverity: Record<IssueSeverity, number> = { error: 0, warning: 0, info: 0 };

  constructor(options: IssueCollectorOptions = {}) {
    this.#max = options.maxIssuesPerCode ?? 100;
    this.#profile = options.profileSeverities ?? {};
    this.#overrides = options.severityOverrides ?? {};
  }

  /**
   * Records one issue.
   *
   * @param draft - What a check found.
   * @param place - Line and example number, when the issue belongs to one.
   * @returns The complete issue (also when it is not stored as a sample).
   */
  add(draft: IssueDraft, place: IssuePlace = {}): DatasetIssue {
    const issue = this.build(draft, place);
    this.#countsByCode[issue.code] = (this.#countsByCode[issue.code] ?? 0) + 1;
    this.#countsBySeverity[issue.severity]++;
    let samples = this.#samples.get(issue.code);
    if (!samples) {
      samples = [];
      this.#samples.set(issue.code, samples);
    }
    if (samples.length < this.#max) samples.push({ sequence: this.#sequence, issue });
    this.#sequence++;
    return issue;
  }

  /** Builds the complete issue without recording it. */
  build(draft: IssueDraft, place: IssuePlace = {}): DatasetIssue {
    const definition = DATASET_ISSUE_CODES[draft.code];
    const severity =
      this.#overrides[draft.code] ?? draft.severity ?? this.#profile[draft.code] ?? definition.severity;
    const aliases = 'aliases' in definition ? definition.aliases : undefined;
    const fix = FIX_FOR_CODE[draft.code];
    const remedy = draft.remedy ?? remedyForCode(draft.code);
    // Built key by key so that absent fields are absent, not `undefined`.
    const issue: { -readonly [K in keyof DatasetIssueBase]: DatasetIssueBase[K] } & {
      code: DatasetIssueCode;
      details?: object;
    } = {
      code: draft.code,
      severity,
      // A check's own remedy is worth a sentence; a code's default is data only (one per line of a
      // million-line file would be noise, and front ends show it once per code).
      message:
        draft.remedy === undefined ? draft.message : `${draft.message} ${describeRemedy(draft.remedy)}`,
    };
    if (place.line !== undefined) issue.line = place.line;
    if (place.example !== undefined) issue.example = place.example;
    if (draft.messageIndex !== undefined) issue.messageIndex = draft.messageIndex;
    if (draft.path !== undefined) issue.path = draft.path;
    // Always an object, `{}` for a code without details, so a consumer never tests for absence.
    issue.details = draft.details ?? {};
    if (aliases !== undefined) issue.aliases = aliases;
    if (fix !== undefined) issue.fix = fix;
    if (remedy !== undefined) issue.remedy = remedy;
    // Sound: `code` and `details` come together from one draft, whose type pairs them per code.
    return issue as DatasetIssue;
  }

  /** Exact number of issues per code (codes that never occurred are absent). */
  get countsByCode(): Readonly<Partial<Record<DatasetIssueCode, number>>> {
    return { ...this.#countsByCode };
  }

  /** Exact number of issues per severity. */
  get countsBySeverity(): Readonly<Record<IssueSeverity, number>> {
    return { ...this.#countsBySeverity };
  }

  /**
   * The stored issues, file-level issues first, then by line; issues of one line keep the order
   * in which they were found.
   */
  issues(): DatasetIssue[] {
    const all: { readonly sequence: number; readonly issue: DatasetIssue }[] = [];
    for (const samples of this.#samples.values()) all.push(...samples);
    all.sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.sequence - b.sequence);
    return all.map((entry) => entry.issue);
  }
}
