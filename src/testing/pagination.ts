/**
 * Cursor pagination as the API does it: items in list order, `after` = the id of the last item
 * of the previous page, `limit` items per page, `has_more` when more follow.
 *
 * @module
 */
import { invalidRequest } from './api-error.js';
import type { SimulatedListPage } from './wire-types.js';

/** How one list endpoint pages. */
export interface PageOptions {
  /** The `after` cursor, if any. */
  readonly after: string | null;
  /** Items per page. */
  readonly limit: number;
  /** Add `first_id` / `last_id` (the files and checkpoints lists declare them in the spec). */
  readonly withIds: boolean;
}

/**
 * Reads and checks `limit` from the query.
 *
 * @param query - The request query.
 * @param defaultLimit - The endpoint's default.
 * @param maxLimit - The largest accepted value.
 * @throws {SimulatedApiError} 400 when `limit` is not an integer in [1, maxLimit].
 */
export function readLimit(query: URLSearchParams, defaultLimit: number, maxLimit: number): number {
  const raw = query.get('limit');
  if (raw === null || raw === '') return defaultLimit;
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    throw invalidRequest(
      `Invalid 'limit': expected an integer, but got '${raw}' instead.`,
      'limit',
      'invalid_type',
    );
  }
  if (value < 1 || value > maxLimit) {
    throw invalidRequest(
      `Invalid 'limit': integer out of range. Expected a value between 1 and ${maxLimit}, but got ${value} instead.`,
      'limit',
      'integer_out_of_range',
    );
  }
  return value;
}

/**
 * Cuts one page out of `items` (already in list order).
 *
 * An `after` id that is not in the list gives an empty page: the cursor is past everything the
 * simulator knows.
 *
 * @returns The page object.
 */
export function paginate<T extends { id: string }>(
  items: readonly T[],
  options: PageOptions,
): SimulatedListPage<T> {
  let start = 0;
  if (options.after !== null) {
    const index = items.findIndex((item) => item.id === options.after);
    start = index === -1 ? items.length : index + 1;
  }
  const data = items.slice(start, start + options.limit);
  const page: SimulatedListPage<T> = { object: 'list', data, has_more: start + options.limit < items.length };
  if (options.withIds) {
    page.first_id = data[0]?.id ?? null;
    page.last_id = data[data.length - 1]?.id ?? null;
  }
  return page;
}
