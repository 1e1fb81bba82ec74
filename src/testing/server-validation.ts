/**
 * Server-side validation of training files: the simulator's adapter from finetune-kit's Dataset
 * report to the way the real API fails a job (`job.error` and the matching error event).
 *
 * The simulator never validates on its own: it runs the Dataset module (or a validator the user
 * passes) and translates the first blocking issue into the server's wording (docs/internals/dataset-rules.md#server-side-rejections,
 * docs/internals/api-behaviour.md#job-failure-codes).
 *
 * @module
 */
import type { ModelTableOverrides } from '../models/index.js';
import { decodeChunks } from './store.js';

/** What a validator is asked to check: one uploaded file, for one job. */
export interface TrainingFileCheck {
  /**
   * The file's text, UTF-8 decoded on first access. Prefer `chunks` for large files: a string
   * cannot hold more than about 512 MB.
   */
  readonly text: string;
  /** The file's bytes, as the chunks (upload parts) it was received in. */
  readonly chunks: readonly Uint8Array[];
  /** The file id, for messages. */
  readonly fileId: string;
  /** The file name given at upload. */
  readonly filename: string;
  /** Which job parameter the file came in. */
  readonly role: 'training_file' | 'validation_file';
  /** The job's base model (resolved snapshot). */
  readonly model: string;
  /** The job's method. */
  readonly method: 'supervised' | 'dpo' | 'reinforcement';
  /** Fewest examples a training file may have (option `training.minExamples`). */
  readonly minExamples: number;
  /** The simulator's model-table overrides (option `models`), if any. */
  readonly models?: ModelTableOverrides;
  /**
   * Reinforcement jobs: the job's grader. The default validator does not check the file against it
   * (the server reports a field a grader cannot find as `invalid_variable_error`s while training, not
   * as an invalid file); a custom validator may.
   */
  readonly grader?: Readonly<Record<string, unknown>>;
}

/** A file the server accepts. */
export interface AcceptedTrainingFile {
  readonly ok: true;
  /** Number of examples. */
  readonly examples: number;
  /** Billed tokens for one epoch (each example capped at the model's limit). */
  readonly tokensPerEpoch: number;
  /** The detected format, e.g. `chat`. */
  readonly format: string;
}

/** A file the server rejects: becomes `job.error` and an error event. */
export interface RejectedTrainingFile {
  readonly ok: false;
  readonly error: { readonly code: string; readonly message: string; readonly param: string | null };
}

/** The verdict on one file. */
export type TrainingFileVerdict = AcceptedTrainingFile | RejectedTrainingFile;

/**
 * The check given to a validator, with `text` decoded only when a validator reads it.
 *
 * @param details - Everything but `text`.
 */
export function createTrainingFileCheck(details: Omit<TrainingFileCheck, 'text'>): TrainingFileCheck {
  let text: string | undefined;
  return Object.freeze({
    ...details,
    get text() {
      text ??= decodeChunks(details.chunks);
      return text;
    },
  });
}

/**
 * Validates one file for one job, as the server does while the job is in `validating_files`.
 * Replace the default (finetune-kit's Dataset) through `createSimulator({ validator })`.
 *
 * @example
 * ```ts
 * // A server that rejects every file:
 * const validator: TrainingFileValidator = ({ fileId }) => ({
 *   ok: false,
 *   error: { code: 'unsafe_file', message: `The job failed due to an unsafe training file: ${fileId}.`, param: 'training_file' },
 * });
 * ```
 */
export type TrainingFileValidator = (
  check: TrainingFileCheck,
) => TrainingFileVerdict | Promise<TrainingFileVerdict>;

/** The part of a Dataset issue the adapter reads. */
export interface DatasetIssueLike {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly line?: number;
  readonly example?: number;
  readonly messageIndex?: number;
  readonly path?: string;
}

/** The part of a Dataset validation report the adapter reads. */
export interface DatasetReportLike {
  readonly format: string;
  readonly examples: number;
  readonly issues: readonly DatasetIssueLike[];
}

/** Server names of our formats, as they appear in the server's method-mismatch message. */
const SERVER_FORMAT_NAMES: Readonly<Record<string, string>> = {
  chat: 'fine-tune-chat',
  prompt_completion: 'fine-tune-completion',
  preference: 'fine-tune-preference',
  reinforcement: 'fine-tune-reinforcement',
};

/** The method each format is for. */
const METHOD_OF_FORMAT: Readonly<Record<string, string>> = {
  chat: 'supervised',
  prompt_completion: 'supervised',
  preference: 'dpo',
  reinforcement: 'reinforcement',
};

/**
 * Issues our validator reports as errors that the real server tolerates (it truncates long
 * examples, ignores the file name, and judges models and costs elsewhere). They never fail a job.
 */
