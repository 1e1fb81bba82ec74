/**
 * Walks every page of a cursor-paged list (`after` = id of the last item of the previous page),
 * deduplicating by id and stopping if the server keeps returning the same page. Internal.
 *
 * @module
 */
import { FinetuneKitAbortError } from '../errors.js';
import { type MetricsIssue, metricsIssue } from './issue-codes.js';
import type { CursorPageLike } from './metrics-client.js';

/** Throws a `FinetuneKitAbortError` when the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new FinetuneKitAbortError(`${what} was aborted.`, { cause: signal.reason });
}

/**
 * Runs one API call; if it fails because the signal was aborted, the SDK's `APIUserAbortError`
 * becomes a `FinetuneKitAbortError` (with the original as `cause`).
 */
export async function call<T>(
  signal: AbortSignal | undefined,
  what: string,
  run: () => PromiseLike<T>,
): Promise<T> {
  throwIfAborted(signal, what);
  try {
    return await run();
  } catch (error) {
    if (signal?.aborted) throw new FinetuneKitAbortError(`${what} was aborted.`, { cause: error });
    throw error;
  }
}

/**
 * Collects all items of a cursor-paged list.
 *
 * @param fetchPage - Fetches the page after `after` (`undefined` for the first page).
 * @param what - Names the list in issues and errors, e.g. `events of ftjob-abc`.
 * @param signal - Aborts between and during pages.
 * @returns Items in response order, and a `pagination_stalled` issue if paging had to stop.
 * @throws {FinetuneKitAbortError} When aborted.
 */
export async function listAllPages<T extends { readonly id: string }>(
  fetchPage: (after: string | undefined) => PromiseLike<CursorPageLike<T>>,
  what: string,
  signal?: AbortSignal,
): Promise<{ items: T[]; issues: MetricsIssue[] }> {
  const items: T[] = [];
  const issues: MetricsIssue[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await call(signal, `Listing ${what}`, () => fetchPage(after));
    const data = page.data ?? [];
    let fresh = 0;
    for (const item of data) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
      fresh += 1;
    }
    if (!page.has_more || data.length === 0) break;
    const last = (data[data.length - 1] as T).id;
    if (fresh === 0 || last === after) {
      issues.push(
        metricsIssue(
          'pagination_stalled',
          `${what}: the server said has_more but returned no new items after ${last}; stopped paging.`,
          {
            id: last,
          },
        ),
      );
      break;
    }
    after = last;
  }
  return { items, issues };
}
