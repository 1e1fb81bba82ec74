import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/dataset/index.js';
import { FinetuneKitAbortError } from '../../../src/errors.js';
import { chatLines } from '../helpers/datasets.js';

const FIRST = new TextEncoder().encode(`${chatLines(3).join('\n')}\n`);

/** Resolves with how the call settled and how long after the abort. */
async function settleAfterAbort(
  start: (signal: AbortSignal) => Promise<unknown>,
  abortWhen: number | Promise<void>,
): Promise<{ error: unknown; latencyMs: number }> {
  const controller = new AbortController();
  const call = start(controller.signal).then(
    () => ({ error: null }),
    (error: unknown) => ({ error }),
  );
  await (typeof abortWhen === 'number'
    ? new Promise((resolve) => setTimeout(resolve, abortWhen))
    : abortWhen);
  const abortedAt = performance.now();
  controller.abort();
  const outcome = await Promise.race([
    call,
    new Promise<{ error: string }>((resolve) => setTimeout(() => resolve({ error: 'still pending' }), 1000)),
  ]);
  return { error: outcome.error, latencyMs: performance.now() - abortedAt };
}

describe('validate({ signal }) on a source that stops sending', () => {
  it('settles within a second of the abort for an async generator, and lets it clean up', async () => {
    let returned = false;
    let release: () => void = () => {};
    let stalledNow: () => void = () => {};
    const stalling = new Promise<void>((resolve) => {
      stalledNow = resolve;
    });
    async function* stalled(): AsyncGenerator<Uint8Array> {
      try {
        yield FIRST;
        await new Promise<void>((resolve) => {
          release = resolve;
          stalledNow();
        });
      } finally {
        returned = true;
      }
    }
    const { error, latencyMs } = await settleAfterAbort(
      (signal) => Dataset.fromStream(stalled()).validate({ signal, workers: 0 }),
      stalling,
    );
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    expect(latencyMs).toBeLessThan(1000);
    // The generator's return() was requested; it runs once its own stalled await settles.
    release();
    await expect.poll(() => returned).toBe(true);
  });

  it('settles within a second of the abort for a web ReadableStream, and cancels it', async () => {
    let cancelled: unknown = 'not cancelled';
    let pulls = 0;
    let stalledNow: () => void = () => {};
    const stalling = new Promise<void>((resolve) => {
      stalledNow = resolve;
    });
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          if (pulls > 1) {
            stalledNow();
            return new Promise<void>(() => {});
          }
          controller.enqueue(FIRST);
          return undefined;
        },
        cancel(reason) {
          cancelled = reason;
        },
      },
      { highWaterMark: 0 },
    );
    const { error, latencyMs } = await settleAfterAbort(
      (signal) => Dataset.fromStream(stream).validate({ signal, workers: 0 }),
      stalling,
    );
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    expect(latencyMs).toBeLessThan(1000);
    expect(cancelled).toBeUndefined();
  });

  it('settles within a second for a stalled async iterable of examples', async () => {
    let stalledNow: () => void = () => {};
    const stalling = new Promise<void>((resolve) => {
      stalledNow = resolve;
    });
    async function* examples(): AsyncGenerator<unknown> {
      yield JSON.parse(chatLines(1)[0]!);
      stalledNow();
      await new Promise(() => {});
    }
    const { error, latencyMs } = await settleAfterAbort(
      (signal) => Dataset.fromExamples(examples()).validate({ signal, workers: 0 }),
      stalling,
    );
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    expect(latencyMs).toBeLessThan(1000);
  });
});

describe('validate({ signal }) during one huge line', () => {
  it('settles within a second of an abort that arrives while the line is being counted', async () => {
    // One 6-million-letter piece: seconds of byte-pair merging, counted in steps between which the
    // event loop runs (the abort timer) and the signal is checked.
    const line = JSON.stringify({
      messages: [
        { role: 'user', content: 'a'.repeat(6_000_000) },
        { role: 'assistant', content: 'ok' },
      ],
    });
    let settled = false;
    const { error, latencyMs } = await settleAfterAbort((signal) => {
      const call = Dataset.fromString(line).validate({ signal, model: 'gpt-4o-mini', workers: 0 });
      void call.then(
        () => {
          settled = true;
        },
        () => {
          settled = true;
        },
      );
      return call;
    }, 400);
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    expect(latencyMs).toBeLessThan(1000);
    expect(settled).toBe(true);
  });
});
