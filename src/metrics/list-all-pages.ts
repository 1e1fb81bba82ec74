/**
 * Walks every page of a cursor-paged list (`after` = id of the last item of the previous page),
 * deduplicating by id and stopping if the server keeps returning the same page. Internal.
 *
 * @module
 */
import { FinetuneKitAbortError } from '../errors.js';
import { throwIfAborted, withLinkedSignal } from '../internal/abort.js';
import { redactErrorInPlace } from '../internal/redact-error.js';
import { type MetricsIssue, metricsIssue } from './issue-codes.js';
import type { CursorPageLike } from './metrics-client.js';

/**
 * Runs one API call on its own child of `signal` (pass it to the SDK as `{ signal }`): the SDK
 * never removes the listener it adds to a request's signal, so the caller's signal must not be
 * handed to it directly, or one listener per request would stay on it. If the call fails because
 * the signal was aborted, the SDK's `APIUserAbortError` becomes a `FinetuneKitAbortError` (with the
 * original as `cause`). Any other error is rethrown with secrets removed (a proxy may echo the key).
 */
export async function call<T>(
  signal: AbortSignal | undefined,
  what: string,
  run: (signal: AbortSignal | undefined) => PromiseLike<T>,
): Promise<T> {
  throwIfAborted(signal, what);
  try {
    return await withLinkedSignal(signal, run);
  } catch (error) {
    if (signal?.aborted) throw new FinetuneKitAbortError(`${what} was aborted.`, { cause: error });
    throw redactErrorInPlace(error);
  }
}

/** The SDK request options for a request's own signal: `{ signal }`, or `{}` without one. */
export function requestOptions(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

/**
 * Collects all items of a cursor-paged list.
 *
 * @param fetchPage - Fetches the page after `after` (`undefined` for the first page), on the
 *   request's own signal (see {@link call}).
 * @param what - Names the list in issues and errors, e.g. `events of ftjob-abc`.
 * @param signal - Aborts between and during pages.
 * @returns Items in response order, and a `pagination_stalled` issue if paging had to stop.
 * @throws {FinetuneKitAbortError} When aborted.
 */
export async function listAllPages<T extends { readonly id: string }>(
  fetchPage: (after: string | undefined, signal: AbortSignal | undefined) => PromiseLike<CursorPageLike<T>>,
  what: string,
  signal?: AbortSignal,
): Promise<{ items: T[]; issues: MetricsIssue[] }> {
  const items: T[] = [];
  const issues: MetricsIssue[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await call(signal, `Listing ${what}`, (pageSignal) => fetchPage(after, pageSignal));
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
