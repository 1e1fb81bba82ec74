/**
 * Secrets and personal data in example text (`possible_secret`, `possible_pii`), and their
 * redaction. A fine-tuned model can repeat what it was trained on, so a key or an address in the
 * data can come back out of the model.
 *
 * Cost: almost every string is dismissed by one combined regular expression of the patterns'
 * triggers (a prefix such as `sk-`, an `@`, a run of digits); only the strings that pass run the
 * patterns whose own trigger they contain, and each match is confirmed (checksums, issuer ranges,
 * placeholder lists) before it is reported. Messages never quote a found value: they show its
 * first four characters and `…`.
 *
 * @module
 */

import type { ExampleScope } from './example-scope.js';
import { childPath } from './issue-draft.js';
import {
  isSecretKind,
  type PatternMatch,
  REDACTION_PLACEHOLDERS,
  SENSITIVE_KIND_NAMES,
  SENSITIVE_PATTERNS,
  type SensitiveKind,
} from './sensitive-patterns.js';

export type { PiiKind, SecretKind, SensitiveKind } from './sensitive-patterns.js';

/** One piece of sensitive data found in a string. */
export interface SensitiveMatch {
  readonly kind: SensitiveKind;
  /** 0-based offset of the first character (UTF-16 code units, as `String.prototype.slice`). */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
}

/** Issues of each code reported per example; more are counted in the last one's message. */
export const MAX_SENSITIVE_ISSUES_PER_EXAMPLE = 20;

/**
 * The prefilter, three tests chosen for speed (one alternation of every pattern's trigger ran
 * five times slower): an `@` (addresses, passwords in URLs), seven digits with at most single
 * separators between them (every number pattern: phones, cards, IBANs, national ids), or a key
 * prefix. Text passing none of them cannot hold a finding.
 */
const DIGIT_RUN = /\d(?:[ ()./-]?\d){6}/;
const KEY_PREFIX =
  /sk-|k_live_|AKIA|ASIA|AIza|gh[pousr]_|github_pat_|xox[abpr]-|eyJ|-----BEGIN|ecret_?[Aa]ccess|ECRET_ACCESS/;

/**
 * True when `text` may hold secrets or personal data; false means it certainly holds none.
 * Works on a JSON line as well as on one of its strings (escapes do not hide any trigger).
 *
 * @param text - Any text.
 */
export function mayHoldSensitiveData(text: string): boolean {
  return text.includes('@') || DIGIT_RUN.test(text) || KEY_PREFIX.test(text);
}

/** Strings too short to hold the shortest pattern (an 8-digit phone number with a `+`). */
const MIN_LENGTH = 9;

/** Which prefilter tests a text passes. */
interface PatternGroups {
  readonly at: boolean;
  readonly digits: boolean;
  readonly key: boolean;
}

const ALL_GROUPS: PatternGroups = { at: true, digits: true, key: true };

/** The prefilter tests `text` passes, among those `within` allows (the key regex is the slow one). */
function groupsOf(text: string, within: PatternGroups = ALL_GROUPS): PatternGroups {
  return {
    at: within.at && text.includes('@'),
    digits: within.digits && DIGIT_RUN.test(text),
    key: within.key && KEY_PREFIX.test(text),
  };
}

const hasTrigger = (text: string, trigger: string | RegExp): boolean =>
  typeof trigger === 'string' ? text.includes(trigger) : trigger.test(text);

/**
 * Finds secrets and personal data in one string.
 *
 * @param text - Any text.
 * @param within - Groups the text is known to be able to match (those of the JSON line it comes
 *   from): the others are not tested again.
 * @returns The findings in text order, without overlaps (where two overlap, the first pattern of
 *   the table wins: secrets before personal data).
 * @example
 * ```ts
 * findSensitiveData('Write to ana.lopez@gmail.com');
 * // [{ kind: 'email', start: 9, end: 28 }]
 * ```
 */
