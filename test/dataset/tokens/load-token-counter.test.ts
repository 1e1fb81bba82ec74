import { describe, expect, it } from 'vitest';
import {
  loadedTokenCounter,
  loadTokenCounter,
  tokenCounterSync,
} from '../../../src/dataset/tokens/load-token-counter.js';
import { FinetuneKitAbortError, FinetuneKitUsageError } from '../../../src/errors.js';

describe('loadTokenCounter', () => {
  it('loads each encoding once and shares it with the synchronous path', async () => {
    const [first, second] = await Promise.all([
      loadTokenCounter('cl100k_base'),
      loadTokenCounter('cl100k_base'),
    ]);
    expect(first).toBe(second);
    expect(first.encoding).toBe('cl100k_base');
    expect(loadedTokenCounter('cl100k_base')).toBe(first);
    expect(tokenCounterSync('cl100k_base')).toBe(first);
    expect(first.count('hello world')).toBe(2);
  });

  it('loads synchronously on Node when nothing was loaded before', () => {
    const counter = tokenCounterSync('o200k_base');
    expect(counter.count('\ufeff')).toBe(1);
  });

  it('rejects an aborted signal and an unknown encoding', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(loadTokenCounter('o200k_base', { signal: controller.signal })).rejects.toBeInstanceOf(
      FinetuneKitAbortError,
    );
    await expect(loadTokenCounter('r50k_base' as never)).rejects.toBeInstanceOf(FinetuneKitUsageError);
    expect(() => tokenCounterSync('gpt2' as never)).toThrow(FinetuneKitUsageError);
  });
});
