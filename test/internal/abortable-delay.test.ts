import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { abortableDelay, abortReason } from '../../src/internal/abortable-delay.js';

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