export function findSensitiveData(text: string, within: PatternGroups = ALL_GROUPS): SensitiveMatch[] {
  if (text.length < MIN_LENGTH) return [];
  const groups = groupsOf(text, within);
  if (!groups.at && !groups.digits && !groups.key) return [];
  const found: SensitiveMatch[] = [];
  const overlaps = (range: PatternMatch) =>
    found.some((other) => range.start < other.end && other.start < range.end);
  for (const pattern of SENSITIVE_PATTERNS) {
    if (!groups[pattern.group] || !hasTrigger(text, pattern.trigger)) continue;
    if (pattern.scan) {
      for (const range of pattern.scan(text)) {
        if (!overlaps(range)) found.push({ kind: pattern.kind, start: range.start, end: range.end });
      }
      continue;
    }
    const regex = pattern.regex;
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
      if (match[0].length === 0) regex.lastIndex++;
      const range = pattern.confirm
        ? pattern.confirm(match, text)
        : { start: match.index, end: match.index + match[0].length };
      if (range === null || overlaps(range)) continue;
      found.push({ kind: pattern.kind, start: range.start, end: range.end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * A found value as messages may show it: its first four characters and `…`.
 *
 * @param value - The sensitive text.
 */
export function maskSensitive(value: string): string {
  return `${value.slice(0, 4)}…`;
}

/** Skips image payloads: base64 holds random letter runs that look like keys. */
function isBinaryPayload(text: string): boolean {
  return text.startsWith('data:') && text.includes(';base64,');
}

/**
 * Calls `visit` for every string value of a JSON value (not its keys), with a function that
 * returns its JSON path.
 *
 * @param value - A parsed example.
 * @param visit - Called in document order.
 */
export function forEachString(value: unknown, visit: (text: string, path: () => string) => void): void {
  // The path is built only when asked for: most strings have no finding.
  const keys: (string | number)[] = [];
  const path = () => keys.reduce<string>((base, key) => childPath(base, key), '');
  const walk = (item: unknown): void => {
    if (typeof item === 'string') {
      if (!isBinaryPayload(item)) visit(item, path);
    } else if (Array.isArray(item)) {
      for (let index = 0; index < item.length; index++) {
        keys.push(index);
        walk(item[index]);
        keys.pop();
      }
    } else if (typeof item === 'object' && item !== null) {
      for (const key of Object.keys(item)) {
        keys.push(key);
        walk((item as Record<string, unknown>)[key]);
        keys.pop();
      }
    }
  };
  walk(value);
}

/**
 * Reports `possible_secret` and `possible_pii` for the strings of one example (at most
 * {@link MAX_SENSITIVE_ISSUES_PER_EXAMPLE} of each code; the last says how many more there are).
 *
 * @param value - The example.
 * @param scope - Where the issues go.
 * @param text - The example's JSON line, when known (a quicker prefilter than string by string).
 */
export function checkSensitiveData(value: Record<string, unknown>, scope: ExampleScope, text?: string): void {
  // Most lines fail the prefilter as a whole: their strings need not be walked at all.
  const groups = text === undefined ? ALL_GROUPS : groupsOf(text);
  if (!groups.at && !groups.digits && !groups.key) return;
  const counts = { possible_secret: 0, possible_pii: 0 };
  forEachString(value, (text, pathOf) => {
    const found = findSensitiveData(text, groups);
    if (found.length === 0) return;
    const path = pathOf();
    for (const match of found) {
      const code = isSecretKind(match.kind) ? 'possible_secret' : 'possible_pii';
      const seen = ++counts[code];
      if (seen > MAX_SENSITIVE_ISSUES_PER_EXAMPLE) continue;
      const name = SENSITIVE_KIND_NAMES[match.kind];
      const masked = maskSensitive(text.slice(match.start, match.end));
      const consequence =
        code === 'possible_secret'
          ? 'a fine-tuned model can repeat it; revoke it and remove it from the data'
          : 'a fine-tuned model can repeat personal data; remove or replace it';
      scope.add(
        code,
        `${path}: looks like a ${name} ("${masked}", characters ${match.start}–${match.end}); ${consequence}.`,
        { path },
        { kind: match.kind, start: match.start, end: match.end, masked },
      );
    }
  });
  for (const code of ['possible_secret', 'possible_pii'] as const) {
    const more = counts[code] - MAX_SENSITIVE_ISSUES_PER_EXAMPLE;
    if (more <= 0) continue;
    // The cap keeps a line of a thousand addresses from filling the report; say what was left out.
    const last = scope.issues.findLast((issue) => issue.code === code);
    if (last) {
      const index = scope.issues.lastIndexOf(last);
      scope.issues[index] = { ...last, message: `${last.message} (${more} more in this example)` };
    }
  }
}

/** What {@link redactSensitiveData} replaced, by kind. */
export type RedactionCounts = Partial<Record<SensitiveKind, number>>;

/**
 * Replaces every finding in a string with its typed placeholder (`[EMAIL]`, `[SECRET]`, …).
 *
 * @param text - Any text.
 * @param counts - Incremented per replaced kind.
 * @returns The redacted text (the same string when nothing was found).
 */
export function redactSensitiveText(text: string, counts: RedactionCounts = {}): string {
  const found = findSensitiveData(text);
  if (found.length === 0) return text;
  let result = '';
  let position = 0;
  for (const match of found) {
    result += text.slice(position, match.start) + REDACTION_PLACEHOLDERS[match.kind];
    position = match.end;
    counts[match.kind] = (counts[match.kind] ?? 0) + 1;
  }
  return result + text.slice(position);
}

/**
 * Redacts every string value of a JSON value (keys are left alone), copying only what changes.
 *
 * @param value - A parsed example.
 * @param counts - Incremented per replaced kind.
 * @returns The redacted value, or `value` itself when nothing was found.
 */
export function redactSensitiveValue<T>(value: T, counts: RedactionCounts = {}): T {
  if (typeof value === 'string')
    return (isBinaryPayload(value) ? value : redactSensitiveText(value, counts)) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let index = 0; index < value.length; index++) {
      const redacted = redactSensitiveValue(value[index], counts);
      if (redacted !== value[index]) {
        copy ??= [...value];
        copy[index] = redacted;
      }
    }
    return (copy ?? value) as T;
  }
  if (typeof value === 'object' && value !== null) {
    let copy: Record<string, unknown> | null = null;
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      const redacted = redactSensitiveValue(item, counts);
      if (redacted !== item) {
        copy ??= { ...(value as Record<string, unknown>) };
        copy[key] = redacted;
      }
    }
    return (copy ?? value) as T;
  }
  return value;
}
