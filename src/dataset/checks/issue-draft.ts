/**
 * Small helpers shared by the per-example checks: building issue drafts, JSON paths, and short
 * previews of offending values for one-line messages.
 *
 * @module
 */
import { isRecord } from '../../internal/is-record.js';
import type { DatasetIssueCode, IssueSeverity } from '../issue-codes.js';
import type { IssueDetailsArgs } from '../issue-details.js';
import type { IssueDraft, IssueDraftBase } from '../types.js';

/** Where an issue sits inside the example. */
export interface IssueLocation {
  /** JSON path, 0-based, e.g. `messages[2].tool_calls[0].function.arguments`. */
  readonly path?: string | undefined;
  /** 0-based index in `messages` (or `input.messages`); absent for preference outputs. */
  readonly messageIndex?: number | undefined;
  /** Overrides the code's default severity. */
  readonly severity?: IssueSeverity | undefined;
}

/**
 * Builds an issue draft, leaving absent fields out (the report relies on `exactOptionalPropertyTypes`:
 * `path: undefined` and no `path` are different things to a JSON consumer). The details are
 * type-checked against the code: required for a code with details (`IssueDetailsByCode`), not
 * accepted for one without.
 *
 * @example
 * issueDraft('invalid_weight', 'messages[1].weight: Weight must be either 0 or 1 (got 2).', { path }, { weight: 2 });
 *
 * @param code - The issue code.
 * @param message - One line: where, what, why.
 * @param location - Path, message index, severity override.
 * @param details - The code's details.
 * @returns The draft.
 */
export function issueDraft<C extends DatasetIssueCode>(
  code: C,
  message: string,
  location: IssueLocation = {},
  ...[details]: IssueDetailsArgs<C>
): IssueDraft {
  const draft: { -readonly [K in keyof IssueDraftBase]: IssueDraftBase[K] } & {
    code: DatasetIssueCode;
    details?: object;
  } = { code, message };
  if (details !== undefined) draft.details = details;
  if (location.path !== undefined && location.path !== '') draft.path = location.path;
  if (location.messageIndex !== undefined) draft.messageIndex = location.messageIndex;
  if (location.severity !== undefined) draft.severity = location.severity;
  // Sound: the signature pairs `details` with `code` through `IssueDetailsArgs<C>`.
  return draft as IssueDraft;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Appends an object key or array index to a JSON path. Keys that are not identifiers are written
 * in bracket notation with a JSON string (`tools["my key"]`), so every path can be read back.
 *
 * @param base - The parent path; `''` for the example itself.
 * @param key - A property name or an array index.
 * @returns The child path.
 */
export function childPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (IDENTIFIER.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/**
 * Joins a base path and a relative path built with {@link childPath} from `''`.
 *
 * @param base - E.g. `tools[0].function.parameters`.
 * @param relative - E.g. `properties.city.type` or `["odd key"]`; `''` for the base itself.
 * @returns The combined path.
 */
export function joinPath(base: string, relative: string): string {
  if (relative === '') return base;
  if (base === '') return relative;
  return relative.startsWith('[') ? `${base}${relative}` : `${base}.${relative}`;
}

/**
 * Looks `key` up in a constant table only among its own entries: a key from user data such as
 * `constructor` or `toString` must not find `Object.prototype`'s members.
 *
 * @param table - A constant lookup table.
 * @param key - A key that may come from the data.
 * @returns The entry, or `undefined`.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A plain JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null): the shared {@link isRecord} under the checks' name. */
export const isJsonObject: (value: unknown) => value is JsonObject = isRecord;

/**
 * Names the JSON type of a value for messages: `a string`, `a number (2)`, `null`, `an array`,
 * `no value` (absent).
 *
 * @param value - Any parsed JSON value.
 * @returns A short noun phrase.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'no value';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  switch (typeof value) {
    case 'string':
      return value === '' ? 'an empty string' : `a string (${preview(value, 30)})`;
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `a boolean (${value})`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/**
 * A JSON rendering of `value` cut to `max` characters, for one-line messages.
 *
 * @param value - Any JSON value.
 * @param max - Maximum characters before the ellipsis. @default 60
 * @returns A short, single-line preview.
 */
export function preview(value: unknown, max = 60): string {
  let text: string;
  try {
    // Cut long strings before quoting them: a 13 MB data URL must not be serialised for a preview.
    const shown = typeof value === 'string' && value.length > max ? value.slice(0, max + 1) : value;
    text = JSON.stringify(shown) ?? String(shown);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Cuts raw text to `max` characters for a message, with an ellipsis.
 *
 * @param text - Any text.
 * @param max - Maximum characters kept.
 * @returns The text, possibly cut.
 */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Lists names as `'a', 'b' and 'c'` for messages.
 *
 * @param names - The names.
 * @returns The list, quoted.
 */
export function quoteList(names: readonly string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/**
 * Formats a count with thousands separators, independent of the host locale, so messages are the
 * same on every machine.
 */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A role name with its indefinite article for messages: `an assistant`, `a user`.
 *
 * @param role - A role name.
 */
export function withArticle(role: string): string {
  return /^(?:[aeio]|un)/i.test(role) ? `an ${role}` : `a ${role}`;
}
