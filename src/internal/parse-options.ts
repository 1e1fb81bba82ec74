/**
 * Options parsed with a zod schema, bad ones reported as the one error type for bad options.
 *
 * @module
 */

import type { z } from 'zod';
import { FinetuneKitUsageError } from '../errors.js';

/**
 * Parses `value` with `schema` and returns the parsed value; on failure throws a
 * {@link FinetuneKitUsageError} for the first problem only (one line, like every finetune-kit
 * error). Its `option` is the dotted path of the bad option (`options.limits.maxExamples`), and the
 * message is that path followed by the issue's message, so schemas should give their checks
 * messages that read on from a name: `must be a positive integer`.
 *
 * @param schema - The schema of the options.
 * @param value - The options as given by the caller.
 * @param root - The name of the options argument, the first segment of every path.
 * @returns The parsed options.
 * @throws {FinetuneKitUsageError} When `value` does not match `schema`.
 * @example
 * ```ts
 * parseOptions(z.object({ workers: z.number({ error: 'must be a number' }) }), { workers: 'x' }, 'options');
 * // throws FinetuneKitUsageError: options.workers must be a number. (option: 'options.workers')
 * ```
 */
export function parseOptions<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  root: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const option = [root, ...(issue?.path ?? []).map(String)].join('.');
  throw new FinetuneKitUsageError(`${option} ${issue?.message ?? 'is invalid'}.`, option);
}
