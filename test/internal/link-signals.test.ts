import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { linkSignals, withLinkedSignal } from '../../src/internal/link-signals.js';

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
