import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EventPageFetcher, EventTail } from '../../src/job/event-tail.js';
import type { FineTuneJobEvent } from '../../src/job/normalize.js';

/** An event log served like the API: newest first, cursor `after` going older, `limit`, `has_more`. */
class FakeEventLog {
  readonly events: {
    id: string;
    created_at: number;
    level: string;
    message: string;
    type: string;
    data: null;
  }[] = [];
  requests: { limit: number; after?: string }[] = [];
  #next = 1;
  /** Oldest events dropped from the history (expired). */
  dropped = 0;

  append(count: number, createdAt = 1_764_147_600 + this.#next): void {
    for (let index = 0; index < count; index += 1) {
      const n = this.#next++;
      this.events.push({
        id: `ftevent-${n}`,
        created_at: createdAt,
        level: 'info',
        message: `event ${n}`,
        type: 'message',
        data: null,
      });
    }
  }

  expire(count: number): void {
    this.events.splice(0, count);
    this.dropped += count;
  }

  fetch: EventPageFetcher = async (query) => {
    this.requests.push({ ...query });
    const newestFirst = [...this.events].reverse();
    let start = 0;
    if (query.after !== undefined) {
      const index = newestFirst.findIndex((event) => event.id === query.after);
      start = index === -1 ? newestFirst.length : index + 1;
    }
    const data = newestFirst.slice(start, start + query.limit);
    return { data, has_more: start + query.limit < newestFirst.length };
  };
}

async function drain(tail: EventTail, log: FakeEventLog): Promise<string[]> {
  const { events } = await tail.poll(log.fetch);
  for (const event of events) tail.markDelivered(event);
  return events.map((event: FineTuneJobEvent) => event.id);
}

