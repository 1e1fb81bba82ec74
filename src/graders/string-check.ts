/**
 * The `string_check` grader's comparisons, as OpenAI's graders guide defines them: `eq` passes when
 * the input equals the reference, `ne` when it differs, `like` when the input contains the
 * reference, `ilike` when it contains it ignoring case. Case-sensitive except `ilike`; no trimming
 * and no Unicode normalisation (the API compares the strings as sent).
 *
 * @module
 */
import type { StringCheckOperation } from './types.js';

/**
 * Compares two rendered strings.
 *
 * @param input - The rendered `input`.
 * @param reference - The rendered `reference`.
 * @param operation - The comparison.
 * @returns 1 when the check passes, else 0.
 * @example
 * ```ts
 * stringCheck('The answer is Paris', 'paris', 'ilike'); // 1
 * stringCheck('The answer is Paris', 'paris', 'like'); // 0
 * ```
 */
export function stringCheck(input: string, reference: string, operation: StringCheckOperation): 0 | 1 {
  switch (operation) {
    case 'eq':
      return input === reference ? 1 : 0;
    case 'ne':
      return input !== reference ? 1 : 0;
    case 'like':
      return input.includes(reference) ? 1 : 0;
    case 'ilike':
      return input.toLowerCase().includes(reference.toLowerCase()) ? 1 : 0;
  }
}
