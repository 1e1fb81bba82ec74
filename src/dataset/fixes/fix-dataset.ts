/**
 * The repair fixes: what validation reports as fixable, applied while streaming to a new output.
 *
 * Always applied (the output is JSONL with `\n` endings and no BOM): strip the BOM, normalise CRLF,
 * convert a JSON array file to JSONL. Applied unless turned off: drop blank lines, drop invalid
 * lines, lower-case legacy keys, drop extra prompt/completion columns. Applied when asked: dedupe,
 * drop empty completions, drop or truncate examples over the token limit (`token-limit-fix.ts`),
 * and the legacy prompt/completion remedies (`legacy-prompt-fixes.ts`). Unchanged lines are
 * written byte for byte as they were.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../../errors.js';
import { hashCanonicalJson } from '../checks/hash.js';
import type { RedactionCounts } from '../checks/sensitive-data.js';
import type { DatasetInput } from '../input/dataset-input.js';
import type { DatasetIssueCode } from '../issue-codes.js';
import { HashIndex } from '../report/hash-index.js';
import type { TokenCounter } from '../types.js';
import {
  applyLegacyFixes,
  type LegacyFixChoices,
  needsSurvey,
  surveyLegacyFixes,
} from './legacy-prompt-fixes.js';
import { createNearDuplicateFilter, redactExample } from './privacy-and-near-duplicates.js';
import { type ReadRecordsSummary, readRecords } from './read-records.js';
import { createTokenLimitFixer, type TokenLimitFixer } from './token-limit-fix.js';

export type { LegacyFixChoices } from './legacy-prompt-fixes.js';

/** The fixes that can be switched. */
export interface FixOptions {
  /** Drop whitespace-only lines (`blank_line`). @default true */
  readonly dropBlankLines?: boolean;
  /** Drop lines that are not UTF-8, not JSON or not objects (`invalid_utf8`, `invalid_json`, `not_an_object`). @default true */
  readonly dropInvalidLines?: boolean;
  /** Rename `Prompt`/`COMPLETION`… to `prompt`/`completion` (`key_case_mismatch`). @default true */
  readonly lowercaseKeys?: boolean;
  /** Keep only `prompt` and `completion` in prompt/completion lines (`extra_columns`). @default true */
  readonly dropExtraColumns?: boolean;
  /** Drop exact duplicates of earlier examples, compared as canonical JSON (`duplicate_example`). @default false */
  readonly dedupe?: boolean;
  /** Drop prompt/completion lines whose completion is empty or null (`empty_completion`). @default false */
  readonly dropEmptyCompletions?: boolean;
  /**
   * Drop examples over the model's token limit per example (`example_too_long`), counted as
   * validation counts them. Needs `model`. @default false
   */
  readonly dropOverLimit?: boolean;
  /**
   * Fit examples over the model's token limit: a chat example loses whole trailing messages (never
   * part of a tool-call exchange) until it fits, still ending with an assistant message and keeping
   * a trained one; an example that cannot be cut so, and an over-long example of another format, is
   * dropped. Every changed line is listed in `changed`. Needs `model`. @default false
   */
  readonly truncate?: boolean;
  /** The model whose token limit and encoding `dropOverLimit` and `truncate` use. */
  readonly model?: string;
  /** A token counter to use instead of the model's encoding (tests, custom encodings). */
  readonly tokenCounter?: TokenCounter;
  /**
   * Legacy data: end every prompt with this separator (`missing_prompt_separator`), or with the one
   * the legacy tool suggests (`true`: the first of `" ->"`, `"\n\n###\n\n"`, … no prompt contains;
   * nothing for open-ended data). Prompts already ending with it are kept. @default false
   */
  readonly addPromptSeparator?: string | boolean;
  /**
   * Legacy data: end every completion with this stop sequence (`missing_completion_stop`), or with
   * the legacy tool's suggestion (`true`; not for open-ended or classification data). @default false
   */
  readonly addCompletionStop?: string | boolean;
  /** Legacy data: start every completion with a space (`completion_no_leading_space`). @default false */
  readonly addLeadingSpace?: boolean;
  /**
   * Legacy data: remove the prefix all prompts share when longer than 12 characters
   * (`common_prompt_prefix`) and the one all completions share when 5 or more (keeping a leading
   * space; `common_completion_prefix`). Reads the input twice: needs a reusable dataset. @default false
   */
  readonly stripCommonPrefix?: boolean;
  /**
   * Replace secrets and personal data (`possible_secret`, `possible_pii`) with typed placeholders
   * (`[SECRET]`, `[PRIVATE_KEY]`, `[PASSWORD]`, `[EMAIL]`, `[PHONE]`, `[CARD]`, `[IBAN]`,
   * `[NATIONAL_ID]`); every changed line is listed in `changed`, counts by kind in `redactions`.
   * @default false
   */
  readonly redact?: boolean;
  /** Drop examples nearly the same as an earlier one (`near_duplicate_example`), keeping the first. @default false */
  readonly dedupeNear?: boolean;
  /** The similarity from which `dedupeNear` drops (as validation's `checks.nearDuplicateThreshold`). @default 0.8 */
  readonly nearDuplicateThreshold?: number;
  /** Aborts the run. */
  readonly signal?: AbortSignal;
}

