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
      expect(same(fromFile.slots, fromModule.slots)).toBe(true);
    }
  });

  it('rejects a malformed .tiktoken text with a TypeError', async () => {
    const { RankTable } = await import('../../../src/dataset/tokens/rank-table.js');
    expect(() => RankTable.fromTiktoken('IQ==\n')).toThrow(TypeError);
    expect(() => RankTable.fromTiktoken('I*Q== 0\n')).toThrow(/Invalid base64/);
    expect(RankTable.fromTiktoken('IQ== 0\nIg== 1\n').find('"')).toBe(1);
    expect(() => RankTable.fromTiktoken('IQ== 0\nIg== 0\n')).toThrow(/Rank 0 repeats at offset 12/);
    expect(() => RankTable.fromTiktoken('IQ== 5\n')).toThrow(/Malformed rank at offset 5/);
    expect(() => RankTable.fromTiktoken('IQ== 0x\n')).toThrow(/Malformed rank at offset 6/);
  });

  it('builds the same table from bytes or text, in any line order, with CRLF or blank lines', async () => {
    const { RankTable } = await import('../../../src/dataset/tokens/rank-table.js');
    // "!" "\"" "!!" "!\"" "hello" (aGVsbG8=), as base64 lines of a .tiktoken file.
    const lines = ['IQ== 0', 'Ig== 1', 'ISE= 2', 'ISI= 3', 'aGVsbG8= 4'];
    const ordered = RankTable.fromTiktoken(`${lines.join('\n')}\n`);
    const variants = [
      new TextEncoder().encode(`${lines.join('\n')}\n`),
      `${lines.join('\r\n')}\r\n`,
      `${[...lines].reverse().join('\n')}`,
      `${lines[2]}\n\n${lines[0]}\n${lines[4]}\n${lines[1]}\n${lines[3]}\n`,
    ];
    for (const variant of variants) {
      const table = RankTable.fromTiktoken(variant);
      expect(table.size).toBe(5);
      expect(Array.from(table.shared.starts)).toEqual(Array.from(ordered.shared.starts));
      expect(Array.from(table.shared.bytes)).toEqual(Array.from(ordered.shared.bytes));
      for (const [text, rank] of [
        ['!', 0],
        ['"', 1],
        ['!!', 2],
        ['!"', 3],
        ['hello', 4],
        ['hell', -1],
      ] as const)
        expect(table.find(text)).toBe(rank);
      expect(table.findPair(0, 1)).toBe(3);
      expect(table.findPair(1, 0)).toBe(-1);
    }
    expect(Array.from(ordered.shared.bytes)).toEqual([33, 34, 33, 33, 33, 34, 104, 101, 108, 108, 111]);
    expect(Array.from(ordered.shared.starts)).toEqual([0, 1, 2, 4, 6, 11]);
  });
});
