import { describe, expect, it, vi } from 'vitest';

describe('lazy loading of encodings', () => {
  it('importing every entry point loads no encoding; the first count loads only its own', async () => {
    // Test files share a module registry (vitest.config.ts: isolate false): start from fresh modules.
    vi.resetModules();
    await import('../../../src/metrics/index.js');
    await import('../../../src/job/index.js');
    await import('../../../src/testing/index.js');
    const dataset = await import('../../../src/dataset/index.js');
    await import('../../../src/index.js');
    const { loadedTokenCounter } = await import('../../../src/dataset/tokens/load-token-counter.js');
    expect(loadedTokenCounter('o200k_base')).toBeUndefined();
    expect(loadedTokenCounter('cl100k_base')).toBeUndefined();

    expect(dataset.countTokens('hello world', { model: 'gpt-4o-mini' })).toBe(2);
    expect(loadedTokenCounter('o200k_base')).toBeDefined();
    expect(loadedTokenCounter('cl100k_base')).toBeUndefined();
  });
});