/** A line left out of the output. */
export interface DroppedLine {
  /** 1-based line of the input. */
  readonly line: number;
  /** The issue code the line had. */
  readonly code: DatasetIssueCode;
  /** Why, one line. */
  readonly reason: string;
}

/** A line the fixes changed (rather than dropped), and how. */
export interface ChangedLine {
  /** 1-based line of the input. */
  readonly line: number;
  /** The fix that changed it. */
  readonly fix: FixName;
  /** What changed, one line. */
  readonly reason: string;
}

/** Names of the fixes, as in `DatasetIssue.fix`. */
export type FixName =
  | 'stripBom'
  | 'normalizeLineEndings'
  | 'jsonArrayToJsonl'
  | 'dropBlankLines'
  | 'dropInvalidLines'
  | 'lowercaseKeys'
  | 'dropExtraColumns'
  | 'dedupe'
  | 'dropEmptyCompletions'
  | 'dropOverLimit'
  | 'truncate'
  | 'addPromptSeparator'
  | 'addCompletionStop'
  | 'addLeadingSpace'
  | 'stripCommonPrefix'
  | 'redact'
  | 'dedupeNear';

/** What a fix run did. */
export interface FixResult {
  /** Lines (or JSON-document elements and blank lines) read. */
  readonly read: number;
  /** Lines written. */
  readonly written: number;
  /** Lines left out, in input order. */
  readonly dropped: readonly DroppedLine[];
  /** How many lines each fix changed or dropped (the BOM and JSON-array conversion count 1). */
  readonly applied: Readonly<Partial<Record<FixName, number>>>;
  /** Lines changed by a fix that says per line what it did (`truncate`), in input order. */
  readonly changed: readonly ChangedLine[];
  /** What the legacy prompt/completion fixes added or removed, when one was asked for. */
  readonly legacy?: LegacyFixChoices;
  /** Values `redact` replaced, by kind (`email`, `openai_api_key`, …), when it was asked for. */
  readonly redactions?: RedactionCounts;
}

const LEGACY_KEYS = ['prompt', 'completion'];

/**
 * Streams the fixed lines of `input`.
 *
 * @param input - The dataset input.
 * @param options - Which fixes to apply.
 * @returns A producer for {@link DatasetOutput}.
 * @throws {FinetuneKitUsageError} When an option has the wrong type; `option` is its path.
 */
