/**
 * Shared types of the dataset layer: issues, formats, and the per-example analysis contract that
 * connects the line reader (and its worker threads) to the checks.
 *
 * @module
 */
import type { EncodingName, ResolvedModel } from '../models/index.js';
import type { DatasetIssueCode, IssueSeverity } from './issue-codes.js';
import type { IssueDetailsByCode, IssueDraftDetails } from './issue-details.js';
import type { IssueRemedy } from './report/issue-remedy.js';

/** The format of one example (one line). */
export type ExampleFormat = 'chat' | 'prompt_completion' | 'preference' | 'reinforcement';

/** The format of a whole file: one example format, `mixed` when lines disagree, `unknown` when none was found. */
export type DatasetFormat = ExampleFormat | 'mixed' | 'unknown';

/** The fine-tuning method a file is meant for (`method.type` of the job). */
export type TrainingMethod = 'supervised' | 'dpo' | 'reinforcement';

/** The fields every issue has, whatever its code. */
export interface DatasetIssueBase {
  /** Severity after the profile was applied. */
  readonly severity: IssueSeverity;
  /** One-line human message. */
  readonly message: string;
  /** 1-based physical line number, when the issue belongs to a line. */
  readonly line?: number;
  /** 1-based example number among non-blank lines (OpenAI's "Example N"). */
  readonly example?: number;
  /** 0-based index in `messages` (or in `input.messages` for preference data). */
  readonly messageIndex?: number;
  /** JSON path inside the example, 0-based, e.g. `messages[2].tool_calls[0].function.arguments`. */
  readonly path?: string;
  /** The cookbook or legacy-CLI names of this code. */
  readonly aliases?: readonly string[];
  /** Id of a fix that repairs it (see `Dataset.fix`), when one exists. */
  readonly fix?: string;
  /**
   * What repairs it, as data (a fix, a conversion, a split or an option), when something does.
   * Front ends render it in their own terms; see `describeRemedy` for the library's sentence.
   */
  readonly remedy?: IssueRemedy;
}

/**
 * One problem found in a dataset. Issues are data: validation reports them, it never throws.
 *
 * A union discriminated on `code`: checking the code narrows `details` to that code's details
 * (`IssueDetailsByCode`), e.g. `if (issue.code === 'invalid_weight') issue.details.weight`.
 * `details` is always an object, empty (`{}`) for a code without details.
 *
 * @typeParam C - Restricts the union to some codes, e.g. `DatasetIssue<'invalid_json'>`.
 */
export type DatasetIssue<C extends DatasetIssueCode = DatasetIssueCode> = {
  readonly [K in C]: DatasetIssueBase & {
    /** Stable code (see `DATASET_ISSUE_CODES`). */
    readonly code: K;
    /** The code's typed details (see `IssueDetailsByCode`); `{}` for a code without details. */
    readonly details: IssueDetailsByCode[K];
  };
}[C];

/** The fields of every issue draft, whatever its code. */
export interface IssueDraftBase {
  readonly message: string;
  readonly messageIndex?: number;
  readonly path?: string;
  /** Overrides the code's default severity, e.g. `empty_content` on an assistant answer is an error. */
  readonly severity?: IssueSeverity;
  /**
   * A remedy specific to this issue, overriding the code's default; the report appends its
   * sentence (see `describeRemedy`) to `message`, so `message` holds the problem only.
   */
  readonly remedy?: IssueRemedy;
}

/**
 * An issue as a check produces it, before the report adds line, example, severity and aliases.
 * `details` is required only for a code with a required detail (see `IssueDraftDetails`).
 */
export type IssueDraft<C extends DatasetIssueCode = DatasetIssueCode> = {
  readonly [K in C]: IssueDraftBase & { readonly code: K } & IssueDraftDetails<K>;
}[C];

/** Counts tokens of one text with one encoding, exactly as tiktoken would. */
export interface TokenCounter {
  readonly encoding: EncodingName;
  /** Number of tokens of `text`; special-token look-alikes such as `<|endoftext|>` count as plain text. */
  count(text: string): number;
}

/** The cookbook framing constants (docs/internals/dataset-rules.md#example-framing). */
export interface TokenFraming {
  /** Tokens added per message. @default 3 */
  readonly tokensPerMessage: number;
  /** Tokens added when a message has a `name`. @default 1 */
  readonly tokensPerName: number;
  /** Tokens added once per example for the reply priming. @default 3 */
  readonly replyPriming: number;
  /** Count top-level `tools` definitions with the cookbook's function formula (docs/internals/dataset-rules.md#tool-definitions). @default true */
  readonly countToolDefinitions: boolean;
  /** Count only assistant messages with weight ≠ 0 as assistant tokens. @default false */
  readonly assistantTokensTrainableOnly: boolean;
}

/** Token counts of one example. */
export interface ExampleTokens {
  /** Σ framing + content tokens of the example (docs/internals/dataset-rules.md#example-framing), including tool definitions when enabled. */
  readonly total: number;
  /** Tokens of assistant content and tool calls. */
  readonly assistant: number;
  /** Number of messages (for preference data: input messages + preferred output). */
  readonly messages: number;
}

/**
 * Small facts about one example that the file-level checks need (duplicates, diversity, overlap,
 * legacy prompt/completion checks). Computed where the example is parsed (possibly in a worker) so
 * that the main thread never re-parses a line.
 */
export interface ExampleFeatures {
  /** Hash of the canonical JSON of the example (key order normalised), for duplicates and overlap. */
  readonly hash: string;
  /** Hash of the system prompt text, or `null` when there is none. */
  readonly systemPromptHash: string | null;
  /** Hash of the final assistant answer text, or `null`. */
  readonly answerHash: string | null;
  /** Number of assistant messages that are refusals. */
  readonly refusals: number;
  /** Number of assistant messages. */
  readonly assistantMessages: number;
  /** Number of images in the example. */
  readonly images: number;
  /** True when some message content is an array with an image part. */
  readonly multimodal: boolean;
  /** Top-level keys passed to graders (reinforcement data), sorted. */
  readonly graderFields?: readonly string[];
  /** Prompt and completion text, for the legacy file-level checks (prompt_completion format only). */
  readonly prompt?: string;
  readonly completion?: string;
  /** MinHash sketch of the example's text (near-duplicate checks), when asked for and it has words. */
  readonly sketch?: Uint8Array;
}

/** The result of analysing one parsed example: everything the report needs from that line. */
export interface ExampleAnalysis {
  /** The example's format, or `null` when none could be detected. */
  readonly format: ExampleFormat | null;
  readonly issues: readonly IssueDraft[];
  /** Token counts, or `null` when the example is too broken to count. */
  readonly tokens: ExampleTokens | null;
  readonly features: ExampleFeatures | null;
}

/** What the per-example checks need to know. Plain data, so it can be sent to a worker thread. */
export interface AnalyzeContext {
  /** The method the file is for, when given; checks format fit and method-specific rules. */
  readonly method?: TrainingMethod;
  /** The resolved model, when given. */
  readonly model?: ResolvedModel;
  /** The provider profile: `openai` (default) or `azure` changes a few rules (docs/internals/dataset-rules.md#profiles-openai-and-azure). */
  readonly profile: ValidationProfile;
  readonly framing: TokenFraming;
  /** Look for secrets and personal data (`possible_secret`, `possible_pii`). @default false */
  readonly sensitiveData?: boolean;
  /** Compute the MinHash sketch of the example's text for the near-duplicate checks. @default false */
  readonly nearDuplicates?: boolean;
}

/** Provider profiles: each may raise or lower severities and change limits. */
export type ValidationProfile = 'openai' | 'azure';
