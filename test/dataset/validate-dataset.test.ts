import { describe, expect, it } from 'vitest';
import { validateWithSeams } from '../../src/dataset/dataset.js';
import { Dataset } from '../../src/dataset/index.js';
import { type BatchAnalyzer, localBatchAnalyzer } from '../../src/dataset/validation-run.js';
import { chatExample, chatLines, jsonl } from './helpers/datasets.js';

const NOW = new Date('2026-06-01T00:00:00Z');

/** A stand-in for a worker pool: results cross a structured-clone boundary and resolve out of order. */
function delayedAnalyzer(inner: BatchAnalyzer, concurrency: number, batches: number[]): BatchAnalyzer {
  let call = 0;
  return {
    concurrency,
    analyze(lines, options) {
      batches.push(lines.length);
      const delay = [7, 0, 3, 1][call++ % 4]!;
      const input = structuredClone(lines);
      return new Promise((resolve, reject) => {
        setTimeout(() => {
          try {
            resolve(structuredClone(inner.analyze(input, options) as never));
          } catch (error) {
            reject(error);
          }
        }, delay);
      });
    },
  };
}

describe('the batch-analyzer seam', () => {
  it('gives the same report when batches run elsewhere, several at a time, finishing out of order', async () => {
    const lines = [...chatLines(3000), '{bad', '', JSON.stringify(chatExample(5)), '[1]'];
    const text = jsonl(lines);
    const options = { model: 'gpt-4o-mini', now: NOW, moderation: () => [2, 3003] };
    const local = await Dataset.fromString(text).validate(options);
    const batches: number[] = [];
    const remote = await validateWithSeams(Dataset.fromString(text), options, {
      createAnalyzer: (context, counter) => delayedAnalyzer(localBatchAnalyzer(context, counter), 4, batches),
    });
    expect(batches.length).toBeGreaterThan(1);
    expect(remote.toJSON()).toEqual(local.toJSON());
    expect(remote.countsByCode.moderation_risk).toBe(2);
  });

  it('gives the same report for a JSON document', async () => {
    const text = JSON.stringify(
      Array.from({ length: 4000 }, (_, index) => chatExample(index)),
      null,
      2,
    );
    const local = await Dataset.fromString(text).validate({ now: NOW });
    const remote = await validateWithSeams(
      Dataset.fromString(text),
      { now: NOW },
      {
        createAnalyzer: (context, counter) => delayedAnalyzer(localBatchAnalyzer(context, counter), 3, []),
      },
    );
    expect(local.examples).toBe(4000);
    expect(remote.toJSON()).toEqual(local.toJSON());
  });

  it('rejects validate() when the analyzer fails', async () => {
    const failure = new Error('worker crashed');
    const pending = validateWithSeams(
      Dataset.fromString(jsonl(chatLines(10))),
      {},
      {
        createAnalyzer: () => ({ concurrency: 2, analyze: () => Promise.reject(failure) }),
      },
    );
    await expect(pending).rejects.toBe(failure);
  });
});