export function fixLines(input: DatasetInput, options: FixOptions = {}) {
  checkFixOptions(options);
  const enabled = {
    dropBlankLines: options.dropBlankLines ?? true,
    dropInvalidLines: options.dropInvalidLines ?? true,
    lowercaseKeys: options.lowercaseKeys ?? true,
    dropExtraColumns: options.dropExtraColumns ?? true,
    dedupe: options.dedupe ?? false,
    dropEmptyCompletions: options.dropEmptyCompletions ?? false,
  };
  const limitFix = options.truncate === true || options.dropOverLimit === true;
  const legacyRequest = {
    addPromptSeparator: options.addPromptSeparator,
    addCompletionStop: options.addCompletionStop,
    addLeadingSpace: options.addLeadingSpace,
    stripCommonPrefix: options.stripCommonPrefix,
  };
  const legacyFix =
    Boolean(options.addPromptSeparator) ||
    Boolean(options.addCompletionStop) ||
    options.addLeadingSpace === true ||
    options.stripCommonPrefix === true;
  if (needsSurvey(legacyRequest) && !isReusable(input)) {
    throw new FinetuneKitUsageError(
      'fix(options): stripCommonPrefix, and addPromptSeparator or addCompletionStop set to true, read the data twice and need a reusable dataset (a file, string, bytes, Blob or array); give the separator or stop sequence as a string instead.',
      'options',
    );
  }
  return async function* produce(): AsyncGenerator<string, FixResult, undefined> {
    const applied: Partial<Record<FixName, number>> = {};
    const count = (fix: FixName) => {
      applied[fix] = (applied[fix] ?? 0) + 1;
    };
    const changedLines: ChangedLine[] = [];
    const limits: TokenLimitFixer | null = limitFix
      ? await createTokenLimitFixer(
          options.model as string,
          options.truncate === true,
          options.signal,
          options.tokenCounter,
        )
      : null;
    const choices: LegacyFixChoices | null = !legacyFix
      ? null
      : needsSurvey(legacyRequest)
        ? await surveyLegacyFixes(input, legacyRequest, options.signal)
        : {};
    const dropped: DroppedLine[] = [];
    const seen = enabled.dedupe ? new HashIndex() : null;
    const nearDuplicates =
      options.dedupeNear === true ? createNearDuplicateFilter(options.nearDuplicateThreshold ?? 0.8) : null;
    const redactions: RedactionCounts | null = options.redact === true ? {} : null;
    let summary: ReadRecordsSummary | undefined;
    let read = 0;
    let written = 0;
    for await (const record of readRecords(input, options.signal, (done) => {
      summary = done;
    })) {
      read++;
      if (record.kind === 'blank') {
        if (enabled.dropBlankLines) {
          dropped.push({ line: record.line, code: 'blank_line', reason: 'blank line' });
          count('dropBlankLines');
        } else {
          written++;
          yield record.text;
        }
        continue;
      }
      if (record.kind === 'invalid') {
        // A line too long to hold cannot be written back: it is always dropped.
        if (enabled.dropInvalidLines || record.truncated) {
          dropped.push({ line: record.line, code: record.code, reason: record.reason });
          count('dropInvalidLines');
        } else {
          written++;
          yield record.text;
        }
        continue;
      }
      let value = record.value;
      let changed = record.text === null;
      if (enabled.lowercaseKeys) {
        const renamed = lowercaseLegacyKeys(value);
        if (renamed !== value) {
          value = renamed;
          changed = true;
          count('lowercaseKeys');
        }
      }
      const promptCompletion = 'prompt' in value && 'completion' in value;
      if (enabled.dropExtraColumns && promptCompletion && Object.keys(value).length > 2) {
        value = { prompt: value.prompt, completion: value.completion };
        changed = true;
        count('dropExtraColumns');
      }
      if (
        enabled.dropEmptyCompletions &&
        promptCompletion &&
        (value.completion === '' || value.completion === null)
      ) {
        dropped.push({ line: record.line, code: 'empty_completion', reason: 'empty completion' });
        count('dropEmptyCompletions');
        continue;
      }
      if (choices !== null && promptCompletion) {
        const fixed = applyLegacyFixes(value, legacyRequest, choices);
        if (fixed !== null) {
          value = fixed.value;
          changed = true;
          for (const fix of fixed.fixes) count(fix);
        }
      }
      if (limits !== null) {
        const verdict = limits(value);
        if (verdict.action === 'drop') {
          dropped.push({ line: record.line, code: 'example_too_long', reason: verdict.reason });
          count(options.truncate === true ? 'truncate' : 'dropOverLimit');
          continue;
        }
        if (verdict.action === 'truncate') {
          value = verdict.value;
          changed = true;
          changedLines.push({ line: record.line, fix: 'truncate', reason: verdict.reason });
          count('truncate');
        }
      }
      if (seen) {
        const first = seen.setIfAbsent(hashCanonicalJson(value), record.line);
        if (first !== undefined) {
          dropped.push({
            line: record.line,
            code: 'duplicate_example',
            reason: `duplicate of line ${first}`,
          });
          count('dedupe');
          continue;
        }
      }
      if (nearDuplicates) {
        const match = nearDuplicates(value, record.line);
        if (match !== undefined) {
          dropped.push({
            line: record.line,
            code: 'near_duplicate_example',
            reason: `near-duplicate of line ${match.line} (estimated similarity ${match.similarity.toFixed(2)})`,
          });
          count('dedupeNear');
          continue;
        }
      }
      if (redactions) {
        const redacted = redactExample(value, redactions);
        if (redacted !== null) {
          value = redacted.value;
          changed = true;
          changedLines.push({ line: record.line, fix: 'redact', reason: redacted.reason });
          count('redact');
        }
      }
      written++;
      yield changed || record.text === null ? JSON.stringify(value) : record.text;
    }
    const totals = summary?.totals;
    if (totals?.bom) applied.stripBom = 1;
    if (totals && totals.crlfLines + totals.crLines > 0)
      applied.normalizeLineEndings = totals.crlfLines + totals.crLines;
    if (summary?.jsonDocument) applied.jsonArrayToJsonl = 1;
    const result: FixResult = { read, written, dropped, applied, changed: changedLines };
    const withLegacy = choices === null ? result : { ...result, legacy: choices };
    return redactions === null ? withLegacy : { ...withLegacy, redactions };
  };
}