describe('EventTail', () => {
  it('replays the whole history oldest first, across pages', async () => {
    const log = new FakeEventLog();
    log.append(25);
    const tail = new EventTail({ pageSize: 10 });
    const ids = await drain(tail, log);
    expect(ids).toEqual(Array.from({ length: 25 }, (_, index) => `ftevent-${index + 1}`));
    expect(log.requests).toEqual([
      { limit: 10 },
      { limit: 10, after: 'ftevent-16' },
      { limit: 10, after: 'ftevent-6' },
    ]);
    expect(tail.cursor).toEqual({ id: 'ftevent-25', createdAt: log.events[24]?.created_at });
  });

  it('pages back to the cursor when more than a page arrived between polls', async () => {
    const log = new FakeEventLog();
    log.append(3);
    const tail = new EventTail({ pageSize: 5 });
    expect(await drain(tail, log)).toHaveLength(3);
    log.append(12); // 12 new events, pages of 5
    log.requests = [];
    const ids = await drain(tail, log);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, index) => `ftevent-${index + 4}`));
    expect(log.requests).toHaveLength(3); // 5 + 5 + (2 new + the cursor)
  });

  it('asks for one page and delivers nothing when nothing is new', async () => {
    const log = new FakeEventLog();
    log.append(4);
    const tail = new EventTail();
    await drain(tail, log);
    log.requests = [];
    expect(await drain(tail, log)).toEqual([]);
    expect(log.requests).toEqual([{ limit: 100 }]);
  });

  it("starts at 'now' without delivering history", async () => {
    const log = new FakeEventLog();
    log.append(30);
    const tail = new EventTail({ from: 'now' });
    expect(await drain(tail, log)).toEqual([]);
    expect(tail.cursor?.id).toBe('ftevent-30');
    log.append(2);
    expect(await drain(tail, log)).toEqual(['ftevent-31', 'ftevent-32']);
  });

  it('resumes after a saved cursor: nothing lost, nothing repeated', async () => {
    const log = new FakeEventLog();
    log.append(10);
    const first = new EventTail({ pageSize: 3 });
    const seen = await drain(first, log);
    const saved = JSON.parse(JSON.stringify(first.cursor));
    log.append(7);
    const resumed = new EventTail({ after: saved, pageSize: 3 });
    const next = await drain(resumed, log);
    expect([...seen, ...next]).toEqual(Array.from({ length: 17 }, (_, index) => `ftevent-${index + 1}`));
  });

  it('orders by position, not created_at (1-second ties)', async () => {
    const log = new FakeEventLog();
    log.append(6, 1_764_147_600); // all in the same second
    const tail = new EventTail({ pageSize: 2 });
    expect(await drain(tail, log)).toEqual([
      'ftevent-1',
      'ftevent-2',
      'ftevent-3',
      'ftevent-4',
      'ftevent-5',
      'ftevent-6',
    ]);
  });

  it('falls back to the timestamp when the cursor expired from the history', async () => {
    const log = new FakeEventLog();
    log.append(5, 1000);
    log.append(5, 2000);
    const tail = new EventTail({ after: { id: 'ftevent-3', createdAt: 1000 }, pageSize: 4 });
    log.expire(4); // ftevent-1..4 are gone, the cursor with them
    const result = await tail.poll(log.fetch);
    expect(result.cursorFound).toBe(false);
    // ftevent-5 has the cursor's own second: delivered (it may be new); everything older is not.
    expect(result.events.map((event) => event.id)).toEqual([
      'ftevent-5',
      'ftevent-6',
      'ftevent-7',
      'ftevent-8',
      'ftevent-9',
      'ftevent-10',
    ]);
  });

  it('stops at an older timestamp without walking the whole history', async () => {
    const log = new FakeEventLog();
    log.append(300, 1000);
    log.append(2, 5000);
    const tail = new EventTail({ after: { id: 'gone', createdAt: 5000 }, pageSize: 100 });
    const result = await tail.poll(log.fetch);
    expect(result.events.map((event) => event.id)).toEqual(['ftevent-301', 'ftevent-302']);
    expect(log.requests).toHaveLength(1);
  });

  it('skips events without an id and counts them', async () => {
    const tail = new EventTail();
    const result = await tail.poll(async () => ({
      data: [
        { id: 'ftevent-2', created_at: 2, message: 'b' },
        { message: 'no id' },
        { id: 'ftevent-1', created_at: 1, message: 'a' },
      ],
      has_more: false,
    }));
    expect(result.events.map((event) => event.id)).toEqual(['ftevent-1', 'ftevent-2']);
    expect(result.invalid).toBe(1);
  });

  it('rejects a bad page size or cursor with the option name', () => {
    const usage = (option: string, message: string | RegExp) =>
      expect.objectContaining({
        name: 'FinetuneKitUsageError',
        option,
        message: typeof message === 'string' ? message : expect.stringMatching(message),
      });
    expect(() => new EventTail({ pageSize: 0 })).toThrow(
      usage('options.eventsPageSize', 'options.eventsPageSize must be an integer from 1 to 100, got 0.'),
    );
    expect(() => new EventTail({ pageSize: 101 })).toThrow(usage('options.eventsPageSize', /got 101\.$/));
    expect(() => new EventTail({ seenCapacity: 0 })).toThrow(
      usage('options.seenCapacity', /positive integer/),
    );
    expect(() => new EventTail({ from: 'later' as never })).toThrow(
      usage('options.from', /'beginning' or 'now'/),
    );
    expect(() => new EventTail({ after: '' })).toThrow(
      usage('options.after', 'options.after must be a non-empty event id.'),
    );
    expect(() => new EventTail({ after: { id: 3 } as never })).toThrow(
      usage('options.after', /\{ id, createdAt \}/),
    );
  });

  it('delivers every event exactly once in order, whatever the arrival pattern (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 0, max: 11 }),
        async (bursts, pageSize, restartAt) => {
          const log = new FakeEventLog();
          let tail = new EventTail({ pageSize });
          const delivered: string[] = [];
          for (const [index, burst] of bursts.entries()) {
            log.append(burst, 1000 + Math.floor(index / 2)); // ties across bursts too
            if (index === restartAt) tail = new EventTail({ pageSize, after: tail.cursor });
            delivered.push(...(await drain(tail, log)));
          }
          expect(delivered).toEqual(log.events.map((event) => event.id));
        },
      ),
      { numRuns: 150 },
    );
  });
});
