/**
 * Tokens of top-level function definitions (`tools`, legacy `functions`), by the OpenAI cookbook's
 * formula (docs/internals/dataset-rules.md#tool-definitions). The constants are calibrated on inference `prompt_tokens`; whether
 * training bills the same is unconfirmed.
 *
 * @module
 */

import { isRecord } from '../../internal/is-record.js';
import type { EncodingName } from '../../models/index.js';
import type { TokenCounter } from '../types.js';

/** The cookbook's per-definition constants for one encoding family. */
export interface ToolDefinitionConstants {
  /** Per function. 7 for the o200k family, 10 for gpt-3.5 / gpt-4. */
  readonly functionInit: number;
  /** Once per function that has properties. */
  readonly propertiesInit: number;
  /** Per property. */
  readonly propertyKey: number;
  /** Per property with an `enum` (negative in the cookbook). */
  readonly enumInit: number;
  /** Per enum item. */
  readonly enumItem: number;
  /** Once when at least one definition is present. */
  readonly functionEnd: number;
}

/** Cookbook constants for gpt-4o / gpt-4o-mini (`o200k_base`). */
export const O200K_TOOL_DEFINITION_CONSTANTS: ToolDefinitionConstants = Object.freeze({
  functionInit: 7,
  propertiesInit: 3,
  propertyKey: 3,
  enumInit: -3,
  enumItem: 3,
  functionEnd: 12,
});

/** Cookbook constants for gpt-3.5-turbo / gpt-4 (`cl100k_base`). */
export const CL100K_TOOL_DEFINITION_CONSTANTS: ToolDefinitionConstants = Object.freeze({
  functionInit: 10,
  propertiesInit: 3,
  propertyKey: 3,
  enumInit: -3,
  enumItem: 3,
  functionEnd: 12,
});

/**
 * The cookbook's constants for an encoding.
 *
 * @param encoding - The encoding.
 * @returns The constants of its model family.
 */
export function toolDefinitionConstants(encoding: EncodingName): ToolDefinitionConstants {
  return encoding === 'o200k_base' ? O200K_TOOL_DEFINITION_CONSTANTS : CL100K_TOOL_DEFINITION_CONSTANTS;
}

/**
 * Tokens of a list of function definitions:
 * `FUNC_END + Σ_f [FUNC_INIT + tok(name ":" description) + (properties ? PROP_INIT + Σ_p [PROP_KEY +
 * (enum ? ENUM_INIT + Σ_items (ENUM_ITEM + tok(item)) : 0) + tok(key ":" type ":" description)] : 0)]`,
 * with one trailing `.` stripped from descriptions. Accepts both `tools` entries
 * (`{ type: 'function', function: {...} }`) and bare `functions` entries. Never throws: a missing
 * description is `""`, a non-string type or enum item is written as Python would print it, entries
 * that are not objects are skipped. Nested object properties are not walked (as in the cookbook).
 *
 * @param definitions - The `tools` or `functions` value of an example (anything).
 * @param counter - The encoding's counter.
 * @param constants - The family's constants. @default toolDefinitionConstants(counter.encoding)
 * @returns The token count, 0 when `definitions` is not a non-empty array.
 */
export function countToolDefinitionTokens(
  definitions: unknown,
  counter: TokenCounter,
  constants: ToolDefinitionConstants = toolDefinitionConstants(counter.encoding),
): number {
  if (!Array.isArray(definitions) || definitions.length === 0) return 0;
  let total = 0;
  for (const entry of definitions) {
    if (!isRecord(entry)) continue;
    const definition = isRecord(entry.function) ? entry.function : entry;
    total += constants.functionInit;
    total += counter.count(
      `${pythonText(definition.name)}:${stripTrailingDot(pythonText(definition.description))}`,
    );
    const parameters = definition.parameters;
    const properties = isRecord(parameters) && isRecord(parameters.properties) ? parameters.properties : null;
    const keys = properties ? Object.keys(properties) : [];
    if (!properties || keys.length === 0) continue;
    total += constants.propertiesInit;
    for (const key of keys) {
      total += constants.propertyKey;
      const property = properties[key];
      const schema = isRecord(property) ? property : {};
      if ('enum' in schema) {
        total += constants.enumInit;
        if (Array.isArray(schema.enum)) {
          for (const item of schema.enum) total += constants.enumItem + counter.count(pythonText(item));
        }
      }
      total += counter.count(
        `${key}:${pythonText(schema.type)}:${stripTrailingDot(pythonText(schema.description))}`,
      );
    }
  }
  return total + constants.functionEnd;
}

function stripTrailingDot(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

/** How the cookbook's Python would turn a value into text (`str()` / f-string), missing → `""`. */
function pythonText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  return JSON.stringify(value);
}

function pythonRepr(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : pythonText(value);
}
