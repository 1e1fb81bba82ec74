/**
 * An asymmetric matcher for a `FinetuneKitUsageError` with a given `option` and message, for
 * `toThrow(...)` and `rejects.toThrow(...)`: the one error type for bad options and arguments.
 */

import { expect } from 'vitest';

/**
 * Matches a `FinetuneKitUsageError` (by its `name` and its `code`, `invalid_usage`) whose `option` is
 * `option` and whose message is `message` (exactly, or matching it when it is a RegExp).
 *
 * @example
 * ```ts
 * expect(() => createSimulator({ seed: 1.5 })).toThrow(usageError('options.seed', /must be an integer/));
 * ```
 */
export function usageError(option: string, message: string | RegExp) {
  return expect.objectContaining({
    code: 'invalid_usage',
    name: 'FinetuneKitUsageError',
    option,
    message: typeof message === 'string' ? message : expect.stringMatching(message),
  });
}
