/**
 * Exactly-once, oldest-first tailing of a job's event log (docs/internals/api-behaviour.md#event-ordering-and-tailing).
 *
 * The events list is newest-first and cursor-paged. Each poll walks pages from the newest event back
 * to the last one already delivered (the cursor, or any id in a bounded seen-set), so nothing is
 * skipped when more than a page arrived between polls, then hands the new events over in
 * chronological order. Order is the response position, never `created_at` (1-second ties are
 * common). If the cursor never reappears (history expired), the walk stops at the first event older
 * than the cursor's timestamp, and ids already seen are still dropped.
 *
 * The class does no I/O: it takes a page fetcher, so the algorithm is tested on its own.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { type FineTuneJobEvent, normalizeEvent } from './normalize.js';

/**
 * Where a follower stands in a job's event log: the id of the last event delivered and its
 * `created_at` (Unix seconds). Save it (it is plain JSON) and pass it to
 * `FineTuneJob.attach(client, id, { after })` to resume without losing or repeating an event.
 */
export interface EventCursor {
  /** The id of the newest event already delivered. */
  readonly id: string;
  /**
   * Its `created_at` in Unix seconds. Optional: with it, a resume still stops at the right place if
   * the event has dropped out of the server's history.
   */
  readonly createdAt?: number | null;
}

/** One page of `fineTuning.jobs.listEvents`: newest first. */
export interface EventPage {
  readonly data: readonly unknown[];
  readonly has_more: boolean;
}

/** Fetches one page of events; `after` is an event id (the page starts after it, going older). */
export type EventPageFetcher = (query: {
  readonly limit: number;
  readonly after?: string;
}) => Promise<EventPage>;

/** Where to start when there is no cursor. */
export type EventStart = 'beginning' | 'now';

/** Options of {@link EventTail}. */
export interface EventTailOptions {
  /** Resume after this event (an id, or a saved {@link EventCursor}). */
  readonly after?: string | EventCursor | null;
  /**
   * Without `after`: `'beginning'` replays the whole history, `'now'` starts after the newest event.
   * @default 'beginning'
   */
  readonly from?: EventStart;
  /** Events per page request (the API allows up to 100). @default 100 */
  readonly pageSize?: number;
  /** How many delivered ids to remember for de-duplication. @default 10_000 */
  readonly seenCapacity?: number;
}

/** The result of one poll. */
export interface EventPollResult {
  /** New events, oldest first. Call {@link EventTail.markDelivered} for each as it is delivered. */
  readonly events: readonly FineTuneJobEvent[];
  /** Pages requested. */
  readonly pages: number;
  /**
   * False when there was a cursor but its event was not found: the walk reached the end of the
   * history or stopped at an older timestamp. Events at the cursor's own second may then be replays.
   */
  readonly cursorFound: boolean;
  /** Events dropped because they had no id (cannot be de-duplicated). */
  readonly invalid: number;
}

/** A FIFO set of ids with a maximum size. */
class BoundedIdSet {
  readonly #ids = new Set<string>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    if (this.#ids.has(id)) return;
    this.#ids.add(id);
    if (this.#ids.size > this.#capacity) {
      const oldest = this.#ids.values().next();
      if (!oldest.done) this.#ids.delete(oldest.value);
    }
  }
}

/**
 * Tails one job's events. Not safe for concurrent polls: one follower drives it.
 *
 * @example
 * ```ts
 * const tail = new EventTail({ after: savedCursor });
 * const { events } = await tail.poll((query) => client.fineTuning.jobs.listEvents(id, query));
 * for (const event of events) { handle(event); tail.markDelivered(event); }
 * ```
 */
export class EventTail {
  #cursor: EventCursor | null;
  #started: boolean;
  readonly #from: EventStart;
  readonly #pageSize: number;
  readonly #seen: BoundedIdSet;

