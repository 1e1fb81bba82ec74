/**
 * The answer cache on disk (Node only, loaded dynamically): one JSON file per answer,
 * `<dir>/<key[0..1]>/<key>.json`, written to a temporary name and renamed, so an evaluation
 * stopped at any moment leaves only whole answers behind and the next run asks only for the rest.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import type { AnswerCache, CachedAnswer } from './types.js';

type NodeFs = typeof import('node:fs/promises');
type NodePath = typeof import('node:path');

/**
 * A file-backed {@link AnswerCache} in `dir` (created when missing). Unreadable or truncated
 * entries count as missing.
 *
 * @param dir - The cache directory.
 * @throws {FinetuneKitUsageError} Outside Node (no file system).
 */
export async function fileAnswerCache(dir: string): Promise<AnswerCache> {
  const builtin = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process
    ?.getBuiltinModule;
  if (typeof builtin !== 'function') {
    throw new FinetuneKitUsageError(
      'options.cacheDir needs Node.js file access; pass options.cache (your own AnswerCache) elsewhere.',
      'options.cacheDir',
    );
  }
  const fs = builtin('node:fs/promises') as NodeFs;
  const path = builtin('node:path') as NodePath;
  const root = path.resolve(dir);
  const fileOf = (key: string) => path.join(root, key.slice(0, 2), `${key}.json`);
  let counter = 0;
  return {
    async get(key) {
      try {
        const value = JSON.parse(await fs.readFile(fileOf(key), 'utf8')) as CachedAnswer;
        return typeof value === 'object' && value !== null && 'answer' in value ? value : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.${counter++}.tmp`;
      await fs.writeFile(temporary, JSON.stringify(value));
      await fs.rename(temporary, file);
    },
  };
}
