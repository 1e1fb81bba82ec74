import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FinetuneKitAbortError } from '../../src/errors.js';
import {
  abortableDelay,
  abortError,
  abortReason,
  linkSignals,
  raceAbort,
  throwIfAborted,
  withLinkedSignal,
} from '../../src/internal/abort.js';

describe('abortableDelay', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('abortableDelay', () => {
    it('resolves after the delay on the global setTimeout and leaves no timer', async () => {
      let settled = false;
      const done = abortableDelay(1000).then(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(999);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await done;
      expect(settled).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('rejects with the signal’s reason as soon as it aborts, clearing the timer', async () => {
      const controller = new AbortController();
      const done = abortableDelay(60_000, controller.signal);
      expect(vi.getTimerCount()).toBe(1);
      const reason = new Error('stop');
      controller.abort(reason);
      await expect(done).rejects.toBe(reason);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('rejects an already aborted signal without starting a timer', async () => {
      const controller = new AbortController();
      controller.abort();
      const done = abortableDelay(10, controller.signal);
      expect(vi.getTimerCount()).toBe(0);
      await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    });

    it('rejects with what toError makes of the signal', async () => {
      const controller = new AbortController();
      const done = abortableDelay(
        10,
        controller.signal,
        (signal) => new TypeError(`wrapped: ${signal.reason}`),
      );
      controller.abort('bye');
      await expect(done).rejects.toThrow(new TypeError('wrapped: bye'));
    });

    it('removes its abort listener once the delay elapsed', async () => {
      const controller = new AbortController();
      const remove = vi.spyOn(controller.signal, 'removeEventListener');
      const done = abortableDelay(5, controller.signal);
      await vi.advanceTimersByTimeAsync(5);
      await done;
      expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
      controller.abort();
    });
  });

  describe('abortReason', () => {
    it('is the signal’s reason, or an AbortError DOMException when it has none', () => {
      const controller = new AbortController();
      controller.abort('why');
      expect(abortReason(controller.signal)).toBe('why');
      const bare = abortReason({ aborted: true, reason: undefined } as AbortSignal);
      expect(bare).toBeInstanceOf(DOMException);
      expect(bare).toMatchObject({ name: 'AbortError', message: 'This operation was aborted' });
    });
  });
});

describe('throwIfAborted', () => {
  it('does nothing for a live or missing signal', () => {
    expect(throwIfAborted(new AbortController().signal, 'Listing')).toBeUndefined();
    expect(throwIfAborted(undefined)).toBeUndefined();
  });

  it('throws FinetuneKitAbortError naming what was aborted, the reason as cause', () => {
    const controller = new AbortController();
    const reason = new Error('user pressed ^C');
    controller.abort(reason);
    const error = (() => {
      try {
        throwIfAborted(controller.signal, 'Downloading the archive');
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message: 'Downloading the archive was aborted.',
      code: 'aborted',
      cause: reason,
    });
  });

  it('uses the default message without a description', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => throwIfAborted(controller.signal)).toThrow('The operation was aborted.');
  });
});

describe('abortError', () => {
  it('passes a FinetuneKitAbortError reason through and wraps any other reason', () => {
    const own = new FinetuneKitAbortError('Following was stopped.');
    const stopped = new AbortController();
    stopped.abort(own);
    expect(abortError(stopped.signal, 'Waiting')).toBe(own);
    const plain = new AbortController();
    plain.abort('why not');
    expect(abortError(plain.signal, 'Waiting')).toMatchObject({
      message: 'Waiting was aborted.',
      cause: 'why not',
    });
  });
});

describe('withLinkedSignal', () => {
  it('gives each request a child signal and removes its listener when the request settles', async () => {
    const controller = new AbortController();
    const seen: (AbortSignal | undefined)[] = [];
    for (let index = 0; index < 20; index += 1) {
      await withLinkedSignal(controller.signal, async (signal) => {
        seen.push(signal);
        expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      });
    }
    await expect(
      withLinkedSignal(controller.signal, async () => {
        throw new Error('failed request');
      }),
    ).rejects.toThrow('failed request');
    expect(seen.every((signal) => signal !== undefined && signal !== controller.signal)).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it("aborts the request's signal with the caller's reason", async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const result = withLinkedSignal(
      controller.signal,
      (signal) =>
        new Promise((_, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true }),
        ),
    );
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('passes undefined through when the caller has no signal', async () => {
    expect(await withLinkedSignal(undefined, async (signal) => signal)).toBeUndefined();
  });
});

describe('linkSignals', () => {
  it('is aborted at once when a parent already is, without adding listeners', () => {
    const parent = AbortSignal.abort('gone');
    const linked = linkSignals(undefined, parent);
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toBe('gone');
  });
});

describe('raceAbort', () => {
  it('settles with the work when it comes first, and leaves no listener', async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.resolve(7), controller.signal)).resolves.toBe(7);
    await expect(raceAbort(Promise.reject(new Error('boom')), controller.signal)).rejects.toThrow('boom');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects at once on abort while the work never settles, naming what was aborted', async () => {
    const controller = new AbortController();
    const pending = raceAbort(new Promise<never>(() => {}), controller.signal, 'Loading the tokenizer');
    controller.abort('stop');
    const error = await pending.catch((caught: unknown) => caught);
    expect(FinetuneKitAbortError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('Loading the tokenizer was aborted.');
    expect((error as Error).cause).toBe('stop');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects an already aborted signal without waiting, and handles the late rejection', async () => {
    const controller = new AbortController();
    controller.abort();
    const late = Promise.reject(new Error('late'));
    await expect(raceAbort(late, controller.signal)).rejects.toSatisfy(FinetuneKitAbortError.isInstance);
  });

  it('returns the promise itself without a signal', () => {
    const promise = Promise.resolve(1);
    expect(raceAbort(promise, undefined)).toBe(promise);
  });
});