  /**
   * @throws {FinetuneKitUsageError} When `pageSize` is not an integer in 1–100 or `after` is malformed;
   *   `option` names the option.
   */
  constructor(options: EventTailOptions = {}) {
    const pageSize = options.pageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      throw new FinetuneKitUsageError(
        `options.eventsPageSize must be an integer from 1 to 100, got ${String(pageSize)}.`,
        'options.eventsPageSize',
      );
    }
    const seenCapacity = options.seenCapacity ?? 10_000;
    if (!Number.isInteger(seenCapacity) || seenCapacity < 1) {
      throw new FinetuneKitUsageError(
        `options.seenCapacity must be a positive integer, got ${String(seenCapacity)}.`,
        'options.seenCapacity',
      );
    }
    this.#cursor = toCursor(options.after ?? null);
    this.#started = this.#cursor !== null;
    this.#from = options.from ?? 'beginning';
    if (this.#from !== 'beginning' && this.#from !== 'now') {
      throw new FinetuneKitUsageError(
        `options.from must be 'beginning' or 'now', got ${String(this.#from)}.`,
        'options.from',
      );
    }
    this.#pageSize = pageSize;
    this.#seen = new BoundedIdSet(seenCapacity);
    if (this.#cursor) this.#seen.add(this.#cursor.id);
  }

  /** The newest delivered event, or `null` before the first. */
  get cursor(): EventCursor | null {
    return this.#cursor;
  }

  /**
   * Fetches everything newer than the cursor.
   *
   * @param fetchPage - Requests one page; errors propagate (the caller retries).
   * @returns New events, oldest first.
   */
  async poll(fetchPage: EventPageFetcher): Promise<EventPollResult> {
    if (!this.#started && this.#from === 'now') {
      // Start at "now": remember the newest event without delivering anything.
      const page = await fetchPage({ limit: 1 });
      const newest = page.data.map(tryNormalize).find((event) => event !== null);
      if (newest) this.markDelivered(newest);
      this.#started = true;
      return { events: [], pages: 1, cursorFound: true, invalid: 0 };
    }
    this.#started = true;
    const cursor = this.#cursor;
    const collected: FineTuneJobEvent[] = [];
    const batchIds = new Set<string>();
    let after: string | undefined;
    let pages = 0;
    let invalid = 0;
    let cursorFound = cursor === null;
    let stopped = false;
    while (!stopped) {
      const page = await fetchPage(
        after === undefined ? { limit: this.#pageSize } : { limit: this.#pageSize, after },
      );
      pages += 1;
      let lastId: string | undefined;
      for (const raw of page.data) {
        const event = tryNormalize(raw);
        if (!event) {
          invalid += 1;
          continue;
        }
        lastId = event.id;
        if (this.#seen.has(event.id)) {
          cursorFound = true;
          stopped = true;
          break;
        }
        const cursorTime = cursor?.createdAt;
        if (typeof cursorTime === 'number' && event.created_at < cursorTime) {
          // Older than the cursor: everything from here on was delivered before (or is lost history).
          stopped = true;
          break;
        }
        // A page boundary shifting under us can repeat an event within one walk.
        if (batchIds.has(event.id)) continue;
        batchIds.add(event.id);
        collected.push(event);
      }
      // A cursor that does not move (a server answering has_more: true with the same page) would page
      // forever: stop, as at the end of the list.
      if (stopped || !page.has_more || lastId === undefined || lastId === after) break;
      after = lastId;
    }
    collected.reverse();
    return { events: collected, pages, cursorFound, invalid };
  }

  /** Records that `event` was delivered: it becomes the cursor and is never delivered again. */
  markDelivered(event: FineTuneJobEvent): void {
    this.#seen.add(event.id);
    this.#cursor = Object.freeze({ id: event.id, createdAt: event.created_at });
  }
}

function tryNormalize(raw: unknown): FineTuneJobEvent | null {
  try {
    return normalizeEvent(raw);
  } catch {
    return null;
  }
}

/**
 * Reads a cursor given as an event id or an {@link EventCursor}.
 *
 * @throws {FinetuneKitUsageError} When the value is neither (`option`: `options.after`).
 */
function toCursor(value: string | EventCursor | null): EventCursor | null {
  if (value === null) return null;
  if (typeof value === 'string') {
    if (value.length === 0)
      throw new FinetuneKitUsageError('options.after must be a non-empty event id.', 'options.after');
    return Object.freeze({ id: value, createdAt: null });
  }
  if (typeof value === 'object' && typeof value.id === 'string' && value.id.length > 0) {
    const createdAt =
      typeof value.createdAt === 'number' && Number.isFinite(value.createdAt) ? value.createdAt : null;
    return Object.freeze({ id: value.id, createdAt });
  }
  throw new FinetuneKitUsageError(
    `options.after must be an event id or { id, createdAt }, got ${JSON.stringify(value)}.`,
    'options.after',
  );
}
