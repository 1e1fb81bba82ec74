/**
 * Provider profiles: the limits and severity changes that differ between OpenAI and Azure OpenAI
 * (docs/dataset.md). Callers can change any limit or severity per call.
 *
 * @module
 */
import type { DatasetIssueCode, IssueSeverity } from '../issue-codes.js';
import type { ValidationProfile } from '../types.js';

/** File-level limits checked by validation. */
export interface DatasetLimits {
  /** Fewer examples is an error (`too_few_examples`). @default 10 */
  readonly minExamples: number;
  /** Fewer examples is a warning (`few_examples`). @default 50 (Azure: 100) */
  readonly recommendedExamples: number;
  /** More examples is an error (`too_many_examples`); `null` for no limit. @default null */
  readonly maxExamples: number | null;
  /** More image-bearing examples is an error (`too_many_image_examples`). @default 50_000 */
  readonly maxImageExamples: number;
  /**
   * Larger files need the Uploads API (`file_requires_uploads_api`). "512 MB" is read as 512·10⁶
   * bytes; whether OpenAI means MiB is unconfirmed, so files between 512·10⁶ and 512·2²⁰ get a
   * warning that says so. @default 512_000_000
   */
  readonly filesApiMaxBytes: number;
  /** Larger files cannot be uploaded at all (`file_too_large`). @default 8_000_000_000 */
  readonly uploadsMaxBytes: number;
  /** Longest model-name `suffix`. @default 64 (Azure: 18) */
  readonly suffixMaxLength: number;
  /** Reinforcement fine-tuning needs a validation file (Azure). @default false (Azure: true) */
  readonly reinforcementNeedsValidationFile: boolean;
}

/** What a profile changes. */
export interface ProfileRules {
  readonly limits: DatasetLimits;
  /** Severities that differ from the catalogue's OpenAI defaults. */
  readonly severities: Readonly<Partial<Record<DatasetIssueCode, IssueSeverity>>>;
  /** Whether OpenAI's job-creation cut-off and shutdown dates apply. */
  readonly openaiDeprecationDates: boolean;
}

const OPENAI_LIMITS: DatasetLimits = Object.freeze({
  minExamples: 10,
  recommendedExamples: 50,
  maxExamples: null,
  maxImageExamples: 50_000,
  filesApiMaxBytes: 512_000_000,
  uploadsMaxBytes: 8_000_000_000,
  suffixMaxLength: 64,
  reinforcementNeedsValidationFile: false,
});

/** The built-in profiles. */
export const VALIDATION_PROFILES: Readonly<Record<ValidationProfile, ProfileRules>> = Object.freeze({
  openai: Object.freeze({
    limits: OPENAI_LIMITS,
    severities: Object.freeze({}),
    openaiDeprecationDates: true,
  }),
  azure: Object.freeze({
    limits: Object.freeze({
      ...OPENAI_LIMITS,
      // Azure docs: "at least hundreds of examples"; suffix up to 18 characters; RFT needs a validation file.
      recommendedExamples: 100,
      suffixMaxLength: 18,
      reinforcementNeedsValidationFile: true,
    }),
    // Azure documents that the final RFT message must be a user message.
    severities: Object.freeze({ rft_last_message_not_user: 'error' }),
    // Azure keeps its own model retirement schedule; OpenAI's dates do not apply.
    openaiDeprecationDates: false,
  }),
});
