/**
 * The typed details of each dataset issue code: the facts a program needs about an issue beyond
 * its place (`line`, `path`, `messageIndex`) and its one-line `message`. One map, so the issue
 * union (`DatasetIssue`), the drafts the checks produce and the helpers that build them all agree.
 *
 * Documented per code in docs/dataset.md (issue details).
 *
 * @module
 */
import type { SensitiveKind } from './checks/sensitive-patterns.js';
import type { DatasetIssueCode } from './issue-codes.js';

/**
 * The details of a code that has none: an empty object. Typed so that reading any field of it is a
 * compile error (`issue.details.weight` on a `blank_line` issue does not type-check).
 */
export type NoIssueDetails = Readonly<Record<never, never>>;

/** Details of `invalid_json`. */
export interface InvalidJsonDetails {
  /** 1-based column of the first offending character, when the parser error could be located. */
  readonly column?: number;
}

/** Details of `invalid_utf8`. */
export interface InvalidUtf8Details {
  /** Byte offset of the first invalid byte from the start of the file (0-based). */
  readonly byteOffset: number;
}

/** Details of `invalid_weight`. */
export interface InvalidWeightDetails {
  /** The `weight` value found, as parsed from the JSON line: anything but the integers 0 and 1. */
  readonly weight: unknown;
}

/** Details of `too_few_examples`. */
export interface TooFewExamplesDetails {
  /** Examples in the file. */
  readonly examples: number;
  /** The minimum the provider accepts. */
  readonly minimum: number;
}

/** Details of `few_examples`. */
export interface FewExamplesDetails {
  /** Examples in the file. */
  readonly examples: number;
  /** The count OpenAI recommends at least. */
  readonly recommended: number;
}

/** Details of `too_many_examples`. */
export interface TooManyExamplesDetails {
  /** Examples in the file. */
  readonly examples: number;
  /** The provider's maximum. */
  readonly maximum: number;
}

/** Details of `example_too_long`. */
export interface ExampleTooLongDetails {
  /** Tokens of the example (framing included). */
  readonly tokens: number;
  /** The model's token limit per example. */
  readonly limit: number;
}

/** Details of `duplicate_example`. */
export interface DuplicateExampleDetails {
  /** 1-based line of the first occurrence of the example in the same file. */
  readonly firstLine: number;
}

/** Details of `train_validation_overlap` (an issue of the validation file). */
export interface TrainValidationOverlapDetails {
  /** 1-based line of the same example in the training file. */
  readonly trainingLine: number;
}

/** Details of `possible_secret` and `possible_pii`: what was found and where in the string at `path`. */
export interface SensitiveDataDetails {
  /** What it looks like, e.g. `openai_api_key`, `private_key`, `email`, `payment_card` (see docs/security.md). */
  readonly kind: SensitiveKind;
  /** 0-based offset of its first character in the string at the issue's `path` (UTF-16 code units). */
  readonly start: number;
  /** Offset just past its last character. */
  readonly end: number;
  /** Its first four characters and `…`: never the whole value. */
  readonly masked: string;
}

/** Details of `near_duplicate_example`. */
export interface NearDuplicateExampleDetails {
  /** 1-based line of the earlier example it nearly repeats, in the same file. */
  readonly otherLine: number;
  /** Estimated Jaccard similarity of the two examples' word 3-shingles (0–1). */
  readonly similarity: number;
}

/** Details of `near_duplicate_across_files` (an issue of the validation file). */
export interface NearDuplicateAcrossFilesDetails {
  /** 1-based line of the nearly identical example in the training file. */
  readonly trainingLine: number;
  /** Estimated Jaccard similarity of the two examples' word 3-shingles (0–1). */
  readonly similarity: number;
}

/** The codes that carry details, with their details type. */
interface DetailedCodes {
  readonly invalid_json: InvalidJsonDetails;
  readonly invalid_utf8: InvalidUtf8Details;
  readonly invalid_weight: InvalidWeightDetails;
  readonly too_few_examples: TooFewExamplesDetails;
  readonly few_examples: FewExamplesDetails;
  readonly too_many_examples: TooManyExamplesDetails;
  readonly example_too_long: ExampleTooLongDetails;
  readonly duplicate_example: DuplicateExampleDetails;
  readonly train_validation_overlap: TrainValidationOverlapDetails;
  readonly possible_secret: SensitiveDataDetails;
  readonly possible_pii: SensitiveDataDetails;
  readonly near_duplicate_example: NearDuplicateExampleDetails;
  readonly near_duplicate_across_files: NearDuplicateAcrossFilesDetails;
}

/**
 * The details type of every issue code: {@link NoIssueDetails} for the codes without details.
 * Adding a code to the catalogue gives it no details until it is listed here.
 */
export type IssueDetailsByCode = {
  readonly [C in DatasetIssueCode]: C extends keyof DetailedCodes ? DetailedCodes[C] : NoIssueDetails;
};

/** The codes whose issues carry details. */
export type DetailedIssueCode = keyof DetailedCodes & DatasetIssueCode;

/**
 * The trailing `details` argument of the helpers that build an issue of code `C`: required for a
 * code with a required detail, optional for one whose details are all optional (such as
 * `invalid_json`), and for a code without details only an empty object is accepted. A field the
 * code does not have is a compile error in every case.
 */
export type IssueDetailsArgs<C extends DatasetIssueCode> = C extends DetailedIssueCode
  ? NoIssueDetails extends IssueDetailsByCode[C]
    ? [details?: IssueDetailsByCode[C]]
    : [details: IssueDetailsByCode[C]]
  : [details?: Readonly<Record<string, never>>];

/**
 * The `details` field of an issue draft of code `C`, following the same rules as
 * {@link IssueDetailsArgs}: required only when the code has a required detail.
 */
export type IssueDraftDetails<C extends DatasetIssueCode> = C extends DetailedIssueCode
  ? NoIssueDetails extends IssueDetailsByCode[C]
    ? { readonly details?: IssueDetailsByCode[C] }
    : { readonly details: IssueDetailsByCode[C] }
  : { readonly details?: Readonly<Record<string, never>> };