/** Inputs that can be read twice (a stream or a one-shot iterator cannot). */
function isReusable(input: DatasetInput): boolean {
  return input.kind !== 'stream' && (input.kind !== 'examples' || Array.isArray(input.examples));
}

/**
 * Renames top-level keys that differ from `prompt` / `completion` only by case, unless the
 * lower-case key exists too. Returns the same object when nothing changes.
 *
 * @param value - A parsed example.
 */
export function lowercaseLegacyKeys(value: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(value);
  const renames = keys.filter((key) => {
    const lower = key.toLowerCase();
    return lower !== key && LEGACY_KEYS.includes(lower) && !keys.includes(lower);
  });
  if (renames.length === 0) return value;
  const renamed: Record<string, unknown> = {};
  for (const key of keys) renamed[renames.includes(key) ? key.toLowerCase() : key] = value[key];
  return renamed;
}

function checkFixOptions(options: FixOptions): void {
  if (typeof options !== 'object' || options === null)
    throw new FinetuneKitUsageError('fix(options): options must be an object.', 'options');
  for (const name of [
    'dropBlankLines',
    'dropInvalidLines',
    'lowercaseKeys',
    'dropExtraColumns',
    'dedupe',
    'dropEmptyCompletions',
    'dropOverLimit',
    'truncate',
    'addLeadingSpace',
    'stripCommonPrefix',
    'redact',
    'dedupeNear',
  ] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'boolean') {
      throw new FinetuneKitUsageError(`fix(options): options.${name} must be a boolean.`, `options.${name}`);
    }
  }
  for (const name of ['addPromptSeparator', 'addCompletionStop'] as const) {
    const value = options[name];
    if (value !== undefined && typeof value !== 'boolean' && (typeof value !== 'string' || value === '')) {
      throw new FinetuneKitUsageError(
        `fix(options): options.${name} must be a boolean or a non-empty string.`,
        `options.${name}`,
      );
    }
  }
  if ((options.truncate === true || options.dropOverLimit === true) && typeof options.model !== 'string') {
    throw new FinetuneKitUsageError(
      'fix(options): options.model must name the model whose token limit truncate and dropOverLimit apply.',
      'options.model',
    );
  }
  if (options.model !== undefined && typeof options.model !== 'string') {
    throw new FinetuneKitUsageError('fix(options): options.model must be a string.', 'options.model');
  }
  const threshold = options.nearDuplicateThreshold;
  if (threshold !== undefined && !(typeof threshold === 'number' && threshold > 0 && threshold <= 1)) {
    throw new FinetuneKitUsageError(
      'fix(options): options.nearDuplicateThreshold must be a number over 0 and at most 1.',
      'options.nearDuplicateThreshold',
    );
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new FinetuneKitUsageError('fix(options): options.signal must be an AbortSignal.', 'options.signal');
  }
}
