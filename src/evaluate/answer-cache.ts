/**
 * The answer cache's key and the two caches the evaluation builds itself: in memory (nothing is
 * kept between runs) and, for `cacheDir`, files on disk loaded only on Node.
 *
 * @module
 */
import { stableHash } from './stable-hash.js';
import type { AnswerCache, CachedAnswer } from './types.js';

/**
 * The cache key of one answer: the model, the example (prompt and reference) and the request
 * (everything sent, sampling parameters included), so changing any of them asks again.
 */
export function answerCacheKey(model: string, exampleHash: string, request: unknown): string {
  return stableHash({ model, example: exampleHash, request: stableHash(request) });
}

/** A cache that lives as long as the evaluation. */
export function memoryAnswerCache(): AnswerCache {
  const entries = new Map<string, CachedAnswer>();
  return {
    get: (key) => entries.get(key),
    set: (key, value) => {
      entries.set(key, value);
    },
  };
}

/** The cache for `options.cache` / `options.cacheDir`. */
export async function resolveAnswerCache(
  cache: AnswerCache | undefined,
  cacheDir: string | undefined,
): Promise<AnswerCache> {
  if (cache) return cache;
  if (cacheDir === undefined) return memoryAnswerCache();
  const { fileAnswerCache } = await import('./file-answer-cache.js');
  return fileAnswerCache(cacheDir);
}
