import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/dataset/index.js';
import { FinetuneKitAbortError } from '../../../src/errors.js';
import { chatLines } from '../support/datasets.js';

const FIRST = new TextEncoder().encode(`${chatLines(3).join('\n')}\n`);

/** Resolves with how the call settled and how long after the abort. */
async function settleAfterAbort(
  start: (signal: AbortSignal) => Promise<unknown>,
  abortAfterMs: number,
): Promise<{ error: unknown; latencyMs: number }> {
  const controller = new AbortController();
  const call = start(controller.signal).then(
    () => ({ error: null }),
    (error: unknown) => ({ error }),
  );
  await new Promise((resolve) => setTimeout(resolve, abortAfterMs));
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
    async function* stalled(): AsyncGenerator<Uint8Array> {
      try {
        yield FIRST;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      } finally {
        returned = true;
      }
    }
    const { error, latencyMs } = await settleAfterAbort(
      (signal) => Dataset.fromStream(stalled()).validate({ signal, workers: 0 }),
      50,
    );
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    expect(latencyMs).toBeLessThan(1000);
    // The generator's return() was requested; it runs once its own stalled await settles.
    release();
    await expect.poll(() => returned).toBe(true);
  });

  it('settles within a second of the abort for a web ReadableStream, and cancels it', async () => {
    let cancelled: unknown = 'not cancelled';
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(FIRST);
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const { error, latencyMs } = await settleAfterAbort(
      (signal) => Dataset.fromStream(stream).validate({ signal, workers: 0 }),
      50,
    );
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    expect(latencyMs).toBeLessThan(1000);
    expect(cancelled).toBeUndefined();
  });

  it('settles within a second for a stalled async iterable of examples', async () => {
    async function* examples(): AsyncGenerator<unknown> {
      yield JSON.parse(chatLines(1)[0]!);
      await new Promise(() => {});
    }
    const { error, latencyMs } = await settleAfterAbort(
      (signal) => Dataset.fromExamples(examples()).validate({ signal, workers: 0 }),
      50,
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
