/**
 * Where rank data comes from. Two ways, both lazy, each encoding loaded at most once per process:
 *
 * - `importRankData`: a dynamic `import()` of `gpt-tokenizer/bpeRanks/<encoding>`. Works on every
 *   runtime and lets bundlers split each encoding into its own chunk. Used by `loadTokenCounter`,
 *   `Dataset.validate()` and the worker threads.
 * - `requireRankDataSync`: for the synchronous public API (`countTokens`, `countExampleTokens`) on
 *   Node, through `process.getBuiltinModule('node:module').createRequire` (Node ≥ 20.16), so that
 *   importing the package never pays for an encoding (about 90 ms and 40 MB for o200k_base) until
 *   the first count. Other runtimes get `undefined` and the caller asks for `loadTokenCounter` first.
 *
 * @module
 */
import type { EncodingName } from '../../models/index.js';
import type { RankData } from './rank-table.js';

interface RankModule {
  readonly default: RankData;
}

/**
 * Loads an encoding's rank data with a dynamic import.
 *
 * @param encoding - `o200k_base` or `cl100k_base`.
 * @returns The rank data.
 */
export async function importRankData(encoding: EncodingName): Promise<RankData> {
  // Literal specifiers, one per encoding, so bundlers can see and split them.
  const module: RankModule =
    encoding === 'o200k_base'
      ? await import('gpt-tokenizer/bpeRanks/o200k_base')
      : await import('gpt-tokenizer/bpeRanks/cl100k_base');
  return unwrap(module);
}

interface NodeProcessLike {
  readonly getBuiltinModule?: (id: string) => unknown;
}

interface NodeModuleLike {
  readonly createRequire: (from: string | URL) => (id: string) => unknown;
}

/**
 * Loads an encoding's rank data synchronously, on runtimes that offer `process.getBuiltinModule`
 * (Node ≥ 20.16, Deno and Bun with Node compatibility).
 *
 * @param encoding - `o200k_base` or `cl100k_base`.
 * @returns The rank data, or `undefined` when this runtime cannot load modules synchronously.
 */
export function requireRankDataSync(encoding: EncodingName): RankData | undefined {
  const process = (globalThis as { process?: NodeProcessLike }).process;
  if (typeof process?.getBuiltinModule !== 'function') return undefined;
  const moduleApi = process.getBuiltinModule('node:module') as NodeModuleLike | undefined;
  if (typeof moduleApi?.createRequire !== 'function') return undefined;
  const require = moduleApi.createRequire(import.meta.url);
  const module =
    encoding === 'o200k_base'
      ? require('gpt-tokenizer/bpeRanks/o200k_base')
      : require('gpt-tokenizer/bpeRanks/cl100k_base');
  return unwrap(module as RankModule | RankData);
}

function unwrap(module: RankModule | RankData): RankData {
  // ESM namespaces and CJS `exports.default` both hold the array under `default`.
  const data = Array.isArray(module) ? module : (module as RankModule).default;
  if (!Array.isArray(data)) throw new TypeError('gpt-tokenizer rank data has an unexpected shape.');
  return data as RankData;
}