const SERVER_TOLERATED_CODES: ReadonlySet<string> = new Set([
  'example_too_long',
  'assistant_truncated',
  'invalid_extension',
  'model_not_fine_tunable',
  'model_deprecated',
  'invalid_hyperparameter',
  'file_requires_uploads_api',
  'too_few_examples',
  'format_method_mismatch',
  'unknown_format',
  'mixed_formats',
  'empty_file',
]);

/** The job-level code and wording for one role. */
function prefix(role: TrainingFileCheck['role']) {
  return role === 'training_file'
    ? { code: 'invalid_training_file', lead: 'The job failed due to an invalid training file.' }
    : { code: 'invalid_validation_file', lead: 'The job failed due to an invalid validation file.' };
}

/** The last property name of a JSON path such as `messages[2].weight`. */
function lastKey(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const match = /([A-Za-z_][\w-]*)\]?$/.exec(path.replace(/\[\d+\]$/, ''));
  return match?.[1];
}

/**
 * The server's "Invalid file format." sentence for one issue. Only a few codes have an observed
 * server wording (docs/internals/dataset-rules.md#server-side-rejections); the others reuse our own message after `Example N`.
 */
function describeIssue(issue: DatasetIssueLike): string {
  const example = issue.example ?? issue.line;
  const where = example === undefined ? '' : `Example ${example}`;
  // Server messages count messages from 1 (as in "Example 100, message 2").
  const message = issue.messageIndex === undefined ? '' : `, message ${issue.messageIndex + 1}`;
  switch (issue.code) {
    case 'missing_role':
      return `Invalid file format. ${where}${message} Discriminator 'role' is missing in value`;
    case 'unknown_example_key': {
      const key = lastKey(issue.path);
      return key
        ? `Invalid file format. ${where} contains an extra "${key}".`
        : `Invalid file format. ${where} ${issue.message}`;
    }
    case 'missing_messages':
      return `Invalid file format. ${where} is missing key 'messages'.`;
    case 'invalid_json':
      return `Invalid file format. ${where} cannot be parsed. Error: ${issue.message}${issue.line === undefined ? '' : ` (line ${issue.line})`}`;
    default:
      return `Invalid file format. ${where}${message} ${issue.message}`.replace(/\s+/g, ' ').trim();
  }
}

/**
 * Translates a Dataset report into the server's verdict, in the order the server is assumed to
 * check: format, format against method, example count (training files only), then the first
 * blocking issue in file order.
 *
 * @param report - A Dataset validation report (only `format`, `examples` and `issues` are read).
 * @param check - The file and job being validated.
 * @param tokensPerEpoch - Billed tokens per epoch, for an accepted file.
 * @returns The verdict.
 */
export function verdictFromReport(
  report: DatasetReportLike,
  check: Pick<TrainingFileCheck, 'fileId' | 'role' | 'method' | 'minExamples'>,
  tokensPerEpoch: number,
): TrainingFileVerdict {
  const { code, lead } = prefix(check.role);
  const reject = (errorCode: string, message: string): RejectedTrainingFile => ({
    ok: false,
    error: { code: errorCode, message, param: check.role },
  });
  const formatName = SERVER_FORMAT_NAMES[report.format];
  if (report.format === 'unknown' || report.format === 'mixed' || formatName === undefined) {
    if (report.examples === 0 && check.role === 'training_file') {
      return reject(
        'invalid_n_examples',
        `Training file has 0 example(s), but must have at least ${check.minExamples} examples`,
      );
    }
    return reject(
      code,
      `${lead} Unexpected file format, expected either prompt/completion pairs or chat messages.`,
    );
  }
  const expectedMethod = METHOD_OF_FORMAT[report.format];
  if (expectedMethod !== check.method) {
    return reject(
      code,
      `${lead} Input file ${check.fileId} is in the ${formatName} format, but the specified fine-tuning job is not ` +
        `using '${expectedMethod}' as the training method (provided method=${check.method}).`,
    );
  }
  if (check.role === 'training_file' && report.examples < check.minExamples) {
    return reject(
      'invalid_n_examples',
      `Training file has ${report.examples} example(s), but must have at least ${check.minExamples} examples`,
    );
  }
  const blocking = report.issues
    .filter((issue) => issue.severity === 'error' && !SERVER_TOLERATED_CODES.has(issue.code))
    .sort((a, b) => (a.line ?? a.example ?? 0) - (b.line ?? b.example ?? 0));
  const first = blocking[0];
  if (first) return reject(code, `${lead} ${describeIssue(first)}`);
  return { ok: true, examples: report.examples, tokensPerEpoch, format: report.format };
}
