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

describe('rank data sources', () => {
  it('builds the same table from the .tiktoken data file and from the JS rank module', async () => {
    const { loadRankTable, importRankData } = await import('../../../src/dataset/tokens/rank-data-loader.js');
    const { RankTable } = await import('../../../src/dataset/tokens/rank-table.js');
    for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
      const fromFile = (await loadRankTable(encoding)).shared;
      const fromModule = RankTable.fromRankData(await importRankData(encoding)).shared;
      // Element loops: deep equality on 10^6-element typed arrays is slow in the test runner.
      const same = (left: ArrayLike<number>, right: ArrayLike<number>) => {
        if (left.length !== right.length) return false;
        for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
        return true;
      };
      expect(fromFile.starts.length).toBeGreaterThan(100_000);
      expect(same(fromFile.starts, fromModule.starts)).toBe(true);
      expect(same(fromFile.bytes, fromModule.bytes)).toBe(true);
      expect(same(fromFile.slotRanks, fromModule.slotRanks)).toBe(true);
    }
  });

  it('rejects a malformed .tiktoken text with a TypeError', async () => {
    const { RankTable } = await import('../../../src/dataset/tokens/rank-table.js');
    expect(() => RankTable.fromTiktoken('IQ==\n')).toThrow(TypeError);
    expect(() => RankTable.fromTiktoken('I*Q== 0\n')).toThrow(/Invalid base64/);
    expect(RankTable.fromTiktoken('IQ== 0\nIg== 1\n').find('"')).toBe(1);
  });
});
